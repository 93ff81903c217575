/**
 * The refusals of a reward pool's sponsor and admin instructions, checked in the program's
 * order (accounts first, then the handler: `pool_fund.rs`, `pool_submit.rs`,
 * `pool_dispute_resolve.rs` with `Milestone::open_review` and `resolve_dispute`), so a tool
 * hears the program's answer before it uploads or sends anything. `null`: the program would
 * accept it.
 */
import type { ProgramErrorName } from "../codes.js";
import type { PoolView } from "../pools.js";

/** `pool_fund` by `sponsor` of `amount` base units. */
export function poolFundRefusal(pool: PoolView, sponsor: string, amount: bigint): ProgramErrorName | null {
  if (pool.sponsor !== sponsor) return "NotSponsor";
  if (amount <= 0n) return "AmountZero";
  if (pool.status !== "Funding") return "InvalidPoolState";
  if (pool.funded + amount > pool.rewardTotal) return "PoolOverfunded";
  return null;
}

/** `pool_submit` of KPI `index` (0-based) by `sponsor`. */
export function poolSubmitRefusal(pool: PoolView, sponsor: string, index: number): ProgramErrorName | null {
  if (pool.sponsor !== sponsor) return "NotSponsor";
  if (pool.vesting !== null) return "WrongReleaseKind";
  if (pool.status !== "Active") return "InvalidPoolState";
  if (pool.milestones[index] === undefined) return "MilestoneNotFound";
  const current = pool.milestones.findIndex((m) => m.status !== "Released");
  if (current < 0) return "InvalidMilestoneState";
  if (index > current) return "MilestoneOutOfOrder";
  if (index < current) return "InvalidMilestoneState";
  // open_review: the evidence is checked by the caller (an uploaded file always has both).
  if (pool.milestones[index]?.status !== "Pending") return "InvalidMilestoneState";
  return null;
}

/** `pool_dispute_resolve` of KPI `index` by `admin` at chain time `now` (Unix seconds). */
export function poolResolveRefusal(pool: PoolView, index: number, admin: string, configAdmin: string, now: number): ProgramErrorName | null {
  if (admin !== configAdmin) return "NotAdmin";
  if (pool.status !== "Active") return "InvalidPoolState";
  const milestone = pool.milestones[index];
  if (milestone === undefined) return "MilestoneNotFound";
  if (milestone.status !== "Disputed") return "NoOpenDispute";
  if (now >= milestone.disputeDeadline) return "DisputeLapsed";
  return null;
}
