/**
 * Autocomplete answer time with 1,000 campaigns: from a typed campaign parameter to its
 * choices (`choicesFor`, what Discord's autocomplete, Telegram's pickers and the console's
 * completion call), over the campaign directory (table `campaign`), BESIDE the path it
 * replaced: the same search over `AnchorChainReader.listCampaigns()` (getProgramAccounts and
 * the vaults' getMultipleAccounts) against a localnet holding the same 1,000 campaign
 * accounts, measured in the same run.
 *
 * The accounts: a few campaigns created by the program (`campaign_create`), then copied to
 * fresh addresses with `localnet_setAccount` until there are 1,000 program-owned campaign
 * accounts (getProgramAccounts reads and decodes each, as on a cluster). The directory is
 * filled from them by the bootstrap (`syncDirectory`), then given a title per campaign, as
 * the titles worker would. The directory's chain reader throws on `listCampaigns`: the
 * directory path cannot fall back to the chain unnoticed.
 *
 *   npx tsx bench/autocomplete.ts [--campaigns 1000] [--queries 300] [--baseline 40] [--pglite]
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Keypair } from "@solana/web3.js";
import pg from "pg";
import { PROGRAM_ID, pepfundProgram } from "../bot/chain/program.js";
import { AnchorChainReader } from "../bot/chain/reader.js";
import { choicesFor } from "../bot/chat/choices.js";
import type { ParamSpec } from "../bot/chat/command.js";
import { campaignLabel } from "../bot/core/labels.js";
import type { ChainReader, CampaignView } from "../bot/core/ports.js";
import { syncDirectory } from "../bot/core/usecases/campaign-directory.js";
import { openDatabase } from "../bot/store/database.js";
import { prismaStore } from "../bot/store/prisma-store.js";
import { CampaignFixture, USDC } from "../tests/bot/chain/support/campaign.js";
import { TestChain } from "../tests/bot/chain/support/localnet.js";
import { Protocol } from "../tests/bot/chain/support/protocol.js";
import { FakePools } from "../tests/bot/support/fakes.js";

const { values } = parseArgs({
  options: {
    campaigns: { type: "string", default: "1000" },
    queries: { type: "string", default: "300" },
    baseline: { type: "string", default: "40" },
    pglite: { type: "boolean", default: false },
  },
});
const CAMPAIGNS = Number(values.campaigns);
const QUERIES = Number(values.queries);
const BASELINE_QUERIES = Number(values.baseline);
/** Campaigns created by the program; the rest are copies of their accounts. */
const ORIGINALS = 4;
const pgUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const schema = `bench_autocomplete_${randomBytes(4).toString("hex")}`;
const SPEC: ParamSpec = { kind: "campaign", description: "Campaign", required: true };
const TOPICS = ["zebrafish", "malaria", "coral", "protein", "sleep", "microbiome", "tau", "crispr", "bee", "algae"];
const KINDS = ["assay", "cohort", "survey", "replication", "atlas"];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const title = (i: number) => `${TOPICS[i % TOPICS.length]} ${KINDS[Math.floor(i / TOPICS.length) % KINDS.length]} ${i}`;
/** What a user types: the start of a title's words, one to three keystrokes into the second word. */
const typed = (i: number) => {
  const [topic = "", kind = ""] = title(i).split(" ");
  return `${topic} ${kind.slice(0, 1 + (i % 3))}`;
};

/** The search this benchmark replaced (before the directory): every campaign read from the chain, filtered in memory. */
async function chainSearch(chain: ChainReader, query: string, limit: number): Promise<CampaignView[]> {
  const lower = query.trim().toLowerCase();
  const campaigns = await chain.listCampaigns();
  return campaigns
    .filter((c) => c.address.startsWith(query) || lower.split(/\s+/).every((w) => campaignLabel(c).toLowerCase().includes(w)))
    .slice(0, limit);
}

async function timed(n: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await work(i);
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b);
}

const progress = (step: string) => process.stderr.write(`${new Date().toISOString()} ${step}\n`);
const chain = await TestChain.start();
progress("localnet started");
const db = values.pglite ? await openDatabase({ kind: "pglite" }) : await openDatabase({ kind: "postgres", url: pgUrl, schema });
try {
  const protocol = await Protocol.init(chain);
  const originals = [];
  for (let i = 0; i < ORIGINALS; i++) originals.push(await CampaignFixture.draft(protocol, [4_000, 3_000, 3_000], 1_000n * USDC));
  const accounts = await chain.connection.getMultipleAccountsInfo(originals.map((c) => c.address), "confirmed");
  // Copies, 16 at a time: program-owned campaign accounts at fresh addresses.
  for (let next = ORIGINALS; next < CAMPAIGNS; next += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, CAMPAIGNS - next) }, (_, k) => {
        const source = accounts[(next + k) % ORIGINALS];
        if (source === null || source === undefined) throw new Error("original campaign account missing");
        const params = { lamports: source.lamports, owner: PROGRAM_ID.toBase58(), data: source.data.toString("base64") };
        return chain.rpc("localnet_setAccount", [Keypair.generate().publicKey.toBase58(), params]);
      }),
    );
  }
  progress(`${CAMPAIGNS} campaign accounts on the localnet`);

  const reader = new AnchorChainReader(pepfundProgram(chain.connection, Keypair.generate()));
  const store = prismaStore(db.prisma);
  const clock = { now: () => new Date() };
  const synced = await syncDirectory({ store, chain: reader, clock }, 0n);
  const { entries } = await store.campaigns.page(["Draft"], { offset: 0, limit: CAMPAIGNS });
  for (const [i, entry] of entries.entries()) await store.campaigns.setTitle(entry.view.address, entry.view.metadataSha256, title(i));
  progress(`directory filled: ${synced} campaigns, ${entries.length} titled`);

  const noChainListing: ChainReader = Object.assign(Object.create(reader) as ChainReader, {
    listCampaigns: () => Promise.reject(new Error("the directory path read the chain")),
  });
  const deps = { store, chain: noChainListing, pools: new FakePools(), clock };
  // Warm both paths (connections, prepared plans, JIT) before timing.
  for (let i = 0; i < 5; i++) await choicesFor(deps, SPEC, typed(i), {});
  await chainSearch(reader, typed(0), 25);

  let answered = 0;
  const directory = await timed(QUERIES, async (i) => {
    answered += (await choicesFor(deps, SPEC, typed(i), {})).length > 0 ? 1 : 0;
  });
  progress("directory path measured");
  const baseline = await timed(BASELINE_QUERIES, (i) => chainSearch(reader, typed(i), 25));
  progress("getProgramAccounts path measured");

  const rows: [string, string][] = [
    ["database", values.pglite ? "PGlite" : "PostgreSQL"],
    ["campaign accounts on the localnet / in the directory", `${CAMPAIGNS} / ${synced}`],
    ["directory: queries (answered with choices)", `${QUERIES} (${answered})`],
    ["directory: typed -> choices p50 / p99 / max", `${percentile(directory, 50).toFixed(1)} / ${percentile(directory, 99).toFixed(1)} / ${directory.at(-1)?.toFixed(1)} ms`],
    ["getProgramAccounts: queries", String(BASELINE_QUERIES)],
    ["getProgramAccounts: typed -> choices p50 / p99 / max", `${percentile(baseline, 50).toFixed(1)} / ${percentile(baseline, 99).toFixed(1)} / ${baseline.at(-1)?.toFixed(1)} ms`],
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
