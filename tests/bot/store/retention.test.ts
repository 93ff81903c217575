/**
 * Pruning (bot/store/retention.ts) on PGlite and the real PostgreSQL: rows past their
 * retention go, rows still inside it stay, and the exactly-once records (outbox, relay
 * journal) are never touched however old.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneExpired, retentionPolicy } from "../../../bot/store/retention.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";

const NOW = new Date("2026-12-04T12:00:00Z");
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const policy = retentionPolicy(3_600);

describe.each(databaseKinds)("pruning expired rows on $name", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await kind.open();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("GIVEN rows on both sides of each retention THEN only the ones past it are deleted, and the outbox and the relay journal stay", async () => {
    const p = db.prisma;
    const challenge = (nonce: string, expiresAt: Date) =>
      p.linkChallenge.create({
        data: { nonce, platform: "TELEGRAM", userId: "1", chatId: "1", address: "addr", domain: "pepfund.test", message: "m", issuedAt: ago(48 * HOUR), expiresAt },
      });
    await challenge("old", ago(25 * HOUR));
    await challenge("recent", ago(23 * HOUR));
    const link = (tokenSha256: string, expiresAt: Date) =>
      p.draftLink.create({ data: { tokenSha256, platform: "DISCORD", userId: "2", chatId: "2", researcher: "r", createdAt: ago(30 * 24 * HOUR), expiresAt } });
    await link("old-link", ago(8 * 24 * HOUR));
    await link("recent-link", ago(6 * 24 * HOUR));
    await p.chatUpdate.create({ data: { source: "telegram", updateId: 1n, handledAt: ago(49 * HOUR) } });
    await p.chatUpdate.create({ data: { source: "discord-interaction", updateId: 2n, handledAt: ago(47 * HOUR) } });
    await p.relayRateEvent.create({ data: { subject: "user:TELEGRAM:1", action: "flag", at: ago(2 * HOUR) } });
    await p.relayRateEvent.create({ data: { subject: "user:TELEGRAM:1", action: "flag", at: ago(HOUR / 2) } });
    await p.outboxMessage.create({ data: { kind: "announce", dedupeKey: "old-notice", payload: {}, status: "SENT", createdAt: ago(365 * 24 * HOUR) } });
    await p.relayJournal.create({ data: { key: "old-relay", transaction: "AA==", signature: "sig", lastValidBlockHeight: 1n, createdAt: ago(365 * 24 * HOUR) } });

    expect(await pruneExpired(p, NOW, policy)).toEqual({ challenges: 1, draftLinks: 1, chatUpdates: 1, rateEvents: 1 });

    expect((await p.linkChallenge.findMany()).map((r) => r.nonce)).toEqual(["recent"]);
    expect((await p.draftLink.findMany()).map((r) => r.tokenSha256)).toEqual(["recent-link"]);
    expect((await p.chatUpdate.findMany()).map((r) => r.updateId)).toEqual([2n]);
    expect(await p.relayRateEvent.count()).toBe(1);
    expect(await p.outboxMessage.count({ where: { dedupeKey: "old-notice" } })).toBe(1);
    expect(await p.relayJournal.count({ where: { key: "old-relay" } })).toBe(1);

    expect(await pruneExpired(p, NOW, policy)).toEqual({ challenges: 0, draftLinks: 0, chatUpdates: 0, rateEvents: 0 });
  });
});
