/**
 * Words of the legacy features (deleted with them; bot/chat/words has the new ones), keyed by the core's codes.
 * Words for Telegram users, keyed by the core's codes: the only place a refusal becomes a
 * sentence. Plain text; callers escape it like any other text.
 */
import type { CoreErrorCode } from "../../core/codes.js";
import { duration } from "./format.js";

const WORDS: Record<CoreErrorCode, string> = {
  // Linking
  MalformedInput: "That does not look right. Use /link <wallet address>, then /verify <nonce> <signature>.",
  ChallengeNotFound: "I never issued that nonce. Start again with /link <wallet address>.",
  ChallengeConsumed: "That sign-in message was already used. Start again with /link <wallet address>.",
  ChallengeCancelled: "A newer /link request replaced that message. Sign the latest one.",
  ChallengeExpired: "That sign-in message expired. Start again with /link <wallet address>.",
  ChallengeNotYetValid: "That sign-in message is not valid yet. Try again in a moment.",
  WrongDomain: "That sign-in message was issued for another PepFund site.",
  WrongPlatform: "That sign-in message was issued on another chat platform.",
  WrongUser: "That sign-in message was issued to someone else. Ask for your own with /link.",
  WrongChat: "Send /verify in the chat where you asked for the link.",
  AddressMismatch: "The signature comes from another wallet than the one in the message.",
  SignatureInvalid: "The signature does not match the message and wallet. Sign the exact text I sent.",
  LinkConflict: "Another request changed this link at the same moment. Try again.",
  NotLinked: "No wallet is linked to your account. Link one with /link <wallet address>.",
  // Chat-side
  CampaignNotFound: "There is no PepFund campaign at that address.",
  NotChatAdmin: "Only an admin of this chat can change its subscriptions.",
  AlreadySubscribed: "This chat already follows that campaign.",
  NotSubscribed: "This chat does not follow that campaign.",
  RationaleRequired: "A flag needs a written rationale of 1 to 2,000 characters.",
  FlagAlreadyRequested: "You already asked to flag this submission; it is being relayed.",
  NotDeposited: "Your wallet has no backer tokens deposited in this campaign. Deposit them first with /deposit <campaign address>.",
  AlreadyFlagged: "Your wallet already flagged this submission.",
  ResearcherNotFound: "No researcher has created a campaign from that address.",
  EvidenceMalformed: "That is not an Arweave id (43 characters) or a SHA-256 (64 hex digits).",
  EvidenceTooLarge: "That evidence is too large.",
  EvidenceEmpty: "That evidence is empty.",
  EvidenceNotFound: "No Arweave gateway knows that id. Check it, or wait until the upload has propagated.",
  EvidenceHashMismatch: "The bytes stored under that Arweave id do not match the SHA-256 given.",
  ReasonRequired: "A written reason of 1 to 2,000 characters is needed.",
  NotTeamMember: "Only the PepFund team may resolve disputes.",
  NoSuchFlagRequest: "I have no such flag request.",
  SigningRequestNotFound: "That signing request does not exist.",
  SigningRequestExpired: "That signing request expired. Ask again in chat.",
  SigningRequestUsed: "That signing request was already signed and sent.",
  AlreadySupported: "Your wallet already supports the open stale review.",
  RateLimited: "You (or your wallet) asked for many on-chain actions in a short time. Try again later.",
  AmountMalformed: "That is not a token amount: write it like 12 or 12.5 (at most 6 decimals), or leave it out for all.",
  NothingToDeposit: "Your linked wallet does not hold that many backer tokens of this campaign outside the deposit.",
  DelegateUnchanged: "That is already how it is set: nothing to sign.",
  NothingInReview: "No milestone of that campaign is under review. Name one: /evidence <campaign address> <milestone number>.",
  NoEvidenceSubmitted: "No evidence has been submitted for that milestone yet.",
  WritesNotConfigured: "This PepFund bot is not set up to send transactions or store evidence, so nothing was accepted. Ask its operators.",
  ParameterInvalid: "That is not a valid value.",
  WrongPlace: "This command does not work in this kind of chat.",
  CampaignAmbiguous: "Several campaigns match. Give its address.",
  // The program's own refusals
  NotAdmin: "Only the PepFund admin authority may do that.",
  NotPendingAdmin: "Only the proposed admin may accept the role.",
  AllocationTooLarge: "The allocation is too large.",
  NotResearcher: "Only the campaign's researcher may do that, and your linked wallet is not theirs.",
  TooFewMilestones: "A roadmap needs at least 2 milestones.",
  TooManyMilestones: "A roadmap has at most 10 milestones.",
  SharesNotFull: "Milestone shares must add up to 100%.",
  FirstShareTooLarge: "The first milestone may take at most 40%.",
  ShareTooLarge: "No milestone may take more than 50%.",
  ShareZero: "Every milestone needs a share above zero.",
  InvalidTitle: "A milestone title must be 1 to 64 characters.",
  DatesOutOfOrder: "Milestone dates must be in order.",
  GoalZero: "The goal must be above zero.",
  DeadlineInPast: "The deadline is in the past.",
  InvalidCampaignState: "The campaign is not in a state that allows this.",
  RoadmapLocked: "The roadmap is locked since the campaign was approved.",
  AmountZero: "The amount must be above zero.",
  FundraisingEnded: "Fundraising has ended.",
  FundraisingOpen: "Fundraising is still open.",
  AllocationClaimed: "That allocation was already claimed.",
  MilestoneNotFound: "That milestone does not exist.",
  MilestoneOutOfOrder: "Milestones are submitted in order: this one is not the current one.",
  InvalidMilestoneState: "That milestone is not in a state that allows this (is it under review?).",
  EvidenceMissing: "Evidence is missing.",
  StaleSubmission: "That submission was replaced by a newer one.",
  WindowClosed: "The review window is closed.",
  WindowOpen: "The review window is still open.",
  BelowFlagThreshold: "Your deposit is below 0.1% of the campaign token supply (backer and allocation tokens), the minimum to flag.",
  NotHolderOrDelegate: "The PepFund relayer is not your delegate in this campaign. Give your consent first with /consent <campaign address> on.",
  TokensLocked: "Your deposited tokens are locked until the review window they counted in closes.",
  InsufficientDeposit: "Your deposit is too small for that.",
  NoOpenDispute: "That milestone has no open dispute.",
  NotStale: "The campaign is not stale (a milestone must be 90 days overdue).",
  StaleReviewOpen: "A stale review is already open.",
  NoStaleReview: "There is no stale review open.",
  StaleReviewRunning: "The stale review is still running.",
  StaleReviewEnded: "The stale review has ended.",
  NothingToRefund: "Your linked wallet holds no backer tokens of this campaign, deposited or not: there is nothing to refund.",
  NoDeposit: "You have nothing deposited in this campaign.",
  InvalidDestination: "The destination account is not valid.",
  DuplicateAccount: "The same account was given twice.",
  MathOverflow: "The amounts overflow.",
  InvariantViolated: "The program refused: an invariant would break.",
  DateOutOfRange: "The date is out of range.",
  GoalExceeded: "That would raise more than the goal.",
};

/** What a user hears when something outside our control failed (the chain, Arweave, the database). */
export const OUTAGE =
  "Something went wrong on our side (the chain, Arweave or the database did not answer). Please try again in a moment; if you asked for something that takes a while, it may still be under way.";

/**
 * The sentence for a core refusal; an unknown code (a newer core) still gets an answer.
 * `details` (the refusal's facts) make some sentences precise, e.g. how long to wait.
 */
export function refusal(code: string, details?: Readonly<Record<string, string>>): string {
  const wait = Number(details?.waitSeconds);
  if (code === "RateLimited" && wait > 0) {
    // Rounded up to the minute: "try again in 1m" must not be too early.
    return `You (or your wallet) asked for many on-chain actions in a short time. Try again in ${duration(wait + 59)}.`;
  }
  return (WORDS as Record<string, string | undefined>)[code] ?? `Refused (${code}).`;
}
