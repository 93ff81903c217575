/**
 * Who runs a command on Telegram, in the chat layer's terms: the user and chat, a private
 * chat or a group, the forum topic a subscription announces in, the chat's admins (as
 * Telegram says, getChatMember) and the PepFund team (the configured user ids).
 */
import type { Caller } from "../chat/command.js";
import type { ChatDeps } from "../chat/deps.js";
import type { Reply } from "../chat/reply.js";
import { senderIsChatAdmin } from "./admins.js";
import { chatRef, topicOf, type BotContext } from "./context.js";
import { telegramPlatform } from "./platform.js";

/** The caller of `ctx`'s update, or `null` for an update without a user and chat. */
export function callerFor(ctx: BotContext, deps: ChatDeps, progress: (update: Reply) => Promise<void>): Caller | null {
  const chat = chatRef(ctx);
  if (chat === null || ctx.chat === undefined) return null;
  let admin: Promise<boolean> | undefined;
  return {
    chat,
    platform: telegramPlatform,
    place: ctx.chat.type === "private" ? "private" : "group",
    channel: { scopeId: chat.chatId, channelId: topicOf(ctx) },
    // Asked once per update: dispatch and the command may both want it.
    isChatAdmin: () => (admin ??= senderIsChatAdmin(ctx)),
    isTeamMember: () => Promise.resolve((deps.team.TELEGRAM ?? []).includes(chat.userId)),
    progress,
  };
}
