/**
 * Every refusal in words, once, for every platform: one entry per code the core can answer
 * with. The table's type is `Record<RefusalCode, ...>`, so a code added to bot/core/codes.ts
 * without words here does not compile (and tests/bot/chat/words.test.ts checks it at run
 * time). `details` (the refusal's facts) make some sentences precise.
 */
import type { RefusalCode } from "../../core/codes.js";
import { duration, tokens, units, usdc } from "../format.js";
import { command, line, time, type Line } from "../text.js";

/** A refusal's facts, as the core gives them (numbers as strings). */
export type RefusalDetails = Readonly<Record<string, string>> | undefined;

type Words = Line | ((details: RefusalDetails) => Line);

const WORDS: Readonly<Record<RefusalCode, Words>> = {
  // Linking (docs/LINKING.md)
  MalformedInput: line`That does not look right: check the wallet address or value you entered.`,
  ChallengeNotFound: line`That sign-in request does not exist. Start again with ${command("link")}.`,
  ChallengeConsumed: line`That sign-in message was already used. Start again with ${command("link")}.`,
  ChallengeCancelled: line`A newer ${command("link")} request replaced that message. Sign the latest one.`,
  ChallengeExpired: line`That sign-in message expired. Start again with ${command("link")}.`,
  ChallengeNotYetValid: line`That sign-in message is not valid yet. Try again in a moment.`,
  WrongDomain: line`That sign-in message was issued for another PepFund site.`,
  WrongPlatform: line`That sign-in message was issued on another chat platform.`,
  WrongUser: line`That sign-in message was issued to someone else. Ask for your own with ${command("link")}.`,
  WrongChat: line`Finish the link in the chat where you asked for it.`,
  AddressMismatch: line`The signature comes from another wallet than the one in the message.`,
  SignatureInvalid: line`The signature does not match the message and wallet. Sign the exact text you were given.`,
  SignedMessageMalformed: line`The wallet signed something other than a sign-in message. Sign the message on the page, or paste a signature instead.`,
  SignedMessageMismatch: (d) => line`The wallet changed the sign-in message (${d?.field ?? "a field"}) before signing it. Sign the exact message, or paste a signature instead.`,
  LinkConflict: line`Another request changed this link at the same moment. Try again.`,
  NotLinked: line`No wallet is linked to your account. Link one with ${command("link")} first.`,
  // Chat-side refusals
  CampaignNotFound: line`There is no PepFund campaign at that address.`,
  NotChatAdmin: line`Only an admin of this chat may change its campaigns (on Discord: members with Manage Server, or the PepFund manager role).`,
  AlreadySubscribed: line`This chat already follows that campaign.`,
  NotSubscribed: line`This chat does not follow that campaign.`,
  RationaleRequired: line`A flag needs a written rationale of 1 to 2,000 characters.`,
  FlagAlreadyRequested: line`You already asked to flag this submission; it is being relayed. One flag per holder per submission.`,
  NotDeposited: line`Your linked wallet has no backer tokens deposited in this campaign. Deposit backer tokens with ${command("deposit")} first.`,
  AlreadyFlagged: line`Your flag on this submission is already on-chain. One flag per holder per submission.`,
  ResearcherNotFound: line`No researcher record at that address: it never created a PepFund campaign.`,
  EvidenceMalformed: line`That is not an Arweave id (43 characters) or a SHA-256 (64 hex digits).`,
  EvidenceTooLarge: (d) =>
    d?.limit === undefined
      ? line`The evidence file is over the size limit.`
      : line`The evidence file is over the size limit (${megabytes(d.size)} of at most ${megabytes(d.limit)}); it is too large.`,
  EvidenceEmpty: line`The evidence file is empty.`,
  EvidenceNotFound: line`No Arweave gateway knows that id. Check it, or wait until the upload has propagated.`,
  EvidenceHashMismatch: line`The bytes stored under that Arweave id do not match the SHA-256 given.`,
  ReasonRequired: line`A written reason of 1 to 2,000 characters is needed.`,
  NotTeamMember: line`Only the PepFund team may do this (review campaigns, resolve disputes).`,
  NoSuchFlagRequest: line`That flag request does not exist.`,
  SigningRequestNotFound: line`That signing request does not exist.`,
  SigningRequestExpired: line`That signing request expired; run the command again.`,
  SigningRequestUsed: line`That signing request was already signed and sent.`,
  DraftLinkNotFound: line`That campaign form link does not exist. Ask for a new one with ${command("create")}.`,
  DraftLinkExpired: line`That campaign form link expired. Ask for a new one with ${command("create")}; nothing was sent.`,
  DraftLinkUsed: line`That campaign form link was already used. Ask for a new one with ${command("create")}.`,
  DraftInProgress: line`This form is being sent already. Wait a moment.`,
  DraftInvalid: line`The campaign draft breaks a rule: see the problems beside the fields.`,
  AlreadySupported: line`Your wallet already supports the stale review that is open.`,
  RateLimited: (d) => {
    const wait = Number(d?.waitSeconds);
    // Rounded up to the minute: "try again in 1m" must not be too early.
    return wait > 0
      ? line`You (or your wallet) asked for many on-chain actions in a short time. Try again in ${duration(wait + 59)}.`
      : line`You (or your wallet) asked for many on-chain actions in a short time. Try again later.`;
  },
  AmountMalformed: (d) =>
    d?.unit === "USDC"
      ? line`That is not a USDC amount: write it like 25 or 25.5 (at most 6 decimals).`
      : line`That is not a token amount: write it like 12 or 12.5 (at most 6 decimals), or leave it out for all.`,
  NothingToDeposit: (d) =>
    d?.held === undefined
      ? line`Your linked wallet does not hold that many backer tokens of this campaign outside the deposit.`
      : line`Your linked wallet does not hold that many backer tokens of this campaign outside the deposit. It holds ${tokens(BigInt(d.held))}.`,
  DelegateUnchanged: line`That is already how it is set: nothing to sign.`,
  PoolNotFound: line`There is no PepFund reward pool at that address. /pools lists them.`,
  NotStaked: line`Your linked wallet has nothing staked in that pool.`,
  NothingToStake: (d) =>
    d?.held === undefined || d.decimals === undefined
      ? line`Your linked wallet does not hold that many of the pool's stake tokens.`
      : line`Your linked wallet does not hold that many of the pool's stake tokens. It holds ${units(BigInt(d.held), Number(d.decimals))}.`,
  NothingInReview: line`No milestone of that campaign is under review. Name the milestone to check.`,
  NoEvidenceSubmitted: line`No evidence has been submitted for that milestone yet.`,
  WritesNotConfigured: line`This PepFund bot is not set up to send transactions or store evidence (no relayer or Arweave wallet configured), so nothing was accepted. Ask its operators.`,
  ParameterInvalid: (d) =>
    d?.usage === undefined
      ? line`That is not a valid ${d?.param ?? "value"}.`
      : line`That is not a valid ${d.param ?? "value"}. Use ${d.usage}`,
  WrongPlace: (d) =>
    d?.place === "private"
      ? line`This command works in a private chat with the bot: send it to me in a private chat.`
      : line`This command works in a group or channel, not in a private chat.`,
  CampaignAmbiguous: (d) => line`Several campaigns match “${d?.query ?? ""}”. Pick one, or give its address.`,
  UpdateTextRequired: line`An update needs a text of 1 to 2,000 characters.`,
  UsdcAccountMissing: line`Your wallet has no USDC account, so it holds no USDC to contribute. Send USDC to it first.`,
  UsdcInsufficient: (d) =>
    d?.held === undefined
      ? line`Your wallet holds less USDC than that.`
      : line`Your wallet holds ${usdc(BigInt(d.held))}, less than the ${usdc(BigInt(d.amount ?? "0"))} you asked to contribute.`,
  AccountRentShort: (d) =>
    d?.needed === undefined
      ? line`Your wallet needs a little SOL to open its backer-token account for this campaign.`
      : line`Your wallet needs ${sol(d.needed)} SOL for this contribution (the rent of its backer-token account for this campaign, yours again if you close it, and any fee it pays itself) and holds ${sol(d.held)} SOL. Send it a little SOL first.`,
  // The program's own refusals (programs/pepfund/src/errors.rs), checked before anything is sent.
  NotAdmin: line`Only the PepFund admin wallet may do this.`,
  NotPendingAdmin: line`Only the proposed admin may accept the role.`,
  AllocationTooLarge: line`The researcher's allocation is too large.`,
  NotResearcher: line`Only the campaign's researcher may do this, and your linked wallet is not theirs.`,
  TooFewMilestones: line`A roadmap needs at least 2 milestones.`,
  TooManyMilestones: line`A roadmap has at most 10 milestones.`,
  SharesNotFull: line`Milestone shares must add up to 100%.`,
  FirstShareTooLarge: line`The first milestone may take at most 40%.`,
  ShareTooLarge: line`No milestone may take more than 50%.`,
  ShareZero: line`Every milestone needs a share above zero.`,
  InvalidTitle: line`A milestone title must be 1 to 64 bytes (UTF-8: most letters 1 byte, accents 2, many scripts and emoji 3 or 4).`,
  DatesOutOfOrder: line`Milestone dates must be in order, after the fundraising deadline.`,
  GoalZero: line`The goal must be above zero.`,
  DeadlineInPast: line`The deadline is in the past.`,
  InvalidCampaignState: (d) =>
    d?.expected === "PendingReview"
      ? line`The campaign is not in a state that allows this: it is ${d.status ?? "not pending"}, and only a campaign waiting for review can be approved.`
      : d?.expected === "Fundraising"
        ? line`The campaign is not raising money: it is ${d.status ?? "closed"}. Contributions are accepted only while it is fundraising.`
        : line`The campaign is not in a state that allows this (deposits: fundraising or active; refunds: failed or abandoned).`,
  RoadmapLocked: line`The roadmap is locked since the campaign was approved.`,
  AmountZero: line`The amount must be above zero.`,
  FundraisingEnded: (d) =>
    d?.deadline === undefined ? line`Fundraising has ended.` : line`Fundraising has ended: its deadline was ${time(Number(d.deadline))}.`,
  FundraisingOpen: line`Fundraising is still open.`,
  AllocationClaimed: line`That allocation was already claimed.`,
  MilestoneNotFound: line`That campaign has no such milestone.`,
  MilestoneOutOfOrder: line`Milestones are submitted in order: that one is not the current milestone.`,
  InvalidMilestoneState: line`That milestone is not in a state that allows this (for a flag: it must be under review).`,
  EvidenceMissing: line`Evidence is required.`,
  StaleSubmission: line`That submission was replaced by a newer one.`,
  WindowClosed: line`The review window of this submission has closed: flags are no longer accepted.`,
  WindowOpen: line`The review window is still open.`,
  BelowFlagThreshold: line`Your deposit is below 0.1% of the campaign token supply (backer and allocation tokens), the minimum to flag.`,
  NotHolderOrDelegate: line`The PepFund relayer is not your delegate in this campaign. Give your consent first with ${command("consent")} (on).`,
  TokensLocked: (d) =>
    d?.staked !== undefined && d.lockedUntil !== undefined
      ? line`Your stake is locked until the review window it flagged in closes. That is ${time(Number(d.lockedUntil))}.`
      : d?.lockedUntil === undefined
      ? line`Your deposited tokens are locked until the review window they counted in closes.`
      : line`Your deposited tokens are locked until the review window they counted in closes. That is ${time(Number(d.lockedUntil))}.`,
  InsufficientDeposit: (d) =>
    d?.staked !== undefined
      ? line`Your stake in this pool is smaller than that: ${units(BigInt(d.staked), Number(d.decimals ?? 0))} staked.`
      : d?.deposited === undefined
      ? line`Your deposit is smaller than that.`
      : line`Your deposit is smaller than that: ${tokens(BigInt(d.deposited))} deposited.`,
  NoOpenDispute: line`That milestone has no open dispute.`,
  NotStale: line`The campaign is not stale: its current milestone is less than 90 days past its estimated date.`,
  StaleReviewOpen: line`A stale review is already open.`,
  NoStaleReview: line`No stale review is open.`,
  StaleReviewRunning: line`The stale review is still running.`,
  StaleReviewEnded: line`The stale review has ended.`,
  NothingToRefund: line`Your linked wallet holds no backer tokens of this campaign, deposited or not: there is nothing to refund.`,
  NoDeposit: line`Your linked wallet has no weight here: nothing deposited in this campaign, or, in a reward pool, no stake from before this review window opened.`,
  InvalidDestination: line`The destination account is not valid.`,
  DuplicateAccount: line`The same account was given twice.`,
  MathOverflow: line`The amounts are too large.`,
  InvariantViolated: line`The program refused: one of its invariants would break.`,
  DateOutOfRange: line`An estimated completion date must be on or after the fundraising deadline, and before 2100.`,
  GoalExceeded: (d) =>
    d?.left === undefined
      ? line`That would raise more than the goal.`
      : d.left === "0"
        ? line`The goal is reached: nothing is left to raise.`
        : line`That would raise more than the goal: only ${usdc(BigInt(d.left))} is left to raise.`,
  DisputeLapsed: line`The dispute's 72-hour deadline has passed: it can no longer be decided, it lapses and the researcher may submit again.`,
  DisputeNotLapsed: line`The dispute's deadline has not passed yet: until then only the PepFund team decides it.`,
  NotUpgradeAuthority: line`Only the program's upgrade authority (the key that deployed it) may initialise the config.`,
  InvalidProgramData: line`That is not this program's ProgramData account.`,
  RationaleMissing: line`A flag needs its written rationale: nothing was flagged. Send /flag again with your reasons.`,
  ReasonMissing: line`A dispute decision needs its written reasons: nothing was decided. Decide again with your reasons.`,
  InvalidPoolState: line`The reward pool does not allow that now (it is still being funded, or it has ended).`,
  InvalidVesting: line`A vesting schedule needs start ≤ cliff ≤ end, with the end after the start.`,
  InvalidKpi: line`Each KPI needs a metric name (1 to 32 bytes), a data source (1 to 64 bytes), a target above zero and its statement.`,
  NotSponsor: line`Only the pool's sponsor may do that.`,
  PoolOverfunded: line`That would fund more than the pool's reward total.`,
  MintNotSupported: line`Reward pools refuse that token: a transfer fee, transfer hook, permanent delegate or non-transferable mint would break the payouts.`,
  PoolNotExpired: line`The pool has not expired yet: the sponsor cannot take anything back before its expiry.`,
  PoolReviewOpen: line`A KPI submission of this pool is still under review or in dispute.`,
  WrongReleaseKind: line`This pool does not release that way (KPI milestones versus a vesting timetable).`,
  NothingToClaim: line`You have no pool rewards to claim yet: rewards come from KPI tranches released while you were staked.`,
  NothingVested: line`Nothing more has vested yet.`,
  // A transaction's outcome without a program error name.
  TransactionExpired: line`The transaction expired before it landed; nothing happened on-chain. Try again.`,
  ChainUnavailable: line`The Solana network could not be reached. Nothing was sent; try again later.`,
  TransactionFailed: line`The transaction failed on-chain.`,
};

/** Lamports as SOL, exact ("0.00203928"). */
function sol(lamports: string | undefined): string {
  const n = BigInt(lamports ?? "0");
  const fraction = (n % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return `${n / 1_000_000_000n}${fraction === "" ? "" : `.${fraction}`}`;
}

function megabytes(bytes: string | undefined): string {
  const n = Number(bytes);
  return Number.isFinite(n) ? `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB` : "?";
}

/** Whether `code` has words (a code from a newer core, or a typo, does not). */
export function isRefusalCode(code: string): code is RefusalCode {
  return Object.hasOwn(WORDS, code);
}

/** The words for a refusal; an unknown code still reads as a refusal, naming the code. */
export function refusalWords(code: string, details?: RefusalDetails): Line {
  if (!isRefusalCode(code)) return line`The PepFund program refused this (${code}).`;
  const words = WORDS[code];
  return typeof words === "function" ? words(details) : words;
}

/** What a user hears when something outside our control failed (the chain, Arweave, the database). */
export const OUTAGE_WORDS: Line = line`Something went wrong on our side (the chain, Arweave or the database did not answer). Nothing was changed; please try again in a moment.`;
