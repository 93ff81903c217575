/**
 * Databases the repository tests run against: the embedded PGlite default always, and the
 * real PostgreSQL when one is reachable (TEST_DATABASE_URL, else DATABASE_URL, else
 * 127.0.0.1:5432 with trust auth). Each opened database uses a fresh schema, migrated from
 * scratch, dropped afterwards, so parallel runs never meet. REQUIRE_POSTGRES=1 (CI) turns an
 * unreachable server into a failure instead of a PGlite-only run.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../../bot/store/database.js";

const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test";

/** The PostgreSQL server URL to test against, or `null` when none answers. */
async function reachablePostgres(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return url;
  } catch (error) {
    if (process.env.REQUIRE_POSTGRES === "1") {
      throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL is unreachable: ${(error as Error).message}`, { cause: error });
    }
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresUrl = await reachablePostgres();

/** A database kind under test. */
export interface TestDatabaseKind {
  readonly name: "pglite" | "postgres";
  open(): Promise<TestDatabase>;
}

/** An open, freshly migrated database that cleans up after itself. */
export interface TestDatabase extends Database {
  /** Closes it and drops its schema. */
  dispose(): Promise<void>;
}

function freshSchema(): string {
  return `t_${process.pid}_${randomBytes(4).toString("hex")}`;
}

const pglite: TestDatabaseKind = {
  name: "pglite",
  open: async () => {
    const db = await openDatabase({ kind: "pglite" });
    return { ...db, dispose: () => db.close() };
  },
};

function postgres(url: string): TestDatabaseKind {
  return {
    name: "postgres",
    open: async () => {
      const schema = freshSchema();
      const db = await openDatabase({ kind: "postgres", url, schema });
      return {
        ...db,
        dispose: async () => {
          await db.close();
          const admin = new pg.Client({ connectionString: url });
          await admin.connect();
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await admin.end();
        },
      };
    },
  };
}

/** Every database kind available here, PGlite first. */
export const databaseKinds: readonly TestDatabaseKind[] =
  postgresUrl === null ? [pglite] : [pglite, postgres(postgresUrl)];

/** Whether the real PostgreSQL takes part in this run. */
export const postgresAvailable = postgresUrl !== null;

/** The reachable PostgreSQL server URL, when one is. */
export const postgresServerUrl = postgresUrl;
