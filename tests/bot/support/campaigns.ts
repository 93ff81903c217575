/** Campaign and milestone views as the chain would show them, with test-chosen fields. */
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
