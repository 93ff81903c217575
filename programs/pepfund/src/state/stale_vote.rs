use anchor_lang::prelude::*;

/// One holder's support for one stale-campaign review, at PDA
/// `["stale_vote", campaign, round (u32 LE), owner]`.
#[account]
#[derive(InitSpace)]
pub struct StaleVote {
    pub campaign: Pubkey,
    pub round: u32,
    pub owner: Pubkey,
    pub weight: u64,
    pub bump: u8,
}
