/**
 * Per-user rate limits on relayed actions (SECURITY.md, "Relay and indexer"): every action the
 * relayer pays for or keeps on a user's behalf (a flag, a stale-review vote, a signing
 * request) counts against the chat user and against the wallet, over a rolling window. The
 * count lives in the database, so every bot process, platform and restart shares it: a second
 * chat account on the same wallet, or a second wallet on the same chat account, does not get
 * a second allowance.
 *
 * The action is recorded first and counted after, so two requests racing past the limit are
 * both refused rather than both allowed; a refused action's record is withdrawn. A repeat of
 * an action already taken (a double-clicked flag) is no new action: callers answer it as a
 * repeat before admitting, so the idempotent answer wins over `RateLimited`.
 */
import type { ChatRef, RelayRateLimits, RelayRateLog } from "../ports.js";

export type { RelayRateLimits, RelayRateLog } from "../ports.js";
import { fail, ok, type Result } from "../result.js";


/**
 * Ten an hour each: a holder flags once per submission and votes once per stale round, a
 * researcher submits a milestone a few times at most, so honest use stays far below.
 */
export const DEFAULT_RELAY_RATE_LIMITS: RelayRateLimits = { perUser: 10, perWallet: 10, windowSeconds: 3_600 };


/** The counter key of a chat account. */
export function userSubject(chat: Pick<ChatRef, "platform" | "userId">): string {
  return `user:${chat.platform}:${chat.userId}`;
}

/** The counter key of a wallet. */
export function walletSubject(address: string): string {
  return `wallet:${address}`;
}

/**
 * Seconds until one more action is allowed, given the times of the earlier ones in the
 * window (oldest first); 0 when it is allowed now. One must leave the window for each
 * action at or over the limit, so the wait ends when the (n - limit)-th oldest leaves it.
 */
export function secondsUntilAllowed(earlier: readonly Date[], limit: number, windowSeconds: number, now: Date): number {
  if (earlier.length < limit) return 0;
  const leaving = earlier[earlier.length - limit];
  if (leaving === undefined) return windowSeconds;
  const ms = leaving.getTime() + windowSeconds * 1000 - now.getTime();
  return Math.max(1, Math.ceil(ms / 1000));
}

/** A recorded action: `withdraw` it when it did not happen after all (a duplicate). */
export interface RelayAdmission {
  withdraw(): Promise<void>;
}

/**
 * Records a relayed `action` by `chat` for `wallet`, or refuses with `RateLimited` and the
 * wait (`details.waitSeconds`) when either the chat account or the wallet is at its limit.
 */
export async function admitRelayAction(
  log: RelayRateLog,
  who: { readonly chat: Pick<ChatRef, "platform" | "userId">; readonly wallet: string },
  action: string,
  now: Date,
): Promise<Result<RelayAdmission, "RateLimited">> {
  const { limits } = log;
  const counted: readonly [string, number][] = [
    [userSubject(who.chat), limits.perUser],
    [walletSubject(who.wallet), limits.perWallet],
  ];
  const ids = await log.record(
    counted.map(([subject]) => subject),
    action,
    now,
  );
  const windowStart = new Date(now.getTime() - limits.windowSeconds * 1000);
  const earlier = await log.since(
    counted.map(([subject]) => subject),
    windowStart,
    ids,
  );
  let wait = 0;
  for (const [subject, limit] of counted) {
    wait = Math.max(wait, secondsUntilAllowed(earlier.get(subject) ?? [], limit, limits.windowSeconds, now));
  }
  if (wait > 0) {
    await log.withdraw(ids);
    return fail("RateLimited", { waitSeconds: String(wait) });
  }
  return ok({ withdraw: () => log.withdraw(ids) });
}
