/**
 * `Outbox.claim` (one `UPDATE ... FOR UPDATE SKIP LOCKED` statement) on PGlite and the real
 * PostgreSQL: the batch, its payloads and lease; each chat's messages only as an unbroken run of
 * its oldest pending ones; and, on PostgreSQL, a claimer running while another claimer's batch is
 * still locked (its transaction open) takes the other rows at once, none of the held ones, and
 * nothing of a chat whose oldest message is held. PGlite has one connection, so there a second
 * claimer can only run after the first. A claim names its owner while the lease runs, so a dead
 * owner's messages can be released at once.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxEntry, Store } from "../../../bot/core/ports.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";

describe.each(databaseKinds)("outbox claim on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const now = new Date("2030-01-01T00:00:00.000Z");
  const lease = new Date(now.getTime() + 60_000);

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** A kind of its own per test, so tests sharing the schema never claim each other's rows. */
  function freshKind(): string {
    return `notice:T${randomBytes(4).toString("hex")}`;
  }

  /** Queues `count` messages of `kind`, in order, with `orderKey` as their chat (none when null). */
  async function queue(kind: string, prefix: string, count: number, orderKey: string | null): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      await store.outbox.enqueue({ kind, dedupeKey: `${prefix}:${i}`, payload: { prefix, i }, ...(orderKey === null ? {} : { orderKey }) });
    }
  }

  const keys = (batch: readonly OutboxEntry[]) => batch.map((e) => e.dedupeKey);

  it("GIVEN due messages THEN claim takes the oldest up to the limit with payloads, hides them until the lease, not other kinds", async () => {
    const mine = freshKind();
    const other = freshKind();
    await queue(mine, "c1", 3, null);
    await queue(other, "c1x", 1, null);
    const first = await store.outbox.claim([mine], now, 2, lease);
    expect(keys(first)).toEqual(["c1:0", "c1:1"]);
    expect(first.map((e) => [e.payload, e.attempts])).toEqual([
      [{ prefix: "c1", i: 0 }, 0],
      [{ prefix: "c1", i: 1 }, 0],
    ]);
    expect(typeof first[0]?.id).toBe("bigint");
    expect(keys(await store.outbox.claim([mine], now, 10, lease))).toEqual(["c1:2"]);
    expect(await store.outbox.claim([mine], now, 10, lease)).toEqual([]);
    expect(keys(await store.outbox.claim([mine], lease, 10, new Date(lease.getTime() + 1)))).toEqual(["c1:0", "c1:1", "c1:2"]);
    expect(await store.outbox.claim([], now, 10, lease)).toEqual([]);
  });

  it("GIVEN a chat whose oldest message is claimed or waits for a retry THEN its later ones are not claimed until it is sent", async () => {
    const mine = freshKind();
    await queue(mine, "c2a", 3, "chat-a");
    await queue(mine, "c2b", 2, "chat-b");
    const head = await store.outbox.claim([mine], now, 1, lease);
    expect(keys(head)).toEqual(["c2a:0"]);
    // chat-a's later messages wait behind the leased head; chat-b is free.
    expect(keys(await store.outbox.claim([mine], now, 10, lease))).toEqual(["c2b:0", "c2b:1"]);
    await store.outbox.markRetry(head[0]!.id, "outage", lease);
    expect(await store.outbox.claim([mine], now, 10, lease)).toEqual([]);
    const retried = await store.outbox.claim([mine], lease, 10, new Date(lease.getTime() + 60_000));
    // chat-b's lease ran out too: its messages come back with chat-a's whole run.
    expect(keys(retried)).toEqual(["c2a:0", "c2a:1", "c2a:2", "c2b:0", "c2b:1"]);
  });

  it.runIf(kind.name === "postgres")(
    "GIVEN one claimer's batch still locked in its open transaction THEN a second claimer takes the rest without waiting, none twice",
    async () => {
      const mine = freshKind();
      await queue(mine, "c3", 30, null);
      const { held, meanwhile } = await store.transaction(async (repos) => {
        // The first 10 rows, locked by this transaction until it commits.
        const held = await repos.outbox.claim([mine], now, 10, lease);
        // Another connection while those locks are held: without SKIP LOCKED it would wait for
        // this transaction (which waits for it); without the row lock it would take them too.
        const meanwhile = await store.outbox.claim([mine], now, 100, lease);
        return { held, meanwhile };
      });
      expect(keys(held)).toEqual(Array.from({ length: 10 }, (_, i) => `c3:${i}`));
      expect(keys(meanwhile)).toEqual(Array.from({ length: 20 }, (_, i) => `c3:${i + 10}`));
      expect(await store.outbox.claim([mine], now, 100, lease)).toEqual([]);
    },
  );

  it("GIVEN messages leased by an owner THEN it is listed as holding them until each lease ends, and releasing its claims makes them (and their chat) claimable at once", async () => {
    const mine = freshKind();
    await queue(mine, "c5", 3, "chat-e");
    await queue(mine, "c5other", 1, null);
    const dead = "host/1/dead";
    expect(keys(await store.outbox.claim([mine], now, 2, lease, dead))).toEqual(["c5:0", "c5:1"]);
    const [alive] = await store.outbox.claim([mine], now, 10, lease, "host/2/alive");
    expect(alive?.dedupeKey).toBe("c5other:0");
    expect((await store.outbox.leaseOwners([mine], now)).sort()).toEqual(["host/1/dead", "host/2/alive"]);
    expect(await store.outbox.leaseOwners([mine], lease)).toEqual([]);
    // The chat waits for the dead owner's lease.
    expect(await store.outbox.claim([mine], now, 10, lease)).toEqual([]);

    expect(await store.outbox.releaseClaims(dead, now)).toBe(2);
    expect(await store.outbox.leaseOwners([mine], now)).toEqual(["host/2/alive"]);
    expect(keys(await store.outbox.claim([mine], now, 10, lease, "host/3/next"))).toEqual(["c5:0", "c5:1", "c5:2"]);
    expect(await store.outbox.releaseClaims(dead, now)).toBe(0);
  });

  it("GIVEN a leased message sent, deferred, retried or failed THEN its owner no longer holds it, so a release never moves its retry time", async () => {
    const mine = freshKind();
    await queue(mine, "c6", 4, null);
    const owner = "host/4/gone";
    const [sent, deferred, retried, failed] = await store.outbox.claim([mine], now, 10, lease, owner);
    if (sent === undefined || deferred === undefined || retried === undefined || failed === undefined) throw new Error("four claimed");
    const retryAt = new Date(now.getTime() + 120_000);
    await store.outbox.markSent(sent.id, now);
    await store.outbox.defer(deferred.id, retryAt);
    await store.outbox.markRetry(retried.id, "boom", retryAt);
    await store.outbox.markFailed(failed.id, "refused");
    expect(await store.outbox.leaseOwners([mine], now)).toEqual([]);
    expect(await store.outbox.releaseClaims(owner, now)).toBe(0);
    expect(await store.outbox.claim([mine], now, 10, lease)).toEqual([]);
    expect(keys(await store.outbox.claim([mine], retryAt, 10, lease))).toEqual(["c6:1", "c6:2"]);
  });

  it("GIVEN a held message claimed by a sender THEN the command's late withdrawal does not touch it, even when the lease ends at the hold", async () => {
    const mine = freshKind();
    const heldUntil = new Date(now.getTime() + 30_000);
    await store.outbox.enqueue({ kind: mine, dedupeKey: "c7:0", payload: {}, availableAt: heldUntil });
    expect(keys(await store.outbox.claim([mine], heldUntil, 10, heldUntil, "host/5/sender"))).toEqual(["c7:0"]);
    expect(await store.outbox.withdraw("c7:0", heldUntil, heldUntil)).toBe(false);
  });

  it.runIf(kind.name === "postgres")(
    "GIVEN a chat's oldest message locked by a claimer whose transaction is open THEN another claimer takes none of that chat",
    async () => {
      const mine = freshKind();
      await queue(mine, "c4", 3, "chat-d");
      await queue(mine, "c4free", 1, null);
      const { head, others } = await store.transaction(async (repos) => {
        const head = await repos.outbox.claim([mine], now, 1, lease);
        const others = await store.outbox.claim([mine], now, 100, lease);
        return { head, others };
      });
      expect(keys(head)).toEqual(["c4:0"]);
      expect(keys(others)).toEqual(["c4free:0"]);
    },
  );
});
