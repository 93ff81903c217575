use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::PoolUnstaked;
use crate::pool_transfers::{transfer_from_pool, PoolTransfer};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(Accounts)]
pub struct PoolUnstake<'info> {
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
        has_one = stake_mint,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(
        mut,
        seeds = [SEED_STAKER, pool.key().as_ref(), owner.key().as_ref()],
        bump = staker_record.bump,
        has_one = owner,
    )]
    pub staker_record: Box<Account<'info, StakerRecord>>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(seeds = [SEED_POOL_REWARD_VAULT, pool.key().as_ref()], bump = pool.reward_vault_bump)]
    pub reward_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, seeds = [SEED_POOL_STAKE_VAULT, pool.key().as_ref()], bump = pool.stake_vault_bump)]
    pub stake_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = stake_mint, token::authority = owner)]
    pub owner_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    /// Only the owner unstakes; a delegate never can.
    pub owner: Signer<'info>,
    #[account(address = pool.stake_token_program)]
    pub stake_token_program: Interface<'info, TokenInterface>,
}

impl PoolUnstake<'_> {
    /// Returns staked tokens, in any pool state, once no window the stake flagged in is
    /// open. Rewards earned so far stay claimable.
    pub fn pool_unstake(ctx: Context<Self>, amount: u64) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        require!(amount > 0, PepfundError::AmountZero);
        let accounts = &mut *ctx.accounts;
        let record = &mut accounts.staker_record;
        // Flagging stake is locked until its window closes: the same units cannot be moved
        // to another wallet and flag again.
        require!(now >= record.locked_until, PepfundError::TokensLocked);
        require!(
            amount <= record.position.amount,
            PepfundError::InsufficientDeposit
        );
        let pool = &mut accounts.pool;
        pool.accumulator.unstake(&mut record.position, amount)?;
        transfer_from_pool(
            PoolTransfer {
                token_program: &accounts.stake_token_program,
                from: accounts.stake_vault.to_account_info(),
                mint: accounts.stake_mint.to_account_info(),
                to: accounts.owner_tokens.to_account_info(),
                decimals: pool.stake_decimals,
            },
            pool,
            amount,
        )?;
        accounts.stake_vault.reload()?;
        pool.check_vaults(accounts.reward_vault.amount, accounts.stake_vault.amount)?;
        pool.invariant()?;
        emit!(PoolUnstaked {
            pool: pool.key(),
            owner: record.owner,
            amount,
            staked: record.position.amount,
            total_staked: pool.accumulator.total_staked,
        });
        Ok(())
    }
}
