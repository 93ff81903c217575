/**
 * Program accounts as the chain adapter reads them, and what became of a transaction: plain
 * data the use cases, notices and adapters share. Re-exported by ports.ts.
 */
import type { MilestoneStatus } from "./rules/windows.js";
import type { ProgramErrorName, TransactionErrorCode } from "./codes.js";

/** What will prove a milestone done, as `EvidenceType` in state/milestone.rs. */
export type EvidenceType =
  | "Dataset"
  | "Paper"
  | "ProtocolLog"
  | "ComputationalResults"
  | "EthicsApproval"
  | "Other";

/** A milestone as the chain shows it. Amounts and weights are u64 base units. */
export interface MilestoneView {
  readonly index: number;
  readonly title: string;
  /** Hex SHA-256 of the description text, as bound on-chain (the text is on Arweave). */
  readonly descriptionSha256: string;
  readonly evidenceType: EvidenceType;
  readonly shareBps: number;
  readonly estimatedCompletion: number;
  readonly status: MilestoneStatus;
  /** Submissions so far; the current one is `attempts` (1-based). */
  readonly attempts: number;
  readonly submittedAt: number;
  readonly windowEnd: number;
  readonly supplySnapshot: bigint;
  readonly backerSupplySnapshot: bigint;
  readonly flagWeight: bigint;
  readonly flagCount: number;
  readonly disputeDeadline: number;
  /** Arweave id of the current submission's evidence, when submitted. */
  readonly evidenceId: string | null;
  /** Hex SHA-256 of the evidence bytes, when submitted. */
  readonly evidenceHash: string | null;
  /** USDC paid out for this milestone (0 until released). */
  readonly releasedAmount: bigint;
  /** Arweave id of the written reasons of the latest rejection, or `null` (none, or lapsed). */
  readonly rejectionReasonId: string | null;
}

/** Campaign lifecycle, as in state/campaign.rs. */
export type CampaignStatus =
  | "Draft"
  | "PendingReview"
  | "Fundraising"
  | "Active"
  | "Completed"
  | "Failed"
  | "Abandoned";

/** A campaign's stale-campaign review, as `StaleReview` in state/campaign.rs. */
export interface StaleReviewView {
  /** Reviews opened so far; the current (or last) one is `round`. */
  readonly round: number;
  readonly active: boolean;
  readonly milestoneIndex: number;
  readonly endsAt: number;
  readonly supportWeight: bigint;
  readonly backerSupplySnapshot: bigint;
}

/** A campaign as the chain shows it. */
export interface CampaignView {
  readonly address: string;
  readonly researcher: string;
  /** The researcher's campaign number (the PDA seed). */
  readonly id: bigint;
  /** Arweave id of the campaign's public metadata, or `null` when unset. */
  readonly metadataId: string | null;
  /** Hex SHA-256 of the texts document's bytes, as bound on-chain. */
  readonly metadataSha256: string;
  /**
   * The texts document's title, when it was read and matched `metadataSha256` (the directory
   * and the status use case fill it; the chain reader cannot). Absent or `null`: unknown.
   */
  readonly title?: string | null;
  readonly status: CampaignStatus;
  readonly goal: bigint;
  /** Fundraising deadline (Unix seconds). */
  readonly deadline: number;
  readonly raised: bigint;
  readonly released: bigint;
  readonly refunded: bigint;
  /** USDC in the campaign's vault now. */
  readonly escrow: bigint;
  /**
   * Backer tokens in existence now (the backer mint's supply). Optional so older readers
   * compile; when absent, `raised` stands in (exact until refunds burn tokens).
   */
  readonly backerSupply?: bigint;
  /**
   * The researcher's and the protocol's allocation tokens, fixed when fundraising succeeds
   * and minted once each by `allocation_claim`. Optional so older readers compile.
   */
  readonly allocations?: { readonly researcher: AllocationView; readonly protocol: AllocationView };
  readonly staleReview: StaleReviewView;
  readonly milestones: readonly MilestoneView[];
}

/** One allocation: its size (0 until fundraising succeeds) and whether it was minted. */
export interface AllocationView {
  readonly amount: bigint;
  readonly claimed: boolean;
}

/** A researcher's public record, as `ResearcherRecord`. */
export interface ResearcherView {
  readonly researcher: string;
  readonly campaignsCreated: number;
  readonly campaignsCompleted: number;
  readonly campaignsAbandoned: number;
  readonly milestonesReleased: number;
  readonly disputesOpened: number;
  readonly submissionsRejected: number;
  /**
   * Disputes left undecided past their deadline (they lapse: the researcher may re-submit);
   * not rejections. Optional so older readers compile.
   */
  readonly disputesLapsed?: number;
}

/** A holder's deposit in one campaign (the flag weight), as the chain shows it. */
export interface HolderView {
  readonly owner: string;
  /** Backer tokens held in the program's deposit vault for the owner: the flag weight. */
  readonly deposited: bigint;
  /** The relayer may flag for the owner only when it is the delegate; `null` when none is set. */
  readonly delegate: string | null;
  readonly lockedUntil: number;
}

/** What became of a transaction the bot sent. */
export type TxOutcome =
  | { readonly status: "confirmed"; readonly signature: string; readonly slot: bigint }
  | {
      readonly status: "failed";
      /** `null` when nothing was ever broadcast. */
      readonly signature: string | null;
      /** The program's refusal, or why the transaction could not land. */
      readonly code: ProgramErrorName | TransactionErrorCode;
      readonly message: string;
    };

