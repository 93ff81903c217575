use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::{StaleReviewOpened, StaleSupportAdded};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token::Mint;

#[derive(Accounts)]
#[instruction(round: u32)]
pub struct StaleOpen<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(seeds = [SEED_BACKER_MINT, campaign.key().as_ref()], bump = campaign.backer_mint_bump)]
    pub backer_mint: Box<Account<'info, Mint>>,
    #[account(
        mut,
        seeds = [SEED_HOLDER, campaign.key().as_ref(), holder_record.owner.as_ref()],
        bump = holder_record.bump,
    )]
    pub holder_record: Box<Account<'info, HolderRecord>>,
    /// The opener's support, counted like any other.
    #[account(
        init,
        payer = payer,
        space = 8 + StaleVote::INIT_SPACE,
        seeds = [SEED_STALE_VOTE, campaign.key().as_ref(), &round.to_le_bytes(), holder_record.owner.as_ref()],
        bump
    )]
    pub stale_vote: Box<Account<'info, StaleVote>>,
    /// The holder or the holder's delegate.
    pub authority: Signer<'info>,
    #[account(mut)]
    pub payer: Signer<'info>,
    pub system_program: Program<'info, System>,
}

impl StaleOpen<'_> {
    /// Runs before the handler (`#[access_control]` in lib.rs): the signer acts for the
    /// holder, as the holder or the delegate the holder named.
    pub fn validate(&self) -> Result<()> {
        self.holder_record.validate_actor(&self.authority.key())
    }

    /// Opens a 7-day stale-campaign review when the current milestone is 90 days past its
    /// estimated date without an accepted submission. `round` must be the next round number.
    pub fn stale_open(ctx: Context<Self>, round: u32) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let holder = &ctx.accounts.holder_record;
        let owner = holder.owner;
        let weight = holder.deposited;
        let backer_supply = ctx.accounts.backer_mint.supply;

        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Active,
            PepfundError::InvalidCampaignState
        );
        require!(!campaign.stale_review.active, PepfundError::StaleReviewOpen);
        let expected_round = campaign
            .stale_review
            .round
            .checked_add(1)
            .ok_or(PepfundError::MathOverflow)?;
        require!(round == expected_round, PepfundError::NoStaleReview);
        let index = campaign.current_milestone().ok_or(PepfundError::NotStale)?;
        require!(
            is_stale(campaign.milestone(index)?, now)?,
            PepfundError::NotStale
        );

        let ends_at = calc::add_secs(now, STALE_REVIEW_SECS)?;
        campaign.stale_review = StaleReview {
            round,
            active: true,
            milestone_index: index,
            ends_at,
            support_weight: 0,
            backer_supply_snapshot: backer_supply,
        };
        let support_weight = campaign.add_stale_support(round, weight, now)?;
        let campaign_key = campaign.key();

        let holder = &mut ctx.accounts.holder_record;
        holder.locked_until = holder.locked_until.max(ends_at);
        let support = &mut ctx.accounts.stale_vote;
        support.campaign = campaign_key;
        support.round = round;
        support.owner = owner;
        support.weight = weight;
        support.bump = ctx.bumps.stale_vote;

        ctx.accounts.campaign.invariant()?;
        emit!(StaleReviewOpened {
            campaign: campaign_key,
            round,
            milestone_index: index,
            ends_at,
            backer_supply_snapshot: backer_supply,
        });
        emit!(StaleSupportAdded {
            campaign: campaign_key,
            round,
            owner,
            weight,
            support_weight,
        });
        Ok(())
    }
}
