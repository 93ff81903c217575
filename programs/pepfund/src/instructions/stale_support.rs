use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::StaleSupportAdded;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
#[instruction(round: u32)]
pub struct StaleSupport<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(
        mut,
        seeds = [SEED_HOLDER, campaign.key().as_ref(), holder_record.owner.as_ref()],
        bump = holder_record.bump,
    )]
    pub holder_record: Box<Account<'info, HolderRecord>>,
    /// One per holder per review: `init` refuses a second vote.
    #[account(
        init,
        payer = payer,
        space = 8 + StaleVote::INIT_SPACE,
        seeds = [SEED_STALE_VOTE, campaign.key().as_ref(), &round.to_le_bytes(), holder_record.owner.as_ref()],
        bump
    )]
    pub stale_vote: Box<Account<'info, StaleVote>>,
    pub authority: Signer<'info>,
    #[account(mut)]
    pub payer: Signer<'info>,
    pub system_program: Program<'info, System>,
}

impl StaleSupport<'_> {
    /// Runs before the handler (`#[access_control]` in lib.rs): the signer acts for the
    /// holder, as the holder or the delegate the holder named.
    pub fn validate(&self) -> Result<()> {
        self.holder_record.validate_actor(&self.authority.key())
    }

    /// Supports abandonment with the holder's deposit, locked until the review ends.
    pub fn stale_support(ctx: Context<Self>, round: u32) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let holder = &ctx.accounts.holder_record;
        let owner = holder.owner;
        let weight = holder.deposited;
        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Active,
            PepfundError::InvalidCampaignState
        );
        let support_weight = campaign.add_stale_support(round, weight, now)?;
        let ends_at = campaign.stale_review.ends_at;
        let campaign_key = campaign.key();

        let holder = &mut ctx.accounts.holder_record;
        holder.locked_until = holder.locked_until.max(ends_at);
        let support = &mut ctx.accounts.stale_vote;
        support.campaign = campaign_key;
        support.round = round;
        support.owner = owner;
        support.weight = weight;
        support.bump = ctx.bumps.stale_vote;

        emit!(StaleSupportAdded {
            campaign: campaign_key,
            round,
            owner,
            weight,
            support_weight,
        });
        ctx.accounts.campaign.invariant()?;
        Ok(())
    }
}
