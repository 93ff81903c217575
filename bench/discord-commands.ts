/**
 * 500 members run slash commands at the same moment against the local Discord server: the
 * real discord.js Client, the real core over a real database, chain reads from the in-memory
 * chain. Measures the time from the INTERACTION_CREATE dispatch to the bot's first response
 * (the defer that beats Discord's 3-second rule) and to its final answer, plus memory.
 * The server runs in a worker thread (bench/discord-server-worker.ts) so the bot's event
 * loop is measured on its own; both still share the machine's 2 cores.
 *
 *   npx tsx bench/discord-commands.ts [count=500] [--postgres [--pool N] [--max-wait MS]]
 */
import { REST } from "discord.js";
import { naclVerifier } from "../bot/chain/signature-verifier.js";
import { startDiscord } from "../bot/discord/bot.js";
import { discordPlatform } from "../bot/discord/platform.js";
import { deployCommands } from "../bot/discord/deploy-commands.js";
import { DEFAULT_POOL_SIZE, TRANSACTION_MAX_WAIT_MS, openDatabase } from "../bot/store/database.js";
import { prismaStore } from "../bot/store/prisma-store.js";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { campaign } from "../tests/bot/support/campaigns.js";
import { FakeChain, FakePools, ManualClock, randomAddress, secureRandom } from "../tests/bot/support/fakes.js";

const count = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 500);
const postgres = process.argv.includes("--postgres");
const poolArg = process.argv[process.argv.indexOf("--pool") + 1];
/** PostgreSQL pool size; the bot's default (DEFAULT_POOL_SIZE) unless `--pool N`. */
const poolSize = process.argv.includes("--pool") ? Number(poolArg) : DEFAULT_POOL_SIZE;
const maxWaitArg = process.argv[process.argv.indexOf("--max-wait") + 1];
/** Prisma's transaction start deadline (ms); the bot's TRANSACTION_MAX_WAIT_MS unless `--max-wait MS`. */
const maxWait = process.argv.includes("--max-wait") ? Number(maxWaitArg) : TRANSACTION_MAX_WAIT_MS;

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const db = await openDatabase(
  postgres
    ? { kind: "postgres", url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test", schema: `bench_discord_${process.pid}`, poolSize, transactionMaxWaitMs: maxWait }
    : { kind: "pglite" },
);
// Node 20 workers do not inherit tsx's loader: register it in the worker, then load the file.
const workerFile = new URL("./discord-server-worker.ts", import.meta.url).href;
const worker = new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(workerFile)}); });`, { eval: true });
async function ask<T>(message: unknown): Promise<T> {
  worker.postMessage(message);
  const [reply] = (await once(worker, "message")) as [T & { error?: string }];
  if (reply.error !== undefined) throw new Error(reply.error);
  return reply;
}
const server = await ask<{ apiBase: string; token: string; applicationId: string; guildId: string }>({ type: "start" });

const chain = new FakeChain();
const campaigns = Array.from({ length: 20 }, () => campaign());
for (const c of campaigns) chain.campaigns.set(c.address, c);
let botErrors = 0;
/** Prisma's "Unable to start a transaction in the given time": not started within the wait. */
let poolTimeouts = 0;
const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (m: string) => {
    botErrors += 1;
    if (m.includes("Unable to start a transaction")) poolTimeouts += 1;
    if (process.env.BENCH_VERBOSE !== undefined) process.stderr.write(`${m}\n`);
  },
};
await deployCommands(new REST({ api: server.apiBase }).setToken(server.token), server.applicationId, server.guildId);
const bot = await startDiscord(
  server.token,
  {
    store: prismaStore(db.prisma),
    chain,
    pools: new FakePools(),
    clock: new ManualClock(new Date()),
    random: secureRandom,
    verifier: naclVerifier,
    link: { domain: "pepfund.bench", baseUrl: "https://pepfund.bench", chainId: "devnet", ttlSeconds: 600 },
    signing: { baseUrl: "https://pepfund.bench", ttlSeconds: 900 },
    relayAuthority: randomAddress(),
    writes: null,
    evidence: null,
    gatewayUrl: null,
    maxEvidenceBytes: 1_000_000,
    team: {},
    explorer: { cluster: "devnet" },
    platforms: { DISCORD: discordPlatform },
    log: silent,
  },
  { managerRoleId: null, teamRoleId: null },
  silent,
  { apiBase: server.apiBase },
);

interface RunReport {
  readonly first: (number | null)[];
  readonly final: (number | null)[];
  readonly failed: number;
}
const run = (n: number): Promise<RunReport> =>
  ask<RunReport>({ type: "run", count: n, campaigns: campaigns.map((c) => c.address), addresses: Array.from({ length: n }, () => randomAddress()) });

// Warm-up: JIT, connection pools, discord.js caches.
await run(20);
global.gc?.();
const before = process.memoryUsage();
let peakRss = before.rss;
let peakHeap = before.heapUsed;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 20);
const started = Date.now();
const report = await run(count);
const wall = Date.now() - started;
clearInterval(sampler);

const sorted = (xs: (number | null)[]): number[] => xs.filter((t): t is number => t !== null).sort((a, b) => a - b);
const first = sorted(report.first);
const final = sorted(report.final);
const rows: [string, string][] = [
  ["interactions", String(count)],
  ["database", postgres ? `PostgreSQL (pool of ${poolSize}, transaction start wait ${maxWait} ms)` : "PGlite (embedded)"],
  ["first response p50", `${percentile(first, 50)} ms`],
  ["first response p99", `${percentile(first, 99)} ms`],
  ["first response max", `${first.at(-1) ?? NaN} ms`],
  ["final answer p50", `${percentile(final, 50)} ms`],
  ["final answer p99", `${percentile(final, 99)} ms`],
  ["'interaction failed' (>3 s)", String(report.failed)],
  ["errors logged by the bot", String(botErrors)],
  ["of which transaction not started in time", String(poolTimeouts)],
  ["wall time", `${wall} ms`],
  ["RSS before / peak (both threads)", `${mb(before.rss)} / ${mb(peakRss)}`],
  ["bot heap used before / peak", `${mb(before.heapUsed)} / ${mb(peakHeap)}`],
];
const width = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(`\n${"metric".padEnd(width)} | value\n${"-".repeat(width)}-|------\n`);
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)} | ${v}\n`);

await bot.stop();
await worker.terminate();
await db.close();
if (postgres) {
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test" });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "bench_discord_${process.pid}" CASCADE`);
  await admin.end();
}
