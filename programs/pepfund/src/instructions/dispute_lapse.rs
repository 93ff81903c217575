use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::DisputeLapsed;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct DisputeLapse<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(mut, seeds = [SEED_RESEARCHER, campaign.researcher.as_ref()], bump = researcher_record.bump)]
    pub researcher_record: Box<Account<'info, ResearcherRecord>>,
}

impl DisputeLapse<'_> {
    /// Ends a dispute left unresolved past its deadline; anyone may call it. The submission
    /// counts as rejected without reasons: the milestone returns to `Pending`, the tranche
    /// stays in escrow, and the researcher may re-submit (a fresh window, fresh flags). Without
    /// this, an absent resolver would freeze the escrow for good.
    pub fn dispute_lapse(ctx: Context<Self>, milestone_index: u8) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Active,
            PepfundError::InvalidCampaignState
        );
        let campaign_key = campaign.key();
        let milestone = campaign.milestone_mut(milestone_index)?;
        let deadline = milestone.lapse_dispute(now)?;
        let attempt = milestone.attempts;
        let record = &mut ctx.accounts.researcher_record;
        record.disputes_lapsed = record
            .disputes_lapsed
            .checked_add(1)
            .ok_or(PepfundError::MathOverflow)?;
        campaign.invariant()?;
        emit!(DisputeLapsed {
            campaign: campaign_key,
            milestone_index,
            attempt,
            deadline,
        });
        Ok(())
    }
}
