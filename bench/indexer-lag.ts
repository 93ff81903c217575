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
 *   npx tsx bench/indexer-lag.ts [--rate 100] [--seconds 10] [--pglite]
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Keypair, type Transaction } from "@solana/web3.js";
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

const { values } = parseArgs({
  options: { rate: { type: "string", default: "100" }, seconds: { type: "string", default: "10" }, pglite: { type: "boolean", default: false } },
});
const rate = Number(values.rate);
const count = Math.round(rate * Number(values.seconds));
const pgUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const schema = `bench_indexer_${randomBytes(4).toString("hex")}`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The real store, noting when each queued message's database transaction committed. */
function timedStore(store: Store, committedAt: Map<string, number>): Store {
  return {
    ...store,
    transaction: async (work) => {
      const keys: string[] = [];
      const result = await store.transaction((tx: Repositories) =>
        work({
          ...tx,
          outbox: {
            ...tx.outbox,
            enqueue: async (message) => {
              keys.push(message.dedupeKey);
              return tx.outbox.enqueue(message);
            },
          },
        }),
      );
      const now = Date.now();
      for (const key of keys) committedAt.set(key.split(":")[0]!, now);
      return result;
    },
  };
}

const progress = (step: string) => process.stderr.write(`${new Date().toISOString()} ${step}\n`);
const chain = await TestChain.start();
progress("localnet started");
const db = values.pglite ? await openDatabase({ kind: "pglite" }) : await openDatabase({ kind: "postgres", url: pgUrl, schema });
try {
  const protocol = await Protocol.init(chain);
  const researcher = await chain.fundedKeypair(500);
  const program = protocol.as(researcher);
  const store = prismaStore(db.prisma);
  const deadline = (await chain.now()) + 30 * DAY;

  // Every campaign this run creates is followed before it exists.
  const ids = Array.from({ length: count }, (_, i) => BigInt(i + 1));
  for (const id of ids) {
    const campaign = campaignPda(researcher.publicKey, id).toBase58();
    await store.subscriptions.add({ campaign, platform: "TELEGRAM", scopeId: "-1001", channelId: "", createdBy: "bench" });
  }

  const committedAt = new Map<string, number>();
  const connection = relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl });
  const indexer = startIndexer(
    {
      connection,
      store: timedStore(store, committedAt),
      chain: new AnchorChainReader(pepfundProgram(connection, Keypair.generate())),
      gatewayUrl: "https://arweave.net",
      log: { warn: (m) => process.stderr.write(`${m}\n`) },
    },
    {},
  );
  await indexer.pass(); // the set-up history
  progress("indexer caught up; signing");

  // Signed in advance, so sending is all the pacing loop does.
  const { blockhash } = await chain.connection.getLatestBlockhash();
  const transactions: Transaction[] = [];
  for (const id of ids) {
    const tx = await campaignCreate(program, {
      researcher: researcher.publicKey,
      usdcMint: protocol.usdcMint,
      args: { id: new BN(id.toString()), metadata: bytes32(9), goal: new BN((10n * USDC).toString()), deadline: new BN(deadline), milestones: roadmap([4_000, 3_000, 3_000], deadline) },
    }).transaction();
    tx.recentBlockhash = blockhash;
    tx.feePayer = researcher.publicKey;
    tx.sign(researcher);
    transactions.push(tx);
  }

  progress("sending");
  const onChainAt = new Map<string, number>();
  const confirmMs: number[] = [];
  const start = Date.now();
  const sends: Promise<void>[] = [];
  for (const [i, tx] of transactions.entries()) {
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

  progress("sent; waiting for the outbox");
  const waitUntil = Date.now() + 120_000;
  while ([...onChainAt.keys()].some((s) => !committedAt.has(s)) && Date.now() < waitUntil) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await indexer.stop();

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
  ];
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
