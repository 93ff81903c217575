use crate::errors::PepfundError;
use anchor_lang::prelude::*;

/// A holder's deposit of backer tokens in one campaign, at PDA
/// `["holder", campaign, owner]`. Deposited tokens are the holder's flag and stale-vote
/// weight; they stay in the program's deposit vault and cannot be withdrawn until every
/// window they voted in has closed, so the same tokens never count twice (the SPL
/// Governance deposit model).
#[account]
#[derive(InitSpace)]
pub struct HolderRecord {
    pub campaign: Pubkey,
    pub owner: Pubkey,
    /// May flag and support stale reviews for the owner (e.g. the PepFund relayer that
    /// pays fees). `Pubkey::default()` when none. The owner can change or clear it at any time.
    pub delegate: Pubkey,
    /// Backer tokens held in the deposit vault for this owner.
    pub deposited: u64,
    /// Unix time until which the deposit cannot be withdrawn.
    pub locked_until: i64,
    pub bump: u8,
}

impl HolderRecord {
    /// True when `signer` may act for this holder: the owner, or the owner's delegate.
    pub fn is_owner_or_delegate(&self, signer: &Pubkey) -> bool {
        *signer == self.owner || (self.delegate != Pubkey::default() && *signer == self.delegate)
    }

    /// The holder-or-delegate rule as the `validate()` of every instruction that acts for a
    /// holder (flag_submit, stale_open, stale_support), so the three cannot drift apart.
    pub fn validate_actor(&self, signer: &Pubkey) -> Result<()> {
        require!(
            self.is_owner_or_delegate(signer),
            PepfundError::NotHolderOrDelegate
        );
        Ok(())
    }
}
