/**
 * The bot's context: grammY's, plus the conversation state kept in the database (a /flag
 * waiting for its campaign, milestone or rationale), so a restart loses no conversation.
 */
import type { Context, SessionFlavor, StorageAdapter } from "grammy";

/** A /flag conversation in progress. */
export interface FlagDraft {
  readonly step: "campaign" | "milestone" | "rationale";
  readonly campaign?: string;
  readonly milestoneIndex?: number;
  /** The submission the user saw (from an announcement button), if any. */
  readonly attempt?: number;
  /** The bot's message that asks for the rationale: a reply to it carries the rationale. */
  readonly promptMessageId?: number;
}

/** Per user and chat conversation state. */
export interface ConversationState {
  flag?: FlagDraft | undefined;
}

/** Where conversation state is kept (grammY's storage adapter role). */
export type ConversationStorage = StorageAdapter<ConversationState>;

/** The context every handler gets. */
export type BotContext = Context & SessionFlavor<ConversationState>;

/** Telegram user and chat of an update as the core names them. */
export function chatRef(ctx: Context): { platform: "TELEGRAM"; userId: string; chatId: string } | null {
  if (ctx.from === undefined || ctx.chat === undefined) return null;
  return { platform: "TELEGRAM", userId: String(ctx.from.id), chatId: String(ctx.chat.id) };
}

/** The forum topic of the message ("" outside topics), where replies and subscriptions go. */
export function topicOf(ctx: Context): string {
  const msg = ctx.msg;
  return msg?.is_topic_message === true && msg.message_thread_id !== undefined ? String(msg.message_thread_id) : "";
}

/** Words after the command, split on whitespace. */
export function args(ctx: Context & { match?: unknown }): string[] {
  const text = typeof ctx.match === "string" ? ctx.match.trim() : "";
  return text === "" ? [] : text.split(/\s+/);
}
