/**
 * What one query costs through Prisma 6's model API against the same statement as plain SQL
 * (`$queryRaw`/`$executeRaw`), on the same client and database, one after another: wall time
 * and this thread's CPU per call. The model API runs Prisma's query compiler (WebAssembly, on
 * the event loop) for every call; why the flag's own queries are plain SQL (docs/BOT.md).
 *
 *   npx tsx bench/prisma-query-cost.ts [--pglite] [--calls 2000]
 *
 * PostgreSQL: DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test, in a throwaway schema.
 */
import { performance } from "node:perf_hooks";
import { openDatabase } from "../bot/store/database.js";

const args = process.argv.slice(2);
const callsAt = args.indexOf("--calls");
const CALLS = callsAt >= 0 ? Number(args[callsAt + 1]) : 2_000;
const WARMUP = 200;
const schema = `bench_query_cost_${process.pid}`;
const db = await openDatabase(
  args.includes("--pglite")
    ? { kind: "pglite" }
    : { kind: "postgres", url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test", schema },
);
const prisma = db.prisma;

/** Mean wall time and CPU of this thread per call of `work`, after a warm-up. */
async function perCall(work: (i: number) => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < WARMUP; i++) await work(i);
  const cpuBefore = process.threadCpuUsage();
  const start = performance.now();
  for (let i = 0; i < CALLS; i++) await work(i);
  const wall = (performance.now() - start) / CALLS;
  const cpu = process.threadCpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 / CALLS };
}

const id = "00000000-0000-4000-8000-000000000000";
const pairs: [string, (i: number) => Promise<unknown>, (i: number) => Promise<unknown>][] = [
  [
    "flag request by key (SELECT)",
    (i) => prisma.flagRequest.findUnique({ where: { idempotencyKey: `key-${i}` } }),
    (i) => prisma.$queryRaw`SELECT * FROM flag_request WHERE idempotency_key = ${`key-${i}`}`,
  ],
  [
    "flag request marked sent (UPDATE)",
    (i) => prisma.flagRequest.updateMany({ where: { id, status: "ACCEPTED" }, data: { status: "SENT", rationaleId: `r-${i}` } }),
    (i) => prisma.$executeRaw`UPDATE flag_request SET status = 'SENT', rationale_id = ${`r-${i}`}, updated_at = now() WHERE id = ${id}::uuid AND status = 'ACCEPTED'`,
  ],
];

try {
  const rows: string[][] = [];
  for (const [label, model, raw] of pairs) {
    const viaModel = await perCall(model);
    const viaRaw = await perCall(raw);
    rows.push(
      [`${label}: model API, wall / CPU per call`, `${viaModel.wall.toFixed(3)} ms / ${viaModel.cpu.toFixed(3)} ms`],
      [`${label}: plain SQL, wall / CPU per call`, `${viaRaw.wall.toFixed(3)} ms / ${viaRaw.cpu.toFixed(3)} ms`],
    );
  }
  const width = Math.max(...rows.map(([m]) => m?.length ?? 0));
  process.stdout.write(`${db.kind}, ${CALLS} calls each after ${WARMUP} to warm up\n| ${"measure".padEnd(width)} | value |\n`);
  for (const [measure, value] of rows) process.stdout.write(`| ${(measure ?? "").padEnd(width)} | ${value ?? ""} |\n`);
} finally {
  if (db.kind === "postgres") await prisma.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
  await db.close();
}
