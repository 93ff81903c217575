use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::FundraisingClosed;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct FundraisingClose<'info> {
    #[account(seeds = [SEED_CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    /// Anyone after the deadline; before it only the researcher, and only once the goal is met.
    pub authority: Signer<'info>,
}

impl FundraisingClose<'_> {
    /// Ends fundraising: goal met -> `Active` (milestones can start), missed -> `Failed`
    /// (every backer can take their USDC back with `refund_claim`).
    pub fn fundraising_close(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let config = &ctx.accounts.config;
        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Fundraising,
            PepfundError::InvalidCampaignState
        );
        let goal_met = campaign.raised >= campaign.goal;
        if now < campaign.deadline {
            let early_close_allowed =
                goal_met && ctx.accounts.authority.key() == campaign.researcher;
            require!(early_close_allowed, PepfundError::FundraisingOpen);
        }
        if goal_met {
            campaign.status = CampaignStatus::Active;
            campaign.researcher_allocation =
                calc::bps_of(campaign.raised, config.researcher_allocation_bps as u64)?;
            campaign.protocol_allocation =
                calc::bps_of(campaign.raised, config.protocol_allocation_bps as u64)?;
        } else {
            campaign.status = CampaignStatus::Failed;
        }
        campaign.invariant()?;
        emit!(FundraisingClosed {
            campaign: campaign.key(),
            raised: campaign.raised,
            goal: campaign.goal,
            status: campaign.status,
        });
        Ok(())
    }
}
