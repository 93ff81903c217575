/**
 * What the core needs from the outside world, named by role. Adapters implement these
 * (`bot/store` the repositories, `bot/chain` the chain reader and signature check,
 * `bot/evidence` the evidence store, `bot/discord` and `bot/telegram` the notifier); the
 * core never imports an adapter.
 */
import type { Platform } from "./linking/siws.js";
import type { CampaignNotice, Notice } from "./notices.js";
import type { CampaignStatus, CampaignView, HolderView, ResearcherView, TxOutcome } from "./views.js";
import type { WalletAction } from "./wallet-actions.js";

export type { Platform } from "./linking/siws.js";
export type {
  CampaignStatus,
  CampaignView,
  EvidenceType,
  HolderView,
  MilestoneView,
  ResearcherView,
  StaleReviewView,
  TxOutcome,
} from "./views.js";
export type { Notice } from "./notices.js";
export type { WalletAction } from "./wallet-actions.js";

/** Current time; injected so tests can stand on a boundary second. */
export interface Clock {
  now(): Date;
}

/** Cryptographically secure random bytes. */
export interface RandomSource {
  bytes(length: number): Uint8Array;
}

/** Ed25519 signature check. */
export interface SignatureVerifier {
  /** True when `signature` is `publicKey`'s signature over exactly `message`. */
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
}

/** A chat user in a chat: who asked, and where. */
export interface ChatRef {
  readonly platform: Platform;
  readonly userId: string;
  readonly chatId: string;
}

/** A sign-in challenge as stored. */
export interface ChallengeRecord {
  readonly nonce: string;
  readonly platform: Platform;
  readonly userId: string;
  readonly chatId: string;
  readonly address: string;
  readonly domain: string;
  readonly message: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly consumedAt: Date | null;
  readonly cancelledAt: Date | null;
}

/** An active wallet link. */
export interface WalletLinkRecord {
  readonly platform: Platform;
  readonly userId: string;
  readonly address: string;
  readonly chatId: string;
  readonly challengeNonce: string;
  readonly linkedAt: Date;
}

/** Issued challenges. */
export interface ChallengeRepository {
  insert(challenge: ChallengeRecord): Promise<void>;
  find(nonce: string): Promise<ChallengeRecord | null>;
  /**
   * Marks the challenge consumed at `at` if and only if it is neither consumed nor
   * cancelled, in one conditional write; true when this call consumed it. Of two
   * concurrent calls exactly one gets true: this is what makes a nonce single-use.
   */
  consume(nonce: string, at: Date): Promise<boolean>;
  /** Cancels every unconsumed challenge of the chat user; returns how many. */
  cancelPending(platform: Platform, userId: string, at: Date): Promise<number>;
}

/** Active wallet links. */
export interface WalletLinkRepository {
  findByUser(platform: Platform, userId: string): Promise<WalletLinkRecord | null>;
  findByAddress(platform: Platform, address: string): Promise<WalletLinkRecord | null>;
  /** Inserts a link; throws {@link StoreConflictError} when the user or wallet already has one. */
  insert(link: WalletLinkRecord): Promise<void>;
  /** Removes the user's link; returns it, or `null` when there was none. */
  remove(platform: Platform, userId: string): Promise<WalletLinkRecord | null>;
}

/** A channel following a campaign. */
export interface SubscriptionRecord {
  readonly campaign: string;
  readonly platform: Platform;
  /** Discord guild id or Telegram chat id. */
  readonly scopeId: string;
  /** Discord channel id or Telegram topic id ("" for the whole chat). */
  readonly channelId: string;
  readonly createdBy: string;
}

/** Campaign ↔ channel subscriptions. */
export interface SubscriptionRepository {
  /** Adds a subscription; false when it already existed. */
  add(subscription: SubscriptionRecord): Promise<boolean>;
  /** Removes a subscription; false when there was none. */
  remove(key: Omit<SubscriptionRecord, "createdBy">): Promise<boolean>;
  listByChannel(platform: Platform, scopeId: string, channelId: string): Promise<SubscriptionRecord[]>;
  listByCampaign(campaign: string): Promise<SubscriptionRecord[]>;
  /** The subscriptions of any of `campaigns` (campaign or pool addresses, or `*new`), oldest first: one query for many. */
  listByCampaigns(campaigns: readonly string[]): Promise<SubscriptionRecord[]>;
}

/** A message waiting in the outbox. */
export interface OutboxEntry {
  readonly id: bigint;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly payload: unknown;
  readonly attempts: number;
}

/** A message to queue: not claimed before `availableAt` (default now). */
export interface NewOutboxMessage {
  readonly kind: string;
  readonly dedupeKey: string;
  readonly payload: unknown;
  readonly orderKey?: string;
  readonly availableAt?: Date;
}

/** Durable announcements and relays, written in the transaction of their cause. */
export interface Outbox {
  /**
   * Queues a message; false when one with the same key exists (sent or not). Messages with
   * the same `orderKey` (one chat) are claimed in id order only.
   */
  enqueue(message: NewOutboxMessage): Promise<boolean>;
  /**
   * Queues many messages in a few statements (a notice for every follower, inside the
   * indexer's transaction); those whose key exists are skipped. Returns how many were new.
   * Messages are stored in the given order.
   */
  enqueueMany(messages: readonly { kind: string; dedupeKey: string; payload: unknown; orderKey?: string }[]): Promise<number>;
  /** Oldest pending messages available at `now`. */
  pending(now: Date, limit: number): Promise<OutboxEntry[]>;
  /**
   * Takes up to `limit` pending messages of the given kinds available at `now`, oldest first,
   * and hides them from other claimers until `leaseUntil` (a crashed sender's messages come
   * back then, or when {@link releaseClaims} frees them). A message is skipped while an older
   * pending message with its `orderKey` is not claimed with it. Of two concurrent claimers,
   * each message goes to one. `owner` names the claiming process while the lease runs.
   */
  claim(kinds: readonly string[], now: Date, limit: number, leaseUntil: Date, owner?: string): Promise<OutboxEntry[]>;
  /** The owners holding leases on pending messages of the given kinds at `now`. */
  leaseOwners(kinds: readonly string[], now: Date): Promise<string[]>;
  /** `owner` is gone: its leased messages are available again at `at`. Returns how many. */
  releaseClaims(owner: string, at: Date): Promise<number>;
  markSent(id: bigint, at: Date): Promise<void>;
  /** Records a failed attempt and when to try again. */
  markRetry(id: bigint, error: string, retryAt: Date): Promise<void>;
  /** Makes a claimed message available again at `at` without counting an attempt. */
  defer(id: bigint, at: Date): Promise<void>;
  /**
   * The message queued with `availableAt` = `heldUntil` was delivered another way (a command's
   * own answer): marked sent at `at`, unless a sender has taken it (it is no longer held).
   * True when withdrawn.
   */
  withdraw(dedupeKey: string, heldUntil: Date, at: Date): Promise<boolean>;
  /** The message will never be delivered: kept with status FAILED and the reason. */
  markFailed(id: bigint, error: string): Promise<void>;
}

/** One audit entry. */
export interface AuditEntry {
  readonly at: Date;
  readonly action: string;
  readonly platform?: Platform;
  readonly userId?: string;
  /** What the action was about, e.g. a wallet address or a campaign. */
  readonly subject: string;
  readonly details: Readonly<Record<string, string>>;
}

/** Append-only record of who did what. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  listBySubject(subject: string): Promise<AuditEntry[]>;
}

/** A flag asked for in chat. */
export interface FlagRequestRecord {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly platform: Platform;
  readonly userId: string;
  readonly chatId: string;
  readonly wallet: string;
  /** A campaign's milestone, or a reward pool's KPI. */
  readonly subject: FlagSubject;
  /** The campaign's address, or the pool's when `subject` is POOL. */
  readonly campaign: string;
  readonly milestoneIndex: number;
  readonly attempt: number;
  readonly rationale: string;
  readonly status: FlagRequestStatus;
  /** Arweave id of the uploaded rationale, from SENT on. */
  readonly rationaleId?: string | null;
  /** The flag transaction, once known. */
  readonly txSignature?: string | null;
  /** Why it failed, when FAILED. */
  readonly errorCode?: string | null;
}

/** What a flag request objects to. */
export type FlagSubject = "CAMPAIGN" | "POOL";

/**
 * Where a flag request stands: ACCEPTED -> SENT -> CONFIRMED | FAILED. UPLOADED (rationale
 * stored, not yet marked sent) is only written by earlier versions and is resumed as SENT.
 */
export type FlagRequestStatus = "ACCEPTED" | "UPLOADED" | "SENT" | "CONFIRMED" | "FAILED";

/**
 * Flag requests, one per holder per submission. Each step is a conditional write from the
 * step before, so two workers resuming the same request cannot both advance it.
 */
export interface FlagRequestRepository {
  /** Creates the request unless its idempotency key exists; returns the stored one and whether it is new. */
  create(
    request: Omit<FlagRequestRecord, "id" | "status" | "rationaleId" | "txSignature" | "errorCode">,
  ): Promise<{ record: FlagRequestRecord; created: boolean }>;
  find(id: string): Promise<FlagRequestRecord | null>;
  /** The request stored under `idempotencyKey` (one holder, one submission), or `null`. */
  findByKey(idempotencyKey: string): Promise<FlagRequestRecord | null>;
  /**
   * ACCEPTED -> SENT with the rationale's Arweave id, in one write before the transaction is
   * relayed (the relayer is asked by idempotency key, so "may have been sent" is safe to
   * resume); false when not ACCEPTED.
   */
  markSent(id: string, rationaleId: string): Promise<boolean>;
  /**
   * SENT (or UPLOADED, written by earlier versions) -> CONFIRMED or FAILED; false otherwise.
   * `notice` (the requester's notice of the outcome) is queued in the same statement, whether
   * or not this call moved the request (as `Outbox.enqueue`: skipped when its key exists), so
   * a request is never final without its notice and the two cost one round trip.
   */
  finish(
    id: string,
    outcome: { status: "CONFIRMED" | "FAILED"; txSignature: string | null; errorCode: string | null },
    notice?: NewOutboxMessage,
  ): Promise<boolean>;
  /** Requests not finished and untouched since `before` (a crashed or stalled worker's), oldest first. */
  listUnfinished(before: Date, limit: number): Promise<FlagRequestRecord[]>;
}

/** Where a signing request stands. */
export type SigningRequestStatus = "PENDING" | "SUBMITTED" | "CONFIRMED" | "FAILED";

/** A wallet-signed action waiting on the signing page. */
export interface SigningRequestRecord {
  readonly id: string;
  readonly action: WalletAction;
  /** The wallet that must sign. */
  readonly signer: string;
  readonly platform: Platform;
  readonly userId: string;
  readonly chatId: string;
  readonly status: SigningRequestStatus;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly txSignature: string | null;
  readonly errorCode: string | null;
  /** When it was claimed; `null` while PENDING. */
  readonly submittedAt: Date | null;
  /** The wallet-signed transaction the claim stored; `null` while PENDING. */
  readonly signedTx: Uint8Array | null;
}

/** Signing requests; submitted once (a conditional PENDING -> SUBMITTED). */
export interface SigningRequestRepository {
  insert(request: Omit<SigningRequestRecord, "status" | "txSignature" | "errorCode" | "submittedAt" | "signedTx">): Promise<void>;
  find(id: string): Promise<SigningRequestRecord | null>;
  /**
   * PENDING and unexpired at `at` -> SUBMITTED, storing `signedTx` in the same write (a crash
   * before it is sent loses nothing); true for exactly one caller.
   */
  claim(id: string, at: Date, signedTx: Uint8Array): Promise<boolean>;
  /** SUBMITTED -> PENDING, the stored transaction dropped, when nothing was sent (the signature was refused, or an outage). */
  release(id: string): Promise<void>;
  /** SUBMITTED requests claimed before `before`, oldest first (their sender may have died). */
  submittedBefore(before: Date, limit: number): Promise<SigningRequestRecord[]>;
  /** SUBMITTED -> CONFIRMED or FAILED. */
  finish(
    id: string,
    outcome: { status: "CONFIRMED" | "FAILED"; txSignature: string | null; errorCode: string | null },
  ): Promise<void>;
}

/** A campaign form link as stored (bot/core/usecases/campaign-drafts.ts). */
export interface DraftLinkRecord {
  /** Hex SHA-256 of the link's token: the token itself is never stored. */
  readonly tokenSha256: string;
  readonly platform: Platform;
  readonly userId: string;
  readonly chatId: string;
  /** The researcher's wallet, which signs what the form produces. */
  readonly researcher: string;
  /** The campaign the link edits; `null` for a new campaign. */
  readonly campaign: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** What a submission is for (hex SHA-256 of the draft and the action), once one took the link. */
  readonly draftSha256: string | null;
  readonly claimedAt: Date | null;
  /** The texts document stored for `draftSha256`, so a retry does not upload it again. */
  readonly texts: { readonly id: string; readonly sha256: string } | null;
  /** The signing request made from the link; set means used. */
  readonly signing: { readonly id: string; readonly url: string } | null;
}

/**
 * Campaign form links. A submission claims the link in one conditional write before it
 * uploads anything, so of two clicks one does the work; the other finds it claimed.
 */
export interface DraftLinkRepository {
  insert(link: Omit<DraftLinkRecord, "draftSha256" | "claimedAt" | "texts" | "signing">): Promise<void>;
  find(tokenSha256: string): Promise<DraftLinkRecord | null>;
  /**
   * Takes an unused, unexpired link at `at` for the submission `draftSha256`: when no one holds
   * it, or when the same submission's holder stalled (claimed before `staleBefore`). Another
   * submission's texts are forgotten. True for exactly one caller.
   */
  claim(tokenSha256: string, draftSha256: string, at: Date, staleBefore: Date): Promise<boolean>;
  /** Records the texts stored for the claimed submission. */
  recordTexts(tokenSha256: string, draftSha256: string, texts: { id: string; sha256: string }): Promise<void>;
  /** Gives a claimed link back (nothing was asked of the wallet); its texts stay for a retry of the same draft. */
  release(tokenSha256: string, draftSha256: string): Promise<void>;
  /** Marks the link used by the signing request made for `draftSha256`. */
  complete(tokenSha256: string, draftSha256: string, signing: { id: string; url: string }): Promise<void>;
}

/** Where the chain indexer stopped reading. */
export interface IndexerCursorRepository {
  get(name: string): Promise<{ signature: string | null; slot: bigint } | null>;
  set(name: string, cursor: { signature: string | null; slot: bigint }): Promise<void>;
}

/** How many relayed actions are allowed per rolling window (bot/core/rules/rate-limit.ts). */
export interface RelayRateLimits {
  /** Per chat account (platform and user id). */
  readonly perUser: number;
  /** Per wallet, whatever chat account asks. */
  readonly perWallet: number;
  readonly windowSeconds: number;
}

/** The recorded relayed actions, and the limits they are held to. */
export interface RelayRateLog {
  /** Configured where the store is built (bot/app: RELAY_RATE_* settings). */
  readonly limits: RelayRateLimits;
  /** Records one `action` for each subject at `at` (and may drop records that left the window); returns the records' ids. */
  record(subjects: readonly string[], action: string, at: Date): Promise<readonly bigint[]>;
  /** Deletes records (a refused action's). */
  withdraw(ids: readonly bigint[]): Promise<void>;
  /** Times of each subject's records after `since` (the window's start), oldest first, excluding `except`. */
  since(subjects: readonly string[], since: Date, except: readonly bigint[]): Promise<ReadonlyMap<string, readonly Date[]>>;
}

/** A researcher's update on a campaign (`/update`), stored on Arweave and recorded here. */
export interface CampaignUpdateRecord {
  readonly id: string;
  readonly campaign: string;
  /** The researcher's wallet (the campaign's researcher, proven by the poster's link). */
  readonly researcher: string;
  /** Arweave id of the stored text. */
  readonly arweaveId: string;
  readonly text: string;
  readonly platform: Platform;
  readonly userId: string;
  readonly postedAt: Date;
}

/** Researchers' updates. */
export interface CampaignUpdateRepository {
  insert(update: CampaignUpdateRecord): Promise<void>;
  /** The campaign's latest `limit` updates, newest first. */
  latest(campaign: string, limit: number): Promise<CampaignUpdateRecord[]>;
}

/** A campaign in the directory: the view as the indexer last read it, and its verified title. */
export interface CampaignEntry {
  /** The campaign as read at `slot`; its `title` is the entry's title. */
  readonly view: CampaignView;
  /** The texts document's title, once read and matched against the on-chain hash; else `null`. */
  readonly title: string | null;
  readonly slot: bigint;
  readonly updatedAt: Date;
}

/**
 * The campaign directory the indexer keeps (table `campaign`): what lists, autocomplete and the
 * public page read, so that no keystroke asks the RPC for every program account.
 */
export interface CampaignDirectoryRepository {
  /**
   * Stores `view` as read at `slot`, unless the stored one was read at a later slot; true when
   * stored. A new `metadataSha256` clears the title (the texts changed); `title` sets it.
   */
  upsert(entry: { readonly view: CampaignView; readonly slot: bigint; readonly at: Date; readonly title?: string | null }): Promise<boolean>;
  /** Sets the verified title of the texts whose hash is `metadataSha256` (ignored when the campaign's texts have changed since). */
  setTitle(address: string, metadataSha256: string, title: string): Promise<void>;
  find(address: string): Promise<CampaignEntry | null>;
  /** One page of the campaigns in `statuses`, in the caller's order, with how many there are. */
  page(
    statuses: readonly CampaignStatus[],
    page: { readonly offset: number; readonly limit: number },
  ): Promise<{ readonly total: number; readonly entries: readonly CampaignEntry[] }>;
  /** Campaigns whose title or researcher contains every word of `words` (lower case), up to `limit`. */
  search(words: readonly string[], limit: number): Promise<CampaignEntry[]>;
  /** Campaigns whose title is exactly `title` (any case): a typed name. */
  findByTitle(title: string): Promise<CampaignEntry[]>;
  /** Campaigns numbered `number` by their researchers (`#3`), up to `limit`. */
  findByNumber(number: bigint, limit: number): Promise<CampaignEntry[]>;
  /** Campaigns whose address or researcher's address starts with `prefix` (case matters), up to `limit`. */
  findByAddressPrefix(prefix: string, limit: number): Promise<CampaignEntry[]>;
  /** Campaigns in the directory whose texts have no verified title yet (for a later read). */
  untitled(limit: number): Promise<CampaignEntry[]>;
}

/** One entry of a campaign's public timeline. */
export interface CampaignEventRecord {
  readonly id: bigint;
  readonly campaign: string;
  /** The cause's key: recorded once. */
  readonly key: string;
  readonly notice: CampaignNotice;
  readonly at: Date;
}

/** Campaign timelines (table `campaign_event`), what `/c/<campaign>` lists. */
export interface CampaignTimelineRepository {
  /** Appends the notice under `key`; false when that key is recorded already. */
  record(entry: { readonly key: string; readonly notice: CampaignNotice; readonly at: Date }): Promise<boolean>;
  /** Appends the entries in their order, in one statement; returns how many keys were new. */
  recordMany(entries: readonly { readonly key: string; readonly notice: CampaignNotice; readonly at: Date }[]): Promise<number>;
  /**
   * The campaign's latest `limit` entries, newest first by when they happened (`at`), then by
   * recording order (one transaction's events share a block time): an indexer catching up on a
   * backlog records old events after the scheduler's fresh reminder, and they still list below it.
   */
  latest(campaign: string, limit: number): Promise<CampaignEventRecord[]>;
}

/** A chat user following a campaign personally. */
export interface FollowRecord {
  readonly platform: Platform;
  readonly userId: string;
  /** Where they followed from (used when the platform cannot write to them unasked). */
  readonly chatId: string;
  readonly campaign: string;
}

/** Personal follows (table `follow`). */
export interface FollowRepository {
  /** Adds the follow; false when it existed. */
  add(follow: FollowRecord): Promise<boolean>;
  /** Removes it; false when there was none. */
  remove(key: Omit<FollowRecord, "chatId">): Promise<boolean>;
  listByCampaign(campaign: string): Promise<FollowRecord[]>;
  /** The follows of any of `campaigns`, oldest first: one query for many. */
  listByCampaigns(campaigns: readonly string[]): Promise<FollowRecord[]>;
  listByUser(platform: Platform, userId: string): Promise<FollowRecord[]>;
}

/** Every repository, as seen inside one transaction or outside any. */
export interface Repositories {
  readonly challenges: ChallengeRepository;
  readonly links: WalletLinkRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: Outbox;
  readonly audit: AuditLog;
  readonly flagRequests: FlagRequestRepository;
  readonly cursors: IndexerCursorRepository;
  readonly signingRequests: SigningRequestRepository;
  /** Campaign form links handed out in chat. */
  readonly draftLinks: DraftLinkRepository;
  /** Relayed actions per user and wallet, for the rate limits. */
  readonly relayRates: RelayRateLog;
  /** Researchers' campaign updates. */
  readonly updates: CampaignUpdateRepository;
  /** The campaign directory the indexer keeps. */
  readonly campaigns: CampaignDirectoryRepository;
  /** Campaigns' public timelines. */
  readonly timeline: CampaignTimelineRepository;
  /** Personal follows. */
  readonly follows: FollowRepository;
}

/** The database: repositories, and a way to run several writes as one. */
export interface Store extends Repositories {
  /** Runs `work` in one transaction; a throw rolls every write back. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
}

/** A uniqueness rule in the store refused a write made concurrently by another request. */
export class StoreConflictError extends Error {
  override readonly name = "StoreConflictError";
}


/** Reads program accounts. Outages throw the chain adapter's own error type. */
export interface ChainReader {
  getCampaign(address: string): Promise<CampaignView | null>;
  /**
   * The campaign as this reader last read it, without a node call (`null` when it did not
   * lately): a guess of what the next read returns, to read what depends on it at the same
   * time, never an answer by itself.
   */
  recentCampaign(address: string): CampaignView | null;
  /** The holder record at `["holder", campaign, owner]`, or `null` when none exists. */
  getHolder(campaign: string, owner: string): Promise<HolderView | null>;
  /**
   * Whether the flag record at `["flag", campaign, milestoneIndex, attempt, owner]` exists:
   * the owner already flagged that submission on-chain.
   */
  hasFlagged(campaign: string, milestoneIndex: number, attempt: number, owner: string): Promise<boolean>;
  /** Whether `owner` already supports stale review `round` (`["stale_vote", campaign, round, owner]`). */
  hasSupportedStale(campaign: string, round: number, owner: string): Promise<boolean>;
  /** Every campaign of the program (for lists and autocomplete). */
  listCampaigns(): Promise<CampaignView[]>;
  /** The researcher record, or `null` when the address never created a campaign. */
  getResearcher(researcher: string): Promise<ResearcherView | null>;
  /** Backer tokens of `campaign` in `owner`'s wallet, not deposited (0 when no account). */
  getBackerBalance(campaign: string, owner: string): Promise<bigint>;
  /** The admin authority in the config account (resolves disputes), or `null` before `config_init`. */
  getAdmin(): Promise<string | null>;
  /** What `owner` can put into `campaign`: its USDC, its SOL, and the rent its backer-token account still needs. */
  getBackerFunds(campaign: string, owner: string): Promise<BackerFunds>;
}

/** A would-be backer's wallet, as a contribution needs it (`contribute` takes the USDC associated token account). */
export interface BackerFunds {
  /** USDC (base units) in the wallet's USDC associated token account; `null` when it has none. */
  readonly usdc: bigint | null;
  /** SOL in the wallet, lamports. */
  readonly lamports: bigint;
  /** Lamports of rent to open the wallet's backer-token account for the campaign; 0 when it exists. */
  readonly backerAccountRent: bigint;
}

/** How a relayed transaction waits for what it names (`Relayer.flag`). */
export interface RelayOptions {
  /** Nothing is journaled or sent before this resolves; its rejection is the call's. */
  readonly sendAfter?: Promise<unknown>;
}

/**
 * Instructions the relayer signs itself: as the delegate a holder named (flags, stale
 * support) or permissionless cranks. Fees come from a key that signs nothing else.
 * Each call is idempotent by `key`: the same key never produces a second transaction.
 */
export interface Relayer {
  /** The relay authority: the delegate holders name with `holder_set_delegate`. */
  readonly authority: string;
  /**
   * `flag_submit` for a holder who named the relay authority its delegate. With `sendAfter`,
   * the transaction is built and signed at once but journaled and sent only once `sendAfter`
   * resolves (the rationale it names is stored); if it rejects, nothing is sent and the call
   * rejects with its error.
   */
  flag(
    input: { campaign: string; owner: string; milestoneIndex: number; attempt: number; rationaleId: string },
    key: string,
    options?: RelayOptions,
  ): Promise<TxOutcome>;
  staleOpen(input: { campaign: string; owner: string; round: number }, key: string): Promise<TxOutcome>;
  staleSupport(input: { campaign: string; owner: string; round: number }, key: string): Promise<TxOutcome>;
  finalizeMilestone(input: { campaign: string; milestoneIndex: number }, key: string): Promise<TxOutcome>;
  finalizeStale(input: { campaign: string }, key: string): Promise<TxOutcome>;
  /** `fundraising_close` once the deadline passed, signed by the relay authority (anyone may). */
  closeFundraising(input: { campaign: string }, key: string): Promise<TxOutcome>;
  /**
   * `allocation_claim` for the researcher (`protocol` false) or the config's treasury. The
   * recipient's allocation-token account must exist: the relay policy signs no account
   * creation, so an absent one fails with nothing sent (`TransactionFailed`).
   */
  claimAllocation(input: { campaign: string; protocol: boolean }, key: string): Promise<TxOutcome>;
  /** `dispute_lapse` from the dispute's deadline on. */
  lapseDispute(input: { campaign: string; milestoneIndex: number }, key: string): Promise<TxOutcome>;
  /**
   * `pool_flag` for a staker who named the relay authority its delegate (`pool_stake`'s
   * `delegate`), on KPI submission (`milestoneIndex`, `attempt`) of a reward pool.
   */
  poolFlag(input: { pool: string; owner: string; milestoneIndex: number; attempt: number; rationaleId: string }, key: string, options?: RelayOptions): Promise<TxOutcome>;
  /** `pool_finalize` from the KPI window's end on (anyone may): releases the tranche to stakers or opens a dispute. */
  finalizePool(input: { pool: string; milestoneIndex: number }, key: string): Promise<TxOutcome>;
  /** `pool_dispute_lapse` from the KPI dispute's deadline on (anyone may). */
  lapsePoolDispute(input: { pool: string; milestoneIndex: number }, key: string): Promise<TxOutcome>;
}

/** Builds wallet-signed transactions and sends them once signed. */
export interface WalletTransactions {
  /** The unsigned transaction (fee payer = relayer fee key) for the wallet to sign. */
  prepare(action: WalletAction): Promise<{ transaction: Uint8Array; lastValidBlockHeight: bigint }>;
  /**
   * The same action's unsigned transaction with its own signer as fee payer and a fresh
   * blockhash: what a multisig imports when it is the signer (docs/MULTISIG.md), or what a
   * wallet sends itself (a Solana Action: `computeBudget` puts a compute-unit limit and a
   * capped priority fee first, as on relayed transactions).
   */
  prepareUnsigned(action: WalletAction, options?: { computeBudget?: boolean }): Promise<{ transaction: Uint8Array; lastValidBlockHeight: bigint }>;
  /**
   * Checks that `signed` is `prepare`'s transaction with exactly the expected wallet
   * signature added, adds the fee payer's, and sends it until it confirms or expires.
   */
  submitSigned(action: WalletAction, signed: Uint8Array, key: string): Promise<TxOutcome>;
}

/** An upload signed and not yet stored (`EvidenceStore.prepare`). */
export interface PreparedUpload {
  readonly id: string;
  /** Hex SHA-256 of the bytes. */
  readonly sha256: string;
  post(): Promise<void>;
}

/**
 * Permanent evidence storage (Arweave). Failures the core tells apart are the classes in
 * evidence-errors.ts (too large, not found, integrity, malformed id); others are outages.
 */
export interface EvidenceStore {
  /**
   * Uploads bytes; returns the transaction id and the hex SHA-256 of what was uploaded.
   * `tags` (e.g. Campaign, Milestone) are added to the store's own (App-Name, Content-Type, SHA-256).
   */
  upload(
    bytes: Uint8Array,
    contentType: string,
    tags?: Readonly<Record<string, string>>,
  ): Promise<{ id: string; sha256: string }>;
  /**
   * `upload` in two steps: signed now (the id is known before anything is stored), stored by
   * `post()`. Posting again is harmless (the same signed transaction); never posted, nothing
   * is stored or paid for.
   */
  prepare(bytes: Uint8Array, contentType: string, tags?: Readonly<Record<string, string>>): Promise<PreparedUpload>;
  /** Downloads at most `maxBytes`; throws when the bytes do not hash to `expectedSha256`. */
  fetch(id: string, expectedSha256: string, maxBytes: number): Promise<Uint8Array>;
  /** Downloads at most `maxBytes` of authentic bytes (checked against the transaction itself) and hashes them. */
  read(id: string, maxBytes: number): Promise<{ bytes: Uint8Array; sha256: string; contentType: string | null }>;
}

/** Where a notice goes. */
export interface ChatTarget {
  readonly platform: Platform;
  /** A chat/channel, or a user for a direct message. */
  readonly chatId: string;
  /** Telegram forum topic or Discord thread, when any. */
  readonly threadId?: string;
}

/**
 * Delivers notices to chats; adapters render each {@link Notice} kind in their own words.
 * A platform's rate limit is thrown as `RetryAfterError` (bot/core/delivery-errors.ts), a
 * permanent refusal (chat gone, bot removed) as `DeliveryRefusedError`; anything else is
 * retried with backoff.
 */
export interface ChatNotifier {
  /**
   * `messageKey`: the outbox message's dedupe key, the same on every delivery of one message
   * and different between messages. A platform with an idempotency key (Discord's nonce)
   * uses it, so a redelivery after a crash between posting and the `SENT` mark posts nothing.
   */
  send(target: ChatTarget, notice: Notice, messageKey: string): Promise<void>;
}

/**
 * What the core needs to know about a chat platform, supplied by its adapter (never an
 * `if (platform === ...)` in the core): how its ids look, whether the bot can write to a
 * user privately, and where a subscription's announcements go.
 */
export interface ChatPlatform {
  readonly platform: Platform;
  /** The platform's name for people: "Discord", "Telegram", "the console". */
  readonly name: string;
  /** User and chat ids of this platform (checked before they reach a message or a query). */
  readonly idPattern: RegExp;
  /** Commands are typed as text with their arguments (Telegram, console) rather than picked from a form (Discord). */
  readonly typedCommands: boolean;
  /**
   * The bot can answer one member of a group so that only they see it (Discord's ephemeral
   * reply). Where it cannot (Telegram), a command about the caller's own wallet runs only in
   * a private chat.
   */
  readonly privateAnswersInGroups: boolean;
  /**
   * Where a notice for one user alone goes (their wallet was linked, their flag landed), or
   * `null` when the bot cannot write to the user unasked on this platform.
   */
  directTarget(userId: string): ChatTarget | null;
  /** Where announcements for a subscription go (scope: guild or group; channel: channel or topic, "" for none). */
  subscriptionTarget(scopeId: string, channelId: string): ChatTarget;
}

/** The platforms a deployment runs, by name. */
export type ChatPlatforms = Readonly<Partial<Record<Platform, ChatPlatform>>>;
