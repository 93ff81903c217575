use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::PoolClosed;
use crate::pool_accumulator::ACC_SCALE;
use crate::pool_transfers::{transfer_from_pool, PoolTransfer};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(Accounts)]
pub struct PoolClose<'info> {
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
        has_one = sponsor @ PepfundError::NotSponsor,
        has_one = reward_mint,
    )]
    pub pool: Box<Account<'info, Pool>>,
    pub reward_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, seeds = [SEED_POOL_REWARD_VAULT, pool.key().as_ref()], bump = pool.reward_vault_bump)]
    pub reward_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(seeds = [SEED_POOL_STAKE_VAULT, pool.key().as_ref()], bump = pool.stake_vault_bump)]
    pub stake_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        mut,
        constraint = sponsor_tokens.key() != reward_vault.key() @ PepfundError::DuplicateAccount,
        token::mint = reward_mint,
        token::authority = sponsor,
    )]
    pub sponsor_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    pub sponsor: Signer<'info>,
    #[account(address = pool.reward_token_program)]
    pub reward_token_program: Interface<'info, TokenInterface>,
}

impl PoolClose<'_> {
    /// The sponsor takes back what stakers can never receive: every tranche not released,
    /// plus whole tokens released while nobody was staked. Allowed while funding (nothing
    /// can have been released), or from the expiry on when no KPI submission is under review
    /// or in a live dispute. Stakers keep every reward already released and can always
    /// unstake.
    pub fn pool_close(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = &mut *ctx.accounts;
        let pool = &mut accounts.pool;
        match pool.status {
            PoolStatus::Funding => {}
            PoolStatus::Active | PoolStatus::Completed => {
                require!(now >= pool.expires_at, PepfundError::PoolNotExpired);
                require!(
                    !pool.milestones.iter().any(|m| m.review.under_review(now)),
                    PepfundError::PoolReviewOpen
                );
            }
            PoolStatus::Closed => return err!(PepfundError::InvalidPoolState),
        }
        let unreleased = calc::sub(pool.funded, pool.accumulator.released)?;
        let residual = pool.unclaimable_residual();
        pool.accumulator.residual_scaled -= residual as u128 * ACC_SCALE;
        pool.residual_reclaimed = calc::add(pool.residual_reclaimed, residual)?;
        let amount = calc::add(unreleased, residual)?;
        pool.reclaimed = calc::add(pool.reclaimed, amount)?;
        pool.status = PoolStatus::Closed;
        if amount > 0 {
            transfer_from_pool(
                PoolTransfer {
                    token_program: &accounts.reward_token_program,
                    from: accounts.reward_vault.to_account_info(),
                    mint: accounts.reward_mint.to_account_info(),
                    to: accounts.sponsor_tokens.to_account_info(),
                    decimals: pool.reward_decimals,
                },
                pool,
                amount,
            )?;
        }
        accounts.reward_vault.reload()?;
        pool.check_vaults(accounts.reward_vault.amount, accounts.stake_vault.amount)?;
        pool.invariant()?;
        emit!(PoolClosed {
            pool: pool.key(),
            reclaimed: amount,
            released_total: pool.accumulator.released,
        });
        Ok(())
    }
}
