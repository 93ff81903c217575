/**
 * The database-backed relay journal passes the chain adapter's RelayJournal contract on
 * PGlite and on the real PostgreSQL, and keeps its entries across a reopen of the database.
 */
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../bot/store/database.js";
import { prismaRelayJournal } from "../../../bot/store/relay-journal.js";
import { describeRelayJournal } from "../chain/support/relay-journal-contract.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

for (const kind of databaseKinds) {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.dispose()));
  });
  describeRelayJournal(`prisma on ${kind.name}`, async () => {
    const db = await kind.open();
    opened.push(db);
    return prismaRelayJournal(db.prisma);
  });
}

describe("prisma relay journal across a restart", () => {
  it("GIVEN an entry and its outcome WHEN the embedded database is reopened THEN both are still there", async () => {
    const dir = await mkdtemp(join(tmpdir(), "relay-journal-"));
    try {
      const first = await openDatabase({ kind: "pglite", dataDir: dir });
      const journal = prismaRelayJournal(first.prisma);
      await journal.begin("flag:1", { transaction: new Uint8Array([9, 8, 7]), signature: "sig-1", lastValidBlockHeight: 123n });
      await journal.finish("flag:1", { status: "failed", signature: "sig-1", code: "TransactionExpired", message: "expired" });
      await first.close();
      const second = await openDatabase({ kind: "pglite", dataDir: dir });
      const entry = await prismaRelayJournal(second.prisma).get("flag:1");
      await second.close();
      expect(entry).toEqual({
        key: "flag:1",
        transaction: new Uint8Array([9, 8, 7]),
        signature: "sig-1",
        lastValidBlockHeight: 123n,
        outcome: { status: "failed", signature: "sig-1", code: "TransactionExpired", message: "expired" },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
