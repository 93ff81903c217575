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
    pub fn milestone_submit(ctx: Context<MilestoneSubmit>, args: MilestoneSubmitArgs) -> Result<()> {
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
}
