/**
 * Every chat-layer command bound to grammY. `/name args` is split by the declaration
 * (`splitTyped`) and dispatched; `/group sub args` names a subcommand; a document whose
 * caption is the command (or a command replying to one) carries a file parameter. Buttons
 * carry an encoded invocation; a form's answer is the user's next message (private chat) or
 * a reply to the question (groups, where privacy mode shows the bot only replies); /cancel
 * ends a form. Unknown subcommands and bad arguments get dispatch's refusal with the usage.
 */
import { Composer } from "grammy";
import type { Document } from "grammy/types";
import type { AnyCommand, ParamSpecs } from "../chat/command.js";
import { commandForButton } from "../chat/commands/button-command.js";
import { COMMANDS, findCommand } from "../chat/commands/index.js";
import type { ChatDeps } from "../chat/deps.js";
import { decodeInvocation, rawFromId, splitTyped, usage, type RawValue } from "../chat/params.js";
import { refusal } from "../chat/replies.js";
import { privateReply } from "../chat/reply.js";
import { command as commandSpan, line } from "../chat/text.js";
import type { BotContext } from "./context.js";
import { run, send } from "./answer.js";
import { documentFile, type FileDownloader } from "./files.js";

/** Telegram's name for a command: its first word ("dispute" for "dispute resolve"). */
export function telegramName(command: AnyCommand): string {
  return command.name.split(" ")[0] ?? command.name;
}

/** The Telegram command names the router answers: the declarations' names, then the conversation's own. */
export function routedNames(commands: readonly AnyCommand[] = COMMANDS): string[] {
  return [...new Set(commands.map(telegramName)), ...CONVERSATION_COMMANDS];
}

/** Commands of the Telegram conversation itself, not of the chat layer. */
export const CONVERSATION_COMMANDS = ["start", "cancel"] as const;

/** The command a typed `/name rest` means, and the text after its name (a subcommand's after both words). */
function resolve(name: string, rest: string): { command: AnyCommand; text: string } | { usage: string } {
  const whole = findCommand(name);
  if (whole !== undefined) return { command: whole, text: rest };
  const [sub = "", ...more] = rest.trim().split(/\s+/);
  const found = findCommand(`${name} ${sub.toLowerCase()}`);
  if (found !== undefined) return { command: found, text: more.join(" ") };
  const subs = COMMANDS.filter((c) => telegramName(c) === name);
  // "/dispute" alone: the first subcommand that needs nothing (the list), else the usages.
  const bare = sub === "" ? subs.find((c) => Object.values(c.params as ParamSpecs).every((p) => !p.required)) : undefined;
  if (bare !== undefined) return { command: bare, text: "" };
  // "/dispute <campaign> 1 approve …": the one subcommand that takes arguments, named or not
  // (the form Telegram users typed before subcommands had names).
  const taking = subs.filter((c) => Object.values(c.params as ParamSpecs).some((p) => p.required));
  const only = sub === "" ? undefined : taking.length === 1 ? taking[0] : undefined;
  if (only !== undefined) return { command: only, text: rest };
  return { usage: subs.map((c) => usage(c)).join(" or ") };
}

/** The file parameter's name, if the command takes one. */
function fileParam(command: AnyCommand): string | undefined {
  return Object.entries(command.params as ParamSpecs).find(([, p]) => p.kind === "file")?.[0];
}

/** The binding of every command, button and form to the chat layer. */
export function chatRouter(deps: ChatDeps, download: FileDownloader): Composer<BotContext> {
  const router = new Composer<BotContext>();

  const typed = async (ctx: BotContext, name: string, rest: string, document: Document | undefined) => {
    const found = resolve(name, rest);
    if ("usage" in found) {
      await send(ctx, deps, refusal("ParameterInvalid", { param: "subcommand", usage: found.usage }, "public"));
      return;
    }
    const raw: Record<string, RawValue> = splitTyped(found.command.params as ParamSpecs, found.text);
    const file = fileParam(found.command);
    if (file !== undefined && document !== undefined) raw[file] = documentFile(ctx.api, document, download);
    // A new command ends a form left open: its answer would be taken for the old question.
    ctx.session.pending = undefined;
    await run(ctx, deps, { command: found.command, raw, typed: true });
  };

  router.command("cancel", async (ctx) => {
    const had = ctx.session.pending !== undefined;
    ctx.session.pending = undefined;
    await send(ctx, deps, privateReply({ lines: [had ? line`Cancelled. Nothing was sent.` : line`Nothing to cancel.`] }));
  });
  router.command("start", (ctx) => typed(ctx, "help", "", undefined));
  for (const name of new Set(COMMANDS.map(telegramName))) {
    router.command(name, (ctx) => typed(ctx, name, ctx.match, ctx.msg.reply_to_message?.document));
  }

  // Commands in captions are not commands to grammY: a document captioned "/submit ...".
  router.on("message:document", async (ctx, next) => {
    const caption = /^\/([a-z]+)(?:@\w+)?(?:\s+([^]*))?$/.exec(ctx.msg.caption ?? "");
    const name = caption?.[1];
    if (name === undefined || !COMMANDS.some((c) => telegramName(c) === name)) return next();
    await typed(ctx, name, caption?.[2] ?? "", ctx.msg.document);
  });

  router.on("callback_query:data", async (ctx, next) => {
    const decoded = decodeInvocation(ctx.callbackQuery.data);
    if (decoded === null) return next();
    // A command this deployment lacks still answers (button-command.ts).
    const command = commandForButton(decoded.command);
    // A private answer in a group replies to its owner's message: its buttons are theirs.
    const owner = ctx.callbackQuery.message?.reply_to_message?.from;
    if (ctx.chat?.type !== "private" && owner !== undefined && !owner.is_bot && owner.id !== ctx.from.id) {
      await ctx.answerCallbackQuery({ text: `This menu is not yours. Start your own with /${telegramName(command)}.`, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    ctx.session.pending = undefined;
    await run(ctx, deps, { command, raw: rawFromId(command, decoded.raw), typed: false });
  });

  // A form's answer: the next text in a private chat, a reply to the question in a group.
  router.on("message:text", async (ctx, next) => {
    const pending = ctx.session.pending;
    const isCommand = ctx.msg.entities?.some((e) => e.type === "bot_command" && e.offset === 0) ?? false;
    const command = pending === undefined ? undefined : findCommand(pending.form.submit.command);
    if (pending === undefined || command === undefined || isCommand) return next();
    if (ctx.chat.type !== "private" && ctx.msg.reply_to_message?.message_id !== pending.promptMessageId) return next();
    const { field } = pending.form;
    const text = ctx.msg.text.trim();
    if (text.length < field.minLength || text.length > field.maxLength) {
      const limits = `${field.minLength.toLocaleString("en-US")} to ${field.maxLength.toLocaleString("en-US")} characters`;
      await send(ctx, deps, privateReply({ tone: "warn", lines: [line`${field.label}: ${limits}, yours has ${text.length.toLocaleString("en-US")}. Send it again, or ${commandSpan("cancel")}.`] }));
      return;
    }
    ctx.session.pending = undefined;
    await run(ctx, deps, { command, raw: { ...pending.form.submit.params, [field.name]: text }, typed: false });
  });

  return router;
}
