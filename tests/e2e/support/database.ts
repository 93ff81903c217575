/**
 * The end-to-end tests' database: the real PostgreSQL in a fresh schema whose name is known,
 * so a child process (the crash tests' relay worker and bot) can open the very same one, with the
 * store's durable relay journal (what bot/app hands the relayer); PGlite only when asked for.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../../bot/store/database.js";
import { prismaRelayJournal, type RelayJournalStore } from "../../../bot/store/relay-journal.js";

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface E2eDatabase {
  readonly db: Database;
  readonly journal: RelayJournalStore;
  /** How another process opens it: `{ kind: "postgres", url, schema }`, or null for PGlite. */
  readonly target: { url: string; schema: string } | null;
  dispose(): Promise<void>;
}

/** A freshly migrated PostgreSQL schema (the default) or an in-memory PGlite. */
export async function openE2eDatabase(kind: "postgres" | "pglite" = "postgres"): Promise<E2eDatabase> {
  if (kind === "pglite") {
    const db = await openDatabase({ kind: "pglite" });
    return { db, journal: prismaRelayJournal(db.prisma), target: null, dispose: () => db.close() };
  }
  const schema = `e2e_${process.pid}_${randomBytes(4).toString("hex")}`;
  const db = await openDatabase({ kind: "postgres", url: POSTGRES_URL, schema });
  return {
    db,
    journal: prismaRelayJournal(db.prisma),
    target: { url: POSTGRES_URL, schema },
    dispose: async () => {
      await db.close();
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
}
