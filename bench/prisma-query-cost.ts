/**
 * What one query costs through Prisma 6's model API, as plain SQL through Prisma
 * (`$queryRaw`/`$executeRaw`), and as the same plain SQL straight to the driver Prisma uses
 * (bot/store/sql.ts: node-postgres's pool, or PGlite), on the same database, one after
 * another: wall time and this thread's CPU per call. The model API runs Prisma's query
 * compiler (WebAssembly, on the event loop) for every call, and `$queryRaw` still runs the
 * client engine's request and result handling; why the flag's own statements are plain SQL
 * straight to the driver (docs/BENCHMARKS.md).
 *
 * Each way is measured twice: back to back (`--calls` calls after 200 to warm up), and with the
 * event loop idle `--gap-ms` between calls (300 calls), as a flag's statements come one at a
 * time, each after a network wait: caches and the JIT's state are then colder.
 *
 *   npx tsx bench/prisma-query-cost.ts [--pglite] [--calls 2000] [--gap-ms 10]
 *
 * PostgreSQL: DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test, in a throwaway schema.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { openDatabase } from "../bot/store/database.js";
import { Prisma } from "../bot/store/generated/client.ts";
import { sqlFor } from "../bot/store/sql.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const CALLS = option("--calls", 2_000);
const GAP_MS = option("--gap-ms", 10);
const SPACED_CALLS = 300;
const WARMUP = 200;
const schema = `bench_query_cost_${process.pid}`;
const db = await openDatabase(
  args.includes("--pglite")
    ? { kind: "pglite" }
    : { kind: "postgres", url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test", schema },
);
const prisma = db.prisma;
const driver = sqlFor(prisma);

/** Mean wall time and CPU of this thread per call of `work`, after a warm-up, `gapMs` idle before each. */
async function perCall(work: (i: number) => Promise<unknown>, calls: number, gapMs: number): Promise<string> {
  for (let i = 0; i < WARMUP; i++) await work(i);
  let wall = 0;
  let cpu = 0;
  for (let i = 0; i < calls; i++) {
    if (gapMs > 0) await sleep(gapMs);
    const cpuBefore = process.threadCpuUsage();
    const start = performance.now();
    await work(i);
    wall += performance.now() - start;
    const used = process.threadCpuUsage(cpuBefore);
    cpu += (used.user + used.system) / 1000;
  }
  return `${(wall / calls).toFixed(3)} ms / ${(cpu / calls).toFixed(3)} ms`;
}

const id = "00000000-0000-4000-8000-000000000000";
const byKey = (i: number) => Prisma.sql`SELECT * FROM flag_request WHERE idempotency_key = ${`key-${i}`}`;
const markSent = (i: number) =>
  Prisma.sql`UPDATE flag_request SET status = 'SENT', rationale_id = ${`r-${i}`}, updated_at = now() WHERE id = ${id}::uuid AND status = 'ACCEPTED'`;
const ways: [string, [string, (i: number) => Promise<unknown>][]][] = [
  [
    "flag request by key (SELECT)",
    [
      ["model API", (i) => prisma.flagRequest.findUnique({ where: { idempotencyKey: `key-${i}` } })],
      ["plain SQL through Prisma", (i) => prisma.$queryRaw(byKey(i))],
      ["plain SQL to the driver", (i) => driver.rows(byKey(i))],
    ],
  ],
  [
    "flag request marked sent (UPDATE)",
    [
      ["model API", (i) => prisma.flagRequest.updateMany({ where: { id, status: "ACCEPTED" }, data: { status: "SENT", rationaleId: `r-${i}` } })],
      ["plain SQL through Prisma", (i) => prisma.$executeRaw(markSent(i))],
      ["plain SQL to the driver", (i) => driver.changed(markSent(i))],
    ],
  ],
];

try {
  const rows: string[][] = [];
  for (const [label, alternatives] of ways) {
    for (const [way, work] of alternatives) rows.push([`${label}: ${way}, back to back, wall / CPU per call`, await perCall(work, CALLS, 0)]);
    for (const [way, work] of alternatives) rows.push([`${label}: ${way}, ${GAP_MS} ms apart, wall / CPU per call`, await perCall(work, SPACED_CALLS, GAP_MS)]);
  }
  const width = Math.max(...rows.map(([m]) => m?.length ?? 0));
  process.stdout.write(`${db.kind}\n| ${"measure".padEnd(width)} | value |\n`);
  for (const [measure, value] of rows) process.stdout.write(`| ${(measure ?? "").padEnd(width)} | ${value ?? ""} |\n`);
} finally {
  if (db.kind === "postgres") await prisma.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
  await db.close();
}
