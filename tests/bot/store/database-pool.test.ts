/**
 * The PostgreSQL pool's size: DEFAULT_POOL_SIZE unless DATABASE_URL's `connection_limit` (the
 * parameter Prisma documents) or the caller sets it, observed as the number of distinct server
 * sessions that concurrent queries run on; and a transaction that must wait for a connection
 * longer than Prisma's default 2 s still runs. The store's plain SQL (sql.ts) shares that pool.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_POOL_SIZE, StoreError, TRANSACTION_MAX_WAIT_MS, openDatabase, type Database } from "../../../bot/store/database.js";
import { Prisma } from "../../../bot/store/generated/client.ts";
import { sqlFor } from "../../../bot/store/sql.js";

const URL_ = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const schema = `t_pool_${process.pid}_${randomBytes(3).toString("hex")}`;
let opened: Database | undefined;

afterEach(async () => {
  await opened?.close();
  opened = undefined;
  const admin = new pg.Client({ connectionString: URL_ });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});

/** Server sessions used by `n` queries started together, each holding its connection a moment. */
async function sessionsFor(db: Database, n: number): Promise<number> {
  const rows = await Promise.all(
    Array.from({ length: n }, () => db.prisma.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid FROM (SELECT pg_sleep(0.3)) AS held`),
  );
  return new Set(rows.map(([row]) => row?.pid)).size;
}

/** Waits until the server runs the 3 s pg_sleep of this test's pool. */
async function sleepingSessionSeen(): Promise<void> {
  const admin = new pg.Client({ connectionString: URL_ });
  await admin.connect();
  try {
    for (;;) {
      const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3)) AS held%' AND pid <> pg_backend_pid()");
      if ((rows[0]?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await admin.end();
  }
}

describe("PostgreSQL pool size", () => {
  it("GIVEN connection_limit=3 in the URL THEN 8 concurrent queries share 3 sessions", async () => {
    opened = await openDatabase({ kind: "postgres", url: `${URL_}?connection_limit=3`, schema });
    expect(await sessionsFor(opened, 8)).toBe(3);
  });

  it("GIVEN no limit THEN DEFAULT_POOL_SIZE sessions; the caller's poolSize wins over the URL", async () => {
    opened = await openDatabase({ kind: "postgres", url: URL_, schema });
    expect(await sessionsFor(opened, DEFAULT_POOL_SIZE + 4)).toBe(DEFAULT_POOL_SIZE);
    await opened.close();
    opened = await openDatabase({ kind: "postgres", url: `${URL_}?connection_limit=3`, schema, poolSize: 5 });
    expect(await sessionsFor(opened, 8)).toBe(5);
  });

  it("GIVEN Prisma's queries and the store's plain SQL at once THEN both share the one pool (3 sessions, not 6)", async () => {
    const db = await openDatabase({ kind: "postgres", url: `${URL_}?connection_limit=3`, schema });
    opened = db;
    const direct = sqlFor(db.prisma);
    const held = Prisma.sql`SELECT pg_backend_pid() AS pid FROM (SELECT pg_sleep(0.3)) AS held`;
    const rows = await Promise.all([
      ...Array.from({ length: 6 }, () => direct.rows<{ pid: number }>(held)),
      ...Array.from({ length: 6 }, () => db.prisma.$queryRaw<{ pid: number }[]>(held)),
    ]);
    expect(new Set(rows.map(([row]) => row?.pid)).size).toBe(3);
  });

  it("GIVEN every connection busy for 3 s THEN a transaction waits for one instead of failing (Prisma's 2 s would refuse it)", async () => {
    expect(TRANSACTION_MAX_WAIT_MS).toBeGreaterThan(3_000);
    opened = await openDatabase({ kind: "postgres", url: `${URL_}?connection_limit=1`, schema });
    const db = opened;
    // Prisma queries are lazy: then() starts this one, which takes the only connection.
    const busy = db.prisma.$queryRaw`SELECT 1 AS one FROM (SELECT pg_sleep(3)) AS held`.then(() => undefined);
    await sleepingSessionSeen();
    const transaction = db.prisma.$transaction(async (tx) => tx.$queryRaw<{ ok: number }[]>`SELECT 1 AS ok`);
    await expect(transaction).resolves.toEqual([{ ok: 1 }]);
    await busy;
  });

  it("GIVEN a malformed connection_limit THEN a StoreError naming it, before any connection", async () => {
    await expect(openDatabase({ kind: "postgres", url: `${URL_}?connection_limit=lots`, schema })).rejects.toThrow(StoreError);
    await expect(openDatabase({ kind: "postgres", url: `${URL_}?connection_limit=0`, schema })).rejects.toThrow(/connection_limit/);
  });
});
