/**
 * Runs a command for an update and answers it. Telegram has no message only one member of a
 * group sees, so a private answer in a group is sent as a reply to its owner's message: its
 * buttons are then the owner's alone (router.ts refuses anyone else's press). A slow command's
 * progress is one message, edited into the final answer. A form is asked with force_reply and
 * kept in the session (the database) until the text comes, so a restart keeps it.
 */
import type { Message } from "grammy/types";
import type { ChatDeps } from "../chat/deps.js";
import { answerDelivered, dispatch, type CommandCall } from "../chat/dispatch.js";
import type { Reply } from "../chat/reply.js";
import { clip } from "../chat/text.js";
import { callerFor } from "./caller.js";
import type { BotContext } from "./context.js";
import { HTML } from "./html.js";
import { renderReply } from "./render.js";

/** Telegram's limit on a force_reply placeholder. */
const MAX_PLACEHOLDER = 64;

/**
 * The message a private answer in a group replies to: the user's own message, or, for a
 * press on a private answer, the message that answer replied to.
 */
function ownerMessageId(ctx: BotContext): number | undefined {
  if (ctx.callbackQuery === undefined) return ctx.msg?.message_id;
  const replied = ctx.callbackQuery.message?.reply_to_message;
  return replied?.from?.is_bot === false ? replied.message_id : undefined;
}

/** Sends `reply` for `ctx` (or edits `progress` into it); a form is remembered in the session. */
export async function send(ctx: BotContext, deps: ChatDeps, reply: Reply, progress?: Message): Promise<Message> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const { html, keyboard } = renderReply(reply, now);
  const form = reply.form;
  if (progress !== undefined && form === undefined) {
    const edited = await ctx.api.editMessageText(progress.chat.id, progress.message_id, html, { ...HTML, ...(keyboard === undefined ? {} : { reply_markup: keyboard }) });
    return edited === true ? progress : edited;
  }
  const owner = reply.visibility === "private" && ctx.chat?.type !== "private" ? ownerMessageId(ctx) : undefined;
  const markup =
    form === undefined
      ? keyboard
      : { force_reply: true as const, selective: true, input_field_placeholder: clip(form.field.placeholder, MAX_PLACEHOLDER) };
  const sent = await ctx.reply(html, {
    ...HTML,
    ...(markup === undefined ? {} : { reply_markup: markup }),
    ...(owner === undefined ? {} : { reply_parameters: { message_id: owner, allow_sending_without_reply: true } }),
  });
  if (form !== undefined) ctx.session.pending = { form, promptMessageId: sent.message_id };
  return sent;
}

/** Dispatches `call` for the update's user and answers. */
export async function run(ctx: BotContext, deps: ChatDeps, call: CommandCall): Promise<void> {
  let progress: Message | undefined;
  const caller = callerFor(ctx, deps, async (update) => {
    progress = await send(ctx, deps, update, progress);
  });
  if (caller === null) return;
  const reply = await dispatch(deps, caller, call);
  await send(ctx, deps, reply, progress);
  await answerDelivered(deps, reply);
}
