/**
 * The bot's context: grammY's, plus the conversation state kept in the database: a form
 * waiting for its text (a flag's rationale), so a restart loses no conversation.
 */
import type { Context, SessionFlavor, StorageAdapter } from "grammy";
import type { ChatRef } from "../core/ports.js";
import type { FormRequest } from "../chat/reply.js";

/** A form asked with force_reply, waiting for the user's text. */
export interface PendingForm {
  readonly form: FormRequest;
  /** The bot's question: in a group (privacy mode) only a reply to it is the answer. */
  readonly promptMessageId: number;
}

/** Per user and chat conversation state. */
export interface ConversationState {
  pending?: PendingForm | undefined;
}

/** Where conversation state is kept (grammY's storage adapter role). */
export type ConversationStorage = StorageAdapter<ConversationState>;

/** The context every handler gets. */
export type BotContext = Context & SessionFlavor<ConversationState>;

/** Telegram user and chat of an update as the core names them. */
export function chatRef(ctx: Context): ChatRef | null {
  if (ctx.from === undefined || ctx.chat === undefined) return null;
  return { platform: "TELEGRAM", userId: String(ctx.from.id), chatId: String(ctx.chat.id) };
}

/** The forum topic of the message ("" outside topics), where replies and subscriptions go. */
export function topicOf(ctx: Context): string {
  const msg = ctx.msg;
  return msg?.is_topic_message === true && msg.message_thread_id !== undefined ? String(msg.message_thread_id) : "";
}
