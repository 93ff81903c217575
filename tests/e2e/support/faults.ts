/**
 * The end-to-end world with its outside systems made faulty on demand: the relayer and the
 * indexer talk to the localnet with a short request timeout (so a slow node is a timeout,
 * `localnet_setFaults` makes the node fail, rate-limit, stall or drop transactions), and
 * evidence goes through two faulty-gateway proxies in front of arlocal (down, or serving
 * other bytes). Everything else is the world of `world.ts`.
 */
import { ChainRelayer } from "../../../bot/chain/relayer/relayer.js";
import { relayConnection, type RetryPolicy } from "../../../bot/chain/relayer/rpc.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { startIndexer, type Indexer } from "../../../bot/chain/indexer/indexer.js";
import type { EvidenceStore } from "../../../bot/core/ports.js";
import { arweaveEvidenceStore } from "../../../bot/evidence/arweave-store.js";
import type { Faults } from "../../bot/chain/support/localnet.js";
import { startArweaveProxy, type ArweaveProxy } from "../../bot/support/arweave-proxy.js";
import { startWorld, type World } from "./world.js";
import { PLATFORMS } from "../../bot/support/platforms.js";

/** The relayer's and indexer's per-request timeout: a node slower than this is timing out. */
export const RPC_TIMEOUT_MS = 1_500;

/** Patient enough to outlast a few seconds of outage, as production's default is. */
const RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 100, maxDelayMs: 1_000 };

export interface FaultyWorld {
  /** The world, with the faulty-path relayer and evidence store in place of its own. */
  readonly world: World;
  /** Gateway tried first, then the second. */
  readonly gateways: readonly [ArweaveProxy, ArweaveProxy];
  readonly indexer: Indexer;
  /** `localnet_setFaults` (docs/LOCALNET.md): 500s, 429s, a stall, dropped transactions. */
  setRpcFaults(faults: Faults): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultyWorld(): Promise<FaultyWorld> {
  const base = await startWorld("postgres");
  const gateways = [await startArweaveProxy(base.arlocal.url), await startArweaveProxy(base.arlocal.url)] as const;
  const connection = relayConnection(base.chain.rpcUrl, { wsUrl: base.chain.wsUrl, timeoutMs: RPC_TIMEOUT_MS });
  const relayer = new ChainRelayer({
    program: pepfundProgram(connection, base.feePayer),
    feePayer: base.feePayer,
    authority: base.protocol.relay,
    journal: base.database.journal,
    retry: RETRY,
    pollIntervalMs: 200,
  });
  const evidence: EvidenceStore = arweaveEvidenceStore({
    gateways: gateways.map((g) => g.url),
    wallet: base.arlocal.wallet,
    rounds: 2,
    backoffMs: 100,
    timeoutMs: 5_000,
  });
  const world: World = { ...base, relayer, evidence };
  // Passes only when the test runs one, so each runs under the faults set for it.
  const indexer = startIndexer(
    { connection, store: base.store, chain: base.reader, gatewayUrl: base.arlocal.url, platforms: PLATFORMS },
    { background: false, retry: RETRY },
  );
  return {
    world,
    gateways,
    indexer,
    setRpcFaults: (faults) => base.chain.setFaults(faults),
    stop: async () => {
      await indexer.stop();
      await Promise.allSettled(gateways.map((g) => g.stop()));
      await base.stop();
    },
  };
}

/** Runs `work` until it resolves without throwing (a worker's timer loop), at most `tries` times. */
export async function untilItSucceeds<T>(work: () => Promise<T>, tries = 20, pauseMs = 300): Promise<{ value: T; failures: number }> {
  let failures = 0;
  for (;;) {
    try {
      return { value: await work(), failures };
    } catch (error) {
      failures += 1;
      if (failures >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
