use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::PoolDisputeLapsed;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct PoolDisputeLapse<'info> {
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
    )]
    pub pool: Box<Account<'info, Pool>>,
}

impl PoolDisputeLapse<'_> {
    /// From the dispute deadline on, anyone ends an undecided KPI dispute: it counts as a
    /// rejection without reasons and the sponsor may re-submit.
    pub fn pool_dispute_lapse(ctx: Context<Self>, milestone_index: u8) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let pool = &mut ctx.accounts.pool;
        require!(
            pool.status == PoolStatus::Active,
            PepfundError::InvalidPoolState
        );
        let pool_key = pool.key();
        let review = pool.review_mut(milestone_index)?;
        let deadline = review.lapse_dispute(now)?;
        let attempt = review.attempts;
        pool.invariant()?;
        emit!(PoolDisputeLapsed {
            pool: pool_key,
            milestone_index,
            attempt,
            deadline,
        });
        Ok(())
    }
}
