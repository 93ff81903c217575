/**
 * Repositories against the embedded database and the real PostgreSQL, each migrated from
 * scratch in a schema of its own.
 */
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreConflictError, type Store } from "../../../bot/core/ports.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";

describe.each(databaseKinds)("prisma store on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const at = new Date("2030-01-01T00:00:00.000Z");

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("GIVEN a fresh schema THEN every migration was applied from scratch, in name order", () => {
    const migrations = readdirSync(new URL("../../../prisma/migrations", import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(migrations[0]).toBe("20251120000000_init");
    expect(db.applied).toEqual(migrations);
  });

  it("GIVEN an issued challenge THEN consume succeeds once, and never after cancel", async () => {
    const base = { platform: "TELEGRAM" as const, userId: "7", chatId: "-1", address: "A", domain: "d", message: "m", issuedAt: at, expiresAt: at, consumedAt: null, cancelledAt: null };
    await store.challenges.insert({ ...base, nonce: "NonceNonceNonce1" });
    await store.challenges.insert({ ...base, nonce: "NonceNonceNonce2" });
    expect(await store.challenges.consume("NonceNonceNonce1", at)).toBe(true);
    expect(await store.challenges.consume("NonceNonceNonce1", at)).toBe(false);
    expect(await store.challenges.cancelPending("TELEGRAM", "7", at)).toBe(1);
    expect(await store.challenges.consume("NonceNonceNonce2", at)).toBe(false);
    await expect(store.challenges.insert({ ...base, nonce: "NonceNonceNonce1" })).rejects.toBeInstanceOf(StoreConflictError);
  });

  it("GIVEN a wallet linked on a platform THEN a second account cannot hold it too (database rule)", async () => {
    const link = { platform: "DISCORD" as const, address: "W1", chatId: "5", linkedAt: at };
    await store.links.insert({ ...link, userId: "1", challengeNonce: "n-1" });
    await expect(store.links.insert({ ...link, userId: "2", challengeNonce: "n-2" })).rejects.toBeInstanceOf(StoreConflictError);
    await store.links.insert({ ...link, platform: "TELEGRAM", userId: "1", challengeNonce: "n-3" });
    expect(await store.links.findByUser("TELEGRAM", "1")).toEqual({ ...link, platform: "TELEGRAM", userId: "1", challengeNonce: "n-3" });
    expect(await store.links.findByUser("TELEGRAM", "2")).toBeNull();
    expect((await store.links.findByAddress("DISCORD", "W1"))?.userId).toBe("1");
    expect((await store.links.remove("DISCORD", "1"))?.address).toBe("W1");
    expect(await store.links.findByUser("DISCORD", "1")).toBeNull();
  });

  it("GIVEN a throw inside a transaction THEN none of its writes remain", async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.outbox.enqueue({ kind: "k", dedupeKey: "rolled-back", payload: {} });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await store.outbox.pending(at, 100)).some((m) => m.dedupeKey === "rolled-back")).toBe(false);
  });

  it("GIVEN outbox messages THEN duplicates are ignored, pending is oldest first, retry delays, sent leaves", async () => {
    expect(await store.outbox.enqueue({ kind: "announce", dedupeKey: "a", payload: { n: 1 } })).toBe(true);
    expect(await store.outbox.enqueue({ kind: "announce", dedupeKey: "a", payload: { n: 2 } })).toBe(false);
    await store.outbox.enqueue({ kind: "announce", dedupeKey: "b", payload: { n: 3 } });
    const later = new Date(Date.now() + 60_000);
    const [first, second] = await store.outbox.pending(later, 10);
    expect([first?.dedupeKey, second?.dedupeKey]).toEqual(["a", "b"]);
    expect(first?.payload).toEqual({ n: 1 });
    await store.outbox.markRetry(first!.id, "429", new Date(later.getTime() + 60_000));
    await store.outbox.markSent(second!.id, later);
    expect(await store.outbox.pending(later, 10)).toEqual([]);
    const retried = await store.outbox.pending(new Date(later.getTime() + 60_000), 10);
    expect(retried.map((m) => [m.dedupeKey, m.attempts])).toEqual([["a", 1]]);
  });

  it("GIVEN many messages queued at once THEN stored in their order with their payloads and chats, known keys (and repeats) skipped, inside a transaction too", async () => {
    await store.outbox.enqueue({ kind: "notice:TELEGRAM", dedupeKey: "many|2", payload: {} });
    const messages = Array.from({ length: 1_205 }, (_, i) => ({
      kind: i % 2 === 0 ? "notice:TELEGRAM" : "notice:DISCORD",
      dedupeKey: `many|${i}`,
      payload: { target: { chatId: String(i) }, notice: { amount: { $bigint: "12345678901234567890" }, text: `<b>"${i}"</b> \\ ünïcode` } },
      ...(i % 3 === 0 ? {} : { orderKey: `chat-${i}` }),
    }));
    const queued = await store.transaction((tx) => tx.outbox.enqueueMany([...messages, messages[0]!]));
    expect(queued).toBe(1_204);
    expect(await store.outbox.enqueueMany(messages)).toBe(0);
    expect(await store.outbox.enqueueMany([])).toBe(0);
    const stored = (await store.outbox.pending(new Date(Date.now() + 60_000), 5_000)).filter((m) => m.dedupeKey.startsWith("many|"));
    expect(stored.map((m) => m.dedupeKey)).toEqual(["many|2", ...messages.filter((_, i) => i !== 2).map((m) => m.dedupeKey)]);
    expect(stored[1]).toMatchObject({ kind: "notice:TELEGRAM", payload: messages[0]!.payload, attempts: 0 });
    expect(stored.at(-1)).toMatchObject({ kind: "notice:TELEGRAM", payload: messages[1_204]!.payload });
    const rows = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { in: ["many|0", "many|1"] } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.orderKey)).toEqual([null, "chat-1"]);
  });

  it("GIVEN subscriptions THEN add is idempotent inside a transaction and listing filters by channel", async () => {
    const s = { campaign: "C1", platform: "TELEGRAM" as const, scopeId: "-100", channelId: "", createdBy: "9" };
    const results = await store.transaction(async (tx) => [await tx.subscriptions.add(s), await tx.subscriptions.add(s)]);
    expect(results).toEqual([true, false]);
    await store.subscriptions.add({ ...s, channelId: "42" });
    expect(await store.subscriptions.listByChannel("TELEGRAM", "-100", "")).toHaveLength(1);
    expect(await store.subscriptions.listByCampaign("C1")).toHaveLength(2);
    expect(await store.subscriptions.remove({ campaign: "C1", platform: "TELEGRAM", scopeId: "-100", channelId: "42" })).toBe(true);
    expect(await store.subscriptions.remove({ campaign: "C1", platform: "TELEGRAM", scopeId: "-100", channelId: "42" })).toBe(false);
  });

  it("GIVEN the indexer cursor THEN it starts empty and keeps u64 slots exactly", async () => {
    expect(await store.cursors.get("program")).toBeNull();
    await store.cursors.set("program", { signature: "sig", slot: 18_446_744_073_709_551_615n >> 1n });
    expect(await store.cursors.get("program")).toEqual({ signature: "sig", slot: 9_223_372_036_854_775_807n });
  });

  /** A flag request as the core stores it. */
  function flagRequest(overrides: Partial<Parameters<Store["flagRequests"]["create"]>[0]> = {}): Parameters<Store["flagRequests"]["create"]>[0] {
    return {
      idempotencyKey: "C:0:1:W",
      platform: "DISCORD",
      userId: "1",
      chatId: "2",
      wallet: "W",
      subject: "POOL",
      campaign: "C",
      milestoneIndex: 0,
      attempt: 1,
      rationale: "the data is missing",
      ...overrides,
    };
  }

  it("GIVEN the same flag request twice THEN one row, the second reports not created", async () => {
    const req = flagRequest();
    const first = await store.flagRequests.create(req);
    const second = await store.flagRequests.create({ ...req, rationale: "again" });
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.record).toMatchObject({ id: first.record.id, subject: "POOL", rationale: "the data is missing", status: "ACCEPTED" });
  });

  it("GIVEN a flag request carried out THEN each step moves it once, it reads back whole by id and key, and it is unfinished until its end", async () => {
    const req = flagRequest({ idempotencyKey: "C:1:2:W", platform: "TELEGRAM", userId: "7", chatId: "-8", subject: "CAMPAIGN", milestoneIndex: 1, attempt: 2, rationale: "figure 3 does not reproduce" });
    const before = new Date(Date.now() - 60_000);
    const later = new Date(Date.now() + 60_000);
    const { record } = await store.flagRequests.create(req);
    expect(record).toEqual({ ...req, id: record.id, status: "ACCEPTED", rationaleId: null, txSignature: null, errorCode: null });
    expect(await store.flagRequests.findByKey(req.idempotencyKey)).toEqual(record);
    expect(await store.flagRequests.find(record.id)).toEqual(record);
    expect(await store.flagRequests.find("not-a-uuid")).toBeNull();
    expect(await store.flagRequests.findByKey("C:1:2:other")).toBeNull();
    expect((await store.flagRequests.listUnfinished(later, 10)).map((r) => r.id)).toContain(record.id);
    expect((await store.flagRequests.listUnfinished(before, 10)).map((r) => r.id)).not.toContain(record.id);

    expect(await store.flagRequests.finish(record.id, { status: "CONFIRMED", txSignature: "sig", errorCode: null })).toBe(false);
    expect(await store.flagRequests.markSent(record.id, "rationale-id")).toBe(true);
    expect(await store.flagRequests.markSent(record.id, "another-id")).toBe(false);
    expect(await store.flagRequests.findByKey(req.idempotencyKey)).toMatchObject({ status: "SENT", rationaleId: "rationale-id" });
    expect(await store.flagRequests.finish(record.id, { status: "FAILED", txSignature: "sig", errorCode: "WindowClosed" })).toBe(true);
    expect(await store.flagRequests.finish(record.id, { status: "CONFIRMED", txSignature: "other", errorCode: null })).toBe(false);
    expect(await store.flagRequests.find(record.id)).toEqual({ ...record, status: "FAILED", rationaleId: "rationale-id", txSignature: "sig", errorCode: "WindowClosed" });
    expect((await store.flagRequests.listUnfinished(later, 10)).map((r) => r.id)).not.toContain(record.id);
  });

  it("GIVEN a flag request finished with its notice THEN the notice is queued in the same call, held as asked, and a later finish adds no second one", async () => {
    const req = flagRequest({ idempotencyKey: "C:2:1:W", platform: "TELEGRAM", userId: "9", chatId: "-9", subject: "CAMPAIGN", milestoneIndex: 2, attempt: 1, rationale: "the code is missing" });
    const { record } = await store.flagRequests.create(req);
    const heldUntil = new Date(Date.now() + 30_000);
    const notice = { kind: "notice:TELEGRAM", dedupeKey: `flag-outcome:${record.id}|TELEGRAM:9:`, payload: { told: "confirmed" }, orderKey: "TELEGRAM:9:", availableAt: heldUntil };
    const queued = () => db.prisma.outboxMessage.findMany({ where: { dedupeKey: notice.dedupeKey } });
    expect(await store.flagRequests.markSent(record.id, "rationale-id")).toBe(true);
    expect(await store.flagRequests.finish(record.id, { status: "CONFIRMED", txSignature: "sig", errorCode: null }, notice)).toBe(true);
    expect(await store.flagRequests.find(record.id)).toMatchObject({ status: "CONFIRMED", txSignature: "sig" });
    const [message] = await queued();
    expect(message).toMatchObject({ kind: "notice:TELEGRAM", payload: { told: "confirmed" }, orderKey: "TELEGRAM:9:", status: "PENDING" });
    expect(message?.availableAt.getTime()).toBe(heldUntil.getTime());
    expect(await store.flagRequests.finish(record.id, { status: "FAILED", txSignature: "x", errorCode: "WindowClosed" }, { ...notice, payload: { told: "failed" } })).toBe(false);
    expect((await queued()).map((m) => m.payload)).toEqual([{ told: "confirmed" }]);
  });

  it("GIVEN audit entries THEN they read back in order by subject", async () => {
    await store.audit.record({ at, action: "x.one", subject: "S", details: { a: "1" } });
    await store.audit.record({ at, action: "x.two", platform: "DISCORD", userId: "3", subject: "S", details: {} });
    const entries = await store.audit.listBySubject("S");
    expect(entries.map((e) => e.action)).toEqual(["x.one", "x.two"]);
    expect(entries[1]).toMatchObject({ platform: "DISCORD", userId: "3" });
  });
});
