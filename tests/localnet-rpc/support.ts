/**
 * One localnet per test file, started before its tests and stopped after them, with a
 * web3.js Connection confirming through the localnet's WebSocket.
 */
import { Connection, Keypair, LAMPORTS_PER_SOL, type Commitment, type PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll } from "vitest";
import { localnetRpc, startLocalnet, type Localnet } from "../../localnet/launch.js";

/** The first build of the binary is long on a cold machine; `npm run localnet:build` first. */
const START_TIMEOUT_MS = 30 * 60_000;

export interface LocalnetHandle {
  net: Localnet;
  /** pepfund's upgrade authority on this localnet (unfunded): the key `config_init` accepts. */
  deployer: Keypair;
  connection(commitment?: Commitment): Connection;
  /** A new wallet holding `sol` SOL. */
  wallet(sol?: number): Promise<Keypair>;
  /** Gives `to` `sol` SOL (requestAirdrop, confirmed). */
  airdrop(to: PublicKey, sol: number): Promise<void>;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
}

export function useLocalnet(): LocalnetHandle {
  let net: Localnet | undefined;
  const deployer = Keypair.generate();
  beforeAll(async () => {
    net = await startLocalnet({ upgradeAuthority: deployer.publicKey.toBase58() });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await net?.stop();
  });
  const started = (): Localnet => {
    if (!net) throw new Error("localnet not started");
    return net;
  };
  const handle: LocalnetHandle = {
    get net() {
      return started();
    },
    deployer,
    connection: (commitment = "confirmed") =>
      new Connection(started().rpcUrl, { commitment, wsEndpoint: started().wsUrl }),
    wallet: async (sol = 10) => {
      const wallet = Keypair.generate();
      await handle.airdrop(wallet.publicKey, sol);
      return wallet;
    },
    airdrop: async (to, sol) => {
      const connection = handle.connection();
      const signature = await connection.requestAirdrop(to, sol * LAMPORTS_PER_SOL);
      const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
      await connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight });
    },
    rpc: (method, params = []) => localnetRpc(started().rpcUrl, method, params),
  };
  return handle;
}

/** A raw JSON-RPC POST, returning the HTTP status and the parsed body. */
export async function post(rpcUrl: string, body: string): Promise<{ status: number; json: unknown; headers: Headers }> {
  const response = await fetch(rpcUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
}
