/**
 * Readiness (/readyz): the process can do its work only when every check passes: the
 * database answers, the RPC answers with a slot that still moves, each enabled chat
 * connection is up and each worker's last successful pass is recent. Each check runs with a
 * timeout; the report names every failing one and why. Liveness (/healthz) is separate: it
 * only says the process serves HTTP, so an outage of a dependency never gets the pod killed.
 */

/** One named check: resolves when healthy, rejects (or returns a reason) when not. */
export type ReadinessCheck = () => Promise<string | null | void>;

export interface ReadinessReport {
  readonly ready: boolean;
  /** Each check by name: "ok", or why it fails. */
  readonly checks: Readonly<Record<string, string>>;
}

/** How long one check may take before it counts as failing. */
export const CHECK_TIMEOUT_MS = 3_000;

/** Runs the checks side by side. */
export async function checkReadiness(checks: Readonly<Record<string, ReadinessCheck>>, timeoutMs = CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, string]> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
      });
      try {
        const problem = await Promise.race([check().then((p) => p ?? null), timeout]);
        return [name, problem ?? "ok"];
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every(([, r]) => r === "ok"), checks: Object.fromEntries(results) };
}

/**
 * The RPC check: the slot must answer, and have moved within `staleAfterMs` (a node that
 * answers but stopped following the cluster serves stale state).
 */
export function slotCheck(getSlot: () => Promise<number>, staleAfterMs: number, now: () => number = Date.now): ReadinessCheck {
  let last: { slot: number; seenAt: number } | null = null;
  return async () => {
    const slot = await getSlot();
    if (last === null || slot > last.slot) last = { slot, seenAt: now() };
    const age = now() - last.seenAt;
    return age > staleAfterMs ? `slot ${slot} has not moved for ${Math.round(age / 1000)} s` : null;
  };
}

/** A worker loop's check: its last successful pass is at most `maxAgeMs` old (counted from `startedAt` before the first). */
export function workerCheck(loop: { readonly lastSuccessAt: Date | null }, maxAgeMs: number, startedAt: number, now: () => number = Date.now): ReadinessCheck {
  return () => {
    const since = loop.lastSuccessAt?.getTime() ?? startedAt;
    const age = now() - since;
    if (age <= maxAgeMs) return Promise.resolve(null);
    return Promise.resolve(loop.lastSuccessAt === null ? `no successful pass in ${Math.round(age / 1000)} s` : `last successful pass ${Math.round(age / 1000)} s ago`);
  };
}
