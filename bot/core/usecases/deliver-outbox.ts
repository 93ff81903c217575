/**
 * Sends queued notices through the chat adapters. At least once, never lost: a message is
 * marked sent only after the platform accepted it; a rate limit defers it (and the rest of
 * that platform's batch) by the platform's `retry_after` without counting an attempt; any
 * other failure is retried with exponential backoff; only a permanent refusal
 * (`DeliveryRefusedError`) ends it, kept as FAILED. Claims are leased, so several bot
 * processes can deliver at once and a crashed one's messages come back when the lease ends, or
 * at once when a process on its host knows it dead ({@link releaseDeadSenders}).
 * Each send carries the message's dedupe key, so a platform with an idempotency key (Discord)
 * does not post a message twice when the crash fell between its post and the `SENT` mark.
 */
import { DeliveryRefusedError, RetryAfterError } from "../delivery-errors.js";
import { decodeNotice } from "../notice-codec.js";
import type { ChatNotifier, ChatTarget, Clock, Outbox, OutboxEntry, Platform } from "../ports.js";
import { noticeKind } from "./announce.js";

/** What delivery needs. */
export interface DeliveryDeps {
  readonly store: { readonly outbox: Outbox };
  /** The platforms this process runs; others' messages are left for their processes. */
  readonly notifiers: Partial<Record<Platform, ChatNotifier>>;
  readonly clock: Clock;
  /** How long a claimed message stays hidden from other processes (default 60 s). */
  readonly leaseMs?: number;
  /** This process's name on its leases (`thisProcess()`), so a successor can tell it dead. */
  readonly owner?: string;
  /** First retry delay after a failure (default 2 s), doubled per attempt up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  /** Longest retry delay (default 15 min). */
  readonly maxBackoffMs?: number;
}

/** What one pass did. */
export interface DeliveryReport {
  readonly sent: number;
  readonly retried: number;
  readonly deferred: number;
  readonly failed: number;
}

/** Delay before retry number `attempts + 1`. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 30));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function readPayload(entry: OutboxEntry) {
  const payload = entry.payload as { target?: ChatTarget; notice?: unknown } | null;
  if (payload?.target === undefined) throw new TypeError("outbox payload holds no target");
  return { target: payload.target, notice: decodeNotice(payload.notice) };
}

/** The platforms this process delivers for. */
function platformsOf(deps: Pick<DeliveryDeps, "notifiers">): Platform[] {
  return (Object.keys(deps.notifiers) as Platform[]).filter((p) => deps.notifiers[p] !== undefined);
}

/**
 * Frees the leases of senders known dead (`isDead`: a crashed process on this host), so their
 * messages, and every later message of their chats, which wait for them in order, go out now
 * instead of when the leases run out. Returns how many messages were freed.
 */
export async function releaseDeadSenders(deps: Pick<DeliveryDeps, "store" | "notifiers" | "clock">, isDead: (owner: string) => boolean): Promise<number> {
  const now = deps.clock.now();
  const owners = await deps.store.outbox.leaseOwners(platformsOf(deps).map(noticeKind), now);
  let released = 0;
  for (const owner of owners.filter(isDead)) released += await deps.store.outbox.releaseClaims(owner, now);
  return released;
}

/** Delivers up to `limit` due messages once; call it on a timer. */
export async function deliverOutbox(deps: DeliveryDeps, limit: number): Promise<DeliveryReport> {
  const platforms = platformsOf(deps);
  if (platforms.length === 0) return { sent: 0, retried: 0, deferred: 0, failed: 0 };
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + (deps.leaseMs ?? 60_000));
  const entries = await deps.store.outbox.claim(platforms.map(noticeKind), now, limit, leaseUntil, deps.owner);
  const report = { sent: 0, retried: 0, deferred: 0, failed: 0 };
  // After a rate limit, the platform's remaining messages wait as long as it asked.
  const pausedUntil = new Map<Platform, Date>();
  // After a failure, later messages to the same chat wait with it, to keep the chat's order.
  const heldChats = new Map<string, Date>();
  for (const entry of entries) {
    let message;
    try {
      message = readPayload(entry);
    } catch (error) {
      await deps.store.outbox.markFailed(entry.id, describe(error));
      report.failed += 1;
      continue;
    }
    const { target, notice } = message;
    const chat = `${target.platform}:${target.chatId}:${target.threadId ?? ""}`;
    const wait = pausedUntil.get(target.platform) ?? heldChats.get(chat);
    if (wait !== undefined) {
      await deps.store.outbox.defer(entry.id, wait);
      report.deferred += 1;
      continue;
    }
    const notifier = deps.notifiers[target.platform];
    if (notifier === undefined) throw new Error(`claimed a message for ${target.platform} without its notifier`);
    try {
      await notifier.send(target, notice, entry.dedupeKey);
      await deps.store.outbox.markSent(entry.id, deps.clock.now());
      report.sent += 1;
    } catch (error) {
      if (error instanceof RetryAfterError) {
        const at = new Date(deps.clock.now().getTime() + Math.max(0, error.retryAfterMs));
        pausedUntil.set(target.platform, at);
        await deps.store.outbox.defer(entry.id, at);
        report.deferred += 1;
      } else if (error instanceof DeliveryRefusedError) {
        await deps.store.outbox.markFailed(entry.id, describe(error));
        report.failed += 1;
      } else {
        const delay = backoffDelay(entry.attempts, deps.backoffMs ?? 2_000, deps.maxBackoffMs ?? 900_000);
        const at = new Date(deps.clock.now().getTime() + delay);
        heldChats.set(chat, at);
        await deps.store.outbox.markRetry(entry.id, describe(error), at);
        report.retried += 1;
      }
    }
  }
  return report;
}
