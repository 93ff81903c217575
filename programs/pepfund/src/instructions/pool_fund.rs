use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::PoolFunded;
use crate::pool_transfers::{transfer_to_pool, PoolTransfer};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(Accounts)]
pub struct PoolFund<'info> {
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
    #[account(mut, token::mint = reward_mint, token::authority = sponsor)]
    pub sponsor_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    pub sponsor: Signer<'info>,
    #[account(address = pool.reward_token_program)]
    pub reward_token_program: Interface<'info, TokenInterface>,
}

impl PoolFund<'_> {
    /// The sponsor deposits reward tokens, up to the committed total; the deposit that
    /// completes it makes the pool active (submissions open, or vesting starts counting).
    pub fn pool_fund(ctx: Context<Self>, amount: u64) -> Result<()> {
        require!(amount > 0, PepfundError::AmountZero);
        require!(
            ctx.accounts.pool.status == PoolStatus::Funding,
            PepfundError::InvalidPoolState
        );
        let funded = calc::add(ctx.accounts.pool.funded, amount)?;
        require!(
            funded <= ctx.accounts.pool.reward_total,
            PepfundError::PoolOverfunded
        );
        let accounts = &mut *ctx.accounts;
        transfer_to_pool(
            PoolTransfer {
                token_program: &accounts.reward_token_program,
                from: accounts.sponsor_tokens.to_account_info(),
                mint: accounts.reward_mint.to_account_info(),
                to: accounts.reward_vault.to_account_info(),
                decimals: accounts.pool.reward_decimals,
            },
            accounts.sponsor.to_account_info(),
            amount,
        )?;
        let pool = &mut accounts.pool;
        pool.funded = funded;
        let activated = funded == pool.reward_total;
        if activated {
            pool.status = PoolStatus::Active;
        }
        accounts.reward_vault.reload()?;
        pool.check_vaults(accounts.reward_vault.amount, accounts.stake_vault.amount)?;
        pool.invariant()?;
        emit!(PoolFunded {
            pool: pool.key(),
            amount,
            funded,
            reward_total: pool.reward_total,
            activated,
        });
        Ok(())
    }
}
