/**
 * The metrics wrapper around the relayer must be invisible to its callers: every action gets
 * every argument as given (a flag's `sendAfter` holds its transaction until the rationale is
 * stored; the wrapper once dropped it, and the bot-crash test then found a flag on-chain
 * naming another rationale than the one its request recorded) and its outcome back.
 */
import { describe, expect, it } from "vitest";
import type { Relayer, TxOutcome } from "../../../bot/core/ports.js";
import { createMetrics } from "../../../bot/observability/metrics.js";
import { RELAY_ACTIONS, meteredRelayer } from "../../../bot/observability/relay-metrics.js";

const NO_GAUGES = {
  outbox: () => Promise.resolve({ depth: 0, oldestAgeSeconds: 0 }),
  indexer: () => Promise.resolve({ lagSlots: 0, cursorAgeSeconds: 0 }),
  balances: () => Promise.resolve({ fee_payer: 1, relay_authority: 1 }),
};

/** A relayer that records each call's arguments; `flag` fails with the program's code, the rest confirm. */
function recordingRelayer(): { relayer: Relayer; calls: { action: string; args: unknown[] }[] } {
  const calls: { action: string; args: unknown[] }[] = [];
  const relayer = { authority: "RelayAuthority1111111111111111111111111111" } as Record<string, unknown>;
  for (const action of RELAY_ACTIONS) {
    relayer[action] = (...args: unknown[]): Promise<TxOutcome> => {
      calls.push({ action, args });
      return Promise.resolve(
        action === "flag"
          ? { status: "failed", signature: "sig", code: "WindowClosed", message: "program refused" }
          : { status: "confirmed", signature: "sig", slot: 1n },
      );
    };
  }
  return { relayer: relayer as unknown as Relayer, calls };
}

describe("meteredRelayer", () => {
  it("GIVEN each action called with its input, key and options THEN the relayer gets all three and the caller its outcome", async () => {
    const { relayer, calls } = recordingRelayer();
    const metered = meteredRelayer(relayer, createMetrics(NO_GAUGES));
    expect(metered.authority).toBe(relayer.authority);
    for (const action of RELAY_ACTIONS) {
      const options = { sendAfter: Promise.resolve() };
      const call = metered[action].bind(metered) as (...args: unknown[]) => Promise<TxOutcome>;
      const outcome = await call({ campaign: "C" }, `key-${action}`, options);
      expect(outcome.status).toBe(action === "flag" ? "failed" : "confirmed");
      expect(calls.at(-1)).toEqual({ action, args: [{ campaign: "C" }, `key-${action}`, options] });
      expect(calls.at(-1)?.args[2]).toBe(options);
    }
  });

  it("GIVEN outcomes and a throw THEN pepfund_relays_total counts each by action and outcome", async () => {
    const { relayer } = recordingRelayer();
    const metrics = createMetrics(NO_GAUGES);
    const failing: Relayer = { ...relayer, staleOpen: () => Promise.reject(new Error("down")) };
    const metered = meteredRelayer(failing, metrics);
    await metered.flag({ campaign: "C", owner: "O", milestoneIndex: 0, attempt: 1, rationaleId: "R" }, "k1");
    await metered.finalizeStale({ campaign: "C" }, "k2");
    await expect(metered.staleOpen({ campaign: "C", owner: "O", round: 1 }, "k3")).rejects.toThrow("down");
    const body = (await metrics.scrape()).body;
    expect(body).toContain('pepfund_relays_total{action="flag",outcome="WindowClosed"} 1');
    expect(body).toContain('pepfund_relays_total{action="finalizeStale",outcome="ok"} 1');
    expect(body).toContain('pepfund_relays_total{action="staleOpen",outcome="error"} 1');
  });
});
