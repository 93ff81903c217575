//! One event per state change; the bot's indexer turns each into announcements.

use crate::state::{CampaignStatus, EvidenceType};
use anchor_lang::prelude::*;

#[event]
pub struct ConfigInitialized {
    pub admin: Pubkey,
    pub usdc_mint: Pubkey,
    pub treasury: Pubkey,
}

#[event]
pub struct ConfigUpdated {
    pub treasury: Pubkey,
    pub researcher_allocation_bps: u16,
    pub protocol_allocation_bps: u16,
    pub pending_admin: Pubkey,
}

#[event]
pub struct AdminChanged {
    pub old_admin: Pubkey,
    pub new_admin: Pubkey,
}

#[event]
pub struct CampaignCreated {
    pub campaign: Pubkey,
    pub researcher: Pubkey,
    pub id: u64,
    pub goal: u64,
    pub deadline: i64,
    pub milestone_count: u8,
}

#[event]
pub struct CampaignEdited {
    pub campaign: Pubkey,
    pub goal: u64,
    pub deadline: i64,
    pub milestone_count: u8,
}

#[event]
pub struct CampaignSubmittedForReview {
    pub campaign: Pubkey,
}

#[event]
pub struct CampaignApproved {
    pub campaign: Pubkey,
    pub admin: Pubkey,
}

#[event]
pub struct ContributionMade {
    pub campaign: Pubkey,
    pub backer: Pubkey,
    pub amount: u64,
    pub raised: u64,
}

#[event]
pub struct FundraisingClosed {
    pub campaign: Pubkey,
    pub raised: u64,
    pub goal: u64,
    /// `Active` when the goal was met, `Failed` when not.
    pub status: CampaignStatus,
}

#[event]
pub struct AllocationClaimed {
    pub campaign: Pubkey,
    pub recipient: Pubkey,
    pub amount: u64,
    pub protocol: bool,
}

#[event]
pub struct HolderDeposited {
    pub campaign: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub deposited: u64,
}

#[event]
pub struct HolderWithdrew {
    pub campaign: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub deposited: u64,
}

#[event]
pub struct HolderDelegateSet {
    pub campaign: Pubkey,
    pub owner: Pubkey,
    /// `Pubkey::default()` when the delegation was revoked.
    pub delegate: Pubkey,
}

#[event]
pub struct MilestoneSubmitted {
    pub campaign: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub evidence_type: EvidenceType,
    pub evidence_id: [u8; 32],
    pub evidence_hash: [u8; 32],
    pub window_end: i64,
    pub backer_supply_snapshot: u64,
    pub flag_threshold: u64,
}

#[event]
pub struct FlagSubmitted {
    pub campaign: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub owner: Pubkey,
    pub weight: u64,
    pub rationale: [u8; 32],
    /// Running flag weight of this submission, including this flag.
    pub total_weight: u64,
    /// Weight that reaches quorum (10% of the frozen backer supply, rounded up).
    pub quorum_weight: u64,
}

#[event]
pub struct QuorumReached {
    pub campaign: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub total_weight: u64,
}

#[event]
pub struct WindowClosed {
    pub campaign: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub flag_weight: u64,
    pub quorum_reached: bool,
}

#[event]
pub struct TrancheReleased {
    pub campaign: Pubkey,
    pub milestone_index: u8,
    pub amount: u64,
    pub recipient: Pubkey,
    pub released_total: u64,
}

#[event]
pub struct DisputeOpened {
    pub campaign: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub deadline: i64,
}

#[event]
pub struct DisputeResolved {
    pub campaign: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub approved: bool,
    pub reason: [u8; 32],
    pub resolver: Pubkey,
}

/// The dispute's deadline passed unresolved: the submission counts as rejected without
/// reasons and the researcher may re-submit.
#[event]
pub struct DisputeLapsed {
    pub campaign: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub deadline: i64,
}

#[event]
pub struct CampaignCompleted {
    pub campaign: Pubkey,
    pub released_total: u64,
}

#[event]
pub struct StaleReviewOpened {
    pub campaign: Pubkey,
    pub round: u32,
    pub milestone_index: u8,
    pub ends_at: i64,
    pub backer_supply_snapshot: u64,
}

#[event]
pub struct StaleSupportAdded {
    pub campaign: Pubkey,
    pub round: u32,
    pub owner: Pubkey,
    pub weight: u64,
    pub support_weight: u64,
}

#[event]
pub struct StaleReviewCancelled {
    pub campaign: Pubkey,
    pub round: u32,
}

#[event]
pub struct StaleReviewRejected {
    pub campaign: Pubkey,
    pub round: u32,
    pub support_weight: u64,
}

#[event]
pub struct CampaignAbandoned {
    pub campaign: Pubkey,
    pub round: u32,
    pub escrow: u64,
    pub backer_supply: u64,
}

#[event]
pub struct RefundClaimed {
    pub campaign: Pubkey,
    pub backer: Pubkey,
    pub tokens_burned: u64,
    pub amount: u64,
    pub refunded_total: u64,
}

// --- reward pools ----------------------------------------------------------------------

#[event]
pub struct PoolCreated {
    pub pool: Pubkey,
    pub sponsor: Pubkey,
    pub id: u64,
    pub reward_mint: Pubkey,
    pub stake_mint: Pubkey,
    pub reward_total: u64,
    pub milestone_count: u8,
    /// True for a cliff-plus-linear vesting pool (comparison), false for KPI milestones.
    pub vesting: bool,
    pub expires_at: i64,
}

#[event]
pub struct PoolFunded {
    pub pool: Pubkey,
    pub amount: u64,
    pub funded: u64,
    pub reward_total: u64,
    /// True when this deposit completed the funding and the pool became active.
    pub activated: bool,
}

#[event]
pub struct PoolStaked {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub staked: u64,
    pub total_staked: u64,
}

#[event]
pub struct PoolUnstaked {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub staked: u64,
    pub total_staked: u64,
}

#[event]
pub struct PoolRewardClaimed {
    pub pool: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub claimed_total: u64,
}

#[event]
pub struct PoolMilestoneSubmitted {
    pub pool: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub evidence_id: [u8; 32],
    pub evidence_hash: [u8; 32],
    pub window_end: i64,
    /// Stake frozen at submission: the base of the flag threshold and the quorum.
    pub staked_snapshot: u64,
    pub flag_threshold: u64,
}

#[event]
pub struct PoolFlagSubmitted {
    pub pool: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub owner: Pubkey,
    pub weight: u64,
    pub rationale: [u8; 32],
    pub total_weight: u64,
    pub quorum_weight: u64,
}

#[event]
pub struct PoolQuorumReached {
    pub pool: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub total_weight: u64,
}

#[event]
pub struct PoolWindowClosed {
    pub pool: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub flag_weight: u64,
    pub quorum_reached: bool,
}

#[event]
pub struct PoolDisputeOpened {
    pub pool: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub deadline: i64,
}

#[event]
pub struct PoolDisputeResolved {
    pub pool: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub approved: bool,
    pub reason: [u8; 32],
    pub resolver: Pubkey,
}

#[event]
pub struct PoolDisputeLapsed {
    pub pool: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub deadline: i64,
}

/// A tranche went into the accumulator: every staker's share of it is claimable.
#[event]
pub struct PoolTrancheReleased {
    pub pool: Pubkey,
    /// `u8::MAX` for a vesting release.
    pub milestone_index: u8,
    pub amount: u64,
    pub released_total: u64,
    pub total_staked: u64,
}

#[event]
pub struct PoolCompleted {
    pub pool: Pubkey,
    pub released_total: u64,
}

#[event]
pub struct PoolClosed {
    pub pool: Pubkey,
    /// Reward tokens returned to the sponsor: never released, or released while nobody staked.
    pub reclaimed: u64,
    pub released_total: u64,
}
