/**
 * Inline text that every adapter can render: plain words, emphasis, monospace, links, times
 * and command mentions. The chat layer never writes platform markup (Discord markdown,
 * Telegram HTML, ANSI); adapters turn spans into it and escape every plain span, so a
 * campaign title or a rationale can never become markup on any platform.
 */

/** One piece of a line. */
export type Span =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "bold"; readonly text: string }
  /** Addresses, ids, hashes: monospace, copied as is. */
  | { readonly kind: "code"; readonly text: string }
  /** Only http(s) URLs are ever rendered as links; adapters show anything else as text. */
  | { readonly kind: "link"; readonly text: string; readonly url: string }
  /** A moment, shown in the reader's own time zone where the platform can (Discord, Telegram) and with "in 3 days" beside it. */
  | { readonly kind: "time"; readonly unix: number }
  /** A command the reader can run: clickable where the platform allows it (Discord's `</name:id>`). */
  | { readonly kind: "command"; readonly name: string };

/** A line of text: spans rendered one after another. */
export type Line = readonly Span[];

/** What a template slot may hold: a span, a line, plain text or a number. */
export type Slot = Span | Line | string | number | bigint;

/** Plain text. */
export const text = (t: string): Span => ({ kind: "text", text: t });
/** Emphasis. */
export const bold = (t: string): Span => ({ kind: "bold", text: t });
/** Monospace. */
export const code = (t: string): Span => ({ kind: "code", text: t });
/** A link; `label` defaults to the URL itself. */
export const link = (url: string, label = url): Span => ({ kind: "link", text: label, url });
/** A moment (Unix seconds). */
export const time = (unix: number): Span => ({ kind: "time", unix });
/** A command mention, by name (`"dispute resolve"` for a subcommand). */
export const command = (name: string): Span => ({ kind: "command", name });

function isSpan(slot: Slot): slot is Span {
  return typeof slot === "object" && !Array.isArray(slot) && "kind" in slot;
}

function spansOf(slot: Slot): Span[] {
  if (typeof slot === "string") return slot === "" ? [] : [text(slot)];
  if (typeof slot === "number" || typeof slot === "bigint") return [text(String(slot))];
  if (isSpan(slot)) return [slot];
  return [...slot];
}

/**
 * A line from a template: `line\`Flag on ${bold(title)} landed ${time(at)}\``. Strings in
 * slots are plain text (escaped by the adapter); spans keep their kind.
 */
export function line(strings: TemplateStringsArray, ...slots: Slot[]): Line {
  const out: Span[] = [];
  strings.forEach((s, i) => {
    if (s !== "") out.push(text(s));
    if (i < slots.length) out.push(...spansOf(slots[i] as Slot));
  });
  return merge(out);
}

/** Joins slots into one line. */
export function join(...slots: Slot[]): Line {
  return merge(slots.flatMap(spansOf));
}

/** Adjacent plain spans as one (smaller output, simpler tests). */
function merge(spans: Span[]): Line {
  const out: Span[] = [];
  for (const s of spans) {
    const prev = out.at(-1);
    if (s.kind === "text" && prev?.kind === "text") out[out.length - 1] = text(prev.text + s.text);
    else out.push(s);
  }
  return out;
}

/** The line as plain text (times as ISO UTC, commands as `/name`): logs, tests and fallbacks. */
export function plain(l: Line): string {
  return l
    .map((s) => {
      switch (s.kind) {
        case "time":
          return `${new Date(s.unix * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
        case "command":
          return `/${s.name}`;
        default:
          return s.text;
      }
    })
    .join("");
}

/** `text` cut to `max` characters with an ellipsis (user text in titles and buttons). */
export function clip(t: string, max: number): string {
  return t.length <= max ? t : `${t.slice(0, Math.max(0, max - 1))}…`;
}
