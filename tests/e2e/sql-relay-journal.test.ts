/** The end-to-end tests' durable relay journal keeps the relayer's contract, on each database. */
import { afterAll, beforeAll } from "vitest";
import { describeRelayJournal } from "../bot/chain/support/relay-journal-contract.js";
import { openE2eDatabase, type E2eDatabase } from "./support/database.js";

for (const kind of ["pglite", "postgres"] as const) {
  let e2e: E2eDatabase;
  beforeAll(async () => {
    e2e = await openE2eDatabase(kind);
  });
  afterAll(async () => {
    await e2e.dispose();
  });
  describeRelayJournal(`SQL on ${kind}`, async () => {
    const table = e2e.target === null ? "e2e_relay_journal" : `"${e2e.target.schema}".e2e_relay_journal`;
    await e2e.db.prisma.$executeRawUnsafe(`DELETE FROM ${table}`);
    return e2e.journal;
  });
}
