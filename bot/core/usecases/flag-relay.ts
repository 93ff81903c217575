/**
 * Carries out an accepted flag request, step by step, each step recorded before the next:
 *
 *   ACCEPTED --upload rationale--> SENT (rationale id stored) --Relayer.flag(key)--> CONFIRMED | FAILED
 *
 * The relayer builds, simulates and signs the transaction while the rationale posts (its id is
 * known once the upload is signed), and journals and sends it only once SENT is recorded.
 * A crash anywhere resumes from the recorded step: from SENT on the rationale is never
 * uploaded again (its id is in the row), and the relayer is asked again with the same
 * idempotency key, which returns the first transaction's outcome instead of sending a second
 * one (or sends it, when the crash came first). Only a crash between the upload and recording
 * its id costs a second (orphan) upload; the flag itself still goes out once. A request of an
 * earlier version left UPLOADED (id stored, not marked sent) resumes as SENT.
 */
import type { BotErrorCode } from "../codes.js";
import { arweaveLink, campaignRef, flagOutcomeNotice, kpiRef, poolFlagOutcomeNotice, poolRef, type ArweaveLink, type Notice } from "../notices.js";
import type { PoolReader, PoolView } from "../pools.js";
import type {
  CampaignView,
  ChainReader,
  ChatPlatforms,
  Clock,
  EvidenceStore,
  FlagRequestRecord,
  NewOutboxMessage,
  PreparedUpload,
  Relayer,
  Repositories,
  TxOutcome,
} from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { noticeMessage, personalTarget } from "./notify.js";

/** What the relay needs. */
export interface FlagRelayDeps {
  readonly store: Pick<Repositories, "flagRequests" | "outbox">;
  readonly evidence: EvidenceStore;
  readonly relayer: Relayer;
  readonly clock: Clock;
  /** Arweave gateway origin for the rationale's plain link. */
  readonly gatewayUrl: string;
}

/** What the resume worker needs besides the relay: titles for the notice, and where the requester is told. */
export type FlagResumeDeps = FlagRelayDeps & {
  readonly chain: ChainReader;
  /** Names a reward pool and its KPI in the notice of a pool flag; without it, the pool's address. */
  readonly pools?: Pick<PoolReader, "getPool">;
  readonly platforms: ChatPlatforms;
};

/** The end of a flag request. */
export interface FlagRelayOutcome {
  readonly requestId: string;
  readonly rationale: ArweaveLink;
  readonly outcome: TxOutcome;
}

function storedOutcome(request: FlagRequestRecord): TxOutcome {
  if (request.status === "CONFIRMED") {
    return { status: "confirmed", signature: request.txSignature ?? "", slot: 0n };
  }
  return {
    status: "failed",
    signature: request.txSignature ?? null,
    code: (request.errorCode ?? "TransactionFailed") as Extract<TxOutcome, { status: "failed" }>["code"],
    message: "recorded outcome",
  };
}

/** The chain could not be reached for the whole of the relayer's retries; the request resumes later. */
export class FlagRelayStalledError extends Error {
  override readonly name = "FlagRelayStalledError";
  constructor(readonly requestId: string, reason: string) {
    super(`flag request ${requestId} is waiting for the chain: ${reason}`);
  }
}

/**
 * Runs the request from wherever it stands to its end; safe to call again at any time.
 * `request` is its id, or the record just stored (which saves reading it back).
 * Throws {@link FlagRelayStalledError} while the chain cannot be reached (the request stays SENT).
 * `noticeOf` makes the requester's notice of the outcome, queued in the statement that records
 * it (both or neither); it may run again after a crash, with the same dedupe key.
 */
export async function carryOutFlag(
  deps: FlagRelayDeps,
  requested: string | FlagRequestRecord,
  noticeOf?: (outcome: FlagRelayOutcome) => Promise<NewOutboxMessage>,
): Promise<Result<FlagRelayOutcome, Extract<BotErrorCode, "NoSuchFlagRequest">>> {
  const repo = deps.store.flagRequests;
  let request = typeof requested === "string" ? await repo.find(requested) : requested;
  if (request === null) return fail("NoSuchFlagRequest");
  const requestId = request.id;

  let outcome: TxOutcome | null = null;
  if (request.status === "ACCEPTED") ({ request, outcome } = await uploadThenRelay(deps, request));
  const rationaleId = request.rationaleId;
  if (rationaleId === null || rationaleId === undefined) throw new Error(`flag request ${requestId} has no rationale id`);
  const rationale = arweaveLink(deps.gatewayUrl, rationaleId);

  if (outcome === null && (request.status === "SENT" || request.status === "UPLOADED")) outcome = await relayFlag(deps.relayer, request, rationaleId);
  if (outcome === null) return ok({ requestId, rationale, outcome: storedOutcome(request) });
  // Nothing was decided on-chain: the request stays SENT, and the resume worker asks again
  // with the same key (the relayer resumes its journaled transaction, never a second one).
  if (outcome.status === "failed" && outcome.code === "ChainUnavailable") throw new FlagRelayStalledError(requestId, outcome.message);
  await repo.finish(
    requestId,
    outcome.status === "confirmed"
      ? { status: "CONFIRMED", txSignature: outcome.signature, errorCode: null }
      : { status: "FAILED", txSignature: outcome.signature, errorCode: outcome.code },
    await noticeOf?.({ requestId, rationale, outcome }),
  );
  return ok({ requestId, rationale, outcome });
}

/** Signs the rationale's upload (nothing is stored until it is posted): its id is known at once. */
function prepareRationale(evidence: EvidenceStore, flag: FlagRequestRecord): Promise<PreparedUpload> {
  return evidence.prepare(new TextEncoder().encode(flag.rationale), "text/plain; charset=utf-8", {
    Type: "flag-rationale",
    [flag.subject === "POOL" ? "Pool" : "Campaign"]: flag.campaign,
    Milestone: String(flag.milestoneIndex),
    Attempt: String(flag.attempt),
  });
}

/** Another worker recorded its own upload first: this one's transaction must not go out. */
class MovedByAnotherWorker extends Error {}

/**
 * Posts the rationale while the relayer builds, simulates and signs the flag transaction that
 * names it (the id is known once the upload is signed); the relayer journals and sends it only
 * once the rationale is stored and its id recorded with SENT, so no transaction ever names a
 * rationale missing from Arweave, and a failure or crash before leaves the request ACCEPTED with
 * nothing sent. `outcome` is null when another worker moved the request first.
 */
async function uploadThenRelay(deps: FlagRelayDeps, request: FlagRequestRecord): Promise<{ request: FlagRequestRecord; outcome: TxOutcome | null }> {
  const upload = await prepareRationale(deps.evidence, request);
  const recorded = upload.post().then(() => deps.store.flagRequests.markSent(request.id, upload.id));
  const sendAfter = recorded.then((moved) => {
    if (!moved) throw new MovedByAnotherWorker();
  });
  const relaying = relayFlag(deps.relayer, request, upload.id, sendAfter);
  // Not awaited when the upload failed or the request moved: its rejection is then that one.
  relaying.catch(() => undefined);
  // Moved by this call: the new state is known; otherwise another worker moved it first.
  if (!(await recorded)) return { request: await reread(deps, request.id), outcome: null };
  return { request: { ...request, status: "SENT", rationaleId: upload.id }, outcome: await relaying };
}

/** The request's transaction, by its idempotency key: a campaign's `flag_submit` or a pool's `pool_flag`. */
function relayFlag(relayer: Relayer, request: FlagRequestRecord, rationaleId: string, sendAfter?: Promise<unknown>): Promise<TxOutcome> {
  const flag = { owner: request.wallet, milestoneIndex: request.milestoneIndex, attempt: request.attempt, rationaleId };
  const options = sendAfter === undefined ? {} : { sendAfter };
  return request.subject === "POOL"
    ? relayer.poolFlag({ pool: request.campaign, ...flag }, request.idempotencyKey, options)
    : relayer.flag({ campaign: request.campaign, ...flag }, request.idempotencyKey, options);
}

async function reread(deps: FlagRelayDeps, requestId: string): Promise<FlagRequestRecord> {
  const request = await deps.store.flagRequests.find(requestId);
  if (request === null) throw new Error(`flag request ${requestId} vanished`);
  return request;
}

/**
 * Finishes requests a crashed or stalled worker left (untouched for `staleAfterMs`), and
 * tells each requester's chat the outcome, since no one is waiting on the command any more.
 * Up to `concurrency` (default 8) requests run at once: each waits mostly on the network
 * (upload, confirmation), and the relayer shares its node calls between them. Returns how
 * many finished.
 */
export async function resumeFlags(
  deps: FlagResumeDeps,
  options: { readonly staleAfterMs: number; readonly limit: number; readonly concurrency?: number },
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - options.staleAfterMs);
  const unfinished = await deps.store.flagRequests.listUnfinished(before, options.limit);
  const queue = [...unfinished];
  let finished = 0;
  const worker = async () => {
    for (let request = queue.shift(); request !== undefined; request = queue.shift()) {
      if (await resumeOne(deps, request)) finished += 1;
    }
  };
  // Every worker ends before a failure is reported, so none runs on unseen.
  const ended = await Promise.allSettled(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  const failure = ended.find((e) => e.status === "rejected");
  if (failure) throw failure.reason;
  return finished;
}

/**
 * The requester's outcome notice is queued in the statement that marks the request final: a
 * crash before leaves it unfinished, resumed and told; none can leave it final and untold (the
 * crash test found requesters never told when the two were apart in the wrong order).
 */
async function resumeOne(deps: FlagResumeDeps, request: FlagRequestRecord): Promise<boolean> {
  let told = false;
  const notice = async (done: FlagRelayOutcome) => {
    told = true;
    return outcomeMessage(deps, request, done);
  };
  const result = await carryOutFlag(deps, request.id, notice);
  if (!result.ok) return false;
  // Finished by another worker meanwhile: queue it here too (the outbox deduplicates it).
  if (!told) await deps.store.outbox.enqueue(await notice(result.value));
  return true;
}

/**
 * What an outcome notice names (the campaign's milestone, the pool's KPI), when the caller has
 * read it already; otherwise the notice reads it.
 */
export type FlagSubject = { readonly campaign: CampaignView | null } | { readonly pool: PoolView | null };

/**
 * The requester's notice of the outcome, once per request (the resume worker's notice and the
 * fallback of a command's answer share the key). With `heldUntil` it is the command's
 * fallback (a `HeldNotice`, notify.ts): sent then unless the answer was delivered first.
 */
export async function outcomeMessage(
  deps: FlagResumeDeps,
  request: FlagRequestRecord,
  done: FlagRelayOutcome,
  options: { readonly heldUntil?: Date; readonly subject?: FlagSubject } = {},
): Promise<NewOutboxMessage> {
  const notice = await outcomeNotice(deps, request, done, options.subject);
  return noticeMessage(personalTarget(deps.platforms, request), notice, `flag-outcome:${request.id}`, options.heldUntil);
}

/** The requester's notice of a flag's outcome, naming the campaign's milestone or the pool's KPI. */
async function outcomeNotice(deps: FlagResumeDeps, request: FlagRequestRecord, done: FlagRelayOutcome, subject?: FlagSubject): Promise<Notice> {
  if (request.subject === "POOL") {
    const pool = subject !== undefined && "pool" in subject ? subject.pool : ((await deps.pools?.getPool(request.campaign).catch(() => null)) ?? null);
    return poolFlagOutcomeNotice(poolRef(request.campaign, pool), kpiRef(pool, request.milestoneIndex, request.attempt), done.outcome, done.rationale);
  }
  const campaign = subject !== undefined && "campaign" in subject ? subject.campaign : await deps.chain.getCampaign(request.campaign).catch(() => null);
  return flagOutcomeNotice(
    campaignRef(request.campaign, campaign),
    { index: request.milestoneIndex, title: campaign?.milestones[request.milestoneIndex]?.title ?? null, attempt: request.attempt },
    done.outcome,
    done.rationale,
  );
}
