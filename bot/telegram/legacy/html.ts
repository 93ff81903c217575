/**
 * Telegram HTML parse mode, safely: every piece of text that did not come from this file is
 * escaped, so campaign titles, rationales or file names can never become markup (a raw `<`
 * would also make Telegram refuse the whole message with "can't parse entities").
 */

/** `text` with `&`, `<`, `>` and `"` escaped for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** Bold, escaped. */
export function bold(text: string): string {
  return `<b>${escapeHtml(text)}</b>`;
}

/** Monospace, escaped (addresses, ids, hashes). */
export function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

/** A link; only http(s) URLs become links, anything else is shown as text. */
export function link(url: string, text: string): string {
  if (!/^https?:\/\//i.test(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;
}

/** Options every HTML reply uses: HTML parse mode, no link previews (evidence is never rendered). */
export const HTML = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;
