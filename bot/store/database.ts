/**
 * Opens the database: PostgreSQL when a URL is given (production, CI), else an embedded
 * PostgreSQL (PGlite) in a data directory, so one command runs the bot on a fresh machine.
 * Both go through Prisma with a driver adapter and are migrated before use; the plain SQL of
 * the busiest paths goes straight to the same driver (sql.ts).
 */
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client.ts";
import { migrate, type SqlRunner } from "./migrate.js";
import { pgliteSql, poolSql, useDriver } from "./sql.js";

/** Where the data lives. */
export type DatabaseTarget =
  | {
      readonly kind: "postgres";
      readonly url: string;
      /** PostgreSQL schema; "public" unless set. */
      readonly schema?: string;
      /** Pooled connections; else the URL's `connection_limit`, else {@link DEFAULT_POOL_SIZE}. */
      readonly poolSize?: number;
      /** How long a transaction may wait to start; {@link TRANSACTION_MAX_WAIT_MS} unless set (benchmarks). */
      readonly transactionMaxWaitMs?: number;
    }
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

/**
 * Connections in the bot's PostgreSQL pool (node-postgres's default). A larger pool did not
 * help a burst of chat commands: each extra connection is opened during the burst, on the
 * same busy event loop, and more transactions waited past their start deadline (measured in
 * docs/BENCHMARKS.md, Discord). Raise it with `connection_limit` for many replicas' worth of
 * background workers, not for bursts.
 */
export const DEFAULT_POOL_SIZE = 10;

/**
 * How long a transaction may wait to start (a pooled connection and its BEGIN). Prisma's 2 s
 * refused up to 47 of 50 /links under a 500-command burst although the database was idle:
 * the wait is the bot's event loop working through the burst. The user is answered by a
 * deferred reply that lasts 15 minutes, so waiting is better than "try again".
 */
export const TRANSACTION_MAX_WAIT_MS = 10_000;

/**
 * The pool size, and the URL node-postgres gets: Prisma's own `connection_limit` parameter is
 * honoured (the driver adapter would ignore it) and removed from the URL.
 */
function poolSettings(url: string, poolSize: number | undefined): { url: string; poolSize: number } {
  let limit: string | null = null;
  let stripped = url;
  if (url.includes("connection_limit=")) {
    const parsed = new URL(url);
    limit = parsed.searchParams.get("connection_limit");
    parsed.searchParams.delete("connection_limit");
    stripped = parsed.toString();
  }
  const size = poolSize ?? (limit === null ? DEFAULT_POOL_SIZE : Number(limit));
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new StoreError(`invalid pool size ${limit ?? String(poolSize)}: connection_limit must be an integer from 1 to 1000`);
  }
  return { url: stripped, poolSize: size };
}

/** Opens and migrates the target. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "postgres" ? openPostgres(target.url, target.schema ?? "public", target.poolSize, target.transactionMaxWaitMs ?? TRANSACTION_MAX_WAIT_MS) : openPglite(target.dataDir);
}

async function openPostgres(givenUrl: string, schema: string, givenPoolSize: number | undefined, maxWait: number): Promise<Database> {
  if (!SCHEMA_PATTERN.test(schema)) throw new StoreError(`invalid schema name ${schema}`);
  const { url, poolSize } = poolSettings(givenUrl, givenPoolSize);
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
  // search_path too, so raw SQL (campaign-tables.ts, the outbox claim) finds the schema's tables as models do.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path="${schema}"` });
  // An idle connection the server closed (a restart) leaves the pool, and the next statement
  // opens another; unheard, the pool's "error" event would end the process.
  pool.on("error", () => undefined);
  // One pool for Prisma and the plain SQL of sql.ts; Prisma leaves an external pool open.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema }), transactionOptions: { maxWait } });
  useDriver(prisma, poolSql(pool));
  return {
    kind: "postgres",
    prisma,
    applied,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
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
  const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS } });
  useDriver(prisma, pgliteSql(db));
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
