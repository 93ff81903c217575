/**
 * Plain SQL for the statements on every flag's and relayed transaction's path (flag requests,
 * the relay journal, the wallet link lookup, the rate limit, the held notice) and the campaign
 * directory's (autocomplete), straight to the driver Prisma itself uses (node-postgres's pool,
 * or PGlite), not through `$queryRaw`.
 *
 * Why: Prisma 6's client engine runs even a raw statement through its query compiler
 * (WebAssembly) and its result (de)serialisation. A statement issued after the event loop was
 * idle, as a flag's are one at a time, took 1.5 ms and 1.0 ms of CPU through `$queryRaw`
 * against 0.9 ms and 0.5 ms straight to node-postgres (`npx tsx bench/prisma-query-cost.ts`,
 * docs/BENCHMARKS.md). Inside `store.transaction` the statements go through the transaction's
 * Prisma client, which holds the transaction's connection.
 *
 * The drivers' own conversions apply: every time column is `timestamptz`, read as a `Date` and
 * written from one as the instant it is, whatever the process's time zone; an `int8` comes as
 * the driver gives it (text or a number), so callers convert it with `Number` or `BigInt`.
 */
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import type { Db } from "./db.js";
import type { Prisma, PrismaClient } from "./generated/client.ts";

/** Runs a statement made with `Prisma.sql`. */
export interface SqlClient {
  /** The statement's rows, one object per row keyed by column name. */
  rows<R>(query: Prisma.Sql): Promise<R[]>;
  /** How many rows the statement changed. */
  changed(query: Prisma.Sql): Promise<number>;
}

/** Straight to node-postgres's pool (the pool Prisma's adapter uses too). */
export function poolSql(pool: pg.Pool): SqlClient {
  const run = (query: Prisma.Sql) => pool.query(query.text, query.values);
  return {
    rows: async <R>(query: Prisma.Sql) => (await run(query)).rows as R[],
    changed: async (query) => (await run(query)).rowCount ?? 0,
  };
}

/** Straight to PGlite (the database Prisma's PGlite adapter uses too; it runs one statement at a time). */
export function pgliteSql(db: PGlite): SqlClient {
  const run = (query: Prisma.Sql) => db.query(query.text, query.values);
  return {
    rows: async <R>(query: Prisma.Sql) => (await run(query)).rows as R[],
    changed: async (query) => (await run(query)).affectedRows ?? 0,
  };
}

/** Through a Prisma client's `$queryRaw`/`$executeRaw`: inside a transaction, or a client opened without a driver. */
function prismaSql(db: Db): SqlClient {
  return {
    rows: <R>(query: Prisma.Sql) => db.$queryRaw<R[]>(query),
    changed: (query) => db.$executeRaw(query),
  };
}

/** The driver behind each client `openDatabase` made (a transaction's client has none). */
const drivers = new WeakMap<PrismaClient, SqlClient>();

/** Records the driver behind `prisma`, for {@link sqlFor}. */
export function useDriver(prisma: PrismaClient, driver: SqlClient): void {
  drivers.set(prisma, driver);
}

/** How `db` runs plain SQL: straight to its driver when it has one, else through Prisma. */
export function sqlFor(db: Db): SqlClient {
  return drivers.get(db as PrismaClient) ?? prismaSql(db);
}
