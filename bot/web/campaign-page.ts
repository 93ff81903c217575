/**
 * `GET /c/<campaign>`: the campaign's public page, rendered on the server from the chat
 * layer's words (bot/chat/views/campaign-page.ts) with no script at all: a CSP that allows
 * this origin's stylesheet and nothing else, never framed, cached briefly (the timeline and
 * the flag weight move). An unknown or malformed campaign gets a plain 404 page, a campaign
 * that cannot be read now (outage) an uncached 503 page that asks for a reload. The same URL
 * is the campaign's share link: Action-aware clients resolve it through `/actions.json`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatDeps } from "../chat/deps.js";
import { campaignPageView, type CampaignPageSettings } from "../chat/views/campaign-page.js";
import { textsDeps } from "../chat/views/campaign-texts.js";
import { campaignPage, EvidenceVerdictCache, type CampaignPageDeps } from "../core/usecases/campaign-page.js";
import { SECURITY_HEADERS } from "./http.js";
import { escapeHtml, replyHtml } from "./reply-html.js";

/** What the page needs: the core's reads and what it links to. */
export interface CampaignWebDeps {
  readonly page: CampaignPageDeps;
  readonly settings: CampaignPageSettings;
}

/** The page's dependencies from the chat layer's record: the same store, chain, clock, texts cache and settings. */
export function campaignPageDeps(deps: ChatDeps): CampaignWebDeps {
  return {
    page: {
      store: deps.store,
      chain: deps.chain,
      clock: deps.clock,
      texts: textsDeps(deps),
      evidence: deps.evidence,
      maxEvidenceBytes: deps.maxEvidenceBytes,
      verdicts: new EvidenceVerdictCache(),
    },
    settings: { explorer: deps.explorer, publicBaseUrl: deps.link.baseUrl, gatewayUrl: deps.gatewayUrl },
  };
}

export const CAMPAIGN_PAGE_STYLE = "/static/campaign.css";
const PAGE_PATH = /^\/c\/([^/]*)$/;

/** No script, one stylesheet from this origin. */
export const PAGE_HEADERS = {
  ...SECURITY_HEADERS,
  "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  // Public and short: the page holds nothing private, and flags and announcements move.
  "Cache-Control": "public, max-age=15",
} as const;

/** The campaign address in a `/c/<campaign>` path, or `null` for any other path. */
export function campaignPagePath(path: string): string | null {
  const match = PAGE_PATH.exec(path);
  if (match === null) return null;
  try {
    return decodeURIComponent(match[1] ?? "");
  } catch {
    return ""; // malformed escapes: no campaign, a 404
  }
}

export function documentHtml(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)} — PepFund</title><link rel="stylesheet" href="${CAMPAIGN_PAGE_STYLE}"></head>` +
    `<body>${body}</body></html>`
  );
}

export function sendPage(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { ...PAGE_HEADERS, "Content-Type": "text/html; charset=utf-8" });
  res.end(html);
}

function notFound(res: ServerResponse): void {
  const body =
    `<header><p class="brand">PepFund</p><h1>Campaign not found</h1></header><main><section class="part">` +
    `<p>There is no PepFund campaign at this address. Check the link: a campaign page is <code>/c/</code> followed by the campaign's address.</p>` +
    `</section></main>`;
  sendPage(res, 404, documentHtml("Campaign not found", body));
}

/** The campaign could not be read (store or RPC outage): say so, never cache it, suggest a retry. */
function unavailable(res: ServerResponse): void {
  const body =
    `<header><p class="brand">PepFund</p><h1>Campaign unavailable</h1></header><main><section class="part">` +
    `<p>This campaign cannot be read right now (the chain or our database did not answer). Nothing is wrong with the campaign; reload the page in a minute.</p>` +
    `</section></main>`;
  res.writeHead(503, { ...PAGE_HEADERS, "Cache-Control": "no-store", "Retry-After": "30", "Content-Type": "text/html; charset=utf-8" });
  res.end(documentHtml("Campaign unavailable", body));
}

/** Renders the page of `address` (GET and HEAD only). */
export async function handleCampaignPage(deps: CampaignWebDeps | null, req: IncomingMessage, res: ServerResponse, address: string): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...PAGE_HEADERS, Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
    res.end("Method not allowed");
    return;
  }
  if (deps === null) return notFound(res);
  const read = await campaignPage(deps.page, address);
  if (!read.ok) return read.code === "CampaignUnavailable" ? unavailable(res) : notFound(res);
  const now = read.value.now;
  const view = campaignPageView(read.value, deps.settings);
  const nav = view.parts.map((p) => `<a href="#${p.id}">${escapeHtml(p.heading)}</a>`).join("");
  const parts = view.parts.map(
    (p) => `<section class="part" id="${p.id}"><h2>${escapeHtml(p.heading)}</h2>${p.replies.map((r) => replyHtml(r, now)).join("")}</section>`,
  );
  const body = `<header><p class="brand">PepFund</p><h1>${escapeHtml(view.title)}</h1><nav>${nav}</nav></header><main>${parts.join("")}</main>`;
  sendPage(res, 200, documentHtml(view.title, body));
}
