use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::CampaignSubmittedForReview;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct CampaignSubmitForReview<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
        has_one = researcher @ PepfundError::NotResearcher,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    pub researcher: Signer<'info>,
}

impl CampaignSubmitForReview<'_> {
    pub fn campaign_submit_for_review(ctx: Context<Self>) -> Result<()> {
        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Draft,
            PepfundError::InvalidCampaignState
        );
        campaign.status = CampaignStatus::PendingReview;
        emit!(CampaignSubmittedForReview {
            campaign: campaign.key()
        });
        ctx.accounts.campaign.invariant()?;
        Ok(())
    }
}
