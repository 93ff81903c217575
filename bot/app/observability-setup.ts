/**
 * Wires observability into the composition: the app's metrics registry with its scrape-time
 * sources (outbox and indexer cursor from the database, balances from the RPC) and the
 * readiness checks behind /readyz. Parts started later (chat adapters, workers) register
 * their checks as they come up, so the web server can serve both endpoints from the start.
 */
import type { Connection, PublicKey } from "@solana/web3.js";
import type { RpcObserver } from "../chain/relayer/rpc.js";
import type { Database } from "../store/database.js";
import type { ChatDeps } from "../chat/deps.js";
import { createMetrics, type AppMetrics } from "../observability/metrics.js";
import { checkReadiness, slotCheck, workerCheck, type ReadinessCheck, type ReadinessReport } from "../observability/readiness.js";
import type { Logger } from "./logger.js";
import type { Loop } from "./loop.js";

/** A slot that has not moved for this long means the node stopped following the cluster. */
export const SLOT_STALE_MS = 60_000;
/** The indexer's row in `indexer_cursor` (bot/chain/indexer default). */
const CURSOR_NAME = "pepfund";

export interface Observability {
  readonly metrics: AppMetrics;
  /** Counts the relayer connection's failed and retried requests (give it to setUpChain). */
  readonly rpc: RpcObserver;
  /** The chain's connection and keys, once set up: balances, the indexer's lag, the RPC check. */
  attachChain(chain: ObservedChain): void;
  readonly commandMetrics: NonNullable<ChatDeps["metrics"]>;
  /** Adds a named readiness check (a chat connection, a worker). */
  addCheck(name: string, check: ReadinessCheck): void;
  /** Adds a check per worker loop: its last good pass within `intervals` of its interval. */
  addWorkers(loops: readonly Loop[], intervals: number): void;
  readiness(): Promise<ReadinessReport>;
}

export interface ObservedChain {
  readonly connection: Connection;
  readonly keys: Readonly<Record<"fee_payer" | "relay_authority", PublicKey>>;
  /** Whether the indexer runs (its gauges are left out otherwise). */
  readonly indexer: boolean;
}

export function setUpObservability(prisma: Database["prisma"], log: Logger): Observability {
  let parts: ObservedChain | null = null;
  const chain = (): ObservedChain => {
    if (parts === null) throw new Error("the chain is not set up yet");
    return parts;
  };
  const metrics = createMetrics(
    {
      outbox: async () => {
        const waiting = await prisma.outboxMessage.aggregate({ where: { status: "PENDING" }, _count: { _all: true }, _min: { createdAt: true } });
        const oldest = waiting._min.createdAt;
        return { depth: waiting._count._all, oldestAgeSeconds: oldest === null ? 0 : Math.max(0, (Date.now() - oldest.getTime()) / 1000) };
      },
      indexer: async () => {
        const { connection, indexer } = chain();
        if (!indexer) return null;
        const [cursor, tip] = await Promise.all([prisma.indexerCursor.findUnique({ where: { name: CURSOR_NAME } }), connection.getSlot("confirmed")]);
        if (cursor === null) return null;
        return { lagSlots: Math.max(0, tip - Number(cursor.slot)), cursorAgeSeconds: Math.max(0, (Date.now() - cursor.updatedAt.getTime()) / 1000) };
      },
      balances: async () => {
        const { connection, keys } = chain();
        const [feePayer, authority] = await Promise.all([connection.getBalance(keys.fee_payer), connection.getBalance(keys.relay_authority)]);
        return { fee_payer: feePayer, relay_authority: authority };
      },
    },
    { onError: (message) => log.warn(message) },
  );
  const checks: Record<string, ReadinessCheck> = {
    database: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    rpc: slotCheck(() => chain().connection.getSlot("confirmed"), SLOT_STALE_MS),
  };
  const startedAt = Date.now();
  return {
    metrics,
    rpc: {
      failed: (method) => metrics.rpcErrors.inc({ method }),
      retried: (method) => metrics.rpcRetries.inc({ method }),
    },
    attachChain: (observed) => {
      parts = observed;
    },
    commandMetrics: {
      commandAnswered: (platform, command, outcome) => {
        metrics.commands.inc({ platform, command, outcome });
        log.info(`chat: /${command} answered: ${outcome}`, { platform, command, outcome });
      },
    },
    addCheck: (name, check) => {
      checks[name] = check;
    },
    addWorkers: (loops, intervals) => {
      for (const loop of loops) checks[`worker:${loop.name}`] = workerCheck(loop, Math.max(loop.intervalMs * intervals, 10_000), startedAt);
    },
    readiness: () => checkReadiness(checks),
  };
}
