/** The command menu (setMyCommands) and /help, from one list. */

/** Every command with its menu description. */
export const COMMANDS = [
  { command: "link", description: "Link your Solana wallet: /link <address>" },
  { command: "verify", description: "Finish a link by signature: /verify <nonce> <signature>" },
  { command: "wallet", description: "Your linked wallet and holdings" },
  { command: "unlink", description: "Remove your linked wallet" },
  { command: "campaign", description: "A campaign's status: /campaign <address>" },
  { command: "milestones", description: "A campaign's milestones: /milestones <address>" },
  { command: "profile", description: "A researcher's record: /profile <address>" },
  { command: "evidence", description: "Check a submission's evidence against its on-chain hash: /evidence <address> [milestone]" },
  { command: "flag", description: "Flag a milestone under review" },
  { command: "cancel", description: "Stop the current /flag" },
  { command: "submit", description: "Researchers: submit evidence for a milestone" },
  { command: "subscribe", description: "Admins: announce a campaign here: /subscribe <address>" },
  { command: "unsubscribe", description: "Admins: stop announcing a campaign here" },
  { command: "deposit", description: "Lock backer tokens as flag weight: /deposit <address> [amount]" },
  { command: "consent", description: "Let the relayer flag for you, or stop it: /consent <address> on|off" },
  { command: "withdraw", description: "Take deposited tokens back: /withdraw <address> [amount]" },
  { command: "refund", description: "USDC back from a failed or abandoned campaign: /refund <address>" },
  { command: "stale", description: "Open or support a stale review: /stale <address>" },
  { command: "dispute", description: "PepFund team: open disputes and resolutions" },
  { command: "help", description: "What this bot does" },
] as const;
