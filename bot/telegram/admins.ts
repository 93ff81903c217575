/**
 * Whether the sender administers the chat, as Telegram says (getChatMember), for the core's
 * admin-only rules. Anonymous admins post as the group itself (`sender_chat` is the chat,
 * `from` is @GroupAnonymousBot): only admins can, so that is an admin. A channel posting
 * into its linked group is not.
 */
import type { Context } from "grammy";

/** True when the sender of `ctx`'s message or button press is an admin of its chat. */
export async function senderIsChatAdmin(ctx: Context): Promise<boolean> {
  const chat = ctx.chat;
  if (chat === undefined || ctx.from === undefined) return false;
  // A private chat belongs to the user in it.
  if (chat.type === "private") return chat.id === ctx.from.id;
  const senderChat = ctx.msg?.sender_chat;
  if (senderChat !== undefined) return senderChat.id === chat.id;
  const member = await ctx.api.getChatMember(chat.id, ctx.from.id);
  return member.status === "creator" || member.status === "administrator";
}
