/**
 * `GET /`: the site's front page, a plain list of the campaigns in the directory (the indexer's
 * table), each linking its public page `/c/<address>`. Server-rendered, no script, the same
 * stylesheet and headers as the campaign pages, so a local `npm start` has somewhere to begin.
 */
import type { ServerResponse } from "node:http";
import type { CampaignDirectoryRepository, CampaignEntry } from "../core/ports.js";
import type { CampaignStatus } from "../core/views.js";
import { SECURITY_HEADERS } from "./http.js";
import { escapeHtml } from "./reply-html.js";
import { CAMPAIGN_PAGE_STYLE } from "./campaign-page.js";

/** Every status, open campaigns first: what a visitor most likely came for. */
const LISTED: readonly CampaignStatus[] = ["Fundraising", "Active", "PendingReview", "Draft", "Completed", "Failed", "Abandoned"];
/** Campaigns shown; the chat's /campaigns pages through the rest. */
const MAX_LISTED = 100;

const PAGE_HEADERS = {
  ...SECURITY_HEADERS,
  "Content-Security-Policy": "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "Cache-Control": "public, max-age=15",
  "Content-Type": "text/html; charset=utf-8",
} as const;

function item(entry: CampaignEntry): string {
  const address = entry.view.address;
  const title = entry.title ?? `Campaign ${address.slice(0, 8)}…`;
  return `<li><a href="/c/${encodeURIComponent(address)}">${escapeHtml(title)}</a> <span class="status">${escapeHtml(entry.view.status)}</span></li>`;
}

/** The front page's HTML from the directory's first campaigns. */
export async function indexPageHtml(campaigns: Pick<CampaignDirectoryRepository, "page">): Promise<string> {
  const { total, entries } = await campaigns.page(LISTED, { offset: 0, limit: MAX_LISTED });
  const list =
    entries.length === 0
      ? `<p>No campaign yet. Campaigns appear here once the chain shows them (the indexer reads every few seconds).</p>`
      : `<ul class="campaigns">${entries.map(item).join("")}</ul>` + (total > entries.length ? `<p>${total - entries.length} more: use /campaigns in the chat.</p>` : "");
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>PepFund</title><link rel="stylesheet" href="${CAMPAIGN_PAGE_STYLE}"></head>` +
    `<body><header><p class="brand">PepFund</p><h1>Campaigns</h1></header><main><section class="part">${list}</section></main></body></html>`
  );
}

/** Answers `GET /` (and HEAD); 503 when the directory cannot be read. */
export async function handleIndexPage(campaigns: Pick<CampaignDirectoryRepository, "page"> | null, method: string, res: ServerResponse): Promise<void> {
  if (campaigns === null) {
    res.writeHead(404, PAGE_HEADERS);
    res.end(`<!doctype html><title>PepFund</title><p>PepFund`);
    return;
  }
  let html: string;
  try {
    html = await indexPageHtml(campaigns);
  } catch {
    res.writeHead(503, { ...PAGE_HEADERS, "Cache-Control": "no-store", "Retry-After": "30" });
    res.end(`<!doctype html><title>PepFund</title><p>The campaign list cannot be read right now; reload in a minute.`);
    return;
  }
  res.writeHead(200, PAGE_HEADERS);
  res.end(method === "HEAD" ? undefined : html);
}
