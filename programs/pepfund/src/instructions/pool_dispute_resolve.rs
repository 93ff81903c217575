use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::PoolDisputeResolved;
use crate::pool_release::release_into_pool;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct PoolDisputeResolveArgs {
    pub milestone_index: u8,
    /// Release the tranche (`true`) or reject the submission (`false`).
    pub approve: bool,
    /// Arweave id or SHA-256 of the written reasons.
    pub reason: [u8; 32],
}

#[derive(Accounts)]
pub struct PoolDisputeResolve<'info> {
    /// The same resolver as campaign disputes (`config.admin`, replaceable).
    #[account(seeds = [SEED_CONFIG], bump = config.bump, has_one = admin @ PepfundError::NotAdmin)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
    )]
    pub pool: Box<Account<'info, Pool>>,
    pub admin: Signer<'info>,
}

impl PoolDisputeResolve<'_> {
    /// Approve releases the tranche into the accumulator; reject lets the sponsor re-submit
    /// (a fresh window, fresh flags). Only before the dispute deadline.
    pub fn pool_dispute_resolve(ctx: Context<Self>, args: PoolDisputeResolveArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let pool = &mut ctx.accounts.pool;
        require!(
            pool.status == PoolStatus::Active,
            PepfundError::InvalidPoolState
        );
        let pool_key = pool.key();
        let review = pool.review_mut(args.milestone_index)?;
        review.resolve_dispute(now, args.approve, args.reason)?;
        emit!(PoolDisputeResolved {
            pool: pool_key,
            milestone_index: args.milestone_index,
            attempt: review.attempts,
            approved: args.approve,
            reason: args.reason,
            resolver: ctx.accounts.admin.key(),
        });
        if !args.approve {
            return pool.invariant();
        }
        release_into_pool(pool, Some(args.milestone_index), 0)
    }
}
