/**
 * PLACEHOLDER ON BRANCH `start` ONLY — the `demo` helper's bot/demo/world.ts replaces this
 * file at merge (same exported signature). It builds no config, mint or campaign: it only
 * creates and funds the console's development wallet, so `npm start` runs end to end on
 * this branch. The fresh-clone test needs the real world and fails until it lands.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Connection, Keypair, LAMPORTS_PER_SOL, type PublicKey } from "@solana/web3.js";
import type { EvidenceStore } from "../core/ports.js";

/** The logger's shape (bot/app/logger.ts), type-only so bot/demo does not depend on bot/app. */
export interface DemoLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface DemoCampaign {
  readonly address: string;
  readonly title: string;
  readonly state: string;
}

export interface DemoWorld {
  readonly usdcMint: PublicKey | null;
  readonly admin: Keypair | null;
  readonly researcher: Keypair | null;
  readonly backers: readonly Keypair[];
  /** The console's development wallet, kept at `${dataDir}/keys/you.json`. */
  readonly you: Keypair;
  readonly campaigns: readonly DemoCampaign[];
}

export interface DemoWorldOptions {
  readonly rpcUrl: string;
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly evidence: EvidenceStore;
  readonly gatewayUrl: string;
  readonly log: DemoLog;
}

async function keyFile(dataDir: string, name: string): Promise<Keypair> {
  const file = join(dataDir, "keys", `${name}.json`);
  if (existsSync(file)) return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(await readFile(file, "utf8")) as number[]));
  await mkdir(join(dataDir, "keys"), { recursive: true });
  const keypair = Keypair.generate();
  await writeFile(file, JSON.stringify(Array.from(keypair.secretKey)), { mode: 0o600 });
  return keypair;
}

export async function ensureDemoWorld(options: DemoWorldOptions): Promise<DemoWorld> {
  const you = await keyFile(options.dataDir, "you");
  const connection = new Connection(options.rpcUrl, { commitment: "confirmed", wsEndpoint: options.wsUrl });
  if ((await connection.getBalance(you.publicKey)) < LAMPORTS_PER_SOL) {
    const signature = await connection.requestAirdrop(you.publicKey, 5 * LAMPORTS_PER_SOL);
    await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, "confirmed");
  }
  options.log.warn("demo world: placeholder (branch start): no campaigns; the demo helper's world replaces it");
  return { usdcMint: null, admin: null, researcher: null, backers: [], you, campaigns: [] };
}
