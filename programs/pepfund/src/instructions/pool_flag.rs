use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::{PoolFlagSubmitted, PoolQuorumReached};
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct PoolFlagArgs {
    pub milestone_index: u8,
    /// The submission being flagged; must be the one under review.
    pub attempt: u32,
    /// Arweave transaction id (32 raw bytes) of the written rationale.
    pub rationale: [u8; 32],
}

#[derive(Accounts)]
#[instruction(args: PoolFlagArgs)]
pub struct PoolFlag<'info> {
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
    )]
    pub pool: Box<Account<'info, Pool>>,
    #[account(
        mut,
        seeds = [SEED_STAKER, pool.key().as_ref(), staker_record.owner.as_ref()],
        bump = staker_record.bump,
    )]
    pub staker_record: Box<Account<'info, StakerRecord>>,
    /// One per staker per submission: `init` refuses a second flag.
    #[account(
        init,
        payer = payer,
        space = 8 + PoolFlagRecord::INIT_SPACE,
        seeds = [
            SEED_POOL_FLAG,
            pool.key().as_ref(),
            &[args.milestone_index],
            &args.attempt.to_le_bytes(),
            staker_record.owner.as_ref(),
        ],
        bump
    )]
    pub flag_record: Box<Account<'info, PoolFlagRecord>>,
    /// The staker, or the delegate the staker named (the relayer).
    pub authority: Signer<'info>,
    /// Pays the flag record's rent; may be the relayer.
    #[account(mut)]
    pub payer: Signer<'info>,
    pub system_program: Program<'info, System>,
}

impl PoolFlag<'_> {
    /// Runs before the handler (`#[access_control]` in lib.rs).
    pub fn validate(&self) -> Result<()> {
        self.staker_record.validate_actor(&self.authority.key())
    }

    /// Flags the KPI submission under review, weighted by the stake held before its window
    /// opened, and locks that stake until the window closes (the campaign flag rules).
    pub fn pool_flag(ctx: Context<Self>, args: PoolFlagArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        require!(args.rationale != [0; 32], PepfundError::RationaleMissing);
        let index = args.milestone_index;
        let weight = ctx
            .accounts
            .staker_record
            .flag_weight((index, args.attempt));
        let owner = ctx.accounts.staker_record.owner;
        let pool = &mut ctx.accounts.pool;
        require!(
            pool.status == PoolStatus::Active,
            PepfundError::InvalidPoolState
        );
        let pool_key = pool.key();
        let review = pool.review_mut(index)?;
        let reached = review.add_flag(args.attempt, now, weight)?;
        let window_end = review.window_end;
        let total_weight = review.flag_weight;
        let quorum_weight = review.quorum_weight();
        pool.invariant()?;

        let record = &mut ctx.accounts.staker_record;
        record.locked_until = record.locked_until.max(window_end);
        let flag = &mut ctx.accounts.flag_record;
        flag.pool = pool_key;
        flag.milestone_index = index;
        flag.attempt = args.attempt;
        flag.owner = owner;
        flag.weight = weight;
        flag.rationale = args.rationale;
        flag.flagged_at = now;
        flag.bump = ctx.bumps.flag_record;
        emit!(PoolFlagSubmitted {
            pool: pool_key,
            milestone_index: index,
            attempt: args.attempt,
            owner,
            weight,
            rationale: args.rationale,
            total_weight,
            quorum_weight,
        });
        if reached {
            emit!(PoolQuorumReached {
                pool: pool_key,
                milestone_index: index,
                attempt: args.attempt,
                total_weight,
            });
        }
        Ok(())
    }
}
