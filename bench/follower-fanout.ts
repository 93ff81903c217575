/**
 * What personal follows cost the indexer: one program event (a submission) for a campaign
 * with N followers is announced in the indexer's own transaction (announceEvent: channels, the
 * researcher, then `tellFollowers` queues one outbox message per follower), so the cursor
 * waits for N inserts. Prints the time of that transaction for each N, the first time (new
 * messages) and for a replay of the same event (every message a dedupe hit), median of 3.
 *
 *   npx tsx bench/follower-fanout.ts [--postgres] [followers=100,1000,10000]
 */
import type { ProgramEvent } from "../bot/core/events.js";
import { announceEvent } from "../bot/core/usecases/announce.js";
import { openDatabase } from "../bot/store/database.js";
import { prismaStore } from "../bot/store/prisma-store.js";
import { campaign } from "../tests/bot/support/campaigns.js";
import { FakeChain } from "../tests/bot/support/fakes.js";
import { PLATFORMS } from "../tests/bot/support/platforms.js";

const postgres = process.argv.includes("--postgres");
const sizes = (process.argv.find((a) => /^\d+(,\d+)*$/.test(a)) ?? "100,1000,10000").split(",").map(Number);
const RUNS = 3;

const db = await openDatabase(
  postgres
    ? { kind: "postgres", url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test", schema: `bench_${process.pid}` }
    : { kind: "pglite" },
);
const store = prismaStore(db.prisma);
const chain = new FakeChain();

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Milliseconds of one indexer transaction announcing `event` under `key`. */
async function timed(event: ProgramEvent, key: string): Promise<{ ms: number; followers: number }> {
  const began = performance.now();
  const result = await store.transaction((tx) => announceEvent({ store: tx, chain, gatewayUrl: "https://arweave.net", platforms: PLATFORMS }, event, key));
  return { ms: performance.now() - began, followers: result.followers ?? 0 };
}

try {
  const rows: string[] = [];
  for (const n of sizes) {
    const c = campaign();
    chain.campaigns.set(c.address, c);
    // Followers as Telegram users; set up in bulk (not what is measured).
    for (let from = 0; from < n; from += 1_000) {
      const data = Array.from({ length: Math.min(1_000, n - from) }, (_, i) => {
        const userId = String(7_000_000_000 + from + i);
        return { platform: "TELEGRAM" as const, userId, chatId: userId, campaign: c.address };
      });
      await db.prisma.follow.createMany({ data });
    }
    const fresh: number[] = [];
    const replay: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const event: ProgramEvent = {
        name: "MilestoneSubmitted",
        campaign: c.address,
        milestoneIndex: 0,
        attempt: run + 1,
        evidenceType: "Dataset",
        evidenceId: "E".repeat(42) + "A",
        evidenceHash: "ab".repeat(32),
        windowEnd: 1_900_000_000,
        backerSupplySnapshot: 1_000n,
        flagThreshold: 1n,
      };
      const key = `bench-${n}-${run}`;
      const first = await timed(event, key);
      if (first.followers !== n) throw new Error(`queued ${first.followers} of ${n}`);
      fresh.push(first.ms);
      const again = await timed(event, key);
      if (again.followers !== 0) throw new Error(`a replay queued ${again.followers}`);
      replay.push(again.ms);
    }
    rows.push(`| ${n.toLocaleString("en-US")} | ${median(fresh).toFixed(0)} ms | ${(median(fresh) / n).toFixed(3)} ms | ${median(replay).toFixed(0)} ms |`);
  }
  process.stdout.write(
    [`database: ${postgres ? "PostgreSQL" : "PGlite (embedded)"}`, "| followers | indexer transaction | per follower | replay (all dedupe hits) |", "|---|---|---|---|", ...rows].join("\n") + "\n",
  );
} finally {
  if (postgres) await db.prisma.$executeRawUnsafe(`DROP SCHEMA IF EXISTS "bench_${process.pid}" CASCADE`);
  await db.close();
}
