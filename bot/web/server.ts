/**
 * The pages the chat bots link to: wallet linking (`/link/<nonce>`, two JSON endpoints),
 * wallet-signed transactions (`/sign/<id>`, endpoints in signing.ts) and the campaign form
 * (`/create/<token>`, create.ts), each campaign's public page (`/c/<campaign>`,
 * campaign-page.ts, no script) and the contribution as a Solana Action (`/actions.json`,
 * `/api/actions/...`, actions.ts). The page loads one
 * script from this origin and nothing else (CSP), is never framed, cached or sent as a
 * referrer (the link carries the nonce), and bodies are capped before they are parsed.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { challengeForPage, completeLink, type LinkDeps } from "../core/usecases/link-wallet.js";
import { openInWalletLinks } from "../core/wallet-apps.js";
import { withLogContext } from "../observability/log-context.js";
import { type ActionsDeps, handleActions, isActionsPath } from "./actions.js";
import { handleIndexPage } from "./index-page.js";
import { type CampaignWebDeps, campaignPagePath, handleCampaignPage } from "./campaign-page.js";
import { handlePoolPage, poolPagePath, type PoolWebDeps } from "./pool-page.js";
import { type CreatePageDeps, handleCreate, isCreatePath } from "./create.js";
import { readJsonBody, send, sendJson } from "./http.js";
import { type JsonReply, SIGN_ID, type SigningPageDeps, pageView, prepare, submit, unsignedForMultisig } from "./signing.js";

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));
/** Largest accepted POST body: a signature and a key fit in a few hundred bytes. */
export const MAX_BODY_BYTES = 4096;

const STATIC: Record<string, { file: string; type: string }> = {
  "/static/link.js": { file: "link.js", type: "text/javascript; charset=utf-8" },
  "/static/link.css": { file: "link.css", type: "text/css; charset=utf-8" },
  "/static/sign.js": { file: "sign.js", type: "text/javascript; charset=utf-8" },
  "/static/wallets.js": { file: "wallets.js", type: "text/javascript; charset=utf-8" },
  "/static/campaign.css": { file: "campaign.css", type: "text/css; charset=utf-8" },
};

const LINK_PATH = /^\/link\/([1-9A-HJ-NP-Za-km-z]{16,44})$/;
const API_PATH = /^\/api\/link\/([^/]{1,64})$/;
const SIGN_PATH = new RegExp(`^/sign/(${SIGN_ID})$`);
const SIGN_API_PATH = new RegExp(`^/api/sign/(${SIGN_ID})(/prepare|/unsigned)?$`);

/** HTTP status for a refusal: unknown → 404, used or stale → 410, anything else → 400. */
function statusFor(code: string): number {
  if (code === "ChallengeNotFound") return 404;
  if (["ChallengeConsumed", "ChallengeCancelled", "ChallengeExpired"].includes(code)) return 410;
  if (code === "LinkConflict") return 409;
  return 400;
}

/** Reads a JSON body of at most {@link MAX_BODY_BYTES}; `null` when too big or not JSON. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readJsonBody(req, MAX_BODY_BYTES);
  return body.kind === "json" ? body.value : null;
}

/** The signing page's endpoints; 404 in a deployment without wallet transactions. */
async function handleSigning(signing: SigningPageDeps | null, baseUrl: string, req: IncomingMessage, res: ServerResponse, id: string, sub: string | undefined): Promise<void> {
  if (signing === null) return sendJson(res, 404, { error: "NotFound" });
  const isPrepare = sub === "/prepare";
  let reply: JsonReply;
  if (sub === "/unsigned") {
    if (req.method !== "GET") return sendJson(res, 405, { error: "MethodNotAllowed" });
    reply = await unsignedForMultisig(signing, id);
  } else if (req.method === "GET" && !isPrepare) {
    reply = await pageView(signing, id);
    // A phone's browser has no wallet: the page offers these links into wallets' browsers.
    if (reply.status === 200) reply = { ...reply, body: { ...(reply.body as object), openIn: openInWalletLinks(`${baseUrl}/sign/${id}`) } };
  }
  else if (req.method === "POST") {
    if (!(req.headers["content-type"] ?? "").startsWith("application/json")) return sendJson(res, 415, { error: "MalformedInput" });
    const body = await readJson(req);
    if (body === null || typeof body !== "object") return sendJson(res, 400, { error: "MalformedInput" });
    reply = isPrepare ? await prepare(signing, id) : await submit(signing, id, body);
  } else return sendJson(res, 405, { error: "MethodNotAllowed" });
  return sendJson(res, reply.status, reply.body);
}

/**
 * What the server serves beside wallet linking; each part left out answers 404 (a deployment
 * without wallet transactions, evidence storage or a public URL).
 */
export interface WebPages {
  /** Where request failures are reported (never secrets). */
  readonly log?: (message: string) => void;
  readonly signing?: SigningPageDeps | null;
  readonly create?: CreatePageDeps | null;
  readonly actions?: ActionsDeps | null;
  readonly page?: CampaignWebDeps | null;
  /** Reward pools' public pages (`/p/<pool>`). */
  readonly pool?: PoolWebDeps | null;
  /** GET /metrics (Prometheus text) and GET /readyz; both 404 when absent. */
  readonly observability?: {
    metrics(): Promise<{ readonly contentType: string; readonly body: string }>;
    readiness(): Promise<{ readonly ready: boolean; readonly checks: Readonly<Record<string, string>> }>;
  } | null;
  /** A workers replica (PEPFUND_ROLE=workers): /healthz, /readyz and /metrics only, the rest 404. */
  readonly operatorOnly?: boolean;
}

async function handle(deps: LinkDeps, pages: WebPages, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const signing = pages.signing ?? null;
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  // Liveness: the process serves HTTP. Readiness (/readyz) checks what the work depends on.
  if (req.method === "GET" && path === "/healthz") return sendJson(res, 200, { ok: true });
  const observability = pages.observability ?? null;
  if (req.method === "GET" && path === "/readyz" && observability !== null) {
    const report = await observability.readiness();
    return sendJson(res, report.ready ? 200 : 503, report);
  }
  if (req.method === "GET" && path === "/metrics" && observability !== null) {
    const metrics = await observability.metrics();
    return send(res, 200, metrics.contentType, metrics.body);
  }
  if (pages.operatorOnly === true) return sendJson(res, 404, { error: "NotFound" });
  if ((req.method === "GET" || req.method === "HEAD") && path === "/") return handleIndexPage(pages.page?.page.store.campaigns ?? null, req.method, res);
  if (isActionsPath(path)) return handleActions(pages.actions ?? null, req, res);
  const campaign = campaignPagePath(path);
  if (campaign !== null) return handleCampaignPage(pages.page ?? null, req, res, campaign);
  const pool = poolPagePath(path);
  if (pool !== null) return handlePoolPage(pages.pool ?? null, req, res, pool);
  if (isCreatePath(path)) return handleCreate(pages.create ?? null, req, res, path);
  if (req.method === "GET" && SIGN_PATH.test(path)) {
    return send(res, 200, "text/html; charset=utf-8", await readFile(`${PUBLIC_DIR}sign.html`));
  }
  const sign = SIGN_API_PATH.exec(path);
  if (sign !== null) return handleSigning(signing, deps.settings.baseUrl, req, res, sign[1] ?? "", sign[2]);
  if (req.method === "GET" && LINK_PATH.test(path)) {
    return send(res, 200, "text/html; charset=utf-8", await readFile(`${PUBLIC_DIR}link.html`));
  }
  const asset = STATIC[path];
  if (req.method === "GET" && asset !== undefined) {
    return send(res, 200, asset.type, await readFile(`${PUBLIC_DIR}${asset.file}`));
  }
  const api = API_PATH.exec(path);
  if (api !== null) {
    const nonce = api[1] ?? "";
    if (req.method === "GET") {
      const view = await challengeForPage(deps, nonce);
      if (!view.ok) return sendJson(res, statusFor(view.code), { error: view.code });
      const openIn = openInWalletLinks(`${deps.settings.baseUrl}/link/${nonce}`);
      return sendJson(res, 200, { ...view.value, expiresAt: view.value.expiresAt.toISOString(), openIn });
    }
    if (req.method === "POST") {
      if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
        return sendJson(res, 415, { error: "MalformedInput" });
      }
      const body = await readJson(req);
      if (body === null || typeof body !== "object") return sendJson(res, 400, { error: "MalformedInput" });
      const { signature, publicKey, signedMessage } = body as Record<string, unknown>;
      const optionalText = (v: unknown) => v === undefined || typeof v === "string";
      if (typeof signature !== "string" || !optionalText(publicKey) || !optionalText(signedMessage)) {
        return sendJson(res, 400, { error: "MalformedInput" });
      }
      const result = await completeLink(deps, {
        nonce,
        signature,
        ...(publicKey === undefined ? {} : { publicKey }),
        ...(signedMessage === undefined ? {} : { signedMessage }),
        submitter: { via: "page" },
      });
      if (!result.ok) return sendJson(res, statusFor(result.code), { error: result.code });
      return sendJson(res, 200, { ok: true, address: result.value.address, platform: result.value.platform });
    }
    return sendJson(res, 405, { error: "MethodNotAllowed" });
  }
  return sendJson(res, 404, { error: "NotFound" });
}

/** The request listener, for mounting on any `http.Server`. */
export function webHandler(deps: LinkDeps, pages: WebPages = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const log = pages.log ?? (() => undefined);
  return (req, res) => {
    // Every line logged while this request is handled names it (docs/OBSERVABILITY.md).
    const requestId = randomUUID();
    withLogContext({ request_id: requestId }, () => handle(deps, pages, req, res)).catch((error: unknown) => {
      log(`web: ${req.method} request failed: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { error: "Internal" });
      else res.end();
    });
  };
}

/** Creates (does not start) the web server. */
export function createWebServer(deps: LinkDeps, pages: WebPages = {}): Server {
  return createServer(webHandler(deps, pages));
}
