use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::PoolCreated;
use crate::pool_mint_check::mint_supported;
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct PoolCreateArgs {
    /// The sponsor's own numbering; seeds the pool address.
    pub id: u64,
    /// Arweave id and SHA-256 of the pool's texts document (title, summary, KPI statements).
    pub metadata: [u8; 32],
    pub metadata_hash: [u8; 32],
    /// Reward tokens the sponsor commits (deposited by `pool_fund`).
    pub reward_total: u64,
    /// From this time the sponsor may close the pool and take back what was never released.
    pub expires_at: i64,
    /// KPI milestones; empty for a vesting pool.
    pub milestones: Vec<PoolMilestoneInput>,
    /// Cliff-plus-linear vesting instead of milestones (comparison pools).
    pub vesting: Option<VestingSchedule>,
}

#[derive(Accounts)]
#[instruction(args: PoolCreateArgs)]
pub struct PoolCreate<'info> {
    #[account(
        init,
        payer = sponsor,
        space = 8 + Pool::INIT_SPACE,
        seeds = [SEED_POOL, sponsor.key().as_ref(), &args.id.to_le_bytes()],
        bump
    )]
    pub pool: Box<Account<'info, Pool>>,
    /// Checked before its vault is created, so a refused mint gets its own error.
    #[account(
        mint::token_program = reward_token_program,
        constraint = mint_supported(&reward_mint.to_account_info()) @ PepfundError::MintNotSupported,
    )]
    pub reward_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mint::token_program = stake_token_program,
        constraint = mint_supported(&stake_mint.to_account_info()) @ PepfundError::MintNotSupported,
    )]
    pub stake_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        init,
        payer = sponsor,
        seeds = [SEED_POOL_REWARD_VAULT, pool.key().as_ref()],
        bump,
        token::mint = reward_mint,
        token::authority = pool,
        token::token_program = reward_token_program,
    )]
    pub reward_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        init,
        payer = sponsor,
        seeds = [SEED_POOL_STAKE_VAULT, pool.key().as_ref()],
        bump,
        token::mint = stake_mint,
        token::authority = pool,
        token::token_program = stake_token_program,
    )]
    pub stake_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub sponsor: Signer<'info>,
    pub reward_token_program: Interface<'info, TokenInterface>,
    pub stake_token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl PoolCreate<'_> {
    /// Creates a reward pool with its KPI roadmap (or vesting schedule) and its two vaults.
    /// The roadmap follows the campaign rules; every KPI names its metric, target and source.
    pub fn pool_create(ctx: Context<Self>, args: PoolCreateArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        require!(args.reward_total > 0, PepfundError::AmountZero);
        let last_date = match &args.vesting {
            Some(schedule) => {
                require!(args.milestones.is_empty(), PepfundError::WrongReleaseKind);
                schedule.validate()?;
                schedule.end
            }
            None => {
                validate_pool_roadmap(&args.milestones, now)?;
                args.milestones
                    .last()
                    .map_or(now, |m| m.estimated_completion)
            }
        };
        require!(
            args.expires_at >= last_date && args.expires_at <= MAX_ESTIMATED_DATE,
            PepfundError::DateOutOfRange
        );

        let accounts = &mut *ctx.accounts;
        let pool = &mut accounts.pool;
        pool.sponsor = accounts.sponsor.key();
        pool.id = args.id;
        pool.status = PoolStatus::Funding;
        pool.reward_mint = accounts.reward_mint.key();
        pool.stake_mint = accounts.stake_mint.key();
        pool.reward_token_program = accounts.reward_token_program.key();
        pool.stake_token_program = accounts.stake_token_program.key();
        pool.reward_decimals = accounts.reward_mint.decimals;
        pool.stake_decimals = accounts.stake_mint.decimals;
        pool.metadata = args.metadata;
        pool.metadata_hash = args.metadata_hash;
        pool.reward_total = args.reward_total;
        pool.expires_at = args.expires_at;
        pool.vesting = args.vesting;
        pool.milestones = args
            .milestones
            .iter()
            .map(PoolMilestone::from_input)
            .collect();
        pool.bump = ctx.bumps.pool;
        pool.reward_vault_bump = ctx.bumps.reward_vault;
        pool.stake_vault_bump = ctx.bumps.stake_vault;
        pool.invariant()?;
        emit!(PoolCreated {
            pool: pool.key(),
            sponsor: pool.sponsor,
            id: pool.id,
            reward_mint: pool.reward_mint,
            stake_mint: pool.stake_mint,
            reward_total: pool.reward_total,
            milestone_count: pool.milestones.len() as u8,
            vesting: pool.vesting.is_some(),
            expires_at: pool.expires_at,
        });
        Ok(())
    }
}
