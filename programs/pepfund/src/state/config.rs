use crate::constants::MAX_ALLOCATION_BPS;
use crate::errors::PepfundError;
use anchor_lang::prelude::*;

/// Protocol-wide settings; one per deployment, at PDA `["config"]`.
#[account]
#[derive(InitSpace)]
pub struct Config {
    /// Reviews campaigns and resolves disputes. Replaceable (two-step) so that a multisig
    /// or, later, on-chain governance can take over.
    pub admin: Pubkey,
    /// Named by `admin` and must accept before becoming admin; default when none.
    pub pending_admin: Pubkey,
    /// The only mint accepted as money (USDC).
    pub usdc_mint: Pubkey,
    /// Owner of the protocol's campaign-token allocation.
    pub treasury: Pubkey,
    /// Researcher allocation, in bps of the amount raised, minted in allocation tokens.
    pub researcher_allocation_bps: u16,
    /// Protocol allocation, in bps of the amount raised, minted in allocation tokens.
    pub protocol_allocation_bps: u16,
    /// Number of campaigns created, for indexers.
    pub campaign_count: u64,
    pub bump: u8,
}

impl Config {
    /// Checked at the end of every config change: allocations within the protocol maximum
    /// (they dilute every later campaign's backers) and an admin that can sign.
    pub fn invariant(&self) -> Result<()> {
        require!(
            self.researcher_allocation_bps <= MAX_ALLOCATION_BPS
                && self.protocol_allocation_bps <= MAX_ALLOCATION_BPS,
            PepfundError::InvariantViolated
        );
        require!(
            self.admin != Pubkey::default(),
            PepfundError::InvariantViolated
        );
        Ok(())
    }
}
