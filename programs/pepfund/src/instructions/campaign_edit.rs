use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::CampaignEdited;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct CampaignEditArgs {
    /// Arweave id (32 raw bytes) of the campaign's texts document.
    pub metadata: [u8; 32],
    /// SHA-256 of the texts document's bytes.
    pub metadata_hash: [u8; 32],
    pub goal: u64,
    pub deadline: i64,
    pub milestones: Vec<MilestoneInput>,
}

#[derive(Accounts)]
pub struct CampaignEdit<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
        has_one = researcher @ PepfundError::NotResearcher,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    pub researcher: Signer<'info>,
}

impl CampaignEdit<'_> {
    /// Roadmaps change only before PepFund approves them. An edit during review sends the
    /// campaign back to draft, so the admin never approves a roadmap it did not see.
    pub fn campaign_edit(ctx: Context<Self>, args: CampaignEditArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let campaign = &mut ctx.accounts.campaign;
        require!(
            matches!(
                campaign.status,
                CampaignStatus::Draft | CampaignStatus::PendingReview
            ),
            PepfundError::RoadmapLocked
        );
        require!(args.goal > 0, PepfundError::GoalZero);
        require!(args.deadline > now, PepfundError::DeadlineInPast);
        campaign.metadata = args.metadata;
        campaign.metadata_hash = args.metadata_hash;
        campaign.goal = args.goal;
        campaign.deadline = args.deadline;
        campaign.set_roadmap(&args.milestones)?;
        campaign.status = CampaignStatus::Draft;
        campaign.invariant()?;
        emit!(CampaignEdited {
            campaign: campaign.key(),
            goal: campaign.goal,
            deadline: campaign.deadline,
            milestone_count: campaign.milestones.len() as u8,
        });
        Ok(())
    }
}
