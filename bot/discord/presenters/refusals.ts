/**
 * Words for Discord users, keyed by the core's refusal codes. Commands are slash commands
 * with options, so the hints name those. A code with no sentence yet still reads clearly.
 */

import { duration } from "./format.js";

const WORDS: Readonly<Record<string, string>> = {
  // Linking
  MalformedInput: "That does not look right: check the address or value you entered.",
  ChallengeNotFound: "That sign-in request does not exist. Start again with /link.",
  ChallengeConsumed: "That sign-in message was already used. Start again with /link.",
  ChallengeCancelled: "A newer /link request replaced that message. Sign the latest one.",
  ChallengeExpired: "That sign-in message expired. Start again with /link.",
  ChallengeNotYetValid: "That sign-in message is not valid yet. Try again in a moment.",
  WrongDomain: "That sign-in message was issued for another PepFund site.",
  WrongPlatform: "That sign-in message was issued on another chat platform.",
  WrongUser: "That sign-in message was issued to someone else. Ask for your own with /link.",
  WrongChat: "Complete the link from the server where you asked for it.",
  AddressMismatch: "The signature comes from another wallet than the one in the message.",
  SignatureInvalid: "The signature does not match the message and wallet.",
  LinkConflict: "Another request changed this link at the same moment. Try again.",
  NotLinked: "No wallet is linked to your Discord account. Link one with /link first.",
  // Chat-side
  CampaignNotFound: "No PepFund campaign has that address.",
  NotChatAdmin: "Only members with Manage Server (or the configured PepFund manager role) may change this channel's campaigns.",
  NotTeamMember: "Only the PepFund team may resolve disputes.",
  AlreadySubscribed: "This channel already follows that campaign.",
  NotSubscribed: "This channel does not follow that campaign.",
  RationaleRequired: "A flag needs a written rationale.",
  FlagAlreadyRequested: "You already asked to flag this submission; it is being relayed. One flag per holder per submission.",
  NotDeposited: "Your linked wallet has no deposit in this campaign. Deposit campaign tokens on the website to get flag weight.",
  AlreadyFlagged: "Your flag on this submission is already on-chain. One flag per holder per submission.",
  ResearcherNotFound: "No researcher record at that address: it never created a PepFund campaign.",
  EvidenceMalformed: "That is not an Arweave id (43 characters) or a SHA-256 (64 hex digits).",
  EvidenceTooLarge: "The evidence file is over the size limit.",
  EvidenceEmpty: "The evidence file is empty.",
  EvidenceHashMismatch: "The bytes stored under that Arweave id do not match the SHA-256 given.",
  ReasonRequired: "A written reason is needed (1 to 2,000 characters).",
  NoSuchFlagRequest: "That flag request does not exist.",
  SigningRequestNotFound: "That signing request does not exist.",
  SigningRequestExpired: "That signing request expired; run the command again.",
  SigningRequestUsed: "That signing request was already signed and sent.",
  AlreadySupported: "You already support the stale review that is open.",
  NothingInReview: "No milestone of that campaign is under review. Pick one in the `milestone` option.",
  NoEvidenceSubmitted: "No evidence has been submitted for that milestone yet.",
  RateLimited: "You (or your wallet) asked for many on-chain actions in a short time. Try again later.",
  DelegateNotSet: "PepFund's relayer is not your delegate for this campaign. Set it as delegate on the website, then try again.",
  // The program's own refusals, checked before anything is sent.
  BelowFlagThreshold: "Your deposit is below 0.1% of the campaign token supply, the minimum to flag.",
  WindowClosed: "The review window of this submission has closed: flags are no longer accepted.",
  WindowOpen: "The review window is still open.",
  NotHolderOrDelegate: "PepFund's relayer is not your delegate for this campaign. Set it as delegate on the website, then flag again.",
  InvalidCampaignState: "The campaign is not in a state that allows this.",
  InvalidMilestoneState: "That milestone is not in a state that allows this (for a flag: it must be under review).",
  MilestoneNotFound: "That campaign has no such milestone.",
  MilestoneOutOfOrder: "Milestones are submitted in order: that one is not the current milestone.",
  StaleSubmission: "That submission was replaced by a newer one.",
  NotResearcher: "Only the campaign's researcher (their linked wallet) may do this.",
  NotAdmin: "Only the PepFund admin wallet may do this.",
  NoOpenDispute: "That milestone has no open dispute.",
  NotStale: "The campaign is not stale: its current milestone is less than 90 days past its estimated date.",
  StaleReviewOpen: "A stale review is already running.",
  NoStaleReview: "No stale review is running.",
  StaleReviewEnded: "The stale review has ended.",
  NoDeposit: "Your linked wallet has nothing deposited in this campaign.",
  EvidenceMissing: "Evidence is required.",
  TokensLocked: "Your tokens are locked for now.",
  EvidenceNotFound: "No Arweave transaction with that id was found.",
  TransactionExpired: "The transaction expired before it landed. Try again.",
  ChainUnavailable: "The Solana network could not be reached. Nothing was sent; try again later.",
  TransactionFailed: "The transaction failed on-chain.",
};

/** The sentence for a refusal code; `details` (the refusal's facts) make some precise, e.g. how long to wait. */
export function refusal(code: string, details?: Readonly<Record<string, string>>): string {
  const wait = Number(details?.waitSeconds);
  if (code === "RateLimited" && wait > 0) {
    // Rounded up to the minute: "try again in 1m" must not be too early.
    return `You (or your wallet) asked for many on-chain actions in a short time. Try again in ${duration(wait + 59)}.`;
  }
  return WORDS[code] ?? `The PepFund program refuses this (${code}).`;
}

/** What a user sees when something outside our control failed (the chain, Arweave, the database). */
export const OUTAGE =
  "Something went wrong on our side (the chain, Arweave or the database did not answer). Nothing was changed; please try again in a moment.";
