use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::HolderDeposited;
use crate::state::*;
use crate::transfers::transfer_from_user;
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

#[derive(Accounts)]
pub struct HolderDeposit<'info> {
    #[account(
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + HolderRecord::INIT_SPACE,
        seeds = [SEED_HOLDER, campaign.key().as_ref(), owner.key().as_ref()],
        bump
    )]
    pub holder_record: Box<Account<'info, HolderRecord>>,
    #[account(mut, seeds = [SEED_DEPOSITS, campaign.key().as_ref()], bump = campaign.deposits_bump)]
    pub deposits: Box<Account<'info, TokenAccount>>,
    /// The owner's backer tokens (the deposit vault's mint is the backer mint).
    #[account(mut, token::mint = deposits.mint, token::authority = owner)]
    pub owner_tokens: Box<Account<'info, TokenAccount>>,
    #[account(mut)]
    pub owner: Signer<'info>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

impl HolderDeposit<'_> {
    /// Moves backer tokens into the campaign's deposit vault, where they become flag and
    /// stale-vote weight. Always signed by the owner: only the owner moves their tokens.
    pub fn holder_deposit(ctx: Context<Self>, amount: u64) -> Result<()> {
        require!(
            matches!(
                ctx.accounts.campaign.status,
                CampaignStatus::Fundraising | CampaignStatus::Active
            ),
            PepfundError::InvalidCampaignState
        );
        require!(amount > 0, PepfundError::AmountZero);
        let deposited = calc::add(ctx.accounts.holder_record.deposited, amount)?;
        transfer_from_user(
            &ctx.accounts.token_program,
            ctx.accounts.owner_tokens.to_account_info(),
            ctx.accounts.deposits.to_account_info(),
            ctx.accounts.owner.to_account_info(),
            amount,
        )?;
        let record = &mut ctx.accounts.holder_record;
        record.campaign = ctx.accounts.campaign.key();
        record.owner = ctx.accounts.owner.key();
        record.deposited = deposited;
        record.bump = ctx.bumps.holder_record;
        emit!(HolderDeposited {
            campaign: record.campaign,
            owner: record.owner,
            amount,
            deposited,
        });
        ctx.accounts.campaign.invariant()?;
        Ok(())
    }
}
