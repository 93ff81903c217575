/**
 * The flag pipeline under load: N holders (default 200) flag at once through the core
 * (requestFlag -> carryOutFlag: rationale uploaded to arlocal, flag relayed by the real
 * ChainRelayer and confirmed on the localnet, every step recorded in the database). Beside
 * it, in the same run, its unavoidable parts alone: an Arweave upload of the same rationale,
 * and the same flag transaction sent and confirmed directly (Anchor `.rpc()`), each once at a
 * time and N at once. Prints a table.
 *
 *   npx tsx bench/flag-pipeline.ts [N] [--pglite] [--poll-ms 400]
 */
import { performance } from "node:perf_hooks";
import type { Keypair } from "@solana/web3.js";
import { carryOutFlag } from "../bot/core/usecases/flag-relay.js";
import { requestFlag } from "../bot/core/usecases/flag-request.js";
import { CampaignFixture, USDC } from "../tests/bot/chain/support/campaign.js";
import { startWorld, wallClock, type World } from "../tests/e2e/support/world.js";

const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 200);
const SINGLE = 20;
const pollIndex = args.indexOf("--poll-ms");
const POLL_MS = pollIndex >= 0 ? Number(args[pollIndex + 1]) : 400;
const rationaleOf = (i: number) => `Holder ${i}: the raw data in the deposited archive does not reproduce figure 3.`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map((item, j) => work(item, start + j)));
  }
}

/** A campaign in review with `holders` backers of 5 USDC who deposited and named the relayer (plus a whale). */
async function campaignWithHolders(world: World, holders: number): Promise<CampaignFixture> {
  const amounts = Array.from({ length: holders }, () => 5n * USDC);
  const campaign = await CampaignFixture.fundraising(world.protocol, [4_000, 3_000, 3_000], 1000n * USDC + 5n * USDC * BigInt(holders));
  await campaign.addBacker(1000n * USDC);
  const backers: Keypair[] = [];
  await inBatches(amounts, 25, async (amount) => {
    const backer = await world.chain.fundedKeypair();
    await world.chain.mintTo(world.protocol.usdcMint, backer.publicKey, amount);
    await campaign.contribute(backer, amount);
    await campaign.deposit(backer, amount);
    await campaign.setDelegate(backer, world.protocol.relay.publicKey);
    backers.push(backer);
  });
  campaign.backers.push(...backers);
  await campaign.close();
  await campaign.submitMilestone(0);
  return campaign;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function timedAll(count: number, work: (i: number) => Promise<unknown>): Promise<{ latencies: number[]; wallMs: number }> {
  const start = performance.now();
  const latencies = await Promise.all(Array.from({ length: count }, (_, i) => timed(() => work(i))));
  return { latencies, wallMs: performance.now() - start };
}

const world = await startWorld(args.includes("--pglite") ? "pglite" : "postgres", POLL_MS);
try {
  process.stderr.write(`setting up ${N} + ${N + SINGLE} holders...\n`);
  const setupStart = performance.now();
  const pipelineCampaign = await campaignWithHolders(world, N);
  const directCampaign = await campaignWithHolders(world, N + SINGLE);
  process.stderr.write(`setup ${((performance.now() - setupStart) / 1000).toFixed(1)} s\n`);
  const pipelineHolders = pipelineCampaign.backers.slice(1);
  const directHolders = directCampaign.backers.slice(1);
  const text = (i: number) => new TextEncoder().encode(rationaleOf(i));
  const upload = (i: number) => world.evidence.upload(text(i), "text/plain; charset=utf-8", { Type: "flag-rationale" });
  const directFlag = (holder: Keypair) => directCampaign.flag(holder, 0, 1, world.protocol.relay);

  // The parts alone, one at a time.
  const uploadSingle: number[] = [];
  const txSingle: number[] = [];
  for (let i = 0; i < SINGLE; i++) {
    uploadSingle.push(await timed(() => upload(i)));
    const holder = directHolders[N + i];
    if (holder === undefined) throw new Error("holder missing");
    txSingle.push(await timed(() => directFlag(holder)));
  }
  // The parts alone, N at once.
  const uploadAll = await timedAll(N, (i) => upload(i));
  const txAll = await timedAll(N, (i) => directFlag(directHolders[i] as Keypair));

  // The pipeline: N holders flag at once, command to confirmed.
  const deps = { store: world.store, chain: world.reader, clock: wallClock, relayer: world.relayer.authority };
  const relayDeps = { store: world.store, evidence: world.evidence, relayer: world.relayer, clock: wallClock, gatewayUrl: world.arlocal.url };
  await Promise.all(
    pipelineHolders.map((holder, i) =>
      world.store.links.insert({ platform: "TELEGRAM", userId: String(i + 1), chatId: String(i + 1), address: holder.publicKey.toBase58(), challengeNonce: `bench-${i}`, linkedAt: new Date() }),
    ),
  );
  let failures = 0;
  const pipeline = await timedAll(N, async (i) => {
    const chat = { platform: "TELEGRAM" as const, userId: String(i + 1), chatId: String(i + 1) };
    const accepted = await requestFlag(deps, { chat, campaign: pipelineCampaign.address.toBase58(), milestoneIndex: 0, rationale: rationaleOf(i) });
    if (!accepted.ok) throw new Error(accepted.code);
    const done = await carryOutFlag(relayDeps, accepted.value.request.id);
    if (!done.ok || done.value.outcome.status !== "confirmed") failures += 1;
  });
  const onChain = (await world.reader.getCampaign(pipelineCampaign.address.toBase58()))?.milestones[0]?.flagCount ?? 0;

  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const sumSingle = percentile(uploadSingle, 50) + percentile(txSingle, 50);
  const sumAll = percentile(uploadAll.latencies, 50) + percentile(txAll.latencies, 50);
  const sumAll99 = percentile(uploadAll.latencies, 99) + percentile(txAll.latencies, 99);
  const rows: [string, string][] = [
    ["holders flagging at once", String(N)],
    ["flags confirmed on-chain / failed", `${onChain} / ${failures}`],
    ["pipeline wall time", ms(pipeline.wallMs)],
    ["pipeline flags/s", (N / (pipeline.wallMs / 1000)).toFixed(1)],
    ["pipeline p50 / p99 command -> confirmed", `${ms(percentile(pipeline.latencies, 50))} / ${ms(percentile(pipeline.latencies, 99))}`],
    ["upload alone, one at a time p50", ms(percentile(uploadSingle, 50))],
    ["flag tx alone, one at a time p50", ms(percentile(txSingle, 50))],
    ["sum of parts, one at a time (p50)", ms(sumSingle)],
    [`upload alone, ${N} at once p50 / p99`, `${ms(percentile(uploadAll.latencies, 50))} / ${ms(percentile(uploadAll.latencies, 99))}`],
    [`flag tx alone, ${N} at once p50 / p99`, `${ms(percentile(txAll.latencies, 50))} / ${ms(percentile(txAll.latencies, 99))}`],
    [`sum of parts, ${N} at once p50 / p99`, `${ms(sumAll)} / ${ms(sumAll99)}`],
    ["parts alone, wall time (uploads + txs)", ms(uploadAll.wallMs + txAll.wallMs)],
    ["overhead p50: pipeline / sum of parts at once", `${((percentile(pipeline.latencies, 50) / sumAll - 1) * 100).toFixed(1)} %`],
    ["overhead wall: pipeline / parts' wall time", `${((pipeline.wallMs / (uploadAll.wallMs + txAll.wallMs) - 1) * 100).toFixed(1)} %`],
    ["relayer poll interval", ms(POLL_MS)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`| ${"measure".padEnd(width)} | value |`, `|${"-".repeat(width + 2)}|-------|`, ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v} |`)];
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  await world.stop();
}
// web3.js's WebSocket would keep reconnecting to the stopped localnet.
process.exit(0);
