//! Every way an instruction can refuse, one variant per condition. The bot's core mirrors
//! these codes (`bot/chain` maps them by number, never by message text).

use anchor_lang::prelude::*;

#[error_code]
pub enum PepfundError {
    /// The signer is not the protocol's admin authority.
    #[msg("Only the admin authority may do this")]
    NotAdmin,
    /// The signer is not the pending admin named by the current admin.
    #[msg("Only the pending admin may accept the admin role")]
    NotPendingAdmin,
    /// An allocation above the protocol maximum.
    #[msg("Allocation exceeds the maximum of 2,000 basis points")]
    AllocationTooLarge,
    /// The signer is not the campaign's researcher.
    #[msg("Only the campaign's researcher may do this")]
    NotResearcher,
    /// Fewer than two milestones.
    #[msg("A roadmap needs at least 2 milestones")]
    TooFewMilestones,
    /// More milestones than the program stores.
    #[msg("A roadmap has at most 10 milestones")]
    TooManyMilestones,
    /// Shares do not add up to exactly 10,000 basis points.
    #[msg("Milestone shares must add up to exactly 10,000 basis points")]
    SharesNotFull,
    /// The first milestone unlocks more than 40%.
    #[msg("The first milestone may unlock at most 40%")]
    FirstShareTooLarge,
    /// A milestone unlocks more than 50%.
    #[msg("No milestone may unlock more than 50%")]
    ShareTooLarge,
    /// A milestone with a zero share.
    #[msg("Every milestone must unlock a non-zero share")]
    ShareZero,
    /// An empty or over-long milestone title.
    #[msg("Milestone titles must be 1 to 64 bytes")]
    InvalidTitle,
    /// Estimated completion dates must not go backwards.
    #[msg("Milestone dates must be in order")]
    DatesOutOfOrder,
    /// A fundraising goal of zero.
    #[msg("The fundraising goal must be above zero")]
    GoalZero,
    /// A fundraising deadline that is not in the future.
    #[msg("The fundraising deadline must be in the future")]
    DeadlineInPast,
    /// The campaign is not in the state this instruction needs.
    #[msg("The campaign is not in a state that allows this")]
    InvalidCampaignState,
    /// The roadmap is immutable once PepFund approved the campaign.
    #[msg("The roadmap can no longer change")]
    RoadmapLocked,
    /// A contribution of zero.
    #[msg("Amount must be above zero")]
    AmountZero,
    /// Fundraising closed (deadline passed).
    #[msg("Fundraising has ended")]
    FundraisingEnded,
    /// Fundraising may only close at the deadline, or early by the researcher once the goal is met.
    #[msg("Fundraising is still open")]
    FundraisingOpen,
    /// The allocation was already minted.
    #[msg("This allocation was already claimed")]
    AllocationClaimed,
    /// No milestone at that index.
    #[msg("No milestone at that index")]
    MilestoneNotFound,
    /// Milestones are submitted in order: an earlier one has not been released.
    #[msg("An earlier milestone has not been released yet")]
    MilestoneOutOfOrder,
    /// The milestone is not in the state this instruction needs.
    #[msg("The milestone is not in a state that allows this")]
    InvalidMilestoneState,
    /// Evidence without an Arweave id or content hash.
    #[msg("Evidence needs an Arweave id and a SHA-256 content hash")]
    EvidenceMissing,
    /// The flag names a different submission than the one under review.
    #[msg("That submission is no longer under review")]
    StaleSubmission,
    /// The review window has closed.
    #[msg("The review window has closed")]
    WindowClosed,
    /// The review window is still open.
    #[msg("The review window is still open")]
    WindowOpen,
    /// The flagger holds less than 0.1% of the campaign token supply.
    #[msg("Flagging needs at least 0.1% of the campaign token supply")]
    BelowFlagThreshold,
    /// The signer is neither the holder nor the holder's delegate.
    #[msg("Only the holder or the holder's delegate may act for this holder")]
    NotHolderOrDelegate,
    /// Deposited tokens are locked by a flag or stale vote until its window closes.
    #[msg("Deposited tokens are locked until the review window closes")]
    TokensLocked,
    /// Withdrawal larger than the deposit.
    #[msg("Not enough deposited tokens")]
    InsufficientDeposit,
    /// The dispute is not open.
    #[msg("There is no open dispute on this milestone")]
    NoOpenDispute,
    /// The milestone is not stale yet (90 days after its estimated date).
    #[msg("The campaign is not stale")]
    NotStale,
    /// A stale review is already open.
    #[msg("A stale review is already open")]
    StaleReviewOpen,
    /// No stale review is open.
    #[msg("No stale review is open")]
    NoStaleReview,
    /// The stale review is still running.
    #[msg("The stale review is still running")]
    StaleReviewRunning,
    /// The stale review has ended.
    #[msg("The stale review has ended")]
    StaleReviewEnded,
    /// Nothing to refund: no campaign tokens offered.
    #[msg("Nothing to refund")]
    NothingToRefund,
    /// Holder has no deposit to act with.
    #[msg("Deposit campaign tokens before acting as a holder")]
    NoDeposit,
    /// A destination token account with the wrong mint or owner (not the researcher, backer or treasury it must be).
    #[msg("Destination token account has the wrong mint or owner")]
    InvalidDestination,
    /// Two mutable account slots hold the same account.
    #[msg("The same account was passed twice")]
    DuplicateAccount,
    /// Arithmetic overflow or underflow.
    #[msg("Arithmetic overflow")]
    MathOverflow,
    /// An internal invariant would break; the instruction is refused.
    #[msg("Invariant violated")]
    InvariantViolated,
    /// An estimated completion date before the fundraising deadline or after 2100-01-01.
    #[msg("Milestone dates must fall between the fundraising deadline and 2100")]
    DateOutOfRange,
    /// A contribution that would raise more than the goal.
    #[msg("This contribution would raise more than the campaign's goal")]
    GoalExceeded,
    /// The dispute's 72-hour deadline has passed: it can only lapse now (`dispute_lapse`).
    #[msg("The dispute deadline has passed; the dispute can only lapse")]
    DisputeLapsed,
    /// The dispute's deadline has not come yet: only the admin may decide it until then.
    #[msg("The dispute deadline has not passed yet")]
    DisputeNotLapsed,
    /// `config_init` signed by someone other than the program's upgrade authority.
    #[msg("Only the program's upgrade authority may initialise the config")]
    NotUpgradeAuthority,
    /// The ProgramData account given is not this program's (the one its program account names).
    #[msg("That is not this program's ProgramData account")]
    InvalidProgramData,
    /// A flag whose rationale id is all zeros: every flag must point at its written rationale.
    #[msg("A flag needs the Arweave id of its written rationale")]
    RationaleMissing,
    /// A dispute decision whose reason id is all zeros: every decision must point at its written reasons.
    #[msg("A dispute decision needs the Arweave id of its written reasons")]
    ReasonMissing,
    /// A pool instruction in a pool state that does not allow it.
    #[msg("The reward pool is not in a state that allows this")]
    InvalidPoolState,
    /// A vesting schedule whose start, cliff and end are out of order.
    #[msg("Vesting needs start <= cliff <= end and start < end")]
    InvalidVesting,
    /// A KPI without a metric, data source, target or statement hash, or with one too long.
    #[msg("Each KPI needs a metric (1-32 bytes), a data source (1-64 bytes), a target above zero and a statement hash")]
    InvalidKpi,
    /// The signer is not the pool's sponsor.
    #[msg("Only the pool's sponsor may do this")]
    NotSponsor,
    /// A deposit that would fund more than the pool's reward total.
    #[msg("This deposit would fund more than the pool's reward total")]
    PoolOverfunded,
    /// A reward or stake mint with a Token-2022 extension the pool refuses (transfer fee,
    /// transfer hook, permanent delegate, non-transferable), or of another program.
    #[msg("This mint is not supported by reward pools (transfer fee, hook, permanent delegate or non-transferable)")]
    MintNotSupported,
    /// Closing an active pool before its expiry.
    #[msg("The pool has not expired yet")]
    PoolNotExpired,
    /// Closing a pool while a KPI submission is under review or in a live dispute.
    #[msg("A KPI submission is still under review or in dispute")]
    PoolReviewOpen,
    /// A milestone instruction on a vesting pool, or a vesting release on a milestone pool.
    #[msg("This pool does not release that way (milestones versus vesting)")]
    WrongReleaseKind,
    /// A claim with no reward earned since the last one.
    #[msg("Nothing to claim yet")]
    NothingToClaim,
    /// A vesting release when nothing more has vested.
    #[msg("Nothing more has vested yet")]
    NothingVested,
}
