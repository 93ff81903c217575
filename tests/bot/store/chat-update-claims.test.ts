/**
 * Telegram update claims (bot/store/chat-state.ts with bot/telegram/updates.ts), on PGlite and
 * the real PostgreSQL: an update is handled to the end once; one whose handler died with its
 * process (claim not done) is handled again on redelivery once its owner is known dead or
 * its lease ran out, never while a live owner holds it.
 */
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import type { Context } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatUpdateLog } from "../../../bot/store/chat-state.js";
import { ownerIsDead, processOwner } from "../../../bot/core/process-owner.js";
import { handleOnce } from "../../../bot/telegram/updates.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";

const SOURCE = "telegram:42";
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
let nextId = 1;

/** The pid of a process that has exited (a real dead owner on this host). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

/** The part of grammY's context the middleware reads: the update id, and the Api it configures on a rerun. */
function updateContext(updateId: number): Context {
  return { update: { update_id: updateId }, api: { config: { use: () => undefined } } } as unknown as Context;
}

/** Runs the middleware for one delivery of `updateId`; resolves whether the handler ran. */
async function deliver(log: ReturnType<typeof chatUpdateLog>, updateId: number, owner: string, leaseMs = 30_000): Promise<boolean> {
  let ran = false;
  const middleware = handleOnce(log, () => SOURCE, { owner, leaseMs });
  await middleware(updateContext(updateId), () => {
    ran = true;
    return Promise.resolve();
  });
  return ran;
}

for (const kind of databaseKinds) {
  describe(`update claims on ${kind.name}`, () => {
    let db: TestDatabase;
    let log: ReturnType<typeof chatUpdateLog>;
    beforeAll(async () => {
      db = await kind.open();
      log = chatUpdateLog(db.prisma);
    }, 60_000);
    afterAll(async () => {
      await db.dispose();
    });

    it("GIVEN a new update THEN the first claim wins, a live owner's claim is held, a finished one is done", async () => {
      const id = nextId++;
      expect(await log.claim(SOURCE, id, { owner: "a", now: at(0), leaseUntil: at(10_000) })).toEqual({ state: "claimed", rerun: false });
      expect(await log.claim(SOURCE, id, { owner: "b", now: at(1_000), leaseUntil: at(11_000) })).toEqual({
        state: "held",
        owner: "a",
        leaseUntil: at(10_000),
      });
      await log.finish(SOURCE, id, "a", at(2_000));
      expect(await log.claim(SOURCE, id, { owner: "b", now: at(20_000), leaseUntil: at(30_000) })).toEqual({ state: "done" });
    });

    it("GIVEN a claim never finished WHEN its lease ran out THEN another owner takes it over; a renewed lease holds", async () => {
      const id = nextId++;
      await log.claim(SOURCE, id, { owner: "a", now: at(0), leaseUntil: at(10_000) });
      await log.renew(SOURCE, id, "a", at(20_000));
      expect((await log.claim(SOURCE, id, { owner: "b", now: at(15_000), leaseUntil: at(25_000) })).state).toBe("held");
      expect(await log.claim(SOURCE, id, { owner: "b", now: at(21_000), leaseUntil: at(31_000) })).toEqual({ state: "claimed", rerun: true });
      // The old owner's late finish does not mark the new owner's run done.
      await log.finish(SOURCE, id, "a", at(22_000));
      expect((await log.claim(SOURCE, id, { owner: "c", now: at(23_000), leaseUntil: at(33_000) })).state).toBe("held");
    });

    it("GIVEN a live lease of an owner known dead THEN takeOverFrom that owner claims it at once, no other", async () => {
      const id = nextId++;
      await log.claim(SOURCE, id, { owner: "dead", now: at(0), leaseUntil: at(60_000) });
      expect((await log.claim(SOURCE, id, { owner: "b", now: at(1), leaseUntil: at(9), takeOverFrom: "someone-else" })).state).toBe("held");
      expect(await log.claim(SOURCE, id, { owner: "b", now: at(1), leaseUntil: at(9), takeOverFrom: "dead" })).toEqual({ state: "claimed", rerun: true });
    });

    it("GIVEN a claim held by this very owner THEN claiming again is held: a retry while the first run goes on waits", async () => {
      const id = nextId++;
      await log.claim(SOURCE, id, { owner: "me", now: at(0), leaseUntil: at(10_000) });
      expect((await log.claim(SOURCE, id, { owner: "me", now: at(1), leaseUntil: at(10_001) })).state).toBe("held");
    });

    it("GIVEN eight concurrent claims of one update THEN exactly one is claimed", async () => {
      const id = nextId++;
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) => log.claim(SOURCE, id, { owner: `o${i}`, now: at(0), leaseUntil: at(10_000) })),
      );
      expect(claims.filter((c) => c.state === "claimed")).toHaveLength(1);
    });

    it("GIVEN a handler that died with its process (same host, pid gone) WHEN redelivered THEN it runs again, once", async () => {
      const id = nextId++;
      const dead = `${hostname()}/${await deadPid()}/feedface`;
      await log.claim(SOURCE, id, { owner: dead, now: new Date(), leaseUntil: new Date(Date.now() + 3_600_000) });
      const self = processOwner();
      expect(await deliver(log, id, self)).toBe(true);
      expect(await deliver(log, id, processOwner())).toBe(false);
    });

    it("GIVEN a claim held by an owner on another host WHEN redelivered THEN it waits for the lease and then runs", async () => {
      const id = nextId++;
      await log.claim(SOURCE, id, { owner: "other-host/1/abc", now: new Date(), leaseUntil: new Date(Date.now() + 300) });
      expect(await deliver(log, id, processOwner(), 200)).toBe(true);
      expect(await deliver(log, id, processOwner(), 200)).toBe(false);
    });

    it("GIVEN a handler that throws THEN its claim is done: a redelivery does not run it again", async () => {
      const id = nextId++;
      const middleware = handleOnce(log, () => SOURCE, { owner: processOwner() });
      await expect(middleware(updateContext(id), () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
      expect(await deliver(log, id, processOwner())).toBe(false);
    });
  });
}

describe("ownerIsDead", () => {
  it("GIVEN owners THEN only a gone local process or an earlier boot with our pid is dead", async () => {
    const self = processOwner();
    const [host, pid] = self.split("/");
    expect(ownerIsDead(`${host}/${pid}/other-boot`, self)).toBe(true);
    expect(ownerIsDead(self, self)).toBe(false);
    expect(ownerIsDead(`${host}/${await deadPid()}/x`, self)).toBe(true);
    expect(ownerIsDead(`${host}/${process.ppid}/x`, self)).toBe(false);
    expect(ownerIsDead(`elsewhere/${await deadPid()}/x`, self)).toBe(false);
    expect(ownerIsDead(null, self)).toBe(false);
  });
});
