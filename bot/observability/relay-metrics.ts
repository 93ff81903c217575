/**
 * Counts and times every relayed transaction: the core's `Relayer` port wrapped, so the
 * relayer in bot/chain and the use cases calling it stay unaware of metrics.
 */
import type { Relayer } from "../core/ports.js";
import type { TxOutcome } from "../core/views.js";
import type { AppMetrics } from "./metrics.js";

type Action = Exclude<keyof Relayer, "authority">;
const ACTIONS: readonly Action[] = ["flag", "staleOpen", "staleSupport", "finalizeMilestone", "finalizeStale", "closeFundraising", "claimAllocation", "lapseDispute", "poolFlag", "finalizePool", "lapsePoolDispute"];

/** `relayer` with `pepfund_relays_total{action,outcome}` and `pepfund_relay_duration_seconds{action}` recorded. */
export function meteredRelayer(relayer: Relayer, metrics: Pick<AppMetrics, "relays" | "relayDuration">): Relayer {
  const metered = { authority: relayer.authority } as Record<string, unknown>;
  for (const action of ACTIONS) {
    metered[action] = async (input: never, key: string): Promise<TxOutcome> => {
      const stopTimer = metrics.relayDuration.startTimer({ action });
      try {
        const outcome = await relayer[action].call(relayer, input, key);
        metrics.relays.inc({ action, outcome: outcome.status === "confirmed" ? "ok" : outcome.code });
        return outcome;
      } catch (error) {
        metrics.relays.inc({ action, outcome: "error" });
        throw error;
      } finally {
        stopTimer();
      }
    };
  }
  return metered as unknown as Relayer;
}
