/**
 * Telegram's HTML parse mode, as the Bot API validates it: only its tags, balanced, with
 * `<`, `>` and `&` escaped everywhere else; anything else is a 400 "can't parse entities".
 * Returns the plain text a client would see, or the error description.
 */

/** Tags Telegram accepts in HTML parse mode (https://core.telegram.org/bots/api#html-style). */
const TAGS = new Set([
  "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
  "tg-emoji", "tg-time", "code", "pre", "blockquote",
]);

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** The result of parsing a message text in HTML mode. */
export type HtmlParse = { ok: true; text: string } | { ok: false; description: string };

function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), "utf8");
}

/** Parses `html` as Telegram does; errors use Telegram's wording. */
export function parseTelegramHtml(html: string): HtmlParse {
  const open: { name: string; at: number }[] = [];
  let text = "";
  let i = 0;
  const error = (what: string): HtmlParse => ({ ok: false, description: `Bad Request: can't parse entities: ${what}` });
  while (i < html.length) {
    const c = html[i];
    if (c === "&") {
      const end = html.indexOf(";", i);
      const name = end === -1 ? "" : html.slice(i + 1, end);
      let decoded: string | undefined;
      if (/^#[0-9]{1,7}$/.test(name)) decoded = String.fromCodePoint(Number(name.slice(1)));
      else if (/^#x[0-9a-fA-F]{1,6}$/.test(name)) decoded = String.fromCodePoint(parseInt(name.slice(2), 16));
      else decoded = NAMED_ENTITIES[name];
      // Telegram keeps an unknown or unterminated entity as literal text only when it is not
      // a plausible entity; a bare "&" followed by a name and ";" that it does not know is an error.
      if (decoded === undefined) {
        if (end !== -1 && /^[a-zA-Z]+$/.test(name)) return error(`Unsupported HTML entity "&${name};" at byte offset ${byteOffset(html, i)}`);
        text += "&";
        i += 1;
        continue;
      }
      text += decoded;
      i = end + 1;
      continue;
    }
    if (c === ">") return error(`Unexpected end of name token at byte offset ${byteOffset(html, i)}`);
    if (c !== "<") {
      text += c;
      i += 1;
      continue;
    }
    const close = html.indexOf(">", i);
    if (close === -1) return error(`Unexpected end of name token at byte offset ${byteOffset(html, i)}`);
    const inner = html.slice(i + 1, close);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (top === undefined) return error(`Unexpected end tag at byte offset ${byteOffset(html, i)}`);
      if (top.name !== name) {
        return error(`Unmatched end tag at byte offset ${byteOffset(html, i)}, expected "</${top.name}>", found "</${name}>"`);
      }
    } else {
      const match = /^([a-zA-Z][a-zA-Z0-9-]*)(\s+[^]*)?$/.exec(inner);
      const name = match?.[1]?.toLowerCase();
      if (name === undefined || !TAGS.has(name)) {
        return error(`Unsupported start tag "${name ?? inner}" at byte offset ${byteOffset(html, i)}`);
      }
      const attributes = match?.[2] ?? "";
      if (name === "a" && !/^\s+href\s*=\s*"[^"<>]*"\s*$/.test(attributes)) {
        return error(`Can't find end of href attribute at byte offset ${byteOffset(html, i)}`);
      }
      // A date-time entity: a Unix time, and optionally a format ("r" relative, or weekday w,
      // date d|D, time t|T in that order; https://core.telegram.org/bots/api#date-time-entity-formatting).
      if (name === "tg-time") {
        const time = /^\s+unix\s*=\s*"(\d{1,12})"(?:\s+format\s*=\s*"([^"]*)")?\s*$/.exec(attributes);
        if (time === null) return error(`Can't find "unix" attribute of tg-time at byte offset ${byteOffset(html, i)}`);
        if (time[2] !== undefined && !/^(r|w?[dD]?[tT]?)$/.test(time[2])) return error(`Invalid date-time format "${time[2]}" at byte offset ${byteOffset(html, i)}`);
      }
      open.push({ name, at: i });
    }
    i = close + 1;
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) return error(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { ok: true, text };
}
