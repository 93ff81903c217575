/**
 * The store's plain SQL goes straight to the driver (bot/store/sql.ts) and must read and write
 * as Prisma's models do: a time is the instant written whatever the process's time zone (this
 * file runs outside UTC; a notice's hold must match to the millisecond for the answer to
 * withdraw it), and inside `store.transaction` the statements run in the transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";

const zone = process.env.TZ;
// Three hours west of UTC all year: a local-time reading is off by 3 h.
process.env.TZ = "America/Sao_Paulo";

beforeAll(() => {
  // The premise of every test here: the process is not on UTC.
  expect(new Date("2026-12-06T09:00:00Z").getTimezoneOffset()).toBe(180);
});
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

for (const kind of databaseKinds) {
  describe(`plain SQL on ${kind.name}`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await kind.open();
    });
    afterAll(async () => {
      await db.dispose();
    });

    it("GIVEN a relayed action recorded at an instant WHEN it is read back, by plain SQL and by Prisma's model THEN both give that instant", async () => {
      const store = prismaStore(db.prisma);
      const at = new Date("2026-12-06T09:00:00.123Z");
      await store.relayRates.record(["telegram:1"], "flag", at);
      const times = await store.relayRates.since(["telegram:1"], new Date(at.getTime() - 1_000), []);
      expect(times.get("telegram:1")).toEqual([at]);
      const [stored] = await db.prisma.relayRateEvent.findMany({ where: { subject: "telegram:1" } });
      expect(stored?.at).toEqual(at);
      // Outside the window (one second later than it): not counted, as the rate limit needs.
      expect((await store.relayRates.since(["telegram:1"], new Date(at.getTime()), [])).get("telegram:1")).toEqual([]);
    });

    it("GIVEN a notice held until an instant WHEN the answer withdraws it by that instant THEN it is withdrawn, once", async () => {
      const store = prismaStore(db.prisma);
      const heldUntil = new Date("2026-12-06T09:00:30.250Z");
      expect(await store.outbox.enqueue({ kind: "notice", dedupeKey: "held:1", payload: { text: "flag confirmed" }, availableAt: heldUntil })).toBe(true);
      const [queued] = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: "held:1" } });
      expect(queued?.availableAt).toEqual(heldUntil);
      expect(await store.outbox.withdraw("held:1", heldUntil, new Date("2026-12-06T09:00:01Z"))).toBe(true);
      expect(await store.outbox.withdraw("held:1", heldUntil, new Date("2026-12-06T09:00:02Z"))).toBe(false);
    });

    it("GIVEN a transaction that fails after recording an action THEN nothing was recorded (its statements ran in it)", async () => {
      const store = prismaStore(db.prisma);
      const at = new Date("2026-12-06T10:00:00Z");
      await expect(
        store.transaction(async (repos) => {
          await repos.relayRates.record(["telegram:2"], "flag", at);
          // Seen inside (through the transaction's Prisma client, whose PGlite adapter reads a
          // timestamp as local time: docs/BOT.md "Database", so only the count is compared).
          expect((await repos.relayRates.since(["telegram:2"], new Date(at.getTime() - 1_000), [])).get("telegram:2")).toHaveLength(1);
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect((await store.relayRates.since(["telegram:2"], new Date(at.getTime() - 1_000), [])).get("telegram:2")).toEqual([]);
    });
  });
}
