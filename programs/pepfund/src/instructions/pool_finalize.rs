use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::{PoolDisputeOpened, PoolWindowClosed};
use crate::pool_release::release_into_pool;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct PoolFinalize<'info> {
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
    )]
    pub pool: Box<Account<'info, Pool>>,
}

impl PoolFinalize<'_> {
    /// Closes a KPI review window; anyone may call it. Below quorum the tranche goes into
    /// the accumulator (claimable by everyone staked now); at quorum a dispute opens with a
    /// 72-hour resolution deadline.
    pub fn pool_finalize(ctx: Context<Self>, milestone_index: u8) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let pool = &mut ctx.accounts.pool;
        require!(
            pool.status == PoolStatus::Active,
            PepfundError::InvalidPoolState
        );
        let pool_key = pool.key();
        let review = pool.review_mut(milestone_index)?;
        let disputed = review.close_window(now)?;
        let attempt = review.attempts;
        emit!(PoolWindowClosed {
            pool: pool_key,
            milestone_index,
            attempt,
            flag_weight: review.flag_weight,
            quorum_reached: disputed,
        });
        if disputed {
            let deadline = review.dispute_deadline;
            pool.invariant()?;
            emit!(PoolDisputeOpened {
                pool: pool_key,
                milestone_index,
                attempt,
                deadline,
            });
            return Ok(());
        }
        release_into_pool(pool, Some(milestone_index), 0)
    }
}
