/**
 * The relay worker as its own process, for the crash test: opens the shared PostgreSQL
 * schema, builds the real ChainRelayer (the store's durable journal, as bot/app does),
 * evidence store and chain reader, and runs `resumeFlags` until nothing is left unfinished, then exits 0. Prints "ready" once
 * composed, so the test kills it while it works, not while it loads.
 *
 *   tsx tests/e2e/support/relay-worker.ts <config.json>
 */
import { readFile } from "node:fs/promises";
import { Keypair } from "@solana/web3.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { PollingConnection } from "../../../bot/chain/polling-connection.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { resumeFlags } from "../../../bot/core/usecases/flag-relay.js";
import { arweaveEvidenceStore } from "../../../bot/evidence/arweave-store.js";
import { openDatabase } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { prismaRelayJournal } from "../../../bot/store/relay-journal.js";
import { chainRelayer, wallClock } from "./world.js";
import { PLATFORMS } from "../../bot/support/platforms.js";

/** What the test hands the worker (a temporary file: it holds keys). */
export interface WorkerConfig {
  readonly rpcUrl: string;
  readonly wsUrl: string;
  readonly database: { readonly url: string; readonly schema: string };
  readonly feePayer: number[];
  readonly authority: number[];
  readonly arweave: { readonly url: string; readonly wallet: unknown };
}

const path = process.argv[2];
if (path === undefined) throw new Error("usage: relay-worker.ts <config.json>");
const config = JSON.parse(await readFile(path, "utf8")) as WorkerConfig;
const db = await openDatabase({ kind: "postgres", ...config.database });
const journal = prismaRelayJournal(db.prisma);
const feePayer = Keypair.fromSecretKey(Uint8Array.from(config.feePayer));
const relayer = chainRelayer(config.rpcUrl, config.wsUrl, feePayer, Keypair.fromSecretKey(Uint8Array.from(config.authority)), journal);
const evidence = arweaveEvidenceStore({
  gateways: [config.arweave.url],
  wallet: config.arweave.wallet as Parameters<typeof arweaveEvidenceStore>[0]["wallet"],
  rounds: 2,
  backoffMs: 50,
});
const reader = new AnchorChainReader(pepfundProgram(new PollingConnection(config.rpcUrl, "confirmed"), feePayer));
const deps = { store: prismaStore(db.prisma), evidence, relayer, clock: wallClock, gatewayUrl: config.arweave.url, chain: reader, platforms: PLATFORMS };
process.stdout.write("ready\n");
for (;;) {
  const finished = await resumeFlags(deps, { staleAfterMs: 0, limit: 5 });
  process.stdout.write(`finished ${finished}\n`);
  if (finished === 0) break;
}
await db.close();
process.exit(0);
