/**
 * Opens the database: PostgreSQL when a URL is given (production, CI), else an embedded
 * PostgreSQL (PGlite) in a data directory, so one command runs the bot on a fresh machine.
 * Both go through Prisma with a driver adapter and are migrated before use.
 */
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client.ts";
import { migrate, type SqlRunner } from "./migrate.js";

/** Where the data lives. */
export type DatabaseTarget =
  | { readonly kind: "postgres"; readonly url: string; /** PostgreSQL schema; "public" unless set. */ readonly schema?: string }
  | { readonly kind: "pglite"; /** Data directory; in memory when omitted. */ readonly dataDir?: string };

/** An open, migrated database. */
export interface Database {
  readonly kind: DatabaseTarget["kind"];
  readonly prisma: PrismaClient;
  /** Migrations applied by this open. */
  readonly applied: readonly string[];
  close(): Promise<void>;
}

/** A database-level failure (unreachable server, failed migration), naming the store layer. */
export class StoreError extends Error {
  override readonly name = "StoreError";
}

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens and migrates the target. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "postgres" ? openPostgres(target.url, target.schema ?? "public") : openPglite(target.dataDir);
}

async function openPostgres(url: string, schema: string): Promise<Database> {
  if (!SCHEMA_PATTERN.test(schema)) throw new StoreError(`invalid schema name ${schema}`);
  const client = new pg.Client({ connectionString: url });
  let applied: string[];
  try {
    await client.connect();
    const runner: SqlRunner = {
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
    };
    await runner.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await runner.exec(`SET search_path TO "${schema}"`);
    // Two bot instances starting together must not both apply a migration.
    await runner.query("SELECT pg_advisory_lock(726175000)");
    applied = await migrate(runner);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new StoreError(`PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  await client.end();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }, { schema }) });
  return {
    kind: "postgres",
    prisma,
    applied,
    close: async () => {
      await prisma.$disconnect();
    },
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const db = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  let applied: string[];
  try {
    applied = await migrate({
      exec: async (sql) => {
        await db.exec(sql);
      },
      query: async <R>(sql: string, params?: unknown[]) => (await db.query<R>(sql, params)).rows,
    });
  } catch (error) {
    await db.close();
    throw new StoreError(`embedded database ${dataDir ?? "(memory)"}: ${(error as Error).message}`, { cause: error });
  }
  // pglite-prisma-adapter 0.6 is typed against an older driver-adapter-utils; the runtime
  // contract it implements is the same (tests/bot/store run every repository through it).
  const adapter = new PrismaPGlite(db) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter });
  return {
    kind: "pglite",
    prisma,
    applied,
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

/** A connection URL with its password replaced, safe to log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
