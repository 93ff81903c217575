use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::PoolStaked;
use crate::pool_transfers::{transfer_to_pool, PoolTransfer};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct PoolStakeArgs {
    /// Stake tokens to add; may be 0 when only the delegate changes.
    pub amount: u64,
    /// Names (or, with the default key, clears) the delegate that may flag for the staker,
    /// e.g. the relayer; `None` leaves it as it is.
    pub delegate: Option<Pubkey>,
}

#[derive(Accounts)]
pub struct PoolStake<'info> {
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
        has_one = stake_mint,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + StakerRecord::INIT_SPACE,
        seeds = [SEED_STAKER, pool.key().as_ref(), owner.key().as_ref()],
        bump
    )]
    pub staker_record: Box<Account<'info, StakerRecord>>,
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(seeds = [SEED_POOL_REWARD_VAULT, pool.key().as_ref()], bump = pool.reward_vault_bump)]
    pub reward_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, seeds = [SEED_POOL_STAKE_VAULT, pool.key().as_ref()], bump = pool.stake_vault_bump)]
    pub stake_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = stake_mint, token::authority = owner)]
    pub owner_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(address = pool.stake_token_program)]
    pub stake_token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl PoolStake<'_> {
    /// Stakes tokens. They earn a share of every tranche released from now on, none of the
    /// earlier ones. Stake added while a review window is open brings no flag weight to it.
    pub fn pool_stake(ctx: Context<Self>, args: PoolStakeArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        require!(
            args.amount > 0 || args.delegate.is_some(),
            PepfundError::AmountZero
        );
        let accounts = &mut *ctx.accounts;
        let pool = &mut accounts.pool;
        require!(
            matches!(pool.status, PoolStatus::Funding | PoolStatus::Active),
            PepfundError::InvalidPoolState
        );
        let record = &mut accounts.staker_record;
        record.pool = pool.key();
        record.owner = accounts.owner.key();
        record.bump = ctx.bumps.staker_record;
        if let Some(delegate) = args.delegate {
            record.delegate = delegate;
        }
        record.note_stake_added(pool.open_window(now));
        pool.accumulator.stake(&mut record.position, args.amount)?;
        if args.amount > 0 {
            transfer_to_pool(
                PoolTransfer {
                    token_program: &accounts.stake_token_program,
                    from: accounts.owner_tokens.to_account_info(),
                    mint: accounts.stake_mint.to_account_info(),
                    to: accounts.stake_vault.to_account_info(),
                    decimals: pool.stake_decimals,
                },
                accounts.owner.to_account_info(),
                args.amount,
            )?;
        }
        accounts.stake_vault.reload()?;
        pool.check_vaults(accounts.reward_vault.amount, accounts.stake_vault.amount)?;
        pool.invariant()?;
        emit!(PoolStaked {
            pool: pool.key(),
            owner: record.owner,
            amount: args.amount,
            staked: record.position.amount,
            total_staked: pool.accumulator.total_staked,
        });
        Ok(())
    }
}
