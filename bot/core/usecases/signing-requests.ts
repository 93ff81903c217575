/**
 * Actions only the user's own wallet may sign (a milestone submission by the researcher, a
 * dispute resolution by the admin, deposits, delegation, refunds) wait as signing requests:
 * chat hands out `${baseUrl}/sign/<id>`, the signing page shows the request, has the wallet
 * sign the prepared transaction, and hands it back here. A request is sent at most once: it
 * moves PENDING -> SUBMITTED in one conditional write before anything is sent.
 */
import type { BotErrorCode } from "../codes.js";
import type {
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
function uuid(random: RandomSource): string {
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
      return action.researcher;
    case "disputeResolve":
      return action.admin;
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
 * Sends the wallet-signed transaction once. When nothing was broadcast (the signature was
 * refused, or an outage before sending), the request opens again so the right wallet can
 * retry; the send is idempotent by the request id, so a retry never sends twice.
 */
export async function completeSigning(
  deps: Pick<SigningDeps, "store" | "clock"> & { readonly wallet: WalletTransactions },
  id: string,
  signed: Uint8Array,
): Promise<Result<TxOutcome, SigningRefusal>> {
  const request = await openRequest(deps, id);
  if (!request.ok) return request;
  if (!(await deps.store.signingRequests.claim(id, deps.clock.now()))) return fail("SigningRequestUsed");
  let outcome: TxOutcome;
  try {
    outcome = await deps.wallet.submitSigned(request.value.action, signed, `signing:${id}`);
  } catch (error) {
    await deps.store.signingRequests.release(id);
    throw error;
  }
  if (outcome.status === "failed" && outcome.signature === null) {
    await deps.store.signingRequests.release(id);
    return ok(outcome);
  }
  await deps.store.signingRequests.finish(
    id,
    outcome.status === "confirmed"
      ? { status: "CONFIRMED", txSignature: outcome.signature, errorCode: null }
      : { status: "FAILED", txSignature: outcome.signature, errorCode: outcome.code },
  );
  return ok(outcome);
}
