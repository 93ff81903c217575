/**
 * The CLI's settings, from the same environment variables as the app (.env.example,
 * docs/CLI.md): where the chain is, which cluster explorer links name, and where texts are
 * stored. Keys are never read from the environment here: each command names its keypair
 * file with --keypair.
 */
import { z } from "zod";
import { CHAIN_IDS } from "../../core/linking/siws.js";
import { websocketUrl } from "../../chain/relayer/rpc.js";
import { arweaveGateways, isLocalHost } from "../config.js";
import { CliError } from "./errors.js";

const schema = z.object({
  SOLANA_RPC_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://api.devnet.solana.com" }).optional(),
  SOLANA_WS_URL: z.url({ protocol: /^wss?$/, error: "must be a ws(s) URL" }).optional(),
  SOLANA_CLUSTER: z.enum(CHAIN_IDS).optional(),
  ARWEAVE_GATEWAYS: arweaveGateways,
  ARWEAVE_WALLET: z.string().trim().optional(),
});

export interface CliEnv {
  /** Solana JSON-RPC; `null` until a command needs it (then its absence is an error). */
  readonly rpcUrl: string | null;
  /** Solana WebSocket: SOLANA_WS_URL, else derived from the RPC URL (path and query kept, bot/chain/relayer/rpc.ts). */
  readonly wsUrl: string | null;
  /** For explorer links: SOLANA_CLUSTER, else `localnet` for an RPC on this machine, else `devnet`. */
  readonly cluster: string;
  readonly gateways: readonly string[];
  /** Path of the Arweave JWK paying for uploads. */
  readonly arweaveWallet: string | null;
}

/** Reads the settings; a malformed value is an error naming the variable (never its value for secrets). */
export function readCliEnv(env: Readonly<Record<string, string | undefined>>): CliEnv {
  const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());
  const parsed = schema.safeParse({
    SOLANA_RPC_URL: blank(env.SOLANA_RPC_URL),
    SOLANA_WS_URL: blank(env.SOLANA_WS_URL),
    SOLANA_CLUSTER: blank(env.SOLANA_CLUSTER),
    ARWEAVE_GATEWAYS: env.ARWEAVE_GATEWAYS ?? "",
    ARWEAVE_WALLET: blank(env.ARWEAVE_WALLET),
  });
  if (!parsed.success) {
    throw new CliError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  const { SOLANA_RPC_URL: rpcUrl, SOLANA_CLUSTER: cluster } = parsed.data;
  return {
    rpcUrl: rpcUrl ?? null,
    wsUrl: parsed.data.SOLANA_WS_URL ?? (rpcUrl === undefined ? null : websocketUrl(rpcUrl)),
    cluster: cluster ?? (rpcUrl !== undefined && isLocalHost(rpcUrl) ? "localnet" : "devnet"),
    gateways: parsed.data.ARWEAVE_GATEWAYS,
    arweaveWallet: parsed.data.ARWEAVE_WALLET ?? null,
  };
}
