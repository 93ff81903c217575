/**
 * The chat layer's Reply and Line as HTML, for server-rendered pages: every plain span is
 * escaped (a campaign title or a rationale can never become markup), only http(s) URLs become
 * links, bars are `<progress>` elements (no inline style, which the pages' CSP forbids), and
 * command buttons are left out (a page has no chat to run them in).
 */
import { relative } from "../chat/format.js";
import type { Bar, Reply } from "../chat/reply.js";
import { plain, type Line, type Span } from "../chat/text.js";

/** `text` escaped for HTML text and double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

/** Whether a URL may become a link (no `javascript:`, no `data:`). */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/\S+$/i.test(url);
}

/** A link that leaves the page: no referrer, no opener, no ranking credit for user-given URLs. */
function anchor(url: string, label: string): string {
  return isWebUrl(url) ? `<a href="${escapeHtml(url)}" rel="nofollow noopener noreferrer">${escapeHtml(label)}</a>` : escapeHtml(label);
}

/** One span; `now` (Unix seconds) makes times relative. */
export function spanHtml(span: Span, now: number): string {
  switch (span.kind) {
    case "text":
      return escapeHtml(span.text);
    case "bold":
      return `<strong>${escapeHtml(span.text)}</strong>`;
    case "code":
      return `<code>${escapeHtml(span.text)}</code>`;
    case "link":
      return anchor(span.url, span.text);
    case "time": {
      const iso = new Date(span.unix * 1000).toISOString();
      return `<time datetime="${iso}">${escapeHtml(plain([span]))}</time> (${escapeHtml(relative(span.unix, now))})`;
    }
    case "command":
      return `<code>/${escapeHtml(span.name)}</code>`;
  }
}

export function lineHtml(l: Line, now: number): string {
  return l.map((s) => spanHtml(s, now)).join("");
}

/** Basis points of `whole` that `part` is, 0 to 10,000. */
function filledBps(part: bigint, whole: bigint): number {
  if (whole <= 0n) return part > 0n ? 10_000 : 0;
  const bps = (part * 10_000n) / whole;
  return Number(bps > 10_000n ? 10_000n : bps < 0n ? 0n : bps);
}

function barHtml(bar: Bar, now: number): string {
  const bps = filledBps(bar.part, bar.whole);
  return (
    `<div class="bar"><span class="bar-label">${escapeHtml(bar.label)}</span>` +
    `<progress max="10000" value="${bps}" aria-label="${escapeHtml(bar.label)}">${(bps / 100).toFixed(2)}%</progress>` +
    `<span class="bar-caption">${lineHtml(bar.caption, now)}</span></div>`
  );
}

/** A reply as an `<article>`: title, lines, facts, bars, sections, links, footer. */
export function replyHtml(r: Reply, now: number): string {
  const out: string[] = [`<article class="reply tone-${r.tone}">`];
  if (r.title !== undefined) out.push(`<h3>${lineHtml(r.title, now)}</h3>`);
  for (const l of r.lines) out.push(`<p>${lineHtml(l, now)}</p>`);
  if (r.facts.length > 0) {
    out.push(`<dl class="facts">`, ...r.facts.map((f) => `<div><dt>${escapeHtml(f.label)}</dt><dd>${lineHtml(f.value, now)}</dd></div>`), `</dl>`);
  }
  for (const b of r.bars) out.push(barHtml(b, now));
  for (const s of r.sections) {
    out.push(`<section><h4>${lineHtml(s.title, now)}</h4>`, ...s.lines.map((l) => `<p>${lineHtml(l, now)}</p>`), `</section>`);
  }
  const links = r.links.filter((l) => isWebUrl(l.url));
  if (links.length > 0) out.push(`<ul class="links">`, ...links.map((l) => `<li>${anchor(l.url, l.label)}</li>`), `</ul>`);
  if (r.footer !== undefined) out.push(`<footer>${lineHtml(r.footer, now)}</footer>`);
  out.push(`</article>`);
  return out.join("");
}
