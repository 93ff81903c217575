/**
 * Sends announcements to Discord channels and threads. discord.js's REST queue waits out
 * short 429s (it honours `retry_after` and the rate-limit headers); a longer wait, or a
 * Discord that is down, is thrown back so the outbox keeps the notice and tries again
 * later: nothing is lost. A channel that is gone or forbidden is a permanent refusal.
 * Every message carries a nonce derived from its outbox key with `enforce_nonce`: when a bot
 * died after Discord created the message but before the outbox marked it sent, the next
 * delivery gets the existing message back (within Discord's few-minute window) instead of a
 * second post.
 * A personal notice (your flag landed, your signed deposit landed) is addressed to the user
 * (`dm:<user id>`, see platform.ts) and goes to their DM channel, opened once per user.
 */
import { createHash } from "node:crypto";
import { DiscordAPIError, RateLimitError, Routes, type Client } from "discord.js";
import { DeliveryRefusedError, RetryAfterError } from "../core/delivery-errors.js";
import type { Notice } from "../core/notices.js";
import type { ChatNotifier, ChatTarget } from "../core/ports.js";
import { directUserId } from "./platform.js";
import { noticeReply, type NoticeSettings } from "../chat/notices.js";
import type { CommandMentions } from "./mentions.js";
import { messageOf } from "./render.js";

/** Discord's answers meaning "this channel will never take the message" (JSON error codes). */
const PERMANENT = new Set([
  10003, // Unknown Channel
  50001, // Missing Access
  50013, // Missing Permissions
  50007, // Cannot send messages to this user
]);

/** Discord's longest string nonce. */
const NONCE_LENGTH = 25;

/** The nonce for one outbox message: 25 base64url characters (150 bits) of its key's SHA-256. */
export function messageNonce(messageKey: string): string {
  return createHash("sha256").update(messageKey, "utf8").digest("base64url").slice(0, NONCE_LENGTH);
}

export class DiscordNotifier implements ChatNotifier {
  /** DM channel ids by user id: Discord returns the same channel for a user every time. */
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly client: Client,
    private readonly settings: NoticeSettings,
    private readonly mentions: CommandMentions,
  ) {}

  /** The channel a target's messages go to: its thread or channel, or the user's DM channel. */
  private async channelOf(target: ChatTarget): Promise<string> {
    const userId = directUserId(target);
    if (userId === null) return target.threadId ?? target.chatId;
    const known = this.dmChannels.get(userId);
    if (known !== undefined) return known;
    const channel = (await this.client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }

  async send(target: ChatTarget, notice: Notice, messageKey: string): Promise<void> {
    if (target.platform !== "DISCORD") throw new DeliveryRefusedError(`not a Discord target: ${target.platform}`);
    const { embeds, components } = messageOf(noticeReply(notice, this.settings), this.mentions.known(null));
    let channelId = target.chatId;
    try {
      channelId = await this.channelOf(target);
      await this.client.rest.post(Routes.channelMessages(channelId), {
        body: {
          embeds,
          components,
          // Never ping, whatever a campaign title or label contains.
          allowed_mentions: { parse: [] },
          nonce: messageNonce(messageKey),
          enforce_nonce: true,
        },
      });
    } catch (error) {
      if (error instanceof RateLimitError) throw new RetryAfterError(error.retryAfter, `discord: rate limited on ${error.route}`, { cause: error });
      if (error instanceof DiscordAPIError && typeof error.code === "number" && PERMANENT.has(error.code)) {
        throw new DeliveryRefusedError(`discord: channel ${channelId} refuses messages (${error.code} ${error.message})`, { cause: error });
      }
      throw error;
    }
  }
}
