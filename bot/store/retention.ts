/**
 * Rows that only guard something for a while and are dead weight after it: used or expired
 * sign-in challenges, expired campaign-form links, chat update and Discord interaction claims
 * (Telegram stops redelivering an update after 24 h; an interaction's token lives 15 min),
 * and rate-limit events older than their window. Each kind is kept a margin past the point
 * where it stops mattering, so an answer about it ("this link expired") stays exact for a
 * while. What is NOT pruned, and why: outbox messages and the relay journal are the
 * exactly-once records (a deleted dedupe key or idempotency key would let a notice or a
 * transaction happen twice); flag and signing requests, the audit log and the campaign
 * tables are history people read.
 */
import type { PrismaClient } from "./generated/client.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface RetentionPolicy {
  /** Sign-in challenges this long after they expired. */
  readonly challengesAfterExpiryMs: number;
  /** Campaign-form links this long after they expired. */
  readonly draftLinksAfterExpiryMs: number;
  /** Chat update and interaction claims this long after they were first claimed. */
  readonly chatUpdatesAfterMs: number;
  /** Rate-limit events this long after they happened: the rate window (they no longer count). */
  readonly rateEventsAfterMs: number;
}

export function retentionPolicy(rateWindowSeconds: number): RetentionPolicy {
  return {
    challengesAfterExpiryMs: DAY_MS,
    draftLinksAfterExpiryMs: 7 * DAY_MS,
    chatUpdatesAfterMs: 2 * DAY_MS,
    rateEventsAfterMs: rateWindowSeconds * 1000,
  };
}

/** Rows deleted by one pass, by kind (a type, not an interface: it is also a plain record). */
export type PruneReport = {
  readonly challenges: number;
  readonly draftLinks: number;
  readonly chatUpdates: number;
  readonly rateEvents: number;
};

/** Deletes what `policy` no longer keeps at `now`. Safe with several replicas (plain deletes). */
export async function pruneExpired(prisma: PrismaClient, now: Date, policy: RetentionPolicy): Promise<PruneReport> {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const challenges = await prisma.linkChallenge.deleteMany({ where: { expiresAt: { lt: before(policy.challengesAfterExpiryMs) } } });
  const draftLinks = await prisma.draftLink.deleteMany({ where: { expiresAt: { lt: before(policy.draftLinksAfterExpiryMs) } } });
  const chatUpdates = await prisma.chatUpdate.deleteMany({ where: { handledAt: { lt: before(policy.chatUpdatesAfterMs) } } });
  const rateEvents = await prisma.relayRateEvent.deleteMany({ where: { at: { lt: before(policy.rateEventsAfterMs) } } });
  return { challenges: challenges.count, draftLinks: draftLinks.count, chatUpdates: chatUpdates.count, rateEvents: rateEvents.count };
}
