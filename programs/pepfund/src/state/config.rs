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
