/**
 * The app's Prometheus metrics (prom-client), on a registry of its own so two apps in one
 * process (tests) never share series. Counters are bumped by the parts that see the events
 * (chat dispatch through `CommandMetrics`, relays through `meteredRelayer`); gauges that
 * describe stored or on-chain state are read when /metrics is scraped. Every series is listed
 * in docs/OBSERVABILITY.md.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** What the gauges read on each scrape; each may throw (the gauge is then left out of that scrape). */
export interface MetricSources {
  /** Outbox messages not yet sent, and the age in seconds of the oldest (0 when none). */
  outbox(): Promise<{ depth: number; oldestAgeSeconds: number }>;
  /** The indexer's cursor: slots behind the chain's tip and seconds since it last moved; `null` without an indexer. */
  indexer(): Promise<{ lagSlots: number; cursorAgeSeconds: number } | null>;
  /** Lamports held by each relayer key (read at most every `balanceCacheMs`). */
  balances(): Promise<Readonly<Record<"fee_payer" | "relay_authority", number>>>;
}

export interface AppMetrics {
  readonly registry: Registry;
  readonly commands: Counter<"platform" | "command" | "outcome">;
  readonly relays: Counter<"action" | "outcome">;
  readonly relayDuration: Histogram<"action">;
  readonly rpcErrors: Counter<"method">;
  readonly rpcRetries: Counter<"method">;
  /** The exposition text and its content type, for GET /metrics. */
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
}

/** How long a balance read is reused: balances change slowly and each read is an RPC call. */
export const BALANCE_CACHE_MS = 30_000;

export function createMetrics(sources: MetricSources, options: { readonly now?: () => number; readonly onError?: (message: string) => void } = {}): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const now = options.now ?? Date.now;
  const reportError = options.onError ?? (() => undefined);
  const registers = [registry];
  const commands = new Counter({ name: "pepfund_commands_total", help: "Chat commands answered, by outcome: ok, asked (a form or picker), a refusal code, or error", labelNames: ["platform", "command", "outcome"] as const, registers });
  const relays = new Counter({ name: "pepfund_relays_total", help: "Relayed transactions by action and outcome: ok (confirmed), the failure code, or error (threw)", labelNames: ["action", "outcome"] as const, registers });
  const relayDuration = new Histogram({ name: "pepfund_relay_duration_seconds", help: "Time from building a relayed transaction to its confirmation or failure", labelNames: ["action"] as const, buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120], registers });
  const rpcErrors = new Counter({ name: "pepfund_rpc_errors_total", help: "Solana JSON-RPC calls that failed (HTTP or JSON-RPC error), by method", labelNames: ["method"] as const, registers });
  const rpcRetries = new Counter({ name: "pepfund_rpc_retries_total", help: "Solana JSON-RPC requests sent again after they failed, by method", labelNames: ["method"] as const, registers });

  // A failing source leaves its gauge out of this scrape (no stale value) and is logged.
  const read = async <T>(what: string, source: () => Promise<T>): Promise<T | null> => {
    try {
      return await source();
    } catch (error) {
      reportError(`metrics: reading ${what} failed: ${(error as Error).message}`);
      return null;
    }
  };
  const outboxDepth = new Gauge({ name: "pepfund_outbox_depth", help: "Outbox messages waiting to be delivered (pending, retrying or claimed)", registers });
  const outboxAge = new Gauge({ name: "pepfund_outbox_oldest_age_seconds", help: "Age of the oldest undelivered outbox message (0 when none)", registers });
  const outbox = async () => {
    outboxDepth.reset();
    outboxAge.reset();
    const o = await read("outbox", () => sources.outbox());
    if (o === null) return;
    outboxDepth.set(o.depth);
    outboxAge.set(o.oldestAgeSeconds);
  };
  const indexerLag = new Gauge({ name: "pepfund_indexer_lag_slots", help: "Slots between the chain's tip and the indexer's cursor", registers });
  const cursorAge = new Gauge({ name: "pepfund_indexer_cursor_age_seconds", help: "Seconds since the indexer's cursor last moved", registers });
  const indexer = async () => {
    indexerLag.reset();
    cursorAge.reset();
    const i = await read("indexer cursor", () => sources.indexer());
    if (i === null) return;
    indexerLag.set(i.lagSlots);
    cursorAge.set(i.cursorAgeSeconds);
  };
  const balance = new Gauge({ name: "pepfund_sol_balance_lamports", help: "SOL held by the relayer's keys, lamports (read at most every 30 s)", labelNames: ["key"] as const, registers });
  let cached: { at: number; value: Readonly<Record<string, number>> } | null = null;
  const balances = async () => {
    if (cached === null || now() - cached.at >= BALANCE_CACHE_MS) {
      const value = await read("balances", () => sources.balances());
      if (value === null) {
        balance.reset();
        return;
      }
      cached = { at: now(), value };
    }
    for (const [key, lamports] of Object.entries(cached.value)) balance.set({ key }, lamports);
  };

  return {
    registry,
    commands,
    relays,
    relayDuration,
    rpcErrors,
    rpcRetries,
    scrape: async () => {
      await Promise.all([outbox(), indexer(), balances()]);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
