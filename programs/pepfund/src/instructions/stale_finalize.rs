use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::{CampaignAbandoned, StaleReviewRejected};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token::Mint;

#[derive(Accounts)]
pub struct StaleFinalize<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(seeds = [SEED_BACKER_MINT, campaign.key().as_ref()], bump = campaign.backer_mint_bump)]
    pub backer_mint: Box<Account<'info, Mint>>,
    #[account(mut, seeds = [SEED_RESEARCHER, campaign.researcher.as_ref()], bump = researcher_record.bump)]
    pub researcher_record: Box<Account<'info, ResearcherRecord>>,
}

impl StaleFinalize<'_> {
    /// Ends a stale review; anyone may call it once it has run its 7 days. Support of 10%
    /// of the backer supply abandons the campaign and snapshots the escrow for pro-rata
    /// refunds; less support closes the review and the campaign goes on.
    pub fn stale_finalize(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let backer_supply = ctx.accounts.backer_mint.supply;
        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Active,
            PepfundError::InvalidCampaignState
        );
        let review = campaign.stale_review;
        require!(review.active, PepfundError::NoStaleReview);
        require!(now >= review.ends_at, PepfundError::StaleReviewRunning);
        campaign.stale_review.active = false;

        if !review.abandons() {
            emit!(StaleReviewRejected {
                campaign: campaign.key(),
                round: review.round,
                support_weight: review.support_weight,
            });
            return campaign.invariant();
        }

        let escrow = campaign.escrow()?;
        campaign.status = CampaignStatus::Abandoned;
        campaign.abandonment = AbandonmentSnapshot {
            escrow,
            backer_supply,
            tokens_redeemed: 0,
        };
        let record = &mut ctx.accounts.researcher_record;
        record.campaigns_abandoned = record
            .campaigns_abandoned
            .checked_add(1)
            .ok_or(PepfundError::MathOverflow)?;
        campaign.invariant()?;
        emit!(CampaignAbandoned {
            campaign: campaign.key(),
            round: review.round,
            escrow,
            backer_supply,
        });
        Ok(())
    }
}
