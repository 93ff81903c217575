/**
 * Review windows, disputes and the stale rule, in Unix seconds as the program's clock
 * gives them. Mirrors `Milestone::review_window_secs`, the window checks of the flag and
 * finalize instructions, and `is_stale` in state/campaign.rs.
 */
import type { ProgramErrorName } from "../codes.js";
import { fail, ok, type Result } from "../result.js";
import {
  DISPUTE_RESOLUTION_SECS,
  FIRST_REVIEW_WINDOW_SECS,
  LATER_REVIEW_WINDOW_SECS,
  STALE_AFTER_SECS,
  STALE_REVIEW_SECS,
} from "./constants.js";

/** Where a milestone stands; `Pending` covers "not yet submitted", "rejected" and "dispute lapsed". */
export type MilestoneStatus = "Pending" | "InReview" | "Disputed" | "Released";

/** Review window length of the milestone at `index` (0-based): 7 days first, 5 after. */
export function reviewWindowSecs(index: number): number {
  return index === 0 ? FIRST_REVIEW_WINDOW_SECS : LATER_REVIEW_WINDOW_SECS;
}

/** End of the window opened by a submission at `submittedAt`. */
export function windowEnd(index: number, submittedAt: number): number {
  return submittedAt + reviewWindowSecs(index);
}

/** Flags are accepted while `now < windowEnd`; from the end second on, `WindowClosed`. */
export function checkFlagWindow(now: number, end: number): Result<void, ProgramErrorName> {
  return now < end ? ok(undefined) : fail("WindowClosed");
}

/** Finalize is allowed from `windowEnd` on; before it, `WindowOpen`. */
export function checkFinalizeWindow(now: number, end: number): Result<void, ProgramErrorName> {
  return now >= end ? ok(undefined) : fail("WindowOpen");
}

/** Seconds left in a window, never negative. */
export function secondsLeft(now: number, end: number): number {
  return end > now ? end - now : 0;
}

/** Deadline for the admin authority to resolve a dispute: window end + 72 hours. */
export function disputeDeadline(end: number): number {
  return end + DISPUTE_RESOLUTION_SECS;
}

/** "Behind schedule": not released or under review, and past its estimated date. */
export function isBehindSchedule(status: MilestoneStatus, estimatedCompletion: number, now: number): boolean {
  return status === "Pending" && now > estimatedCompletion;
}

/** When a pending milestone becomes stale: 90 days after its estimated date. */
export function staleAt(estimatedCompletion: number): number {
  return estimatedCompletion + STALE_AFTER_SECS;
}

/** What the stale rule reads of a milestone. */
export interface StaleInput {
  readonly status: MilestoneStatus;
  readonly estimatedCompletion: number;
  /** Read only when `Disputed`. */
  readonly disputeDeadline: number;
}

/**
 * A dispute can be decided while `now < deadline`; from the deadline on it can only lapse
 * (`dispute_lapse`, anyone), and `dispute_resolve` refuses with `DisputeLapsed`.
 */
export function isDisputeLapsed(disputeDeadline: number, now: number): boolean {
  return now >= disputeDeadline;
}

/**
 * The stale rule: no live submission and 90 days past its estimate. Pending (never
 * submitted, rejected or lapsed) counts, and so does a dispute past its deadline, which can
 * only lapse back to pending.
 */
export function isStale(m: StaleInput, now: number): boolean {
  const unsubmitted = m.status === "Pending" || (m.status === "Disputed" && isDisputeLapsed(m.disputeDeadline, now));
  return unsubmitted && now >= staleAt(m.estimatedCompletion);
}

/** `NotStale` unless a stale review may be opened over this milestone now. */
export function checkStaleEligible(m: StaleInput, now: number): Result<{ reviewEndsAt: number }, ProgramErrorName> {
  if (!isStale(m, now)) {
    return fail("NotStale", { staleAt: String(staleAt(m.estimatedCompletion)) });
  }
  return ok({ reviewEndsAt: now + STALE_REVIEW_SECS });
}
