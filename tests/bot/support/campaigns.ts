/** Campaign, milestone and reward-pool views as the chain would show them, with test-chosen fields. */
import type { PoolMilestoneView, PoolView, StakerView } from "../../../bot/core/pools.js";
import type { CampaignView, MilestoneView } from "../../../bot/core/ports.js";
import { randomAddress } from "./fakes.js";

/** A milestone not yet submitted, with any field overridden. */
export function milestone(index: number, overrides: Partial<MilestoneView> = {}): MilestoneView {
  return {
    index,
    title: `Milestone ${index + 1}`,
    descriptionSha256: "00".repeat(32),
    evidenceType: "Paper",
    shareBps: index === 0 ? 3_000 : 3_500,
    estimatedCompletion: 1_900_000_000 + index * 10_000_000,
    status: "Pending",
    attempts: 0,
    submittedAt: 0,
    windowEnd: 0,
    supplySnapshot: 0n,
    backerSupplySnapshot: 0n,
    flagWeight: 0n,
    flagCount: 0,
    disputeDeadline: 0,
    evidenceId: null,
    evidenceHash: null,
    rejectionReasonId: null,
    releasedAmount: 0n,
    ...overrides,
  };
}

/** An active campaign with three milestones (overridable) at a fresh address. */
export function campaign(overrides: Partial<CampaignView> = {}): CampaignView {
  return {
    address: randomAddress(),
    researcher: randomAddress(),
    id: 0n,
    metadataId: null,
    metadataSha256: "00".repeat(32),
    status: "Active",
    goal: 1_000_000_000n,
    deadline: 1_890_000_000,
    raised: 1_000_000_000n,
    released: 0n,
    refunded: 0n,
    escrow: 1_000_000_000n,
    staleReview: {
      round: 0,
      active: false,
      milestoneIndex: 0,
      endsAt: 0,
      supportWeight: 0n,
      backerSupplySnapshot: 0n,
    },
    milestones: [milestone(0), milestone(1), milestone(2)],
    ...overrides,
  };
}

/** A KPI milestone not yet submitted, with any field overridden. */
export function kpiMilestone(index: number, overrides: Partial<PoolMilestoneView> = {}): PoolMilestoneView {
  return { ...milestone(index), title: `KPI ${index + 1}`, kpi: { metric: "tvl_usd", target: 1_000_000n, dataSource: "https://defillama.com/protocol/x" }, ...overrides };
}

/** An active reward pool with three KPIs (overridable) at a fresh address; 6-decimal mints. */
export function pool(overrides: Partial<PoolView> = {}): PoolView {
  return {
    address: randomAddress(),
    sponsor: randomAddress(),
    id: 0n,
    status: "Active",
    rewardMint: randomAddress(),
    stakeMint: randomAddress(),
    rewardDecimals: 6,
    stakeDecimals: 6,
    rewardTotal: 1_000_000n,
    funded: 1_000_000n,
    claimed: 0n,
    reclaimed: 0n,
    expiresAt: 1_990_000_000,
    rewards: { released: 0n, totalStaked: 1_000_000n },
    vesting: null,
    milestones: [kpiMilestone(0), kpiMilestone(1), kpiMilestone(2)],
    ...overrides,
  };
}

/** A staker record with nothing claimable, with any field overridden. */
export function staker(owner: string, overrides: Partial<StakerView> = {}): StakerView {
  return { owner, staked: 0n, claimable: 0n, claimed: 0n, delegate: null, lockedUntil: 0, windowWeight: null, ...overrides };
}
