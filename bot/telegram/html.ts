/**
 * Telegram HTML parse mode, safely: every plain span is escaped, so campaign titles,
 * rationales or file names can never become markup (a raw `<` would also make Telegram
 * refuse the whole message with "can't parse entities").
 */
import { relative } from "../chat/format.js";
import { plain, type Line, type Span } from "../chat/text.js";

/** `text` with `&`, `<`, `>` and `"` escaped for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** Whether a URL may become a link (anything else is shown as text: no `tg://`, no `javascript:`). */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/\S+$/i.test(url);
}

/**
 * A moment as Telegram's date-time entity (`<tg-time>`: the client shows it in the reader's
 * own time zone; format `wdt` is weekday, date and time), with the UTC date as the text older
 * clients show, and the time from now beside it.
 */
function moment(unix: number, now: number): string {
  return `<tg-time unix="${unix}" format="wdt">${escapeHtml(plain([{ kind: "time", unix }]))}</tg-time> (${escapeHtml(relative(unix, now))})`;
}

/** One span as HTML; `now` (Unix seconds) makes times relative. */
export function spanHtml(span: Span, now: number): string {
  switch (span.kind) {
    case "text":
      return escapeHtml(span.text);
    case "bold":
      return `<b>${escapeHtml(span.text)}</b>`;
    case "code":
      return `<code>${escapeHtml(span.text)}</code>`;
    case "link":
      return isWebUrl(span.url) ? `<a href="${escapeHtml(span.url)}">${escapeHtml(span.text)}</a>` : escapeHtml(span.text);
    case "time":
      return moment(span.unix, now);
    case "command":
      // Telegram makes "/name" tappable by itself.
      return escapeHtml(`/${span.name}`);
  }
}

/** A line as HTML. */
export function lineHtml(l: Line, now: number): string {
  return l.map((s) => spanHtml(s, now)).join("");
}

/** Options every HTML message uses: HTML parse mode, no link previews (evidence is never rendered). */
export const HTML = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;
