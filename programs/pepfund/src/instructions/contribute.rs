use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::ContributionMade;
use crate::state::*;
use crate::transfers::{mint_from_campaign, transfer_from_user};
use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

#[derive(Accounts)]
pub struct Contribute<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(mut, seeds = [SEED_VAULT, campaign.key().as_ref()], bump = campaign.vault_bump)]
    pub vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, seeds = [SEED_BACKER_MINT, campaign.key().as_ref()], bump = campaign.backer_mint_bump)]
    pub backer_mint: Box<Account<'info, Mint>>,
    /// The backer's USDC; its mint must be the vault's (the configured USDC).
    #[account(mut, token::mint = vault.mint, token::authority = backer)]
    pub backer_usdc: Box<Account<'info, TokenAccount>>,
    /// Receives the backer tokens.
    #[account(mut, token::mint = backer_mint, token::authority = backer)]
    pub backer_tokens: Box<Account<'info, TokenAccount>>,
    pub backer: Signer<'info>,
    pub token_program: Program<'info, Token>,
}

impl Contribute<'_> {
    /// USDC in, backer tokens out, 1:1, while fundraising is open.
    pub fn contribute(ctx: Context<Self>, amount: u64) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let campaign = &ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Fundraising,
            PepfundError::InvalidCampaignState
        );
        require!(now < campaign.deadline, PepfundError::FundraisingEnded);
        require!(amount > 0, PepfundError::AmountZero);
        let raised = calc::add(campaign.raised, amount)?;
        // The raise stops at the goal: money beyond it would only dilute the quorum base
        // (10% of backer tokens) and could not be asked for by any milestone.
        require!(raised <= campaign.goal, PepfundError::GoalExceeded);

        let accounts = &ctx.accounts;
        transfer_from_user(
            &accounts.token_program,
            accounts.backer_usdc.to_account_info(),
            accounts.vault.to_account_info(),
            accounts.backer.to_account_info(),
            amount,
        )?;
        mint_from_campaign(
            &accounts.token_program,
            &accounts.campaign,
            accounts.backer_mint.to_account_info(),
            accounts.backer_tokens.to_account_info(),
            amount,
        )?;

        let campaign = &mut ctx.accounts.campaign;
        campaign.raised = raised;
        campaign.invariant()?;
        ctx.accounts.vault.reload()?;
        require!(
            ctx.accounts.vault.amount >= ctx.accounts.campaign.escrow()?,
            PepfundError::InvariantViolated
        );
        emit!(ContributionMade {
            campaign: ctx.accounts.campaign.key(),
            backer: ctx.accounts.backer.key(),
            amount,
            raised,
        });
        Ok(())
    }
}
