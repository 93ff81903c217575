use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::PoolMilestoneSubmitted;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct PoolSubmitArgs {
    pub milestone_index: u8,
    /// Arweave transaction id of the KPI evidence (the measured figure and how it was read).
    pub evidence_id: [u8; 32],
    /// SHA-256 of the evidence bytes.
    pub evidence_hash: [u8; 32],
}

#[derive(Accounts)]
pub struct PoolSubmit<'info> {
    #[account(
        mut,
        seeds = [SEED_POOL, pool.sponsor.as_ref(), &pool.id.to_le_bytes()],
        bump = pool.bump,
        has_one = sponsor @ PepfundError::NotSponsor,
    )]
    pub pool: Box<Account<'info, Pool>>,
    pub sponsor: Signer<'info>,
}

impl PoolSubmit<'_> {
    /// The sponsor submits evidence that the current KPI is met; opens its review window
    /// (7 days for the first milestone, 5 after) and freezes the stake it is measured
    /// against: the flag threshold is 0.1% and the quorum 10% of the stake at submission.
    pub fn pool_submit(ctx: Context<Self>, args: PoolSubmitArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let pool = &mut ctx.accounts.pool;
        require!(pool.vesting.is_none(), PepfundError::WrongReleaseKind);
        require!(
            pool.status == PoolStatus::Active,
            PepfundError::InvalidPoolState
        );
        let index = args.milestone_index;
        pool.milestone(index)?;
        let current = pool
            .current_milestone()
            .ok_or(PepfundError::InvalidMilestoneState)?;
        require!(index <= current, PepfundError::MilestoneOutOfOrder);
        require!(index == current, PepfundError::InvalidMilestoneState);
        let staked = pool.accumulator.total_staked;
        let pool_key = pool.key();
        let review = pool.review_mut(index)?;
        review.open_review(
            index,
            now,
            args.evidence_id,
            args.evidence_hash,
            staked,
            staked,
        )?;
        let event = PoolMilestoneSubmitted {
            pool: pool_key,
            milestone_index: index,
            attempt: review.attempts,
            evidence_id: args.evidence_id,
            evidence_hash: args.evidence_hash,
            window_end: review.window_end,
            staked_snapshot: staked,
            flag_threshold: review.flag_threshold(),
        };
        pool.invariant()?;
        emit!(event);
        Ok(())
    }
}
