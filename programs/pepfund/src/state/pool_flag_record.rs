use anchor_lang::prelude::*;

/// One staker's flag on one KPI submission, at PDA
/// `["pool_flag", pool, milestone_index (u8), attempt (u32 LE), owner]`. Its existence is
/// what stops a second flag by the same staker on the same submission.
#[account]
#[derive(InitSpace)]
pub struct PoolFlagRecord {
    pub pool: Pubkey,
    pub milestone_index: u8,
    pub attempt: u32,
    pub owner: Pubkey,
    /// Stake counted; locked until the window closes.
    pub weight: u64,
    /// Arweave transaction id (32 raw bytes) of the written rationale.
    pub rationale: [u8; 32],
    pub flagged_at: i64,
    pub bump: u8,
}
