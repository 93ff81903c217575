/**
 * A chat-layer {@link Reply} as lines of terminal text: title, lines, facts as "label: value",
 * bars of 10 cells, sections, links printed as URLs (a terminal opens them), buttons numbered
 * with the command they run (typing the number runs it), a form's question, the footer, and a
 * refusal's code last. ANSI styling only when asked for (the output is a TTY); plain spans are
 * printed with control characters removed, so a campaign title cannot move the cursor.
 */
import { bar, relative } from "../chat/format.js";
import type { CommandButton, Invocation, Reply, Tone } from "../chat/reply.js";
import { plain, type Line, type Span } from "../chat/text.js";
import { findCommand } from "../chat/commands/index.js";
import type { ParamSpecs } from "../chat/command.js";

/** A rendered reply: its text and the invocations its numbered buttons run, in order. */
export interface RenderedReply {
  readonly text: string;
  readonly actions: readonly Invocation[];
}

const ESC = "\u001b[";
type Ansi = (code: string, text: string) => string;
const styled: Ansi = (code, text) => `${ESC}${code}m${text}${ESC}0m`;
const unstyled: Ansi = (_code, text) => text;

const TONE_MARK: Readonly<Record<Tone, { mark: string; color: string }>> = {
  info: { mark: "•", color: "36" },
  good: { mark: "✓", color: "32" },
  warn: { mark: "!", color: "33" },
  bad: { mark: "✗", color: "31" },
};

/** Text from the chain or a user with terminal control characters (escapes, carriage returns) removed. */
export function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, "");
}

function span(s: Span, now: number, ansi: Ansi): string {
  switch (s.kind) {
    case "bold":
      return ansi("1", safe(s.text));
    case "code":
      return ansi("36", safe(s.text));
    case "link":
      return /^https?:\/\//.test(s.url) && s.text !== s.url ? `${safe(s.text)} (${ansi("4", safe(s.url))})` : safe(s.text);
    case "time":
      return `${plain([s])} (${relative(s.unix, now)})`;
    case "command":
      return ansi("1", `/${s.name}`);
    default:
      return safe(s.text);
  }
}

/** One line of spans as terminal text. */
export function lineText(l: Line, now: number, ansi: Ansi = unstyled): string {
  return l.map((s) => span(s, now, ansi)).join("");
}

/**
 * How the button would be typed (`/campaign <address>`, milestones counted from 1), or null
 * when it carries what typing cannot (a hidden parameter, a value after a missing one).
 */
export function typedForm(button: CommandButton): string | null {
  const command = findCommand(button.run.command);
  if (command === undefined) return null;
  const words: string[] = [`/${command.name}`];
  let gap = false;
  for (const [name, spec] of Object.entries(command.params as ParamSpecs)) {
    const value = button.run.params[name];
    if (value === undefined) {
      gap = true;
      continue;
    }
    if (spec.hidden === true || spec.kind === "file" || gap) return null;
    if (spec.kind === "milestone") words.push(String(Number(value) + 1));
    else if (typeof value === "boolean") words.push(value ? "on" : "off");
    else words.push(String(value));
  }
  return words.join(" ");
}

/** The reply as terminal text; `now` (Unix seconds) makes times relative, `color` adds ANSI styling. */
export function renderReply(reply: Reply, now: number, color: boolean): RenderedReply {
  const ansi = color ? styled : unstyled;
  const text = (l: Line) => lineText(l, now, ansi);
  const tone = TONE_MARK[reply.tone];
  const out: string[] = [];
  if (reply.title !== undefined) out.push(`${ansi(tone.color, tone.mark)} ${ansi("1", text(reply.title))}`);
  out.push(...reply.lines.map(text));
  out.push(...reply.facts.map((f) => `${safe(f.label)}: ${text(f.value)}`));
  out.push(...reply.bars.map((b) => `${safe(b.label)} [${bar(b.part, b.whole)}] ${text(b.caption)}`));
  for (const section of reply.sections) out.push("", ansi("1", text(section.title)), ...section.lines.map((l) => `  ${text(l)}`));
  // A link the lines already print (a flag's "Transaction: <url>") is not printed twice.
  const printed = out.join("\n");
  for (const l of reply.links) if (/^https?:\/\//.test(l.url) && !printed.includes(safe(l.url))) out.push(`${safe(l.label)}: ${ansi("4", safe(l.url))}`);
  reply.buttons.forEach((b, i) => {
    const typed = typedForm(b);
    out.push(`  ${ansi("1", `${i + 1})`)} ${safe(b.label)}${typed === null ? "" : ansi("2", `   ${typed}`)}`);
  });
  if (reply.buttons.length > 0) out.push(ansi("2", reply.pick === true ? "Type a number to pick." : "Type a number to run it."));
  if (reply.form !== undefined) {
    out.push(`${ansi("1", safe(reply.form.title))}: ${safe(reply.form.field.placeholder)}`, ansi("2", "Type it on the next line, or /cancel."));
  }
  if (reply.footer !== undefined) out.push(ansi("2", text(reply.footer)));
  if (reply.refusal !== undefined) out.push(ansi("2", `code ${reply.refusal.code}`));
  return { text: out.join("\n"), actions: reply.buttons.map((b) => b.run) };
}
