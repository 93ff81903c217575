use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::{DisputeOpened, WindowClosed};
use crate::release::{release_tranche, ReleaseAccounts};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

#[derive(Accounts)]
pub struct MilestoneFinalize<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(mut, seeds = [SEED_VAULT, campaign.key().as_ref()], bump = campaign.vault_bump)]
    pub vault: Box<Account<'info, TokenAccount>>,
    /// The researcher's USDC account: right mint, owned by the researcher, not the vault.
    #[account(
        mut,
        constraint = researcher_usdc.key() != vault.key() @ PepfundError::DuplicateAccount,
        constraint = researcher_usdc.mint == vault.mint @ PepfundError::InvalidDestination,
        constraint = researcher_usdc.owner == campaign.researcher @ PepfundError::InvalidDestination,
    )]
    pub researcher_usdc: Box<Account<'info, TokenAccount>>,
    #[account(mut, seeds = [SEED_RESEARCHER, campaign.researcher.as_ref()], bump = researcher_record.bump)]
    pub researcher_record: Box<Account<'info, ResearcherRecord>>,
    pub token_program: Program<'info, Token>,
}

impl MilestoneFinalize<'_> {
    /// Closes a review window; anyone may call it. Below quorum the tranche goes to the
    /// researcher; at or above quorum a dispute opens with a 72-hour resolution deadline.
    pub fn milestone_finalize(ctx: Context<Self>, milestone_index: u8) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Active,
            PepfundError::InvalidCampaignState
        );
        let campaign_key = campaign.key();
        let milestone = campaign.milestone_mut(milestone_index)?;
        let quorum = milestone.close_window(now)?;
        let attempt = milestone.attempts;
        emit!(WindowClosed {
            campaign: campaign_key,
            milestone_index,
            attempt,
            flag_weight: milestone.flag_weight,
            quorum_reached: quorum,
        });

        if quorum {
            let deadline = milestone.dispute_deadline;
            let record = &mut ctx.accounts.researcher_record;
            record.disputes_opened = record
                .disputes_opened
                .checked_add(1)
                .ok_or(PepfundError::MathOverflow)?;
            campaign.invariant()?;
            emit!(DisputeOpened {
                campaign: campaign_key,
                milestone_index,
                attempt,
                deadline,
            });
            return Ok(());
        }

        let accounts = &mut *ctx.accounts;
        release_tranche(
            ReleaseAccounts {
                token_program: &accounts.token_program,
                campaign: &mut accounts.campaign,
                vault: &mut accounts.vault,
                destination: &accounts.researcher_usdc,
                researcher_record: &mut accounts.researcher_record,
            },
            milestone_index,
        )
    }
}
