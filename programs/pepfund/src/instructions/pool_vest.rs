use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::pool_release::release_into_pool;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct PoolVest<'info> {
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
    )]
    pub pool: Box<Account<'info, Pool>>,
}

impl PoolVest<'_> {
    /// Comparison pools only: releases into the accumulator whatever the cliff-plus-linear
    /// schedule has vested since the last call. Anyone may crank it.
    pub fn pool_vest(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let pool = &mut ctx.accounts.pool;
        let schedule = pool.vesting.ok_or(PepfundError::WrongReleaseKind)?;
        require!(
            pool.status == PoolStatus::Active,
            PepfundError::InvalidPoolState
        );
        let vested = schedule.vested(pool.reward_total, now)?;
        let newly = calc::sub(vested, pool.accumulator.released)?;
        require!(newly > 0, PepfundError::NothingVested);
        release_into_pool(pool, None, newly)
    }
}
