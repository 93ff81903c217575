//! Releasing a KPI milestone's tranche into a pool's accumulator: shared by the window's
//! close (no quorum) and the resolver's approval of a dispute.

use crate::events::{PoolCompleted, PoolTrancheReleased};
use crate::state::*;
use anchor_lang::prelude::*;

/// Releases the tranche of milestone `index` (or, with `None`, `vested` tokens of a
/// vesting pool), emits the events, and checks the pool invariant.
pub fn release_into_pool(pool: &mut Account<Pool>, index: Option<u8>, vested: u64) -> Result<()> {
    let amount = match index {
        Some(index) => pool.release_milestone(index)?,
        None => pool.release_vested(vested)?,
    };
    let acc = pool.accumulator;
    emit!(PoolTrancheReleased {
        pool: pool.key(),
        milestone_index: index.unwrap_or(u8::MAX),
        amount,
        released_total: acc.released,
        total_staked: acc.total_staked,
    });
    if pool.status == PoolStatus::Completed {
        emit!(PoolCompleted {
            pool: pool.key(),
            released_total: acc.released,
        });
    }
    pool.invariant()
}
