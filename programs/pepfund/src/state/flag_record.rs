use anchor_lang::prelude::*;

/// One holder's flag on one submission, at PDA
/// `["flag", campaign, milestone_index (u8), attempt (u32 LE), owner]`. Its existence is
/// what stops a second flag by the same holder on the same submission.
#[account]
#[derive(InitSpace)]
pub struct FlagRecord {
    pub campaign: Pubkey,
    pub milestone_index: u8,
    /// Which submission of the milestone was flagged (1 = first).
    pub attempt: u32,
    pub owner: Pubkey,
    /// Deposited tokens at the time of the flag; locked until the window closes.
    pub weight: u64,
    /// Arweave transaction id (32 raw bytes) of the written rationale.
    pub rationale: [u8; 32],
    pub flagged_at: i64,
    pub bump: u8,
}
