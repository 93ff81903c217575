/**
 * The campaign form (docs/CAMPAIGNS.md) and its JSON endpoints:
 *
 *   GET  /create/<token>              the page (create.html, create.js)
 *   GET  /api/create/<token>          whose wallet signs, create or edit, the edited campaign
 *   POST /api/create/<token>/check    { draft } -> every problem beside its field, the shares' total
 *   POST /api/create/<token>          { draft, submit } -> the signing page's URL
 *   POST /api/create/<token>/review   submit the edited campaign for review as it stands
 *
 * Every rule is the core's (campaign-draft-*.ts); this file only reads bodies, maps refusals
 * to HTTP statuses, and puts the words of bot/chat beside each code. User input never gets a
 * 500: bad JSON is 400, a wrong content type 415, an oversized body 413, an outage 503.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { MAX_CAMPAIGN_TITLE_CHARS, MAX_DESCRIPTION_CHARS, MAX_SUMMARY_CHARS } from "../core/campaign-texts.js";
import type { DraftProblem } from "../core/campaign-draft.js";
import { MAX_MILESTONES, MAX_TITLE_LEN, MIN_MILESTONES } from "../core/rules/constants.js";
import { draftFormView, type DraftFormDeps } from "../core/usecases/campaign-draft-form.js";
import { checkDraftForLink, submitDraft, submitLinkedCampaignForReview, type DraftSubmitDeps } from "../core/usecases/campaign-draft-submit.js";
import { DRAFT_TOKEN } from "../core/usecases/campaign-drafts.js";
import { share } from "../chat/format.js";
import { plain } from "../chat/text.js";
import { EVIDENCE_TYPE_CHOICES, draftFieldKey, draftProblemWords, textsStateWords } from "../chat/words/drafts.js";
import { OUTAGE_WORDS, refusalWords } from "../chat/words/refusals.js";
import { isJson, readJsonBody, send, sendJson } from "./http.js";

/** What the form's endpoints need: the core's submit deps (which include the form view's). */
export interface CreatePageDeps extends DraftSubmitDeps {
  readonly evidence: DraftSubmitDeps["evidence"] & NonNullable<DraftFormDeps["evidence"]>;
  readonly chain: DraftSubmitDeps["chain"];
  readonly log?: (message: string) => void;
}

/**
 * Largest form body: every text at its limit, with 10 milestones, each character as JSON's
 * longest escape (`\u0001`, 6 bytes), plus room for the field names and the short fields.
 * Only this route takes bodies this large; the others stay at a few KiB.
 */
export const MAX_CREATE_BODY_BYTES = 6 * (MAX_CAMPAIGN_TITLE_CHARS + MAX_SUMMARY_CHARS + MAX_MILESTONES * (MAX_TITLE_LEN + MAX_DESCRIPTION_CHARS)) + 16 * 1024;

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));
const STATIC: Record<string, { file: string; type: string }> = {
  "/static/create.js": { file: "create.js", type: "text/javascript; charset=utf-8" },
  "/static/create.css": { file: "create.css", type: "text/css; charset=utf-8" },
};
const PAGE_PATH = new RegExp(`^/create/(${DRAFT_TOKEN})$`);
const API_PATH = new RegExp(`^/api/create/(${DRAFT_TOKEN})(?:/(check|review))?$`);

/** Whether `path` is the form's (the server's one-line hook). */
export function isCreatePath(path: string): boolean {
  return path.startsWith("/create/") || path.startsWith("/api/create/") || Object.hasOwn(STATIC, path);
}

/** HTTP status of a refusal. */
function statusOf(code: string): number {
  switch (code) {
    case "DraftLinkNotFound":
    case "CampaignNotFound":
      return 404;
    case "DraftLinkExpired":
    case "DraftLinkUsed":
      return 410;
    case "NotResearcher":
      return 403;
    case "DraftInProgress":
    case "RoadmapLocked":
    case "InvalidCampaignState":
      return 409;
    case "DraftInvalid":
      return 422;
    case "RateLimited":
      return 429;
    default:
      return 400;
  }
}

/** A refusal as JSON: its code, its words, and its facts (a used link's signing page). */
function refusal(res: ServerResponse, code: string, details?: Readonly<Record<string, string>>): void {
  sendJson(res, statusOf(code), { error: code, message: plain(refusalWords(code, details)), ...(details?.signingUrl === undefined ? {} : { signingUrl: details.signingUrl }) });
}

/** Each problem with the form field it belongs beside and its words. */
function problemsJson(problems: readonly DraftProblem[]): { field: string; code: string; message: string }[] {
  return problems.map((p) => ({ field: draftFieldKey(p.at), code: p.code, message: draftProblemWords(p) }));
}

/** The form's JSON body `{ draft, submit? }`, or the answer already sent. */
async function readForm(req: IncomingMessage, res: ServerResponse): Promise<{ draft: unknown; submit: unknown } | null> {
  if (!isJson(req)) {
    sendJson(res, 415, { error: "MalformedInput", message: "Send the form as application/json." });
    return null;
  }
  const body = await readJsonBody(req, MAX_CREATE_BODY_BYTES);
  if (body.kind === "tooLarge") {
    sendJson(res, 413, { error: "MalformedInput", message: `The form is larger than ${MAX_CREATE_BODY_BYTES} bytes: shorten the texts.` });
    return null;
  }
  if (body.kind === "malformed" || typeof body.value !== "object" || body.value === null || Array.isArray(body.value)) {
    sendJson(res, 400, { error: "MalformedInput", message: "The form's body is not a JSON object." });
    return null;
  }
  const { draft, submit } = body.value as Record<string, unknown>;
  return { draft, submit };
}

async function view(deps: CreatePageDeps, res: ServerResponse, token: string): Promise<void> {
  const result = await draftFormView(deps, token);
  if (!result.ok) return refusal(res, result.code, result.details);
  const { researcher, expiresAt, campaign, prefill, texts } = result.value;
  sendJson(res, 200, {
    researcher,
    expiresAt: expiresAt.toISOString(),
    campaign,
    prefill,
    texts,
    textsMessage: textsStateWords(texts),
    evidenceTypes: EVIDENCE_TYPE_CHOICES,
    limits: { minMilestones: MIN_MILESTONES, maxMilestones: MAX_MILESTONES, milestoneTitleBytes: MAX_TITLE_LEN, titleChars: MAX_CAMPAIGN_TITLE_CHARS, summaryChars: MAX_SUMMARY_CHARS, descriptionChars: MAX_DESCRIPTION_CHARS },
  });
}

async function check(deps: CreatePageDeps, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const form = await readForm(req, res);
  if (form === null) return;
  const result = await checkDraftForLink(deps, token, form.draft);
  if (!result.ok) return refusal(res, result.code, result.details);
  sendJson(res, 200, { problems: problemsJson(result.value.problems), shareTotalBps: result.value.shareTotalBps, shareTotal: share(result.value.shareTotalBps) });
}

async function create(deps: CreatePageDeps, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const form = await readForm(req, res);
  if (form === null) return;
  if (typeof form.submit !== "boolean") return sendJson(res, 400, { error: "MalformedInput", message: "Say whether to submit for review (submit: true or false)." });
  const result = await submitDraft(deps, token, { json: form.draft, submit: form.submit });
  if (result.ok) return sendJson(res, 200, { signingUrl: result.value.signingUrl });
  if ("problems" in result) return sendJson(res, 422, { error: result.code, message: plain(refusalWords(result.code)), problems: problemsJson(result.problems) });
  return refusal(res, result.code, result.details);
}

async function review(deps: CreatePageDeps, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  if (!isJson(req)) return sendJson(res, 415, { error: "MalformedInput", message: "Send the request as application/json." });
  const result = await submitLinkedCampaignForReview(deps, token);
  if (!result.ok) return refusal(res, result.code, result.details);
  sendJson(res, 200, { signingUrl: result.value.signingUrl });
}

async function route(deps: CreatePageDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const api = API_PATH.exec(path);
  if (api === null) return sendJson(res, 404, { error: "NotFound" });
  const token = api[1] ?? "";
  const action = api[2];
  if (req.method === "GET" && action === undefined) return view(deps, res, token);
  if (req.method !== "POST") return sendJson(res, 405, { error: "MethodNotAllowed" });
  if (action === "check") return check(deps, req, res, token);
  if (action === "review") return review(deps, req, res, token);
  return create(deps, req, res, token);
}

/** The form's page, assets and endpoints; 404 in a deployment without the form (no evidence store). */
export async function handleCreate(deps: CreatePageDeps | null, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const asset = STATIC[path];
  if (req.method === "GET" && asset !== undefined) return send(res, 200, asset.type, await readFile(`${PUBLIC_DIR}${asset.file}`));
  if (deps === null) return sendJson(res, 404, { error: "NotFound" });
  if (req.method === "GET" && PAGE_PATH.test(path)) return send(res, 200, "text/html; charset=utf-8", await readFile(`${PUBLIC_DIR}create.html`));
  try {
    await route(deps, req, res, path);
  } catch (error) {
    // The chain, Arweave or the database did not answer: nothing was asked of the wallet, and the click may be repeated.
    deps.log?.(`web: ${req.method} ${path.replace(/[A-Za-z0-9_-]{43}/, "<token>")} failed: ${(error as Error).message}`);
    if (!res.headersSent) sendJson(res, 503, { error: "Unavailable", message: plain(OUTAGE_WORDS) });
    else res.end();
  }
}
