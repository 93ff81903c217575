/**
 * Flood control on our side: every message is scheduled under Telegram's limits before it
 * leaves (about 30 messages/s overall, 20 per minute per group, 1 per second per private
 * chat), so bulk announcements do not collect 429s. Scheduling is the generic cell rate
 * algorithm (a token bucket as due times): a message may go once the bucket of its chat has
 * a token and the overall bucket has one. Our bursts are smaller than Telegram's at the same
 * rates, so Telegram's buckets always keep a reserve and network jitter cannot push us over;
 * after a pause (the outbox reading its next batch) the overall burst catches up.
 */
import type { Transformer } from "grammy";

/** A rate with a burst: `burst` messages at once, then one every `intervalMs`. */
export interface Rate {
  readonly burst: number;
  readonly intervalMs: number;
}

/** The pacing limits. */
export interface PacingLimits {
  readonly global: Rate;
  readonly group: Rate;
  readonly privateChat: Rate;
}

/** Slightly under Telegram's limits, so clocks and jitter on both sides never meet a 429. */
export const TELEGRAM_PACING: PacingLimits = {
  global: { burst: 20, intervalMs: 1000 / 30 + 0.2 },
  group: { burst: 19, intervalMs: 3_050 },
  privateChat: { burst: 1, intervalMs: 1_050 },
};

/** GCRA: the earliest time a message may go, given the theoretical arrival time `tat`. */
function due(tat: number, rate: Rate): number {
  return tat - (rate.burst - 1) * rate.intervalMs;
}

/** Methods that post a message into a chat (the ones the flood limits count). */
const SENDING = new Set([
  "sendMessage", "sendDocument", "sendPhoto", "sendVideo", "sendAudio", "sendAnimation", "sendVoice",
  "sendMediaGroup", "sendSticker", "sendPoll", "sendLocation", "sendContact", "copyMessage", "forwardMessage",
]);

/** Waits `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Schedules messages under the limits; `reserve` returns how long a message must wait.
 * `now` and `sleep` are one clock: tests pass a virtual one, so a schedule is asserted
 * exactly instead of by wall time.
 */
export class FloodPacer {
  /** Theoretical arrival time overall (GCRA). */
  private globalNext = 0;
  /** Theoretical arrival time per chat (GCRA). */
  private readonly chatNext = new Map<number, number>();

  constructor(
    private readonly limits: PacingLimits = TELEGRAM_PACING,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = realSleep,
  ) {}

  /** Reserves the next slot for a message to `chatId`; returns the wait in ms (0 = now). */
  reserve(chatId: number): number {
    const now = this.now();
    const chat = chatId < 0 ? this.limits.group : this.limits.privateChat;
    const global = this.limits.global;
    const chatTat = this.chatNext.get(chatId) ?? now;
    const slot = Math.max(now, due(this.globalNext, global), due(chatTat, chat));
    this.globalNext = Math.max(this.globalNext, slot) + global.intervalMs;
    this.chatNext.set(chatId, Math.max(chatTat, slot) + chat.intervalMs);
    return slot - now;
  }

  /** A grammY API transformer that waits for the slot of every sending call. */
  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      const chatId = Number((payload as { chat_id?: unknown } | undefined)?.chat_id);
      if (SENDING.has(method) && Number.isFinite(chatId)) {
        const wait = this.reserve(chatId);
        if (wait > 0) await this.sleep(wait);
      }
      return prev(method, payload, signal);
    };
  }
}
