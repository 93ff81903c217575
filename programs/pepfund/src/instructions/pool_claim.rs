use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::PoolRewardClaimed;
use crate::pool_transfers::{transfer_from_pool, PoolTransfer};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(Accounts)]
pub struct PoolClaim<'info> {
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
        has_one = reward_mint,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(
        mut,
        seeds = [SEED_STAKER, pool.key().as_ref(), owner.key().as_ref()],
        bump = staker_record.bump,
        has_one = owner,
    )]
    pub staker_record: Box<Account<'info, StakerRecord>>,
    pub reward_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, seeds = [SEED_POOL_REWARD_VAULT, pool.key().as_ref()], bump = pool.reward_vault_bump)]
    pub reward_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(seeds = [SEED_POOL_STAKE_VAULT, pool.key().as_ref()], bump = pool.stake_vault_bump)]
    pub stake_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        mut,
        constraint = owner_rewards.key() != reward_vault.key() @ PepfundError::DuplicateAccount,
        token::mint = reward_mint,
        token::authority = owner,
    )]
    pub owner_rewards: Box<InterfaceAccount<'info, TokenAccount>>,
    pub owner: Signer<'info>,
    #[account(address = pool.reward_token_program)]
    pub reward_token_program: Interface<'info, TokenInterface>,
}

impl PoolClaim<'_> {
    /// Pays the staker every whole reward token earned so far. The same fixed set of
    /// accounts and arithmetic whatever the number of stakers (the accumulator).
    pub fn pool_claim(ctx: Context<Self>) -> Result<()> {
        let accounts = &mut *ctx.accounts;
        let pool = &mut accounts.pool;
        let record = &mut accounts.staker_record;
        let amount = pool.accumulator.claim(&mut record.position)?;
        require!(amount > 0, PepfundError::NothingToClaim);
        record.claimed = calc::add(record.claimed, amount)?;
        pool.claimed = calc::add(pool.claimed, amount)?;
        transfer_from_pool(
            PoolTransfer {
                token_program: &accounts.reward_token_program,
                from: accounts.reward_vault.to_account_info(),
                mint: accounts.reward_mint.to_account_info(),
                to: accounts.owner_rewards.to_account_info(),
                decimals: pool.reward_decimals,
            },
            pool,
            amount,
        )?;
        accounts.reward_vault.reload()?;
        pool.check_vaults(accounts.reward_vault.amount, accounts.stake_vault.amount)?;
        pool.invariant()?;
        emit!(PoolRewardClaimed {
            pool: pool.key(),
            owner: record.owner,
            amount,
            claimed_total: record.claimed,
        });
        Ok(())
    }
}
