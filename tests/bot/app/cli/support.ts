/**
 * Runs `npm run pepfund` as a user would: a child process (tsx, as the npm script runs it)
 * with only the environment docs/CLI.md documents, and keypair files on disk.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Connection, type Keypair, Transaction } from "@solana/web3.js";
import bs58 from "bs58";
import type { JWKInterface } from "arweave/node/lib/wallet.js";
import { AnchorChainReader } from "../../../../bot/chain/reader.js";
import { TestChain } from "../../chain/support/localnet.js";
import { Protocol } from "../../chain/support/protocol.js";
import { type RunningArlocal, startArlocal } from "../../support/arlocal.js";

const ROOT = resolve(import.meta.dirname, "../../../..");
const TSX = join(ROOT, "node_modules/.bin/tsx");

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with `args` and exactly `env` (plus PATH and HOME). */
export function runPepfund(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(TSX, ["bot/app/cli/main.ts", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", fail);
    child.once("close", (code) => done({ code, stdout, stderr }));
  });
}

/** A temporary directory for keypair, wallet and roadmap files. */
export class Files {
  private constructor(readonly dir: string) {}

  static async create(): Promise<Files> {
    return new Files(await mkdtemp(join(tmpdir(), "pepfund-cli-")));
  }

  /** A solana-keygen style keypair file. */
  async keypair(name: string, keypair: Keypair): Promise<string> {
    return this.write(`${name}.json`, JSON.stringify(Array.from(keypair.secretKey)));
  }

  async jwk(name: string, wallet: JWKInterface): Promise<string> {
    return this.write(`${name}.json`, JSON.stringify(wallet));
  }

  async write(name: string, text: string): Promise<string> {
    const path = join(this.dir, name);
    await writeFile(path, text, { mode: 0o600 });
    return path;
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** The value of a `name: value` line of the CLI's output. */
export function field(output: string, name: string): string {
  const line = output.split("\n").find((l) => l.startsWith(`${name}: `));
  if (line === undefined) throw new Error(`no "${name}:" line in:\n${output}`);
  return line.slice(name.length + 2).trim();
}

/** The two encodings an `--unsigned` run prints (`base58:` and `base64:` lines), decoded. */
export function unsignedOutput(output: string): { readonly fromBase58: Buffer; readonly fromBase64: Buffer; readonly tx: Transaction } {
  const fromBase58 = Buffer.from(bs58.decode(field(output, "base58")));
  const fromBase64 = Buffer.from(field(output, "base64"), "base64");
  return { fromBase58, fromBase64, tx: Transaction.from(fromBase58) };
}

/**
 * What a multisig does with the printed transaction: signs it with `signer` (the --admin
 * address) and sends it unchanged; resolves when confirmed, rejects with the node's error.
 */
export async function signAndSendPrinted(connection: Connection, tx: Transaction, signer: Keypair): Promise<string> {
  tx.sign(signer);
  const signature = await connection.sendRawTransaction(tx.serialize());
  const { value } = await connection.confirmTransaction(
    { signature, blockhash: tx.recentBlockhash!, lastValidBlockHeight: Number.MAX_SAFE_INTEGER },
    "confirmed",
  );
  if (value.err !== null) throw new Error(`the printed transaction failed: ${JSON.stringify(value.err)}`);
  return signature;
}

/** The stack every CLI test runs against: a localnet with the program configured, arlocal, a temporary folder. */
export interface CliStack {
  readonly chain: TestChain;
  readonly protocol: Protocol;
  readonly arlocal: RunningArlocal;
  readonly files: Files;
  /** The documented environment: RPC, cluster, Arweave gateway and the Arweave wallet's file. */
  readonly env: Record<string, string>;
  /** Reads as the program's accounts are, to check what the CLI did. */
  readonly reader: AnchorChainReader;
  stop(): Promise<void>;
}

export async function startCliStack(): Promise<CliStack> {
  const [chain, arlocal, files] = await Promise.all([TestChain.start(), startArlocal(), Files.create()]);
  const protocol = await Protocol.init(chain);
  const env = {
    SOLANA_RPC_URL: chain.rpcUrl,
    SOLANA_CLUSTER: "localnet",
    ARWEAVE_GATEWAYS: arlocal.url,
    ARWEAVE_WALLET: await files.jwk("arweave", arlocal.wallet),
  };
  return {
    chain,
    protocol,
    arlocal,
    files,
    env,
    reader: new AnchorChainReader(protocol.as(protocol.admin)),
    stop: async () => {
      await Promise.all([chain.stop(), arlocal.stop(), files.remove()]);
    },
  };
}

export const DAY = 86_400;

/** Unix seconds as roadmap.json writes dates. */
export const iso = (unix: number): string => new Date(unix * 1000).toISOString();
