use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::{MilestoneSubmitted, StaleReviewCancelled};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token::Mint;

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct MilestoneSubmitArgs {
    pub milestone_index: u8,
    /// Arweave transaction id of the evidence, as 32 raw bytes (base64url-decoded).
    pub evidence_id: [u8; 32],
    /// SHA-256 of the evidence bytes, so anyone can check what Arweave serves.
    pub evidence_hash: [u8; 32],
}

#[derive(Accounts)]
pub struct MilestoneSubmit<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
        has_one = researcher @ PepfundError::NotResearcher,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(seeds = [SEED_BACKER_MINT, campaign.key().as_ref()], bump = campaign.backer_mint_bump)]
    pub backer_mint: Box<Account<'info, Mint>>,
    #[account(seeds = [SEED_ALLOCATION_MINT, campaign.key().as_ref()], bump = campaign.allocation_mint_bump)]
    pub allocation_mint: Box<Account<'info, Mint>>,
    pub researcher: Signer<'info>,
}

impl MilestoneSubmit<'_> {
    /// Submits (or re-submits) the current milestone's evidence and opens its review
    /// window, whose length the program fixes. Freezes the supplies that flags are measured
    /// against, and cancels any stale review.
    pub fn milestone_submit(ctx: Context<Self>, args: MilestoneSubmitArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        require!(
            args.evidence_id != [0; 32] && args.evidence_hash != [0; 32],
            PepfundError::EvidenceMissing
        );
        let backer_supply = ctx.accounts.backer_mint.supply;
        let total_supply = calc::add(backer_supply, ctx.accounts.allocation_mint.supply)?;
        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Active,
            PepfundError::InvalidCampaignState
        );
        let index = args.milestone_index;
        campaign.milestone(index)?;
        let current = campaign
            .current_milestone()
            .ok_or(PepfundError::InvalidMilestoneState)?;
        require!(index <= current, PepfundError::MilestoneOutOfOrder);
        require!(index == current, PepfundError::InvalidMilestoneState);

        let window_end = calc::add_secs(now, Milestone::review_window_secs(index as usize))?;
        let campaign_key = campaign.key();
        let milestone = campaign.milestone_mut(index)?;
        require!(
            milestone.status == MilestoneStatus::Pending,
            PepfundError::InvalidMilestoneState
        );
        milestone.status = MilestoneStatus::InReview;
        milestone.attempts = milestone
            .attempts
            .checked_add(1)
            .ok_or(PepfundError::MathOverflow)?;
        milestone.evidence_id = args.evidence_id;
        milestone.evidence_hash = args.evidence_hash;
        milestone.submitted_at = now;
        milestone.window_end = window_end;
        milestone.supply_snapshot = total_supply;
        milestone.backer_supply_snapshot = backer_supply;
        milestone.flag_weight = 0;
        milestone.flag_count = 0;
        milestone.dispute_deadline = 0;
        let event = MilestoneSubmitted {
            campaign: campaign_key,
            milestone_index: index,
            attempt: milestone.attempts,
            evidence_type: milestone.evidence_type,
            evidence_id: args.evidence_id,
            evidence_hash: args.evidence_hash,
            window_end,
            backer_supply_snapshot: backer_supply,
            flag_threshold: milestone.flag_threshold(),
        };

        if campaign.stale_review.active {
            campaign.stale_review.active = false;
            emit!(StaleReviewCancelled {
                campaign: campaign_key,
                round: campaign.stale_review.round,
            });
        }
        campaign.invariant()?;
        emit!(event);
        Ok(())
    }
}
