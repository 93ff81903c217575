/**
 * Reward pools as the core sees them (docs/POOLS.md): a sponsor's reward tokens released to
 * stakers milestone by milestone after the same review as campaign milestones. Amounts are
 * u64 base units of the pool's own mints; times Unix seconds.
 */
import { shortAddress } from "./labels.js";
import type { MilestoneView } from "./views.js";

export type PoolStatus = "Funding" | "Active" | "Completed" | "Closed";

/** What a KPI milestone promises: the metric, its target and where anyone can read it. */
export interface KpiView {
  readonly metric: string;
  readonly target: bigint;
  readonly dataSource: string;
}

/** A KPI milestone: the campaign milestone's review state plus its KPI (`descriptionSha256` is the statement's hash). */
export interface PoolMilestoneView extends MilestoneView {
  readonly kpi: KpiView;
}

/** The accumulator's running totals. */
export interface PoolRewardsView {
  /** Reward tokens released into the accumulator so far. */
  readonly released: bigint;
  readonly totalStaked: bigint;
}

export interface PoolView {
  readonly address: string;
  readonly sponsor: string;
  /** The sponsor's pool number (the PDA seed). */
  readonly id: bigint;
  readonly status: PoolStatus;
  readonly rewardMint: string;
  readonly stakeMint: string;
  readonly rewardDecimals: number;
  readonly stakeDecimals: number;
  readonly rewardTotal: bigint;
  readonly funded: bigint;
  readonly claimed: bigint;
  readonly reclaimed: bigint;
  readonly expiresAt: number;
  readonly rewards: PoolRewardsView;
  /** A cliff-plus-linear comparison pool instead of KPI milestones; `null` for a KPI pool. */
  readonly vesting: { readonly start: number; readonly cliff: number; readonly end: number } | null;
  readonly milestones: readonly PoolMilestoneView[];
}

/** One wallet's stake in a pool, with what it could claim now. */
export interface StakerView {
  readonly owner: string;
  readonly staked: bigint;
  /** Whole reward tokens claimable now (settled against the pool's accumulator). */
  readonly claimable: bigint;
  readonly claimed: bigint;
  readonly delegate: string | null;
  /** Unix time until which the stake cannot be withdrawn (a window it flagged in). */
  readonly lockedUntil: number;
  /** The window during which stake was last added, and the stake held before it: the flag weight there. */
  readonly windowWeight: { readonly milestoneIndex: number; readonly attempt: number; readonly weightBefore: bigint } | null;
}

/** Reads reward pools from the chain. */
export interface PoolReader {
  getPool(address: string): Promise<PoolView | null>;
  /** Every pool of the program (few: sponsors are networks, not people). */
  listPools(): Promise<PoolView[]>;
  /** The staker record at `["staker", pool, owner]`, or `null` when the wallet never staked. */
  getStaker(pool: string, owner: string): Promise<StakerView | null>;
  /** Stake-mint tokens in `owner`'s associated account (0 when none). */
  getStakeBalance(pool: string, owner: string): Promise<bigint>;
  /** Whether `owner`'s flag record on KPI `index`, submission `attempt`, exists (one flag per staker per submission). */
  hasFlagged(pool: string, index: number, attempt: number, owner: string): Promise<boolean>;
}

/** A pool's name in chat: "Pool #<id> by <short sponsor>". */
export function poolLabel(pool: Pick<PoolView, "id" | "sponsor">): string {
  return `Pool #${pool.id} by ${shortAddress(pool.sponsor)}`;
}

/** The milestone a pool is at: the first not released; `null` when all are (or a vesting pool). */
export function currentPoolMilestone(pool: PoolView): PoolMilestoneView | null {
  return pool.milestones.find((m) => m.status !== "Released") ?? null;
}

/**
 * A staker's flag weight in the window of submission (`index`, `attempt`): the stake, capped by
 * what was staked before the window opened when stake was added during it (the program's
 * `StakerRecord::flag_weight`).
 */
export function poolFlagWeight(staker: StakerView, index: number, attempt: number): bigint {
  const w = staker.windowWeight;
  if (w !== null && w.milestoneIndex === index && w.attempt === attempt) return staker.staked < w.weightBefore ? staker.staked : w.weightBefore;
  return staker.staked;
}
