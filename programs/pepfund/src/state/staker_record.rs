use crate::errors::PepfundError;
use crate::pool_accumulator::StakerPosition;
use anchor_lang::prelude::*;

/// One wallet's stake in one reward pool, at PDA `["staker", pool, owner]`: its share of the
/// accumulator, its flag lock and its flag weight for the window that is open.
#[account]
#[derive(InitSpace)]
pub struct StakerRecord {
    pub pool: Pubkey,
    pub owner: Pubkey,
    /// May flag for the owner (e.g. the relayer that pays the fee); default when none.
    pub delegate: Pubkey,
    pub position: StakerPosition,
    /// Reward tokens claimed so far.
    pub claimed: u64,
    /// Unix time until which the stake cannot be withdrawn (the end of a window it flagged).
    pub locked_until: i64,
    /// The review window (milestone index, attempt) during which stake was last added, and
    /// the stake held before that first addition: only that much may flag in that window,
    /// so stake moved in from another wallet during a window adds no weight.
    pub window_index: u8,
    pub window_attempt: u32,
    pub weight_before_window: u64,
    pub bump: u8,
}

impl StakerRecord {
    /// True when `signer` may flag for this staker: the owner or the owner's delegate.
    pub fn validate_actor(&self, signer: &Pubkey) -> Result<()> {
        let delegate = self.delegate != Pubkey::default() && *signer == self.delegate;
        require!(
            *signer == self.owner || delegate,
            PepfundError::NotHolderOrDelegate
        );
        Ok(())
    }

    /// Call before adding stake. Remembers how much was staked when `window` opened
    /// (the first addition during a window is the one that counts).
    pub fn note_stake_added(&mut self, window: Option<(u8, u32)>) {
        if let Some((index, attempt)) = window {
            if (self.window_index, self.window_attempt) != (index, attempt) {
                self.window_index = index;
                self.window_attempt = attempt;
                self.weight_before_window = self.position.amount;
            }
        }
    }

    /// Flag weight in `window`: the stake, capped by what was staked before the window
    /// opened when stake was added during it.
    pub fn flag_weight(&self, window: (u8, u32)) -> u64 {
        let amount = self.position.amount;
        if self.window_attempt != 0 && (self.window_index, self.window_attempt) == window {
            amount.min(self.weight_before_window)
        } else {
            amount
        }
    }
}
