/**
 * Announcements to Telegram chats and forum topics for the core's outbox. Flood limits are
 * respected before sending (the pacer) and a 429 is waited out in place when short; what
 * still fails is reported in the outbox's terms, so nothing is lost: a 429 becomes
 * `RetryAfterError` (the outbox defers by `retry_after`), a chat that will never take the
 * message (bot removed, chat or topic gone) `DeliveryRefusedError`, anything else an outage
 * retried with backoff.
 */
import { Api, GrammyError } from "grammy";
import { DeliveryRefusedError, RetryAfterError } from "../core/delivery-errors.js";
import type { ChatNotifier, ChatTarget, Notice } from "../core/ports.js";
import { noticeReply, type NoticeSettings } from "../chat/notices.js";
import { installFloodControl } from "./bot.js";
import { HTML } from "./html.js";
import { FloodPacer } from "./pacing.js";
import { renderReply } from "./render.js";

/** Bad Request descriptions that mean the chat will never take the message. */
const GONE = ["chat not found", "message thread not found", "TOPIC_CLOSED", "TOPIC_DELETED", "not enough rights"];

/** The Telegram side of announcements. */
export class TelegramNotifier implements ChatNotifier {
  private readonly api: Api;
  private readonly settings: NoticeSettings;

  /**
   * `pacer`: share the bot's, so replies and announcements use one flood budget. `cluster`:
   * transactions in notices link to the explorer for it (`rpcUrl`: a localnet's; default mainnet).
   * `publicBaseUrl`: campaign notices link the campaign's public page there.
   */
  constructor(token: string, options: { apiRoot?: string; pacer?: FloodPacer; cluster?: string; rpcUrl?: string; publicBaseUrl?: string } = {}) {
    this.api = new Api(token, options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot });
    this.settings = {
      explorer: { cluster: options.cluster ?? "mainnet", ...(options.rpcUrl === undefined ? {} : { rpcUrl: options.rpcUrl }) },
      ...(options.publicBaseUrl === undefined ? {} : { publicBaseUrl: options.publicBaseUrl }),
    };
    installFloodControl(this.api, options.pacer ?? new FloodPacer());
  }

  /**
   * Takes no message key: `sendMessage` has no idempotency key, so a message in flight when the
   * bot dies (posted, not yet marked sent) is posted again after its lease: at least once.
   */
  async send(target: ChatTarget, notice: Notice): Promise<void> {
    if (target.platform !== "TELEGRAM") throw new DeliveryRefusedError(`not a Telegram target: ${target.platform}`);
    const { html, keyboard } = renderReply(noticeReply(notice, this.settings), Math.floor(Date.now() / 1000));
    try {
      await this.api.sendMessage(Number(target.chatId), html, {
        ...HTML,
        ...(keyboard === undefined ? {} : { reply_markup: keyboard }),
        ...(target.threadId === undefined || target.threadId === "" ? {} : { message_thread_id: Number(target.threadId) }),
      });
    } catch (error) {
      throw asDeliveryError(error);
    }
  }
}

/** A Bot API failure in the outbox's terms. */
export function asDeliveryError(error: unknown): unknown {
  if (!(error instanceof GrammyError)) return error;
  const retryAfter = error.parameters.retry_after;
  if (error.error_code === 429 && retryAfter !== undefined) {
    return new RetryAfterError(retryAfter * 1000, `telegram: ${error.description}`, { cause: error });
  }
  if (error.error_code === 403 || (error.error_code === 400 && GONE.some((g) => error.description.includes(g)))) {
    return new DeliveryRefusedError(`telegram: ${error.description}`, { cause: error });
  }
  return error;
}
