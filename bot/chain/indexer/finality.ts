/**
 * Which transactions wait for `finalized`. Events are read at `confirmed` (on a cluster a
 * confirmed block is very unlikely to roll back, and it comes ~10 s sooner), but a
 * transaction that moves money is announced only once it is finalized (rooted), because
 * "funds released" must never be said of a block that a fork could still drop. The whole
 * transaction waits, so its events stay in order (a last tranche and "campaign completed").
 */
import type { ProgramEvent, ProgramEventName } from "../../core/events.js";

/** Events that report money leaving an escrow or a pool vault, or becoming claimable. */
export const MONEY_EVENTS: ReadonlySet<ProgramEventName> = new Set<ProgramEventName>([
  "TrancheReleased",
  "CampaignCompleted",
  "AllocationClaimed",
  "CampaignAbandoned",
  "RefundClaimed",
  // Reward pools: a tranche becomes claimable, and tokens leave a pool vault.
  "PoolTrancheReleased",
  "PoolCompleted",
  "PoolRewardClaimed",
  "PoolUnstaked",
  "PoolClosed",
]);

/** Whether a transaction with these events may be announced only once finalized. */
export function needsFinality(events: readonly ProgramEvent[]): boolean {
  return events.some((event) => MONEY_EVENTS.has(event.name));
}
