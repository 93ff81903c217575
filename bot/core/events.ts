/**
 * The program's events (`programs/pepfund/src/events.rs`), as the chain adapter hands them to
 * the core: one variant per `#[event]`, `name` the Rust struct name, fields camelCased as
 * Anchor TS decodes them. Representations, chosen so a notice can show them as they are:
 * - `u64`/`i64` amounts as `bigint`; `i64` times, `u8`/`u16`/`u32` as `number`;
 * - `Pubkey` as base58; a default (all-zero) delegate as `null`;
 * - `[u8; 32]` Arweave ids (`evidenceId`, `rationale`, `reason`) as the 43-character
 *   base64url id Arweave shows, and `evidenceHash` as 64 lowercase hex digits;
 * - enums (`CampaignStatus`, `EvidenceType`) as the variant name.
 * A test reads events.rs and fails when a struct or field is missing here.
 */
import type { CampaignStatus, EvidenceType } from "./views.js";

type Event<N extends string, F> = { readonly name: N } & { readonly [K in keyof F]: F[K] };

/** Every program event. */
export type ProgramEvent =
  | Event<"ConfigInitialized", { admin: string; usdcMint: string; treasury: string }>
  | Event<
      "ConfigUpdated",
      { treasury: string; researcherAllocationBps: number; protocolAllocationBps: number; pendingAdmin: string }
    >
  | Event<"AdminChanged", { oldAdmin: string; newAdmin: string }>
  | Event<
      "CampaignCreated",
      { campaign: string; researcher: string; id: bigint; goal: bigint; deadline: number; milestoneCount: number }
    >
  | Event<"CampaignEdited", { campaign: string; goal: bigint; deadline: number; milestoneCount: number }>
  | Event<"CampaignSubmittedForReview", { campaign: string }>
  | Event<"CampaignApproved", { campaign: string; admin: string }>
  | Event<"ContributionMade", { campaign: string; backer: string; amount: bigint; raised: bigint }>
  | Event<"FundraisingClosed", { campaign: string; raised: bigint; goal: bigint; status: CampaignStatus }>
  | Event<"AllocationClaimed", { campaign: string; recipient: string; amount: bigint; protocol: boolean }>
  | Event<"HolderDeposited", { campaign: string; owner: string; amount: bigint; deposited: bigint }>
  | Event<"HolderWithdrew", { campaign: string; owner: string; amount: bigint; deposited: bigint }>
  | Event<"HolderDelegateSet", { campaign: string; owner: string; delegate: string | null }>
  | Event<
      "MilestoneSubmitted",
      {
        campaign: string;
        milestoneIndex: number;
        attempt: number;
        evidenceType: EvidenceType;
        evidenceId: string;
        evidenceHash: string;
        windowEnd: number;
        backerSupplySnapshot: bigint;
        flagThreshold: bigint;
      }
    >
  | Event<
      "FlagSubmitted",
      {
        campaign: string;
        milestoneIndex: number;
        attempt: number;
        owner: string;
        weight: bigint;
        rationale: string;
        totalWeight: bigint;
        quorumWeight: bigint;
      }
    >
  | Event<"QuorumReached", { campaign: string; milestoneIndex: number; attempt: number; totalWeight: bigint }>
  | Event<
      "WindowClosed",
      { campaign: string; milestoneIndex: number; attempt: number; flagWeight: bigint; quorumReached: boolean }
    >
  | Event<
      "TrancheReleased",
      { campaign: string; milestoneIndex: number; amount: bigint; recipient: string; releasedTotal: bigint }
    >
  | Event<"DisputeOpened", { campaign: string; milestoneIndex: number; attempt: number; deadline: number }>
  | Event<
      "DisputeResolved",
      { campaign: string; milestoneIndex: number; attempt: number; approved: boolean; reason: string; resolver: string }
    >
  | Event<"DisputeLapsed", { campaign: string; milestoneIndex: number; attempt: number; deadline: number }>
  | Event<"CampaignCompleted", { campaign: string; releasedTotal: bigint }>
  | Event<
      "StaleReviewOpened",
      { campaign: string; round: number; milestoneIndex: number; endsAt: number; backerSupplySnapshot: bigint }
    >
  | Event<"StaleSupportAdded", { campaign: string; round: number; owner: string; weight: bigint; supportWeight: bigint }>
  | Event<"StaleReviewCancelled", { campaign: string; round: number }>
  | Event<"StaleReviewRejected", { campaign: string; round: number; supportWeight: bigint }>
  | Event<"CampaignAbandoned", { campaign: string; round: number; escrow: bigint; backerSupply: bigint }>
  | Event<
      "RefundClaimed",
      { campaign: string; backer: string; tokensBurned: bigint; amount: bigint; refundedTotal: bigint }
    >
  // Reward pools (docs/POOLS.md): `pool` is the pool account; a vesting release has milestoneIndex 255.
  | Event<
      "PoolCreated",
      {
        pool: string;
        sponsor: string;
        id: bigint;
        rewardMint: string;
        stakeMint: string;
        rewardTotal: bigint;
        milestoneCount: number;
        vesting: boolean;
        expiresAt: number;
      }
    >
  | Event<"PoolFunded", { pool: string; amount: bigint; funded: bigint; rewardTotal: bigint; activated: boolean }>
  | Event<"PoolStaked", { pool: string; owner: string; amount: bigint; staked: bigint; totalStaked: bigint }>
  | Event<"PoolUnstaked", { pool: string; owner: string; amount: bigint; staked: bigint; totalStaked: bigint }>
  | Event<"PoolRewardClaimed", { pool: string; owner: string; amount: bigint; claimedTotal: bigint }>
  | Event<
      "PoolMilestoneSubmitted",
      {
        pool: string;
        milestoneIndex: number;
        attempt: number;
        evidenceId: string;
        evidenceHash: string;
        windowEnd: number;
        stakedSnapshot: bigint;
        flagThreshold: bigint;
      }
    >
  | Event<
      "PoolFlagSubmitted",
      {
        pool: string;
        milestoneIndex: number;
        attempt: number;
        owner: string;
        weight: bigint;
        rationale: string;
        totalWeight: bigint;
        quorumWeight: bigint;
      }
    >
  | Event<"PoolQuorumReached", { pool: string; milestoneIndex: number; attempt: number; totalWeight: bigint }>
  | Event<"PoolWindowClosed", { pool: string; milestoneIndex: number; attempt: number; flagWeight: bigint; quorumReached: boolean }>
  | Event<"PoolDisputeOpened", { pool: string; milestoneIndex: number; attempt: number; deadline: number }>
  | Event<
      "PoolDisputeResolved",
      { pool: string; milestoneIndex: number; attempt: number; approved: boolean; reason: string; resolver: string }
    >
  | Event<"PoolDisputeLapsed", { pool: string; milestoneIndex: number; attempt: number; deadline: number }>
  | Event<"PoolTrancheReleased", { pool: string; milestoneIndex: number; amount: bigint; releasedTotal: bigint; totalStaked: bigint }>
  | Event<"PoolCompleted", { pool: string; releasedTotal: bigint }>
  | Event<"PoolClosed", { pool: string; reclaimed: bigint; releasedTotal: bigint }>;

/** The name of every program event. */
export type ProgramEventName = ProgramEvent["name"];

/** The event named `N`. */
export type ProgramEventOf<N extends ProgramEventName> = Extract<ProgramEvent, { name: N }>;

/** Event names in events.rs order; the drift test compares this with the Rust source. */
export const PROGRAM_EVENT_NAMES = [
  "ConfigInitialized",
  "ConfigUpdated",
  "AdminChanged",
  "CampaignCreated",
  "CampaignEdited",
  "CampaignSubmittedForReview",
  "CampaignApproved",
  "ContributionMade",
  "FundraisingClosed",
  "AllocationClaimed",
  "HolderDeposited",
  "HolderWithdrew",
  "HolderDelegateSet",
  "MilestoneSubmitted",
  "FlagSubmitted",
  "QuorumReached",
  "WindowClosed",
  "TrancheReleased",
  "DisputeOpened",
  "DisputeResolved",
  "DisputeLapsed",
  "CampaignCompleted",
  "StaleReviewOpened",
  "StaleSupportAdded",
  "StaleReviewCancelled",
  "StaleReviewRejected",
  "CampaignAbandoned",
  "RefundClaimed",
  "PoolCreated",
  "PoolFunded",
  "PoolStaked",
  "PoolUnstaked",
  "PoolRewardClaimed",
  "PoolMilestoneSubmitted",
  "PoolFlagSubmitted",
  "PoolQuorumReached",
  "PoolWindowClosed",
  "PoolDisputeOpened",
  "PoolDisputeResolved",
  "PoolDisputeLapsed",
  "PoolTrancheReleased",
  "PoolCompleted",
  "PoolClosed",
] as const satisfies readonly ProgramEventName[];

/** Field names per event (camelCase), for the drift test and for adapters that convert generically. */
export const PROGRAM_EVENT_FIELDS: { readonly [N in ProgramEventName]: readonly (keyof Omit<ProgramEventOf<N>, "name">)[] } = {
  ConfigInitialized: ["admin", "usdcMint", "treasury"],
  ConfigUpdated: ["treasury", "researcherAllocationBps", "protocolAllocationBps", "pendingAdmin"],
  AdminChanged: ["oldAdmin", "newAdmin"],
  CampaignCreated: ["campaign", "researcher", "id", "goal", "deadline", "milestoneCount"],
  CampaignEdited: ["campaign", "goal", "deadline", "milestoneCount"],
  CampaignSubmittedForReview: ["campaign"],
  CampaignApproved: ["campaign", "admin"],
  ContributionMade: ["campaign", "backer", "amount", "raised"],
  FundraisingClosed: ["campaign", "raised", "goal", "status"],
  AllocationClaimed: ["campaign", "recipient", "amount", "protocol"],
  HolderDeposited: ["campaign", "owner", "amount", "deposited"],
  HolderWithdrew: ["campaign", "owner", "amount", "deposited"],
  HolderDelegateSet: ["campaign", "owner", "delegate"],
  MilestoneSubmitted: [
    "campaign",
    "milestoneIndex",
    "attempt",
    "evidenceType",
    "evidenceId",
    "evidenceHash",
    "windowEnd",
    "backerSupplySnapshot",
    "flagThreshold",
  ],
  FlagSubmitted: ["campaign", "milestoneIndex", "attempt", "owner", "weight", "rationale", "totalWeight", "quorumWeight"],
  QuorumReached: ["campaign", "milestoneIndex", "attempt", "totalWeight"],
  WindowClosed: ["campaign", "milestoneIndex", "attempt", "flagWeight", "quorumReached"],
  TrancheReleased: ["campaign", "milestoneIndex", "amount", "recipient", "releasedTotal"],
  DisputeOpened: ["campaign", "milestoneIndex", "attempt", "deadline"],
  DisputeResolved: ["campaign", "milestoneIndex", "attempt", "approved", "reason", "resolver"],
  DisputeLapsed: ["campaign", "milestoneIndex", "attempt", "deadline"],
  CampaignCompleted: ["campaign", "releasedTotal"],
  StaleReviewOpened: ["campaign", "round", "milestoneIndex", "endsAt", "backerSupplySnapshot"],
  StaleSupportAdded: ["campaign", "round", "owner", "weight", "supportWeight"],
  StaleReviewCancelled: ["campaign", "round"],
  StaleReviewRejected: ["campaign", "round", "supportWeight"],
  CampaignAbandoned: ["campaign", "round", "escrow", "backerSupply"],
  RefundClaimed: ["campaign", "backer", "tokensBurned", "amount", "refundedTotal"],
  PoolCreated: ["pool", "sponsor", "id", "rewardMint", "stakeMint", "rewardTotal", "milestoneCount", "vesting", "expiresAt"],
  PoolFunded: ["pool", "amount", "funded", "rewardTotal", "activated"],
  PoolStaked: ["pool", "owner", "amount", "staked", "totalStaked"],
  PoolUnstaked: ["pool", "owner", "amount", "staked", "totalStaked"],
  PoolRewardClaimed: ["pool", "owner", "amount", "claimedTotal"],
  PoolMilestoneSubmitted: ["pool", "milestoneIndex", "attempt", "evidenceId", "evidenceHash", "windowEnd", "stakedSnapshot", "flagThreshold"],
  PoolFlagSubmitted: ["pool", "milestoneIndex", "attempt", "owner", "weight", "rationale", "totalWeight", "quorumWeight"],
  PoolQuorumReached: ["pool", "milestoneIndex", "attempt", "totalWeight"],
  PoolWindowClosed: ["pool", "milestoneIndex", "attempt", "flagWeight", "quorumReached"],
  PoolDisputeOpened: ["pool", "milestoneIndex", "attempt", "deadline"],
  PoolDisputeResolved: ["pool", "milestoneIndex", "attempt", "approved", "reason", "resolver"],
  PoolDisputeLapsed: ["pool", "milestoneIndex", "attempt", "deadline"],
  PoolTrancheReleased: ["pool", "milestoneIndex", "amount", "releasedTotal", "totalStaked"],
  PoolCompleted: ["pool", "releasedTotal"],
  PoolClosed: ["pool", "reclaimed", "releasedTotal"],
};
