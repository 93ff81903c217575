/**
 * The signing page's JSON endpoints for wallet-signed transactions (signing requests):
 *
 *   GET  /api/sign/<id>          what will be signed, in plain words, and by which wallet
 *   POST /api/sign/<id>/prepare  the unsigned transaction (base64), fee paid by the relayer
 *   POST /api/sign/<id>          { transaction: base64 } signed by the wallet: sent once
 *   GET  /api/sign/<id>/unsigned an admin action's transaction unsigned, paid by the admin
 *                                address itself, in base58 and base64: for a multisig
 *
 * Every check (open, unexpired, unused, exactly the prepared action, signed by exactly the
 * expected wallet) is the core's and the chain adapter's; a refusal sends nothing.
 */
import { campaignLabel } from "../core/labels.js";
import type { CampaignView } from "../core/views.js";
import type { PoolReader, PoolView } from "../core/pools.js";
import type { ChainReader, Clock, Repositories, TxOutcome, WalletAction, WalletTransactions } from "../core/ports.js";
import { isAdminAction, isPoolAction } from "../core/wallet-actions.js";
import { explorerTxUrl } from "../chat/format.js";
import { describeAction } from "../chat/words/actions.js";
import bs58 from "bs58";
import { completeSigning, prepareForMultisig, prepareSigning, signingRequestForPage } from "../core/usecases/signing-requests.js";

export interface SigningPageDeps {
  readonly store: Pick<Repositories, "signingRequests">;
  readonly clock: Clock;
  readonly wallet: WalletTransactions;
  /** Cluster for explorer links: mainnet, devnet, testnet or localnet. */
  readonly cluster: string;
  /** The localnet's RPC URL, which explorer links of a localnet open (`customUrl`). */
  readonly rpcUrl?: string;
  /** Reads the campaign so the page names it and its milestone; without it, addresses only. */
  readonly chain?: Pick<ChainReader, "getCampaign">;
  /** Reads the reward pool so the page names it and its KPI; without it, the address only. */
  readonly pools?: Pick<PoolReader, "getPool">;
}

/** A UUID, the only form a request id takes. */
export const SIGN_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** JSON-safe action (bigints as decimal strings, also nested ones such as a create's terms). */
function plainAction(action: WalletAction): Record<string, unknown> {
  return JSON.parse(JSON.stringify(action, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))) as Record<string, unknown>;
}

/** HTTP status of a refusal: unknown 404, used or expired 410. */
export function signingStatus(code: string): number {
  if (code === "SigningRequestNotFound") return 404;
  if (code === "SigningRequestUsed" || code === "SigningRequestExpired") return 410;
  return 400;
}

export type JsonReply = { status: number; body: unknown };

export async function pageView(deps: SigningPageDeps, id: string): Promise<JsonReply> {
  const view = await signingRequestForPage(deps, id);
  if (!view.ok) return { status: signingStatus(view.code), body: { error: view.code } };
  const { action, signer, expiresAt } = view.value;
  const [campaign, pool] = isPoolAction(action) ? [null, await readPool(deps, action.pool)] : [await readCampaign(deps, action.campaign), null];
  return {
    status: 200,
    body: {
      id,
      signer,
      expiresAt: expiresAt.toISOString(),
      action: plainAction(action),
      campaignLabel: campaign === null ? null : campaignLabel(campaign),
      ...describeAction(action, campaign, pool),
      // The page offers an admin action unsigned for a multisig (docs/MULTISIG.md).
      multisig: isAdminAction(action),
      cluster: deps.cluster,
    },
  };
}

/** The campaign for the page's words; an unreadable chain leaves the page with addresses, not broken. */
async function readCampaign(deps: SigningPageDeps, address: string): Promise<CampaignView | null> {
  if (deps.chain === undefined) return null;
  return deps.chain.getCampaign(address).catch(() => null);
}

/** The pool for the page's words; unreadable, the page names it by its address. */
async function readPool(deps: SigningPageDeps, address: string): Promise<PoolView | null> {
  if (deps.pools === undefined) return null;
  return deps.pools.getPool(address).catch(() => null);
}

export async function prepare(deps: SigningPageDeps, id: string): Promise<JsonReply> {
  const prepared = await prepareSigning(deps, id);
  if (!prepared.ok) return { status: signingStatus(prepared.code), body: { error: prepared.code } };
  return {
    status: 200,
    body: {
      transaction: Buffer.from(prepared.value.transaction).toString("base64"),
      lastValidBlockHeight: prepared.value.lastValidBlockHeight.toString(),
    },
  };
}

/** The admin action's unsigned transaction for a multisig (docs/MULTISIG.md); 404 `NotAdminAction` for others. */
export async function unsignedForMultisig(deps: SigningPageDeps, id: string): Promise<JsonReply> {
  const prepared = await prepareForMultisig(deps, id);
  if (!prepared.ok) return { status: prepared.code === "NotAdminAction" ? 404 : signingStatus(prepared.code), body: { error: prepared.code } };
  const { transaction, signer, lastValidBlockHeight } = prepared.value;
  return {
    status: 200,
    body: {
      base58: bs58.encode(transaction),
      base64: Buffer.from(transaction).toString("base64"),
      feePayer: signer,
      lastValidBlockHeight: lastValidBlockHeight.toString(),
    },
  };
}

function outcomeBody(outcome: TxOutcome, deps: SigningPageDeps): { status: number; body: unknown } {
  if (outcome.status === "confirmed") {
    return { status: 200, body: { ok: true, signature: outcome.signature, explorerUrl: explorerTxUrl(outcome.signature, { cluster: deps.cluster, ...(deps.rpcUrl === undefined ? {} : { rpcUrl: deps.rpcUrl }) }) } };
  }
  const sent = outcome.signature !== null;
  return {
    // Nothing sent (refused bytes or an outage): 422 and the page may be used again.
    status: sent ? 200 : 422,
    body: {
      ok: false,
      error: outcome.code,
      message: outcome.message,
      signature: outcome.signature,
      explorerUrl: sent ? explorerTxUrl(outcome.signature, { cluster: deps.cluster, ...(deps.rpcUrl === undefined ? {} : { rpcUrl: deps.rpcUrl }) }) : null,
    },
  };
}

export async function submit(deps: SigningPageDeps, id: string, body: unknown): Promise<JsonReply> {
  const transaction = (body as { transaction?: unknown } | null)?.transaction;
  if (typeof transaction !== "string" || !/^[A-Za-z0-9+/]{1,2000}={0,2}$/.test(transaction)) {
    return { status: 400, body: { error: "MalformedInput" } };
  }
  const result = await completeSigning(deps, id, new Uint8Array(Buffer.from(transaction, "base64")));
  if (!result.ok) return { status: signingStatus(result.code), body: { error: result.code } };
  return outcomeBody(result.value, deps);
}
