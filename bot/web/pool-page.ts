/**
 * `GET /p/<pool>`: a reward pool's public page, rendered on the server from the same words as
 * chat's /pool (bot/chat/views/pool.ts), with the campaign page's headers (no script, one
 * stylesheet, briefly cached). An unknown pool is a 404 page, an unreadable chain an uncached 503.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { poolLabel, type PoolReader } from "../core/pools.js";
import { poolStatus } from "../chat/views/pool.js";
import type { Clock } from "../core/ports.js";
import { documentHtml, PAGE_HEADERS, sendPage } from "./campaign-page.js";
import { escapeHtml, replyHtml } from "./reply-html.js";

export interface PoolWebDeps {
  readonly pools: PoolReader;
  readonly clock: Clock;
}

const POOL_PATH = /^\/p\/([1-9A-HJ-NP-Za-km-z]{32,44})$/;

/** The pool address in a `/p/<pool>` path, or `null` for any other path. */
export function poolPagePath(path: string): string | null {
  return POOL_PATH.exec(path)?.[1] ?? null;
}

function message(res: ServerResponse, status: number, title: string, text: string): void {
  const body = `<header><p class="brand">PepFund</p><h1>${escapeHtml(title)}</h1></header><main><section class="part"><p>${escapeHtml(text)}</p></section></main>`;
  if (status === 503) res.writeHead(503, { ...PAGE_HEADERS, "Cache-Control": "no-store", "Retry-After": "30", "Content-Type": "text/html; charset=utf-8" });
  else res.writeHead(status, { ...PAGE_HEADERS, "Content-Type": "text/html; charset=utf-8" });
  res.end(documentHtml(title, body));
}

export async function handlePoolPage(deps: PoolWebDeps | null, req: IncomingMessage, res: ServerResponse, address: string): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...PAGE_HEADERS, Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
    res.end("Method not allowed");
    return;
  }
  const notFound = () => message(res, 404, "Reward pool not found", "There is no PepFund reward pool at this address. A pool page is /p/ followed by the pool's address.");
  if (deps === null) return notFound();
  let pool;
  try {
    pool = await deps.pools.getPool(address);
  } catch {
    return message(res, 503, "Reward pool unavailable", "This pool cannot be read right now (the chain did not answer). Reload the page in a minute.");
  }
  if (pool === null) return notFound();
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const view = await poolStatus(deps, pool, null);
  const title = poolLabel(pool);
  const body = `<header><p class="brand">PepFund</p><h1>${escapeHtml(title)}</h1></header><main><section class="part">${replyHtml(view, now)}</section></main>`;
  sendPage(res, 200, documentHtml(title, body));
}
