/**
 * Telegram's flood limits as token buckets: about 30 messages per second overall, 20 per
 * minute in a group, 1 per second in a private chat. A message that finds an empty bucket
 * is refused with 429 and the whole seconds until a token is back.
 */

/** One limit: `capacity` messages at once, refilled at `perSecond`. */
export interface BucketLimit {
  readonly capacity: number;
  readonly perSecond: number;
}

/** The limits the server enforces. */
export interface FloodLimits {
  readonly global: BucketLimit;
  readonly group: BucketLimit;
  readonly privateChat: BucketLimit;
}

/** Telegram's published limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
export const TELEGRAM_FLOOD_LIMITS: FloodLimits = {
  global: { capacity: 30, perSecond: 30 },
  group: { capacity: 20, perSecond: 20 / 60 },
  privateChat: { capacity: 1, perSecond: 1 },
};

class Bucket {
  private tokens: number;
  private at: number;
  constructor(private readonly limit: BucketLimit, now: number) {
    this.tokens = limit.capacity;
    this.at = now;
  }
  /** Seconds until one token is available (0 when one is). */
  wait(now: number): number {
    this.tokens = Math.min(this.limit.capacity, this.tokens + ((now - this.at) / 1000) * this.limit.perSecond);
    this.at = now;
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.limit.perSecond;
  }
  take(): void {
    this.tokens -= 1;
  }
}

/** Per-bot flood state. */
export class FloodControl {
  private readonly global: Bucket;
  private readonly chats = new Map<number, Bucket>();
  constructor(private readonly limits: FloodLimits, now: number) {
    this.global = new Bucket(limits.global, now);
  }
  /** Takes a token for a message to `chatId`, or returns the `retry_after` seconds to report. */
  admit(chatId: number, now: number): { ok: true } | { ok: false; retryAfter: number } {
    let chat = this.chats.get(chatId);
    if (chat === undefined) {
      chat = new Bucket(chatId < 0 ? this.limits.group : this.limits.privateChat, now);
      this.chats.set(chatId, chat);
    }
    const wait = Math.max(this.global.wait(now), chat.wait(now));
    if (wait > 0) return { ok: false, retryAfter: Math.max(1, Math.ceil(wait)) };
    this.global.take();
    chat.take();
    return { ok: true };
  }
  /** The least time (ms) the limits allow for one message to each of `groups` fresh groups. */
  static minimumFanoutMs(limits: FloodLimits, groups: number): number {
    const beyondBurst = Math.max(0, groups - limits.global.capacity);
    return (beyondBurst / limits.global.perSecond) * 1000;
  }
}
