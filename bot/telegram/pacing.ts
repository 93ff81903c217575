/**
 * Flood control on our side: every message is scheduled under Telegram's limits before it
 * leaves (about 30 messages/s overall, 20 per minute per group, 1 per second per private
 * chat), so bulk announcements do not collect 429s. Scheduling is the generic cell rate
 * algorithm (a token bucket as due times): a message may go once the bucket of its chat has
 * a token and the overall rate allows it. The overall rate has no burst, so Telegram's own
 * bucket stays full and network jitter cannot push us over it.
 */
import type { Transformer } from "grammy";

/** A rate with a burst: `burst` messages at once, then one every `intervalMs`. */
export interface Rate {
  readonly burst: number;
  readonly intervalMs: number;
}

/** The pacing limits. */
export interface PacingLimits {
  /** Overall: one message every `intervalMs` (no burst). */
  readonly globalIntervalMs: number;
  readonly group: Rate;
  readonly privateChat: Rate;
}

/** Slightly under Telegram's limits, so clocks and jitter on both sides never meet a 429. */
export const TELEGRAM_PACING: PacingLimits = {
  globalIntervalMs: 1000 / 30 + 0.5,
  group: { burst: 19, intervalMs: 3_050 },
  privateChat: { burst: 1, intervalMs: 1_050 },
};

/** Methods that post a message into a chat (the ones the flood limits count). */
const SENDING = new Set([
  "sendMessage", "sendDocument", "sendPhoto", "sendVideo", "sendAudio", "sendAnimation", "sendVoice",
  "sendMediaGroup", "sendSticker", "sendPoll", "sendLocation", "sendContact", "copyMessage", "forwardMessage",
]);

/** Schedules messages under the limits; `reserve` returns how long a message must wait. */
export class FloodPacer {
  private globalNext = 0;
  /** Theoretical arrival time per chat (GCRA). */
  private readonly chatNext = new Map<number, number>();

  constructor(
    private readonly limits: PacingLimits = TELEGRAM_PACING,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Reserves the next slot for a message to `chatId`; returns the wait in ms (0 = now). */
  reserve(chatId: number): number {
    const now = this.now();
    const rate = chatId < 0 ? this.limits.group : this.limits.privateChat;
    const tolerance = (rate.burst - 1) * rate.intervalMs;
    const chatDue = (this.chatNext.get(chatId) ?? now) - tolerance;
    const slot = Math.max(now, this.globalNext, chatDue);
    this.globalNext = slot + this.limits.globalIntervalMs;
    this.chatNext.set(chatId, Math.max(this.chatNext.get(chatId) ?? slot, slot) + rate.intervalMs);
    return slot - now;
  }

  /** A grammY API transformer that waits for the slot of every sending call. */
  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      const chatId = Number((payload as { chat_id?: unknown } | undefined)?.chat_id);
      if (SENDING.has(method) && Number.isFinite(chatId)) {
        const wait = this.reserve(chatId);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      return prev(method, payload, signal);
    };
  }
}
