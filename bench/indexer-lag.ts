/**
 * Indexer lag: a program event on-chain -> its announcement committed to the outbox, at a
 * sustained 100 events/s for ~10 s. The event is `CampaignCreated` from `campaign_create`,
 * the cheapest instruction whose event gives a notice (config, holder and contribution
 * events give none); every campaign address is followed by one Telegram group beforehand.
 *
 * On-chain = the localnet's `sendTransaction` answer (it executes the transaction and
 * confirms its slot before answering). Announced = the commit of the database transaction
 * that queued the outbox message (the store is the real PostgreSQL store, wrapped only to
 * note commit times). The indexer runs as in production: background, logs subscription,
 * `relayConnection`.
 *
 * The producer signs everything in advance, spread over several researchers (fee payers),
 * and sends without waiting for answers, so the rate it reaches is the node's. Before the
 * indexer starts, the same kind of transaction is sent as fast as the localnet takes it (32
 * in flight): the localnet's own ceiling in this run. Money events (`TrancheReleased`, ...)
 * are announced only once finalized: their lag has a floor, the time from confirmed to
 * finalized, measured here on a sample of the sent transactions.
 *
 *   npx tsx bench/indexer-lag.ts [--rate 100] [--seconds 10] [--pglite] [--fetch 12] [--batch 16]
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type Connection, Keypair, type Transaction } from "@solana/web3.js";
import pg from "pg";
import { startIndexer } from "../bot/chain/indexer/indexer.js";
import { campaignCreate } from "../bot/chain/instructions.js";
import { campaignPda } from "../bot/chain/pdas.js";
import { BN, pepfundProgram } from "../bot/chain/program.js";
import { AnchorChainReader } from "../bot/chain/reader.js";
import { relayConnection } from "../bot/chain/relayer/rpc.js";
import type { Repositories, Store } from "../bot/core/ports.js";
import { openDatabase } from "../bot/store/database.js";
import { prismaStore } from "../bot/store/prisma-store.js";
import { bytes32, DAY, roadmap, USDC } from "../tests/bot/chain/support/campaign.js";
import { TestChain } from "../tests/bot/chain/support/localnet.js";
import { Protocol } from "../tests/bot/chain/support/protocol.js";
import { PLATFORMS } from "../tests/bot/support/platforms.js";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "100" },
    seconds: { type: "string", default: "10" },
    pglite: { type: "boolean", default: false },
    fetch: { type: "string", default: "12" },
    batch: { type: "string", default: "16" },
  },
});
const RESEARCHERS = 4;
const CEILING_TXS = 300;
const rate = Number(values.rate);
const count = Math.round(rate * Number(values.seconds));
const pgUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const schema = `bench_indexer_${randomBytes(4).toString("hex")}`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Time and calls per label, for the profile of where the indexer's time goes. */
const spent = new Map<string, { ms: number; calls: number }>();
function note(label: string, ms: number): void {
  const entry = spent.get(label) ?? { ms: 0, calls: 0 };
  spent.set(label, { ms: entry.ms + ms, calls: entry.calls + 1 });
}
async function timing<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    note(label, performance.now() - start);
  }
}

/** `connection` with its RPC reads timed (the indexer's and its campaign reader's). */
function timedConnection(connection: Connection): Connection {
  const reads = new Set(["getSignaturesForAddress", "getTransaction", "getSignatureStatuses", "getAccountInfo", "getMultipleAccountsInfo", "getMultipleAccountsInfoAndContext"]);
  return new Proxy(connection, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function" || !reads.has(String(key))) return value;
      return (...args: unknown[]) => timing(`RPC ${String(key)}`, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
    },
  });
}

/** The real store, noting when each queued message's database transaction committed. */
function timedStore(store: Store, committedAt: Map<string, number>): Store {
  return {
    ...store,
    transaction: async (work) => {
      const keys: string[] = [];
      const result = await timing("database transaction (announcements + cursor)", () => store.transaction((tx: Repositories) =>
        work({
          ...tx,
          outbox: {
            ...tx.outbox,
            enqueue: async (message) => {
              keys.push(message.dedupeKey);
              return tx.outbox.enqueue(message);
            },
            // Announcements queue their messages in one call (announce.ts).
            enqueueMany: async (messages) => {
              for (const message of messages) keys.push(message.dedupeKey);
              return tx.outbox.enqueueMany(messages);
            },
          },
        }),
      ));
      const now = Date.now();
      for (const key of keys) committedAt.set(key.split(":")[0]!, now);
      return result;
    },
  };
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

/** Per signature, ms from its confirmation (`confirmedAt`) to the node reporting it finalized. */
async function untilFinalized(signatures: readonly string[], confirmedAt: ReadonlyMap<string, number>): Promise<number[]> {
  const times = new Map<string, number>();
  const giveUp = Date.now() + 60_000;
  while (times.size < signatures.length && Date.now() < giveUp) {
    const waiting = signatures.filter((s) => !times.has(s));
    const { value } = await chain.connection.getSignatureStatuses(waiting);
    const now = Date.now();
    waiting.forEach((s, i) => {
      if (value[i]?.confirmationStatus === "finalized") times.set(s, now - (confirmedAt.get(s) ?? now));
    });
    await new Promise((r) => setTimeout(r, 50));
  }
  return [...times.values()];
}

const progress = (step: string) => process.stderr.write(`${new Date().toISOString()} ${step}\n`);
const chain = await TestChain.start();
progress("localnet started");
const db = values.pglite ? await openDatabase({ kind: "pglite" }) : await openDatabase({ kind: "postgres", url: pgUrl, schema });
try {
  const protocol = await Protocol.init(chain);
  const researchers = await Promise.all(Array.from({ length: RESEARCHERS }, () => chain.fundedKeypair(500)));
  const store = prismaStore(db.prisma);
  const deadline = (await chain.now()) + 30 * DAY;

  /** `n` signed campaign_create transactions, ids from `firstId`, round robin over the researchers. */
  async function signedCreates(firstId: number, n: number): Promise<{ tx: Transaction; campaign: string }[]> {
    const { blockhash } = await chain.connection.getLatestBlockhash();
    const out: { tx: Transaction; campaign: string }[] = [];
    for (let i = 0; i < n; i++) {
      const researcher = researchers[i % RESEARCHERS]!;
      const id = new BN(firstId + i);
      const tx = await campaignCreate(protocol.as(researcher), {
        researcher: researcher.publicKey,
        usdcMint: protocol.usdcMint,
        args: { id, metadata: bytes32(9), metadataHash: bytes32(19), goal: new BN((10n * USDC).toString()), deadline: new BN(deadline), milestones: roadmap([4_000, 3_000, 3_000], deadline) },
      }).transaction();
      tx.recentBlockhash = blockhash;
      tx.feePayer = researcher.publicKey;
      tx.sign(researcher);
      out.push({ tx, campaign: campaignPda(researcher.publicKey, BigInt(id.toString())).toBase58() });
    }
    return out;
  }

  // The localnet's ceiling for this transaction, alone on the node.
  const ceilingTxs = await signedCreates(1, CEILING_TXS);
  const ceilingStart = Date.now();
  await inParallel(ceilingTxs, 32, ({ tx }) => chain.connection.sendRawTransaction(tx.serialize(), { skipPreflight: true }));
  const ceilingRate = CEILING_TXS / ((Date.now() - ceilingStart) / 1000);
  progress(`localnet ceiling ${ceilingRate.toFixed(1)} tx/s`);

  // Signed in advance, so sending is all the pacing loop does; every campaign is followed.
  const transactions = await signedCreates(CEILING_TXS + 1, count);
  for (const { campaign } of transactions) {
    await store.subscriptions.add({ campaign, platform: "TELEGRAM", scopeId: "-1001", channelId: "", createdBy: "bench" });
  }

  const committedAt = new Map<string, number>();
  const connection = timedConnection(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }));
  const indexer = startIndexer(
    {
      connection,
      store: timedStore(store, committedAt),
      chain: new AnchorChainReader(pepfundProgram(connection, Keypair.generate())),
      gatewayUrl: "https://arweave.net",
      platforms: PLATFORMS,
      log: { warn: (m) => process.stderr.write(`${m}\n`) },
    },
    { fetchConcurrency: Number(values.fetch), writeBatch: Number(values.batch) },
  );
  await indexer.pass(); // the set-up history and the ceiling run
  progress("indexer caught up; sending");
  spent.clear();

  const onChainAt = new Map<string, number>();
  const confirmMs: number[] = [];
  const start = Date.now();
  const sends: Promise<void>[] = [];
  for (const [i, { tx }] of transactions.entries()) {
    const due = start + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sentAt = Date.now();
    sends.push(
      connection.sendRawTransaction(tx.serialize(), { skipPreflight: true }).then((signature) => {
        const now = Date.now();
        onChainAt.set(signature, now);
        confirmMs.push(now - sentAt);
      }),
    );
  }
  await Promise.all(sends);
  const sendSeconds = (Date.now() - start) / 1000;

  // The money floor: confirmed (the send's answer) to finalized, on a sample of signatures.
  const sample = [...onChainAt.keys()].filter((_, i) => i % Math.max(1, Math.floor(count / 20)) === 0);
  const finality = untilFinalized(sample, onChainAt);

  progress("sent; waiting for the outbox");
  const waitUntil = Date.now() + 120_000;
  while ([...onChainAt.keys()].some((s) => !committedAt.has(s)) && Date.now() < waitUntil) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await indexer.stop();
  const finalityMs = (await finality).sort((a, b) => a - b);

  const lags = [...onChainAt].filter(([s]) => committedAt.has(s)).map(([s, at]) => committedAt.get(s)! - at).sort((a, b) => a - b);
  const confirms = confirmMs.sort((a, b) => a - b);
  const rows: [string, string][] = [
    ["database", values.pglite ? "PGlite" : "PostgreSQL"],
    ["events sent (CampaignCreated)", String(count)],
    ["target rate", `${rate}/s`],
    ["achieved send rate", `${(count / sendSeconds).toFixed(1)}/s`],
    ["announced", `${lags.length}/${count}`],
    ["send -> confirmed p50 / p99", `${percentile(confirms, 50)} / ${percentile(confirms, 99)} ms`],
    ["on-chain -> outbox p50", `${percentile(lags, 50)} ms`],
    ["on-chain -> outbox p99", `${percentile(lags, 99)} ms`],
    ["on-chain -> outbox max", `${lags.at(-1)} ms`],
    ["money events: confirmed -> finalized (their floor) p50 / p99", `${percentile(finalityMs, 50)} / ${percentile(finalityMs, 99)} ms`],
    ["localnet ceiling (campaign_create, 32 in flight, no indexer)", `${ceilingRate.toFixed(1)}/s`],
    ["indexer fetch concurrency / write batch", `${values.fetch} / ${values.batch}`],
  ];
  // Where the indexer's time went while the events were sent and announced (calls overlap:
  // reads run ahead of the writes, so the times add up to more than the wall time).
  for (const [label, { ms, calls }] of [...spent].sort((a, b) => b[1].ms - a[1].ms)) {
    rows.push([`${label}: calls / total / mean`, `${calls} / ${ms.toFixed(0)} ms / ${(ms / calls).toFixed(1)} ms`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`| ${"measure".padEnd(width)} | value |`, `|${"-".repeat(width + 2)}|-------|`];
  for (const [k, v] of rows) lines.push(`| ${k.padEnd(width)} | ${v} |`);
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  await db.close();
  if (!values.pglite) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
  await chain.stop();
}
// web3.js keeps reconnecting its WebSocket to the stopped localnet; nothing else is pending.
process.exit(0);
