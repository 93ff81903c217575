/**
 * Every code the core can answer with, in one place. Program codes carry the exact name
 * of the Anchor error variant (`programs/pepfund/src/errors.rs`), so a rule checked here
 * and the same rule refused on-chain read the same to a user.
 */

/**
 * `PepfundError` variants in declaration order: Anchor's code for each is 6000 + its index.
 * A test reads errors.rs and fails when this list drifts from it.
 */
export const PROGRAM_ERROR_NAMES = [
  "NotAdmin",
  "NotPendingAdmin",
  "AllocationTooLarge",
  "NotResearcher",
  "TooFewMilestones",
  "TooManyMilestones",
  "SharesNotFull",
  "FirstShareTooLarge",
  "ShareTooLarge",
  "ShareZero",
  "InvalidTitle",
  "DatesOutOfOrder",
  "GoalZero",
  "DeadlineInPast",
  "InvalidCampaignState",
  "RoadmapLocked",
  "AmountZero",
  "FundraisingEnded",
  "FundraisingOpen",
  "AllocationClaimed",
  "MilestoneNotFound",
  "MilestoneOutOfOrder",
  "InvalidMilestoneState",
  "EvidenceMissing",
  "StaleSubmission",
  "WindowClosed",
  "WindowOpen",
  "BelowFlagThreshold",
  "NotHolderOrDelegate",
  "TokensLocked",
  "InsufficientDeposit",
  "NoOpenDispute",
  "NotStale",
  "StaleReviewOpen",
  "NoStaleReview",
  "StaleReviewRunning",
  "StaleReviewEnded",
  "NothingToRefund",
  "NoDeposit",
  "InvalidDestination",
  "DuplicateAccount",
  "MathOverflow",
  "InvariantViolated",
  "DateOutOfRange",
  "GoalExceeded",
  "DisputeLapsed",
  "DisputeNotLapsed",
  "NotUpgradeAuthority",
  "InvalidProgramData",
  "RationaleMissing",
  "ReasonMissing",
  "InvalidPoolState",
  "InvalidVesting",
  "InvalidKpi",
  "NotSponsor",
  "PoolOverfunded",
  "MintNotSupported",
  "PoolNotExpired",
  "PoolReviewOpen",
  "WrongReleaseKind",
  "NothingToClaim",
  "NothingVested",
] as const;

/** A refusal the program itself would give. */
export type ProgramErrorName = (typeof PROGRAM_ERROR_NAMES)[number];

/** Anchor numbers custom errors from this offset. */
export const ANCHOR_ERROR_OFFSET = 6000;

/** Refusals of wallet linking; each defence in docs/LINKING.md has its own code. */
export const LINK_ERROR_CODES = [
  /** An input (address, signature, id, nonce) is empty, too long or not in its encoding. */
  "MalformedInput",
  /** No challenge with that nonce was ever issued. */
  "ChallengeNotFound",
  /** The nonce was already used: a replay. */
  "ChallengeConsumed",
  /** A newer challenge or an unlink replaced this one. */
  "ChallengeCancelled",
  /** The challenge's expiration time has passed. */
  "ChallengeExpired",
  /** The challenge's issued-at time is still in the future. */
  "ChallengeNotYetValid",
  /** The challenge names a different domain than this server's. */
  "WrongDomain",
  /** Submitted from another chat platform than the one the challenge names. */
  "WrongPlatform",
  /** Submitted by another chat user than the one the challenge names. */
  "WrongUser",
  /** Submitted in another chat than the one the challenge was requested in. */
  "WrongChat",
  /** The key that signed is not the wallet address the message names. */
  "AddressMismatch",
  /** The signature does not verify over the issued message with the named wallet's key. */
  "SignatureInvalid",
  /** The message a `solana:signIn` wallet says it signed is not a Sign In With Solana message. */
  "SignedMessageMalformed",
  /** The message a `solana:signIn` wallet signed states another value of a field than the issued one. */
  "SignedMessageMismatch",
  /** Another request changed the same link at the same moment; asking again resolves it. */
  "LinkConflict",
  /** The chat account has no linked wallet. */
  "NotLinked",
] as const;

/** A refusal of the linking use cases. */
export type LinkErrorCode = (typeof LINK_ERROR_CODES)[number];

/** Refusals of chat-side use cases that the program has no word for. */
export const BOT_ERROR_CODES = [
  /** The campaign account does not exist or is not a PepFund campaign. */
  "CampaignNotFound",
  /** Changing a channel's subscriptions needs a chat admin. */
  "NotChatAdmin",
  /** The channel already follows that campaign. */
  "AlreadySubscribed",
  /** The channel does not follow that campaign. */
  "NotSubscribed",
  /** A flag needs a written rationale (1 to 2,000 characters). */
  "RationaleRequired",
  /** The same holder already asked to flag this submission. */
  "FlagAlreadyRequested",
  /**
   * The wallet has no holder record in the campaign: it never deposited backer tokens. The
   * program refuses such a flag before it runs (the holder account does not exist), so
   * there is no `PepfundError` for it; a record with nothing left in it is `NoDeposit`.
   */
  "NotDeposited",
  /**
   * The holder's flag on this submission is already on-chain (its flag record exists; the
   * program's `init` refuses a second one, with no `PepfundError`).
   */
  "AlreadyFlagged",
  /** The address never created a campaign (no researcher record). */
  "ResearcherNotFound",
  /** An Arweave id that is not 43 base64url characters of 32 bytes, or a hash not 64 hex digits. */
  "EvidenceMalformed",
  /** Evidence over the size limit, refused before it is read. */
  "EvidenceTooLarge",
  /** Evidence with no bytes. */
  "EvidenceEmpty",
  /** No Arweave gateway knows the id given. */
  "EvidenceNotFound",
  /** The bytes stored under the Arweave id do not hash to the SHA-256 given. */
  "EvidenceHashMismatch",
  /** A written reason is needed (1 to 2,000 characters). */
  "ReasonRequired",
  /** Only the configured PepFund team may resolve disputes. */
  "NotTeamMember",
  /** No flag request with that id was ever accepted. */
  "NoSuchFlagRequest",
  /** The signing request does not exist. */
  "SigningRequestNotFound",
  /** The signing request's time is up; ask again in chat. */
  "SigningRequestExpired",
  /** The signing request was already signed and sent. */
  "SigningRequestUsed",
  /** No campaign form link with that token was ever handed out. */
  "DraftLinkNotFound",
  /** The campaign form link's time is up; ask for a new one in chat. */
  "DraftLinkExpired",
  /** The campaign form link was already used to prepare a transaction. */
  "DraftLinkUsed",
  /** The same form is being submitted right now (a second click); its answer comes soon. */
  "DraftInProgress",
  /** The campaign draft breaks a rule; each problem is named beside its field. */
  "DraftInvalid",
  /** The holder already supports the stale review that is open. */
  "AlreadySupported",
  /** Too many relayed actions by this chat account or wallet lately; `details.waitSeconds` says how long to wait. */
  "RateLimited",
  /** A token amount that is not a decimal number with at most 6 decimals. */
  "AmountMalformed",
  /**
   * The wallet holds fewer undeposited backer tokens than the deposit asks (none at all when
   * no amount was given): the token program would refuse the transfer, with no `PepfundError`.
   */
  "NothingToDeposit",
  /** The holder's delegate already is what was asked: signing would change nothing. */
  "DelegateUnchanged",
  /** No milestone of the campaign is under review or disputed; name one to check its evidence. */
  "NothingInReview",
  /** The milestone has no evidence submitted on-chain yet (`details.milestone`, 1-based). */
  "NoEvidenceSubmitted",
  /**
   * This deployment has no relayer or no evidence store configured: a command that would
   * write to the chain or to Arweave is refused up front instead of being accepted and left
   * waiting for a worker that cannot run.
   */
  "WritesNotConfigured",
  /** A command's parameter is missing or not of its kind (`details.param`, `details.usage`). */
  "ParameterInvalid",
  /** The command is not for this kind of chat (`details.place`: "private" or "group"). */
  "WrongPlace",
  /** Several campaigns match what was typed; `details.query` names it. */
  "CampaignAmbiguous",
  /** A researcher's update needs a text of 1 to 2,000 characters. */
  "UpdateTextRequired",
  /** A contribution from a wallet with no USDC account (it never held USDC): nothing to pay with. */
  "UsdcAccountMissing",
  /** The wallet's USDC account holds less than the contribution (`details.held`, `details.amount`, base units). */
  "UsdcInsufficient",
  /**
   * The wallet has too little SOL to open its backer-token account (its rent) and, when it pays
   * them, the fees (`details.needed`, `details.held`, lamports). The token program would refuse.
   */
  "AccountRentShort",
  /** The address is not a PepFund reward pool. */
  "PoolNotFound",
  /** The wallet has no stake in that pool. */
  "NotStaked",
  /** The wallet holds fewer stake tokens than the stake asks (`details.held`, `details.decimals`). */
  "NothingToStake",
] as const;

/** A refusal of a chat-side use case. */
export type BotErrorCode = (typeof BOT_ERROR_CODES)[number];

/** Why a sent transaction did not land, besides a program refusal (`TxOutcome.code`). */
export const TRANSACTION_ERROR_CODES = [
  /** Its blockhash expired before it landed; nothing happened on-chain. */
  "TransactionExpired",
  /** The RPC node did not answer; nothing was sent, or the outcome is not known yet. */
  "ChainUnavailable",
  /** The chain refused it for a reason the program does not name (e.g. the token program). */
  "TransactionFailed",
] as const;

/** A transaction failure without a program error name. */
export type TransactionErrorCode = (typeof TRANSACTION_ERROR_CODES)[number];

/** Any code a core use case may return. */
export type CoreErrorCode = ProgramErrorName | LinkErrorCode | BotErrorCode;

/** Every code a user may be told about: a use case's refusal or a transaction's outcome. */
export type RefusalCode = CoreErrorCode | TransactionErrorCode;

/** Every refusal code, for tests and tables that must cover them all. */
export const ALL_REFUSAL_CODES: readonly RefusalCode[] = [
  ...PROGRAM_ERROR_NAMES,
  ...LINK_ERROR_CODES,
  ...BOT_ERROR_CODES,
  ...TRANSACTION_ERROR_CODES,
];
