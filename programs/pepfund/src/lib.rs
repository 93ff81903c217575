//! PepFund milestone escrow.
//!
//! A campaign's USDC sits in a program-owned vault and is released milestone by milestone,
//! each only after the researcher has submitted evidence (Arweave id + SHA-256) and backers
//! have had a fixed window to flag it. Every rule lives here; the bot only mirrors them.
//! See `docs/PROGRAM.md` for the state machine and the rules with their error codes.

use anchor_lang::prelude::*;

pub mod calc;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod pool_accumulator;
pub mod pool_mint_check;
pub mod pool_release;
pub mod pool_transfers;
pub mod release;
pub mod state;
pub mod transfers;

pub use constants::*;
pub use instructions::*;
pub use state::*;

declare_id!("FuDBEgJaaW65A2ckDrqFtV67A36ZzWxYXU7ZxqmqikzN");

#[program]
pub mod pepfund {
    use super::*;

    // --- protocol configuration -------------------------------------------------------

    /// Creates the protocol config (admin authority, USDC mint, allocations). Once only.
    pub fn config_init(ctx: Context<ConfigInit>, args: ConfigInitArgs) -> Result<()> {
        ConfigInit::config_init(ctx, args)
    }

    /// Admin: changes treasury and allocations, and proposes a new admin.
    pub fn config_update(ctx: Context<ConfigUpdate>, args: ConfigUpdateArgs) -> Result<()> {
        ConfigUpdate::config_update(ctx, args)
    }

    /// Pending admin: accepts the admin role (second step of the hand-over).
    pub fn config_accept_admin(ctx: Context<ConfigAcceptAdmin>) -> Result<()> {
        ConfigAcceptAdmin::config_accept_admin(ctx)
    }

    // --- campaign setup and fundraising -----------------------------------------------

    /// Researcher: creates a draft campaign with its roadmap, mints and vaults.
    pub fn campaign_create(ctx: Context<CampaignCreate>, args: CampaignCreateArgs) -> Result<()> {
        CampaignCreate::campaign_create(ctx, args)
    }

    /// Researcher: replaces goal, deadline and roadmap before approval.
    pub fn campaign_edit(ctx: Context<CampaignEdit>, args: CampaignEditArgs) -> Result<()> {
        CampaignEdit::campaign_edit(ctx, args)
    }

    /// Researcher: asks PepFund to review the draft.
    pub fn campaign_submit_for_review(ctx: Context<CampaignSubmitForReview>) -> Result<()> {
        CampaignSubmitForReview::campaign_submit_for_review(ctx)
    }

    /// Admin: approves the campaign; the roadmap becomes immutable and fundraising opens.
    pub fn campaign_approve(ctx: Context<CampaignApprove>) -> Result<()> {
        CampaignApprove::campaign_approve(ctx)
    }

    /// Backer: pays USDC into the vault and receives backer tokens 1:1.
    pub fn contribute(ctx: Context<Contribute>, amount: u64) -> Result<()> {
        Contribute::contribute(ctx, amount)
    }

    /// Anyone after the deadline (researcher earlier, once the goal is met): goal met ->
    /// active, missed -> failed with full refunds.
    pub fn fundraising_close(ctx: Context<FundraisingClose>) -> Result<()> {
        FundraisingClose::fundraising_close(ctx)
    }

    /// Anyone: mints the researcher's or the protocol's allocation tokens once.
    pub fn allocation_claim(ctx: Context<AllocationClaim>, protocol: bool) -> Result<()> {
        AllocationClaim::allocation_claim(ctx, protocol)
    }

    // --- holders: deposits and delegation ---------------------------------------------

    /// Holder: deposits backer tokens as flag weight.
    pub fn holder_deposit(ctx: Context<HolderDeposit>, amount: u64) -> Result<()> {
        HolderDeposit::holder_deposit(ctx, amount)
    }

    /// Holder: withdraws deposited tokens once no window locks them.
    pub fn holder_withdraw(ctx: Context<HolderWithdraw>, amount: u64) -> Result<()> {
        HolderWithdraw::holder_withdraw(ctx, amount)
    }

    /// Holder: names or revokes the delegate that may flag for them (e.g. the relayer).
    pub fn holder_set_delegate(ctx: Context<HolderSetDelegate>, delegate: Pubkey) -> Result<()> {
        HolderSetDelegate::holder_set_delegate(ctx, delegate)
    }

    // --- milestones, flags, disputes -------------------------------------------------

    /// Researcher: submits evidence for the current milestone and opens its review window.
    pub fn milestone_submit(
        ctx: Context<MilestoneSubmit>,
        args: MilestoneSubmitArgs,
    ) -> Result<()> {
        MilestoneSubmit::milestone_submit(ctx, args)
    }

    /// Holder or delegate: flags the submission under review, weighted by the deposit.
    #[access_control(ctx.accounts.validate())]
    pub fn flag_submit(ctx: Context<FlagSubmit>, args: FlagSubmitArgs) -> Result<()> {
        FlagSubmit::flag_submit(ctx, args)
    }

    /// Anyone after the window: releases the tranche, or opens a dispute at quorum.
    pub fn milestone_finalize(ctx: Context<MilestoneFinalize>, milestone_index: u8) -> Result<()> {
        MilestoneFinalize::milestone_finalize(ctx, milestone_index)
    }

    /// Admin: approves (release) or rejects (re-submission allowed) a disputed milestone.
    pub fn dispute_resolve(ctx: Context<DisputeResolve>, args: DisputeResolveArgs) -> Result<()> {
        DisputeResolve::dispute_resolve(ctx, args)
    }

    /// Anyone from the dispute deadline on: the unresolved dispute lapses as a rejection
    /// without reasons; the researcher may re-submit.
    pub fn dispute_lapse(ctx: Context<DisputeLapse>, milestone_index: u8) -> Result<()> {
        DisputeLapse::dispute_lapse(ctx, milestone_index)
    }

    // --- stale campaigns and refunds --------------------------------------------------

    /// Holder or delegate: opens a stale review of an overdue campaign.
    #[access_control(ctx.accounts.validate())]
    pub fn stale_open(ctx: Context<StaleOpen>, round: u32) -> Result<()> {
        StaleOpen::stale_open(ctx, round)
    }

    /// Holder or delegate: supports the open stale review.
    #[access_control(ctx.accounts.validate())]
    pub fn stale_support(ctx: Context<StaleSupport>, round: u32) -> Result<()> {
        StaleSupport::stale_support(ctx, round)
    }

    /// Anyone after 7 days: abandons the campaign at 10% support, else closes the review.
    pub fn stale_finalize(ctx: Context<StaleFinalize>) -> Result<()> {
        StaleFinalize::stale_finalize(ctx)
    }

    /// Backer: burns backer tokens for USDC from a failed or abandoned campaign.
    pub fn refund_claim(ctx: Context<RefundClaim>, tokens: u64) -> Result<()> {
        RefundClaim::refund_claim(ctx, tokens)
    }

    // --- reward pools: stakers share tranches released on verified KPIs ----------------

    /// Sponsor: creates a reward pool with its KPI roadmap (or a vesting schedule) and vaults.
    pub fn pool_create(ctx: Context<PoolCreate>, args: PoolCreateArgs) -> Result<()> {
        PoolCreate::pool_create(ctx, args)
    }

    /// Sponsor: deposits reward tokens; the pool is active once the total is in.
    pub fn pool_fund(ctx: Context<PoolFund>, amount: u64) -> Result<()> {
        PoolFund::pool_fund(ctx, amount)
    }

    /// Staker: stakes tokens (and may name a delegate that flags for them).
    pub fn pool_stake(ctx: Context<PoolStake>, args: PoolStakeArgs) -> Result<()> {
        PoolStake::pool_stake(ctx, args)
    }

    /// Staker: withdraws stake once no flagged window locks it.
    pub fn pool_unstake(ctx: Context<PoolUnstake>, amount: u64) -> Result<()> {
        PoolUnstake::pool_unstake(ctx, amount)
    }

    /// Staker: takes every whole reward token earned so far.
    pub fn pool_claim(ctx: Context<PoolClaim>) -> Result<()> {
        PoolClaim::pool_claim(ctx)
    }

    /// Sponsor: submits KPI evidence for the current milestone and opens its review window.
    pub fn pool_submit(ctx: Context<PoolSubmit>, args: PoolSubmitArgs) -> Result<()> {
        PoolSubmit::pool_submit(ctx, args)
    }

    /// Staker or delegate: flags the KPI submission under review, weighted by stake.
    #[access_control(ctx.accounts.validate())]
    pub fn pool_flag(ctx: Context<PoolFlag>, args: PoolFlagArgs) -> Result<()> {
        PoolFlag::pool_flag(ctx, args)
    }

    /// Anyone after the window: releases the tranche to stakers, or opens a dispute at quorum.
    pub fn pool_finalize(ctx: Context<PoolFinalize>, milestone_index: u8) -> Result<()> {
        PoolFinalize::pool_finalize(ctx, milestone_index)
    }

    /// Admin: approves (release) or rejects (re-submission allowed) a disputed KPI.
    pub fn pool_dispute_resolve(
        ctx: Context<PoolDisputeResolve>,
        args: PoolDisputeResolveArgs,
    ) -> Result<()> {
        PoolDisputeResolve::pool_dispute_resolve(ctx, args)
    }

    /// Anyone from the dispute deadline on: the undecided KPI dispute lapses as a rejection.
    pub fn pool_dispute_lapse(ctx: Context<PoolDisputeLapse>, milestone_index: u8) -> Result<()> {
        PoolDisputeLapse::pool_dispute_lapse(ctx, milestone_index)
    }

    /// Anyone, vesting pools only: releases what the schedule has vested since the last call.
    pub fn pool_vest(ctx: Context<PoolVest>) -> Result<()> {
        PoolVest::pool_vest(ctx)
    }

    /// Sponsor: after expiry (or while funding), takes back what stakers can never receive.
    pub fn pool_close(ctx: Context<PoolClose>) -> Result<()> {
        PoolClose::pool_close(ctx)
    }
}
