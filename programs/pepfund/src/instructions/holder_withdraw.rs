use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::HolderWithdrew;
use crate::state::*;
use crate::transfers::transfer_from_campaign;
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

#[derive(Accounts)]
pub struct HolderWithdraw<'info> {
    #[account(
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(
        mut,
        seeds = [SEED_HOLDER, campaign.key().as_ref(), owner.key().as_ref()],
        bump = holder_record.bump,
        has_one = owner,
    )]
    pub holder_record: Box<Account<'info, HolderRecord>>,
    #[account(mut, seeds = [SEED_DEPOSITS, campaign.key().as_ref()], bump = campaign.deposits_bump)]
    pub deposits: Box<Account<'info, TokenAccount>>,
    #[account(mut, token::mint = deposits.mint, token::authority = owner)]
    pub owner_tokens: Box<Account<'info, TokenAccount>>,
    /// Only the owner withdraws; a delegate never can.
    pub owner: Signer<'info>,
    pub token_program: Program<'info, Token>,
}

impl HolderWithdraw<'_> {
    /// Returns deposited tokens once every window they were used in has closed.
    pub fn holder_withdraw(ctx: Context<Self>, amount: u64) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let record = &ctx.accounts.holder_record;
        require!(amount > 0, PepfundError::AmountZero);
        // Flag weight is locked until the window closes: this is what stops the same tokens
        // from flagging again from a second wallet, and a flash loan from flagging at all.
        require!(now >= record.locked_until, PepfundError::TokensLocked);
        require!(
            amount <= record.deposited,
            PepfundError::InsufficientDeposit
        );
        let remaining = calc::sub(record.deposited, amount)?;
        transfer_from_campaign(
            &ctx.accounts.token_program,
            &ctx.accounts.campaign,
            ctx.accounts.deposits.to_account_info(),
            ctx.accounts.owner_tokens.to_account_info(),
            amount,
        )?;
        let record = &mut ctx.accounts.holder_record;
        record.deposited = remaining;
        emit!(HolderWithdrew {
            campaign: record.campaign,
            owner: record.owner,
            amount,
            deposited: remaining,
        });
        ctx.accounts.campaign.invariant()?;
        Ok(())
    }
}
