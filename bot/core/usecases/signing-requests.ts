/**
 * Actions only the user's own wallet may sign (a milestone submission by the researcher, a
 * dispute resolution by the admin, deposits, delegation, refunds) wait as signing requests:
 * chat hands out `${baseUrl}/sign/<id>`, the signing page shows the request, has the wallet
 * sign the prepared transaction, and hands it back here. A request is sent at most once: it
 * moves PENDING -> SUBMITTED, storing the signed bytes, in one conditional write before
 * anything is sent; those bytes are what a retry or the resumer sends after a crash.
 */
import type { BotErrorCode } from "../codes.js";
import { campaignRef, signingOutcomeNotice } from "../notices.js";
import type {
  ChainReader,
  ChatPlatforms,
  ChatRef,
  Clock,
  RandomSource,
  Repositories,
  SigningRequestRecord,
  TxOutcome,
  WalletAction,
  WalletTransactions,
} from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { admitRelayAction } from "../rules/rate-limit.js";
import { actionSubject, isAdminAction } from "../wallet-actions.js";
import { notify, personalTarget } from "./announce.js";

/** Where the signing page lives and how long a request stays open. */
export interface SigningSettings {
  /** Origin of the signing page, e.g. `https://pepfund.example`. */
  readonly baseUrl: string;
  /** Lifetime of a request, seconds (e.g. 900). */
  readonly ttlSeconds: number;
}

/** What creating a request needs. */
export interface SigningDeps {
  readonly store: Pick<Repositories, "signingRequests">;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly signing: SigningSettings;
}

/** What issuing a request needs: each one counts against the rate limits of the asker and the signer. */
export interface SigningIssueDeps extends SigningDeps {
  readonly store: Pick<Repositories, "signingRequests" | "relayRates">;
}

/** A request handed to chat. */
export interface IssuedSigningRequest {
  readonly id: string;
  /** The signing page for this request. */
  readonly url: string;
  readonly expiresAt: Date;
}

/** A random version-4 UUID from the injected source. */
export function uuid(random: RandomSource): string {
  const b = random.bytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(b).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The wallet an action must be signed by. */
export function signerOf(action: WalletAction): string {
  switch (action.kind) {
    case "milestoneSubmit":
    case "campaignCreate":
    case "campaignEdit":
    case "campaignSubmitForReview":
      return action.researcher;
    case "disputeResolve":
    case "poolDisputeResolve":
    case "campaignApprove":
      return action.admin;
    case "contribute":
      return action.backer;
    default:
      return action.owner;
  }
}

/**
 * Stores a request for `action`, asked for by `chat`, and returns its page; `RateLimited`
 * when the asker or the signing wallet asked for too many relayed actions lately (the relayer
 * pays the fee of every signed one).
 */
export async function createSigningRequest(
  deps: SigningIssueDeps,
  input: { readonly action: WalletAction; readonly chat: ChatRef },
): Promise<Result<IssuedSigningRequest, "RateLimited">> {
  const createdAt = deps.clock.now();
  const signer = signerOf(input.action);
  const admitted = await admitRelayAction(deps.store.relayRates, { chat: input.chat, wallet: signer }, "signing", createdAt);
  if (!admitted.ok) return admitted;
  const id = uuid(deps.random);
  const expiresAt = new Date(createdAt.getTime() + deps.signing.ttlSeconds * 1000);
  await deps.store.signingRequests.insert({
    id,
    action: input.action,
    signer,
    platform: input.chat.platform,
    userId: input.chat.userId,
    chatId: input.chat.chatId,
    createdAt,
    expiresAt,
  });
  return ok({ id, url: `${deps.signing.baseUrl.replace(/\/+$/, "")}/sign/${id}`, expiresAt });
}

type SigningRefusal = Extract<BotErrorCode, "SigningRequestNotFound" | "SigningRequestExpired" | "SigningRequestUsed">;

/** The request if it may still be signed now. */
async function openRequest(
  deps: Pick<SigningDeps, "store" | "clock">,
  id: string,
): Promise<Result<SigningRequestRecord, SigningRefusal>> {
  const request = await deps.store.signingRequests.find(id);
  if (request === null) return fail("SigningRequestNotFound");
  if (request.status !== "PENDING") return fail("SigningRequestUsed");
  if (deps.clock.now() >= request.expiresAt) return fail("SigningRequestExpired");
  return ok(request);
}

/** What the signing page shows: the action, who must sign, until when. */
export async function signingRequestForPage(
  deps: Pick<SigningDeps, "store" | "clock">,
  id: string,
): Promise<Result<Pick<SigningRequestRecord, "id" | "action" | "signer" | "expiresAt">, SigningRefusal>> {
  const request = await openRequest(deps, id);
  if (!request.ok) return request;
  const { action, signer, expiresAt } = request.value;
  return ok({ id, action, signer, expiresAt });
}

/** The unsigned transaction for the wallet to sign (fresh blockhash each time the page asks). */
export async function prepareSigning(
  deps: Pick<SigningDeps, "store" | "clock"> & { readonly wallet: WalletTransactions },
  id: string,
): Promise<Result<{ transaction: Uint8Array; lastValidBlockHeight: bigint }, SigningRefusal>> {
  const request = await openRequest(deps, id);
  if (!request.ok) return request;
  return ok(await deps.wallet.prepare(request.value.action));
}

/**
 * The request's transaction unsigned, paid by its own signer, for a multisig to import:
 * only for the admin's actions (a multisig is the admin in production), and only while the
 * request is open. The request stays open: a multisig executes the transaction itself.
 */
export async function prepareForMultisig(
  deps: Pick<SigningDeps, "store" | "clock"> & { readonly wallet: WalletTransactions },
  id: string,
): Promise<Result<{ transaction: Uint8Array; signer: string; lastValidBlockHeight: bigint }, SigningRefusal | "NotAdminAction">> {
  const request = await openRequest(deps, id);
  if (!request.ok) return request;
  if (!isAdminAction(request.value.action)) return fail("NotAdminAction");
  const prepared = await deps.wallet.prepareUnsigned(request.value.action);
  return ok({ ...prepared, signer: request.value.signer });
}

/** Same bytes (a retry of the signed transaction the claim stored). */
function sameBytes(a: Uint8Array | null, b: Uint8Array): boolean {
  return a !== null && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

type SendDeps = Pick<SigningDeps, "store"> & { readonly wallet: WalletTransactions };

/**
 * Sends a claimed request's signed bytes under its idempotency key (a repeat, in any process,
 * resumes the journaled send and never sends twice) and records the outcome: final when it
 * landed or was refused on-chain; open again when nothing was broadcast; still SUBMITTED when
 * the chain was unreachable after the broadcast, for the resumer to finish.
 */
async function send(deps: SendDeps, request: SigningRequestRecord, signed: Uint8Array): Promise<TxOutcome> {
  let outcome: TxOutcome;
  try {
    outcome = await deps.wallet.submitSigned(request.action, signed, `signing:${request.id}`);
  } catch (error) {
    await deps.store.signingRequests.release(request.id);
    throw error;
  }
  if (outcome.status === "failed" && outcome.signature === null) {
    await deps.store.signingRequests.release(request.id);
  } else if (outcome.status === "confirmed" || outcome.code !== "ChainUnavailable") {
    await deps.store.signingRequests.finish(request.id, finalState(outcome));
  }
  return outcome;
}

function finalState(outcome: TxOutcome): { status: "CONFIRMED" | "FAILED"; txSignature: string | null; errorCode: string | null } {
  return outcome.status === "confirmed"
    ? { status: "CONFIRMED", txSignature: outcome.signature, errorCode: null }
    : { status: "FAILED", txSignature: outcome.signature, errorCode: outcome.code };
}

/**
 * Sends the wallet-signed transaction once. The claim (PENDING -> SUBMITTED) stores the bytes
 * before anything is sent, so a crash loses nothing: the page's retry with the same bytes
 * resumes the send (and a finished one returns its outcome), as does {@link resumeSigning};
 * different bytes for a claimed request are SigningRequestUsed. When nothing was broadcast
 * (the signature was refused, or an outage before sending), the request opens again so the
 * right wallet can retry.
 */
export async function completeSigning(
  deps: Pick<SigningDeps, "store" | "clock"> & { readonly wallet: WalletTransactions },
  id: string,
  signed: Uint8Array,
): Promise<Result<TxOutcome, SigningRefusal>> {
  const request = await deps.store.signingRequests.find(id);
  if (request === null) return fail("SigningRequestNotFound");
  if (request.status === "PENDING") {
    if (deps.clock.now() >= request.expiresAt) return fail("SigningRequestExpired");
    if (await deps.store.signingRequests.claim(id, deps.clock.now(), signed)) return ok(await send(deps, request, signed));
  }
  // Claimed already (here, by a concurrent completion, or before a crash): only its own bytes resume it.
  const claimed = request.status === "PENDING" ? await deps.store.signingRequests.find(id) : request;
  if (claimed === null || claimed.status === "PENDING" || !sameBytes(claimed.signedTx, signed)) return fail("SigningRequestUsed");
  return ok(await send(deps, claimed, signed));
}

/** What the resumer needs: the requester is told the outcome through the outbox. */
export interface SigningResumeDeps {
  readonly store: Pick<Repositories, "signingRequests" | "outbox">;
  readonly clock: Clock;
  readonly wallet: WalletTransactions;
  readonly chain: Pick<ChainReader, "getCampaign">;
  /** How each platform reaches the requester directly. */
  readonly platforms: ChatPlatforms;
}

/**
 * Finishes signing requests claimed more than `staleAfterMs` ago and still SUBMITTED (the
 * process sending them died, or the chain was unreachable): sends the stored bytes under the
 * same key (a send still running elsewhere is not repeated) and tells the requester's chat
 * the outcome once (outbox dedupe key `signing-outcome:<id>`), queued before the request is
 * marked final so a crash in between repeats only the deduplicated notice. Returns how many
 * were finished.
 */
export async function resumeSigning(
  deps: SigningResumeDeps,
  options: { readonly staleAfterMs: number; readonly limit: number },
): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - options.staleAfterMs);
  let finished = 0;
  for (const request of await deps.store.signingRequests.submittedBefore(before, options.limit)) {
    if (request.signedTx === null) {
      // Claimed before signed bytes were stored (an older version): nothing to send, sign again.
      await deps.store.signingRequests.release(request.id);
      continue;
    }
    const outcome = await deps.wallet.submitSigned(request.action, request.signedTx, `signing:${request.id}`).catch(() => null);
    // An unexpected error or an unreachable chain after the broadcast: left SUBMITTED for the next pass.
    if (outcome === null || (outcome.status === "failed" && outcome.code === "ChainUnavailable" && outcome.signature !== null)) continue;
    await tellOutcome(deps, request, outcome);
    if (outcome.status === "failed" && outcome.signature === null) {
      // Nothing broadcast (e.g. the signature's blockhash expired meanwhile): the page may be signed again.
      await deps.store.signingRequests.release(request.id);
    } else {
      await deps.store.signingRequests.finish(request.id, finalState(outcome));
    }
    finished += 1;
  }
  return finished;
}

async function tellOutcome(deps: SigningResumeDeps, request: SigningRequestRecord, outcome: TxOutcome): Promise<void> {
  // A pool action's subject reads as no campaign: the notice names the pool by its address.
  const subject = actionSubject(request.action);
  const campaign = await deps.chain.getCampaign(subject).catch(() => null);
  const notice = signingOutcomeNotice(campaignRef(subject, campaign), request.action, outcome);
  await notify(deps, personalTarget(deps.platforms, request), notice, `signing-outcome:${request.id}`);
}
