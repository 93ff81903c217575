/**
 * The flag pipeline under load: N holders (default 200) flag at once through the core as the
 * chat command does (flagNow: requestFlag -> carryOutFlag, rationale uploaded to arlocal, flag
 * relayed by the real ChainRelayer and confirmed on the localnet, every step recorded in the
 * database, the outcome recorded with its notice held for the answer (one statement, timed as
 * the flag request's); then the delivered answer withdraws the notice,
 * off the command's latency). Beside
 * it, in the same run, its unavoidable parts alone: the same upload of the rationale (its bytes and tags),
 * and the same flag transaction sent and confirmed directly (Anchor `.rpc()`), each once at a
 * time and N at once, and both chained (upload then transaction, N at once: the pipeline with
 * nothing of the bot's own). Every call of the pipeline into the database, the chain reader,
 * Arweave and the RPC node is timed, giving where a flag's time goes,
 * one at a time and N at once. Prints three tables (five with `--cpu-profile`). One at a time,
 * the benchmark thread's CPU of a flag through the pipeline is given beside that of its parts
 * alone: with nothing else running, what the pipeline adds to its parts' CPU is on its path.
 *
 * `--cpu-profile` also samples the benchmark thread's CPU during the pipeline's flags (one at
 * a time, then N at once) and prints its busiest code by package (self time per flag).
 *
 * `--rpc-delay-ms N` makes the localnet answer every RPC request N ms late (after the setup),
 * as a node across a network would: the parts and the pipeline both pay it.
 *
 * `--single N` flags one at a time (default 100), each beside an upload and a transaction alone.
 *
 *   npx tsx bench/flag-pipeline.ts [N] [--pglite] [--poll-ms 400] [--cpu-profile] [--rpc-delay-ms 0] [--single 100]
 */
import { once } from "node:events";
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { Keypair } from "@solana/web3.js";
import type { JWKInterface } from "arweave/node/lib/wallet.js";
import { pepfundProgram } from "../bot/chain/program.js";
import { ChainRelayer } from "../bot/chain/relayer/relayer.js";
import { relayConnection } from "../bot/chain/relayer/rpc.js";
import { flagNow } from "../bot/core/usecases/flag-now.js";
import { withdrawHeldNotice } from "../bot/core/usecases/notify.js";
import type { EvidenceStore } from "../bot/core/ports.js";
import { arweaveEvidenceStore } from "../bot/evidence/arweave-store.js";
import { PLATFORMS } from "../tests/bot/support/platforms.js";
import { CampaignFixture, USDC } from "../tests/bot/chain/support/campaign.js";
import { startWorld, wallClock, type World } from "../tests/e2e/support/world.js";

const args = process.argv.slice(2);
// The first number that is not an option's value.
const N = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1]?.startsWith("--") !== true) ?? 200);
const singleIndex = args.indexOf("--single");
/**
 * Flags one at a time, each beside an upload and a transaction alone. A p50 of 20 is a 10th
 * sample, which a few slow flags move; three runs of 200 gave an overhead of 17.5, 17.7, 18.2 %.
 */
const SINGLE = singleIndex >= 0 ? Number(args[singleIndex + 1]) : 100;
if (!Number.isInteger(SINGLE) || SINGLE < 1) throw new Error(`--single takes a whole number of flags, at least 1 (got ${args[singleIndex + 1] ?? "nothing"})`);
const pollIndex = args.indexOf("--poll-ms");
const POLL_MS = pollIndex >= 0 ? Number(args[pollIndex + 1]) : 400;
const delayIndex = args.indexOf("--rpc-delay-ms");
const RPC_DELAY_MS = delayIndex >= 0 ? Number(args[delayIndex + 1]) : 0;
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

/**
 * Holders per campaign. Each flagger must hold at least 0.1 % of the campaign's supply (the
 * program's flag threshold), so no more than 1,000 equal holders can flag one campaign: larger
 * runs spread their holders over several campaigns, as many holders flagging at once would be.
 */
const HOLDERS_PER_CAMPAIGN = 300;

/** A holder and the campaign it flags. */
interface Flagger {
  readonly campaign: CampaignFixture;
  readonly holder: Keypair;
}

/** `count` holders, ready to flag, over as few campaigns as the flag threshold allows. */
async function flaggers(world: World, count: number): Promise<Flagger[]> {
  const all: Flagger[] = [];
  for (let start = 0; start < count; start += HOLDERS_PER_CAMPAIGN) {
    const campaign = await campaignWithHolders(world, Math.min(HOLDERS_PER_CAMPAIGN, count - start));
    all.push(...campaign.backers.slice(1).map((holder) => ({ campaign, holder })));
  }
  return all;
}

/** Total time and calls per label, summed over every flag. */
const spent = new Map<string, { ms: number; calls: number }>();
function note(label: string, ms: number): void {
  const entry = spent.get(label) ?? { ms: 0, calls: 0 };
  spent.set(label, { ms: entry.ms + ms, calls: entry.calls + 1 });
}

/** `target` with the async `methods` timed under `label` (all of its functions when omitted). */
function timedCalls<T extends object>(target: T, label: string, methods?: readonly string[]): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      const value: unknown = Reflect.get(t, key, receiver);
      if (typeof value !== "function" || (methods !== undefined && !methods.includes(String(key)))) return value;
      return (...args: unknown[]) => {
        const start = performance.now();
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(t, args);
        if (result instanceof Promise) return result.finally(() => note(label, performance.now() - start));
        return result;
      };
    },
  });
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  process.stdout.write(`${[line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n")}\n\n`);
}

/**
 * Samples this thread's CPU while `work` runs (when `session` is given) and adds the self time
 * per package (or project folder) to `into`: called around several pieces of work, it sums them.
 */
async function cpuProfiled<T>(session: Session | null, into: Map<string, number>, work: () => Promise<T>): Promise<T> {
  if (session === null) return work();
  await session.post("Profiler.start");
  const result = await work();
  const { profile } = await session.post("Profiler.stop");
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const url = frame?.url ?? "";
    // Samples of an idle thread are no CPU; the profiler's own stopping is not the pipeline's.
    if (frame?.functionName === "(idle)" || frame?.url.startsWith("node:inspector") === true) return;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (/\/work\/main\/([^/]+\/[^/]+)/.exec(url)?.[1] || (url === "" ? `(${frame?.functionName || "native"})` : url.replace(/^.*\//, "file ")));
    into.set(pkg, (into.get(pkg) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  return result;
}

/** The bench thread's CPU milliseconds since `before` (a `process.threadCpuUsage()`). */
function threadCpuMs(before: NodeJS.CpuUsage): number {
  const used = process.threadCpuUsage(before);
  return (used.user + used.system) / 1000;
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

/**
 * Where a flag's time goes: each part's time summed over the flags (`latencies`), per flag.
 * Steps in turn add up to the mean latency (the rest: CPU and the event loop between them);
 * reads made at once (one round of the request's checks, the journal lookup beside the
 * signing) each count in full, so "other" can be negative. The relayer's own wait is its time
 * minus its calls.
 */
function whereTimeGoes(timings: ReadonlyMap<string, { ms: number; calls: number }>, latencies: readonly number[], mode: string): string[][] {
  const count = latencies.length;
  const per = (label: string) => (timings.get(label)?.ms ?? 0) / count;
  const relayerCalls = ["database: relay journal", "relayer simulation (compute units)", "relayer RPC"];
  const parts: [string, number][] = [
    ...["database: wallet link", "database: flag request", "database: rate limit", "chain reads (requestFlag)", "Arweave upload", ...relayerCalls].map(
      (label): [string, number] => [label, per(label)],
    ),
    ["relayer waiting for confirmation", per("relayer.flag (all of it)") - relayerCalls.reduce((a, label) => a + per(label), 0)],
  ];
  const meanLatency = latencies.reduce((a, b) => a + b, 0) / count;
  const accounted = parts.reduce((a, [, v]) => a + v, 0);
  parts.push(["other (CPU, event loop between steps)", meanLatency - accounted], ["mean latency", meanLatency]);
  const calls = (label: string) => (timings.has(label) ? ((timings.get(label)?.calls ?? 0) / count).toFixed(1) : "");
  // Each row names its mode, so bench/ab.ts (which matches rows by name) keeps both tables apart.
  return parts.map(([label, v]) => [`${label}, ${mode}`, `${v.toFixed(1)} ms`, `${((v / meanLatency) * 100).toFixed(0)} %`, calls(label)]);
}

/** arlocal in a process of its own, driven through a worker thread (see arlocal-worker.ts); the world's own arlocal stays idle. */
async function startGateway(): Promise<{ url: string; wallet: JWKInterface; cpu(): Promise<NodeJS.CpuUsage>; stop(): Promise<void> }> {
  const file = fileURLToPath(new URL("./arlocal-worker.ts", import.meta.url));
  // Node 20 workers do not inherit tsx's loader: register it in the worker, then load the file.
  const worker = new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(file)}); });`, { eval: true });
  worker.postMessage({ type: "start" });
  const [started] = (await once(worker, "message")) as [{ url: string; wallet: JWKInterface }];
  return {
    ...started,
    cpu: async () => {
      worker.postMessage({ type: "cpu" });
      const [usage] = (await once(worker, "message")) as [NodeJS.CpuUsage];
      return usage;
    },
    stop: async () => {
      worker.postMessage({ type: "stop" });
      await once(worker, "message");
      await worker.terminate();
    },
  };
}

const world = await startWorld(args.includes("--pglite") ? "pglite" : "postgres", POLL_MS);
const gateway = await startGateway();
const arweave = arweaveEvidenceStore({ gateways: [gateway.url], wallet: gateway.wallet, rounds: 2, backoffMs: 50 });
try {
  process.stderr.write(`setting up ${N + SINGLE} + ${N + SINGLE} + ${N} holders...\n`);
  const setupStart = performance.now();
  const pipelineHolders = await flaggers(world, N + SINGLE);
  const directHolders = await flaggers(world, N + SINGLE);
  // The pipeline's upload of the rationale: the same bytes and the tags `prepareRationale`
  // (flag-relay.ts) gives a campaign flag. Written out, so earlier commits run this bench too;
  // checked against the pipeline's own uploads below (`pipelineTags`).
  const flagged = (pipelineHolders[0] as Flagger).campaign.address.toBase58();
  const tags = { Type: "flag-rationale", Campaign: flagged, Milestone: "0", Attempt: "1" };
  const upload = (i: number) => arweave.upload(new TextEncoder().encode(rationaleOf(i)), "text/plain; charset=utf-8", tags);
  const directFlag = ({ campaign, holder }: Flagger) => campaign.flag(holder, 0, 1, world.protocol.relay);
  const chainedHolders = await flaggers(world, N);
  process.stderr.write(`setup ${((performance.now() - setupStart) / 1000).toFixed(1)} s\n`);
  if (RPC_DELAY_MS > 0) await world.chain.setFaults({ delayMs: RPC_DELAY_MS });

  // The parts alone, N at once, and this process's CPU for each (the gateway's is its own
  // process's, as in the pipeline's figure).
  let partsCpu = process.cpuUsage();
  const uploadAll = await timedAll(N, (i) => upload(i));
  const uploadAllCpu = process.cpuUsage(partsCpu);
  partsCpu = process.cpuUsage();
  const txAll = await timedAll(N, (i) => directFlag(directHolders[i] as Flagger));
  const txAllCpu = process.cpuUsage(partsCpu);
  // Both parts chained per holder, N at once: what the pipeline cannot do without.
  const chained = await timedAll(N, async (i) => {
    await upload(N + i);
    await directFlag(chainedHolders[i] as Flagger);
  });

  // The pipeline: N holders flag at once, command to confirmed.
  // The bot's parts, each call timed: database repositories and journal, chain reads, Arweave, RPC.
  const store = {
    ...world.store,
    links: timedCalls(world.store.links, "database: wallet link"),
    flagRequests: timedCalls(world.store.flagRequests, "database: flag request"),
    relayRates: timedCalls(world.store.relayRates, "database: rate limit"),
  };
  const reader = timedCalls(world.reader, "chain reads (requestFlag)");
  /** The tags of the pipeline's first upload: the part alone must carry the same ones. */
  let pipelineTags: Readonly<Record<string, string>> | undefined;
  // The pipeline signs the upload (`prepare`) and posts it apart: both steps are its upload.
  const evidence: EvidenceStore = {
    ...timedCalls(arweave, "Arweave upload"),
    prepare: async (...args) => {
      pipelineTags ??= args[2];
      const start = performance.now();
      const prepared = await arweave.prepare(...args);
      note("Arweave upload", performance.now() - start);
      return timedCalls(prepared, "Arweave upload");
    },
  };
  const connection = timedCalls(
    timedCalls(relayConnection(world.chain.rpcUrl, { wsUrl: world.chain.wsUrl, timeoutMs: 10_000 }), "relayer RPC", [
      "getLatestBlockhash",
      "sendRawTransaction",
      "getSignatureStatuses",
      "getBlockHeight",
    ]),
    // The fee query runs beside it, so only the simulation is on a flag's path.
    "relayer simulation (compute units)",
    ["simulateTransaction"],
  );
  const relayer = new ChainRelayer({
    program: pepfundProgram(connection, world.feePayer),
    feePayer: world.feePayer,
    authority: world.protocol.relay,
    journal: timedCalls(world.database.journal, "database: relay journal"),
    pollIntervalMs: POLL_MS,
  });
  const timedRelayer = timedCalls(relayer, "relayer.flag (all of it)", ["flag"]);
  const deps = { store, chain: reader, clock: wallClock, relayer: relayer.authority };
  const relayDeps = { store, evidence, relayer: timedRelayer, clock: wallClock, gatewayUrl: gateway.url, chain: reader, platforms: PLATFORMS };
  const quiet = { onStage: () => Promise.resolve(), onProgressFailed: () => undefined, onInterrupted: (id: string, error: Error) => process.stderr.write(`flag ${id} interrupted: ${error.message}\n`) };
  /** The answers' withdrawals of their held notices: after the answer, so off its latency. */
  const answered: Promise<boolean>[] = [];
  await Promise.all(
    pipelineHolders.map(({ holder }, i) =>
      world.store.links.insert({ platform: "TELEGRAM", userId: String(i + 1), chatId: String(i + 1), address: holder.publicKey.toBase58(), challengeNonce: `bench-${i}`, linkedAt: new Date() }),
    ),
  );
  let failures = 0;
  const flagThroughPipeline = async (i: number) => {
    const chat = { platform: "TELEGRAM" as const, userId: String(i + 1), chatId: String(i + 1) };
    const campaign = (pipelineHolders[i] as Flagger).campaign.address.toBase58();
    const done = await flagNow({ request: deps, relay: relayDeps }, { chat, campaign, milestoneIndex: 0, rationale: rationaleOf(i) }, quiet);
    if (!done.ok) throw new Error(done.code);
    const { relay, heldNotice } = done.value;
    if (relay === null || relay.outcome.status !== "confirmed") failures += 1;
    if (heldNotice !== null) answered.push(withdrawHeldNotice({ store: world.store, clock: wallClock }, heldNotice));
  };
  // One at a time, interleaved so the load is alike: an upload, a flag transaction, and a flag
  // through the pipeline (holders N.. N+SINGLE-1): the pipeline's own latency with no queueing.
  // The bench thread's CPU of each, summed: one at a time, what the pipeline adds to its parts'
  // CPU lies on its path (nothing else runs). With --cpu-profile the pipeline's flags are sampled.
  const session = args.includes("--cpu-profile") ? new Session() : null;
  session?.connect();
  await session?.post("Profiler.enable");
  const singleByPackage = new Map<string, number>();
  const uploadSingle: number[] = [];
  const txSingle: number[] = [];
  const pipelineSingle: number[] = [];
  const singleCpu = { upload: 0, tx: 0, pipeline: 0 };
  for (let i = 0; i < SINGLE; i++) {
    let before = process.threadCpuUsage();
    uploadSingle.push(await timed(() => upload(i)));
    singleCpu.upload += threadCpuMs(before);
    const holder = directHolders[N + i];
    if (holder === undefined) throw new Error("holder missing");
    before = process.threadCpuUsage();
    txSingle.push(await timed(() => directFlag(holder)));
    singleCpu.tx += threadCpuMs(before);
    pipelineSingle.push(
      await cpuProfiled(session, singleByPackage, async () => {
        const start = process.threadCpuUsage();
        const latency = await timed(() => flagThroughPipeline(N + i));
        singleCpu.pipeline += threadCpuMs(start);
        return latency;
      }),
    );
    await Promise.all(answered.splice(0));
  }
  const singleSpent = new Map(spent);
  spent.clear();
  const elu = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const threadBefore = process.threadCpuUsage();
  const gatewayBefore = await gateway.cpu();
  const runPipeline = async () => {
    const latencies = await timedAll(N, flagThroughPipeline);
    await Promise.all(answered.splice(0));
    return latencies;
  };
  const allByPackage = new Map<string, number>();
  const pipeline = await cpuProfiled(session, allByPackage, runPipeline);
  session?.disconnect();
  const busy = performance.eventLoopUtilization(elu).utilization;
  const cpu = process.cpuUsage(cpuBefore);
  const thread = process.threadCpuUsage(threadBefore);
  const gatewayAfter = await gateway.cpu();
  // The part alone is the pipeline's upload only while their tags agree (any campaign's).
  const named = (t: Readonly<Record<string, string>> | undefined) => JSON.stringify(Object.entries(t ?? {}).map(([name, value]) => [name, name === "Campaign" ? "*" : value]).sort());
  if (named(pipelineTags) !== named(tags)) throw new Error(`the upload alone carries ${named(tags)}, the pipeline's ${named(pipelineTags)}: make them the same`);
  const rpcCalls = spent.get("relayer RPC")?.calls ?? 0;
  let onChain = 0;
  for (const campaign of new Set(pipelineHolders.map((f) => f.campaign.address.toBase58()))) {
    onChain += (await world.reader.getCampaign(campaign))?.milestones[0]?.flagCount ?? 0;
  }

  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const sumSingle = percentile(uploadSingle, 50) + percentile(txSingle, 50);
  const sumAll = percentile(uploadAll.latencies, 50) + percentile(txAll.latencies, 50);
  const sumAll99 = percentile(uploadAll.latencies, 99) + percentile(txAll.latencies, 99);
  const rows: [string, string][] = [
    ["holders flagging at once", String(N)],
    ["campaigns they flag", String(Math.ceil((N + SINGLE) / HOLDERS_PER_CAMPAIGN))],
    [`flags confirmed on-chain (of ${N + SINGLE}) / failed`, `${onChain} / ${failures}`],
    ["pipeline wall time", ms(pipeline.wallMs)],
    ["pipeline flags/s", (N / (pipeline.wallMs / 1000)).toFixed(1)],
    ["pipeline one at a time p50 / p99", `${ms(percentile(pipelineSingle, 50))} / ${ms(percentile(pipelineSingle, 99))}`],
    ["overhead one at a time: pipeline p50 / sum of parts p50", `${((percentile(pipelineSingle, 50) / sumSingle - 1) * 100).toFixed(1)} %`],
    ["pipeline p50 / p99 command -> confirmed", `${ms(percentile(pipeline.latencies, 50))} / ${ms(percentile(pipeline.latencies, 99))}`],
    ["upload alone, one at a time p50", ms(percentile(uploadSingle, 50))],
    ["flag tx alone, one at a time p50", ms(percentile(txSingle, 50))],
    ["sum of parts, one at a time (p50)", ms(sumSingle)],
    [`upload alone, ${N} at once p50 / p99`, `${ms(percentile(uploadAll.latencies, 50))} / ${ms(percentile(uploadAll.latencies, 99))}`],
    [`flag tx alone, ${N} at once p50 / p99`, `${ms(percentile(txAll.latencies, 50))} / ${ms(percentile(txAll.latencies, 99))}`],
    [`sum of parts, ${N} at once p50 / p99`, `${ms(sumAll)} / ${ms(sumAll99)}`],
    ["parts alone, wall time (uploads + txs)", ms(uploadAll.wallMs + txAll.wallMs)],
    [`parts chained (upload then tx), ${N} at once p50 / p99`, `${ms(percentile(chained.latencies, 50))} / ${ms(percentile(chained.latencies, 99))}`],
    ["parts chained, wall time", ms(chained.wallMs)],
    ["overhead p50: pipeline / sum of parts at once", `${((percentile(pipeline.latencies, 50) / sumAll - 1) * 100).toFixed(1)} %`],
    ["overhead p50: pipeline / parts chained", `${((percentile(pipeline.latencies, 50) / percentile(chained.latencies, 50) - 1) * 100).toFixed(1)} %`],
    ["overhead wall: pipeline / parts' wall time", `${((pipeline.wallMs / (uploadAll.wallMs + txAll.wallMs) - 1) * 100).toFixed(1)} %`],
    ["overhead wall: pipeline / parts chained", `${((pipeline.wallMs / chained.wallMs - 1) * 100).toFixed(1)} %`],
    ["relayer RPC calls per flag", (rpcCalls / N).toFixed(2)],
    ["bench thread busy during the pipeline (event loop utilization)", `${(busy * 100).toFixed(0)} %`],
    ["process CPU per flag (the bot's; the gateway runs in its own process)", ms((cpu.user + cpu.system) / 1000 / N)],
    [`process CPU per part, ${N} at once: upload alone + tx alone`, `${ms((uploadAllCpu.user + uploadAllCpu.system) / 1000 / N)} + ${ms((txAllCpu.user + txAllCpu.system) / 1000 / N)}`],
    // The bot's own code runs on the bench thread; the gateway's process stands in for another machine.
    ["bench thread CPU per flag (the pipeline's own code)", `${((thread.user + thread.system) / 1000 / N).toFixed(1)} ms`],
    ["gateway process CPU per flag (arlocal, all its threads)", `${((gatewayAfter.user + gatewayAfter.system - gatewayBefore.user - gatewayBefore.system) / 1000 / N).toFixed(1)} ms`],
    ["bench thread CPU per flag one at a time: pipeline / upload alone + tx alone", `${(singleCpu.pipeline / SINGLE).toFixed(1)} / ${(singleCpu.upload / SINGLE).toFixed(1)} + ${(singleCpu.tx / SINGLE).toFixed(1)} ms`],
    ["relayer poll interval", ms(POLL_MS)],
    ["RPC node's delay per request", ms(RPC_DELAY_MS)],
  ];
  printTable(["measure", "value"], rows);

  for (const [title, byPackage, flags] of [["one at a time", singleByPackage, SINGLE], [`${N} at once`, allByPackage, N]] as const) {
    if (byPackage.size === 0) continue;
    const total = [...byPackage.values()].reduce((a, v) => a + v, 0);
    printTable(
      [`bench thread CPU per flag, ${title}, by package`, "self time", "share"],
      [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([pkg, v]) => [pkg, `${(v / flags).toFixed(2)} ms`, `${((v / total) * 100).toFixed(0)} %`]),
    );
  }
  printTable(["part (per flag)", "mean time", "share", "calls per flag"], whereTimeGoes(singleSpent, pipelineSingle, "one at a time"));
  printTable(["part (per flag)", "mean time", "share", "calls per flag"], whereTimeGoes(spent, pipeline.latencies, `${N} at once`));
} finally {
  await gateway.stop();
  await world.stop();
}
// web3.js's WebSocket would keep reconnecting to the stopped localnet.
process.exit(0);
