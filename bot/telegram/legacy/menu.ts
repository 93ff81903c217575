/** Menu entries of the legacy features (deleted with them, once bot/chat/commands declares them). */
import type { BotCommand } from "grammy/types";

export const LEGACY_MENU: readonly BotCommand[] = [
  { command: "link", description: "Link your Solana wallet: /link <address>" },
  { command: "verify", description: "Finish a link by signature: /verify <nonce> <signature>" },
  { command: "wallet", description: "Your linked wallet and holdings" },
  { command: "unlink", description: "Remove your linked wallet" },
  { command: "profile", description: "A researcher's record: /profile <address>" },
  { command: "evidence", description: "Check a submission's evidence against its on-chain hash: /evidence <address> [milestone]" },
  { command: "subscribe", description: "Admins: announce a campaign here: /subscribe <address>" },
  { command: "unsubscribe", description: "Admins: stop announcing a campaign here" },
];

/** The legacy features' command names (routed by their own composers). */
export const LEGACY_NAMES: readonly string[] = LEGACY_MENU.map((c) => c.command);
