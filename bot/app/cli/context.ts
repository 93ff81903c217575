/**
 * What every command works with: output (results on stdout, progress on stderr), the
 * settings, and the chain and Arweave clients, made only when a command needs them so that
 * `--help` and `campaign example` work without any settings.
 */
import { Keypair, PublicKey } from "@solana/web3.js";
import { AnchorChainReader } from "../../chain/reader.js";
import { pepfundProgram, type PepfundProgram } from "../../chain/program.js";
import { relayConnection } from "../../chain/relayer/rpc.js";
import type { ExplorerSettings } from "../../chat/format.js";
import type { EvidenceStore } from "../../core/ports.js";
import { arweaveEvidenceStore } from "../../evidence/arweave-store.js";
import { readWallet } from "../evidence-setup.js";
import { readKeypair } from "../keys.js";
import { CliError } from "./errors.js";
import type { CliEnv } from "./env.js";

export interface CliOutput {
  /** A result line (stdout). */
  out(line: string): void;
  /** A progress line on a slow step (stderr, so results can be piped). */
  progress(line: string): void;
}

export class CliContext {
  private client: PepfundProgram | null = null;

  constructor(
    readonly env: CliEnv,
    readonly io: CliOutput,
  ) {}

  /** The RPC URL; its absence is an error naming the variable. */
  get rpcUrl(): string {
    if (this.env.rpcUrl === null) {
      throw new CliError("SOLANA_RPC_URL is not set: name the cluster's JSON-RPC endpoint, e.g. SOLANA_RPC_URL=https://api.devnet.solana.com");
    }
    return this.env.rpcUrl;
  }

  /** A read-only client (it never signs: signing happens in send.ts with the command's keypair). */
  get program(): PepfundProgram {
    this.client ??= pepfundProgram(relayConnection(this.rpcUrl, { timeoutMs: 20_000, ...(this.env.wsUrl === null ? {} : { wsUrl: this.env.wsUrl }) }), readOnlyKey());
    return this.client;
  }

  get reader(): AnchorChainReader {
    return new AnchorChainReader(this.program);
  }

  get explorer(): ExplorerSettings {
    return this.env.cluster === "localnet" ? { cluster: "localnet", rpcUrl: this.rpcUrl } : { cluster: this.env.cluster };
  }

  /** The Arweave store texts and reasons are uploaded to; needs ARWEAVE_GATEWAYS and ARWEAVE_WALLET. */
  async evidence(): Promise<EvidenceStore> {
    if (this.env.gateways.length === 0 || this.env.arweaveWallet === null) {
      throw new CliError("ARWEAVE_GATEWAYS and ARWEAVE_WALLET must be set to store texts on Arweave (gateway origins, and the JWK file that pays).");
    }
    try {
      return arweaveEvidenceStore({ gateways: this.env.gateways, wallet: await readWallet(this.env.arweaveWallet) });
    } catch (error) {
      throw new CliError((error as Error).message);
    }
  }
}

let readOnly: Keypair | null = null;
function readOnlyKey(): Keypair {
  // Anchor's provider wants a wallet; this one is never asked to sign.
  readOnly ??= Keypair.generate();
  return readOnly;
}

/** Reads the keypair file named by `--keypair`; the error names the option and the reason, never key bytes. */
export async function loadKeypair(path: string | boolean | undefined): Promise<Keypair> {
  if (typeof path !== "string" || path.trim() === "") throw new CliError("--keypair <file> is required: the wallet that signs");
  try {
    return await readKeypair(path.trim(), `--keypair ${path.trim()}`);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** A base58 address given on the command line, or an error naming what it should be. */
export function parseAddress(text: string | boolean | undefined, what: string): PublicKey {
  if (typeof text !== "string" || text.trim() === "") throw new CliError(`${what} is required`);
  try {
    const key = new PublicKey(text.trim());
    if (key.toBase58() !== text.trim()) throw new Error("not canonical");
    return key;
  } catch {
    throw new CliError(`${what}: "${text}" is not a Solana address (base58, 32 bytes)`);
  }
}
