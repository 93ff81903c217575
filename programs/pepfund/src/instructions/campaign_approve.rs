use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::CampaignApproved;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct CampaignApprove<'info> {
    #[account(seeds = [SEED_CONFIG], bump = config.bump, has_one = admin @ PepfundError::NotAdmin)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    pub admin: Signer<'info>,
}

impl CampaignApprove<'_> {
    /// PepFund's review passed: the roadmap becomes immutable and fundraising opens.
    pub fn campaign_approve(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::PendingReview,
            PepfundError::InvalidCampaignState
        );
        require!(campaign.deadline > now, PepfundError::DeadlineInPast);
        campaign.status = CampaignStatus::Fundraising;
        emit!(CampaignApproved {
            campaign: campaign.key(),
            admin: ctx.accounts.admin.key(),
        });
        ctx.accounts.campaign.invariant()?;
        Ok(())
    }
}
