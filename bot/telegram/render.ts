/**
 * A chat-layer {@link Reply} as one Telegram message: HTML text (title, lines, facts as
 * "label: value", bars of 10 cells with their caption, sections, footer, and a refusal's code
 * as a last muted line so support and tests can tell it by meaning) and an inline keyboard
 * (link buttons, then command buttons whose callback data is the encoded invocation; a
 * `pick` list has one button per row).
 */
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton } from "grammy/types";
import { commandForButton } from "../chat/commands/button-command.js";
import { bar } from "../chat/format.js";
import { encodeInvocation } from "../chat/params.js";
import type { CommandButton, Reply } from "../chat/reply.js";
import { clip } from "../chat/text.js";
import { escapeHtml, isWebUrl, lineHtml } from "./html.js";

/** Telegram's limits: 4,096 characters of text, 64 bytes of callback data. */
const MAX_TEXT = 4096;
const MAX_CALLBACK_BYTES = 64;
/** Button labels are cut to stay readable on a phone. */
const MAX_LABEL = 60;

/** A reply as Telegram sends it. */
export interface RenderedReply {
  readonly html: string;
  readonly keyboard: InlineKeyboard | undefined;
}

/** The message text; `now` (Unix seconds) makes times relative. */
export function replyHtml(reply: Reply, now: number): string {
  const out: string[] = [];
  if (reply.title !== undefined) out.push(`<b>${lineHtml(reply.title, now)}</b>`);
  out.push(...reply.lines.map((l) => lineHtml(l, now)));
  out.push(...reply.facts.map((f) => `${escapeHtml(f.label)}: ${lineHtml(f.value, now)}`));
  out.push(...reply.bars.map((b) => `${escapeHtml(b.label)} <code>${bar(b.part, b.whole)}</code> ${lineHtml(b.caption, now)}`));
  for (const section of reply.sections) out.push("", `<b>${lineHtml(section.title, now)}</b>`, ...section.lines.map((l) => lineHtml(l, now)));
  if (reply.form !== undefined) out.push(`<b>${escapeHtml(reply.form.title)}</b>: ${escapeHtml(reply.form.field.placeholder)}`, `Send it as your next message or as a reply to this one, or /cancel.`);
  if (reply.footer !== undefined) out.push("", `<i>${lineHtml(reply.footer, now)}</i>`);
  if (reply.refusal !== undefined) out.push(`<i>code ${escapeHtml(reply.refusal.code)}</i>`);
  return fit(out).trim();
}

/** Whole lines up to Telegram's limit (each line closes its own tags), then "…". */
function fit(lines: readonly string[]): string {
  const kept: string[] = [];
  let size = 0;
  for (const l of lines) {
    if (size + l.length + 1 > MAX_TEXT - 2) return [...kept, "…"].join("\n");
    kept.push(l);
    size += l.length + 1;
  }
  return kept.join("\n");
}

/** A command button as callback data (a command this deployment lacks gets its stand-in's), or `null` when too long. */
export function callbackData(button: CommandButton): string | null {
  const data = encodeInvocation(commandForButton(button.run.command), button.run);
  return Buffer.byteLength(data, "utf8") <= MAX_CALLBACK_BYTES ? data : null;
}

/**
 * The inline keyboard: links (http(s) only) on one row, the "Open in <wallet>" links on the next
 * (three labels fit a phone's row), then the commands (one per row for a pick list).
 */
export function replyKeyboard(reply: Reply): InlineKeyboard | undefined {
  const urlButtons = (wallet: boolean) =>
    reply.links.filter((l) => isWebUrl(l.url) && (l.kind === "wallet") === wallet).map((l) => InlineKeyboard.url(clip(l.label, MAX_LABEL), l.url));
  const links = urlButtons(false);
  const wallets = urlButtons(true);
  const commands = reply.buttons.flatMap((b): InlineKeyboardButton[] => {
    const data = callbackData(b);
    return data === null ? [] : [InlineKeyboard.text(clip(b.label, MAX_LABEL), data)];
  });
  const rows = [links, wallets, ...(reply.pick === true ? commands.map((c) => [c]) : [commands])].filter((row) => row.length > 0);
  return rows.length === 0 ? undefined : InlineKeyboard.from(rows);
}

/** The whole message. */
export function renderReply(reply: Reply, now: number): RenderedReply {
  return { html: replyHtml(reply, now), keyboard: replyKeyboard(reply) };
}
