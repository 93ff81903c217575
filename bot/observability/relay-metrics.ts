/**
 * Counts and times every relayed transaction: the core's `Relayer` port wrapped, so the
 * relayer in bot/chain and the use cases calling it stay unaware of metrics.
 */
import type { Relayer } from "../core/ports.js";
import type { TxOutcome } from "../core/views.js";
import type { AppMetrics } from "./metrics.js";

type Action = Exclude<keyof Relayer, "authority">;
/** Every action of the port: the compiler refuses this list when the port gains one it lacks. */
export const RELAY_ACTIONS = Object.keys({
  flag: true,
  staleOpen: true,
  staleSupport: true,
  finalizeMilestone: true,
  finalizeStale: true,
  closeFundraising: true,
  claimAllocation: true,
  lapseDispute: true,
  poolFlag: true,
  finalizePool: true,
  lapsePoolDispute: true,
} satisfies Record<Action, true>) as Action[];

/** `relayer` with `pepfund_relays_total{action,outcome}` and `pepfund_relay_duration_seconds{action}` recorded. */
export function meteredRelayer(relayer: Relayer, metrics: Pick<AppMetrics, "relays" | "relayDuration">): Relayer {
  const metered = { authority: relayer.authority } as Record<string, unknown>;
  for (const action of RELAY_ACTIONS) {
    const relay = relayer[action].bind(relayer) as (...args: unknown[]) => Promise<TxOutcome>;
    // Every argument goes on as given, whatever the action takes: a flag's options carry the
    // `sendAfter` that keeps its transaction unsent until the rationale is stored (a wrapper
    // that passed only the input and key let flags out before their rationale was recorded).
    metered[action] = async (...args: unknown[]): Promise<TxOutcome> => {
      const stopTimer = metrics.relayDuration.startTimer({ action });
      try {
        const outcome = await relay(...args);
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
