/**
 * Flag eligibility and quorum, in exact integer arithmetic (the program widens to u128;
 * bigint is exact at any size). Mirrors `Milestone::flag_threshold`, `calc::reaches_bps`
 * and `Milestone::quorum_reached`.
 */
import type { ProgramErrorName } from "../codes.js";
import { fail, ok, type Result } from "../result.js";
import { BPS_DENOMINATOR, FLAG_MIN_HOLDING_BPS, QUORUM_BPS, STALE_SUPPORT_BPS } from "./constants.js";

/**
 * Smallest deposit that may flag: 0.1% of the total campaign token supply at submission
 * (backer + allocation tokens), rounded up, and never below one base unit, so a tiny
 * supply where 0.1% rounds to zero still needs a holding.
 */
export function flagThreshold(supplySnapshot: bigint): bigint {
  const scaled = supplySnapshot * FLAG_MIN_HOLDING_BPS;
  const threshold = (scaled + BPS_DENOMINATOR - 1n) / BPS_DENOMINATOR;
  return threshold > 1n ? threshold : 1n;
}

/**
 * True when `part` is at least `bps` basis points of `whole` and above zero: a zero weight
 * never reaches a threshold, so a zero supply cannot be "reached" by nobody.
 */
export function reachesBps(part: bigint, whole: bigint, bps: bigint): boolean {
  return part > 0n && part * BPS_DENOMINATOR >= whole * bps;
}

/** True when flags weigh 10% or more of the backer supply frozen at submission. */
export function quorumReached(flagWeight: bigint, backerSupplySnapshot: bigint): boolean {
  return reachesBps(flagWeight, backerSupplySnapshot, QUORUM_BPS);
}

/** True when stale-review support weighs 10% or more of the backer supply at its opening. */
export function staleSupportConfirmed(supportWeight: bigint, backerSupplySnapshot: bigint): boolean {
  return reachesBps(supportWeight, backerSupplySnapshot, STALE_SUPPORT_BPS);
}

/**
 * Whether a holder's deposited backer tokens may flag: `NoDeposit` with nothing deposited,
 * `BelowFlagThreshold` under 0.1% of the supply snapshot, else ok with the weight the flag
 * would carry (the whole deposit).
 */
export function checkFlagWeight(
  deposited: bigint,
  supplySnapshot: bigint,
): Result<{ weight: bigint; threshold: bigint }, ProgramErrorName> {
  const threshold = flagThreshold(supplySnapshot);
  if (deposited === 0n) return fail("NoDeposit", { threshold: threshold.toString() });
  if (deposited < threshold) {
    return fail("BelowFlagThreshold", {
      deposited: deposited.toString(),
      threshold: threshold.toString(),
    });
  }
  return ok({ weight: deposited, threshold });
}

/** Flag weight still missing for quorum: 0 once reached. */
export function weightToQuorum(flagWeight: bigint, backerSupplySnapshot: bigint): bigint {
  if (quorumReached(flagWeight, backerSupplySnapshot)) return 0n;
  // Smallest w with w * 10_000 >= supply * 1_000, and w >= 1.
  const needed = (backerSupplySnapshot * QUORUM_BPS + BPS_DENOMINATOR - 1n) / BPS_DENOMINATOR;
  const atLeastOne = needed > 1n ? needed : 1n;
  return atLeastOne - flagWeight;
}
