use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::ConfigUpdated;
use crate::state::Config;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct ConfigUpdateArgs {
    pub treasury: Pubkey,
    pub researcher_allocation_bps: u16,
    pub protocol_allocation_bps: u16,
    /// Proposed next admin (must accept); `Pubkey::default()` cancels a proposal.
    pub pending_admin: Pubkey,
}

#[derive(Accounts)]
pub struct ConfigUpdate<'info> {
    #[account(mut, seeds = [SEED_CONFIG], bump = config.bump, has_one = admin @ PepfundError::NotAdmin)]
    pub config: Account<'info, Config>,
    /// Only the current admin, and only when it signs.
    pub admin: Signer<'info>,
}

impl ConfigUpdate<'_> {
    pub fn config_update(ctx: Context<Self>, args: ConfigUpdateArgs) -> Result<()> {
        require!(
            args.researcher_allocation_bps <= MAX_ALLOCATION_BPS
                && args.protocol_allocation_bps <= MAX_ALLOCATION_BPS,
            PepfundError::AllocationTooLarge
        );
        let config = &mut ctx.accounts.config;
        config.treasury = args.treasury;
        config.researcher_allocation_bps = args.researcher_allocation_bps;
        config.protocol_allocation_bps = args.protocol_allocation_bps;
        config.pending_admin = args.pending_admin;
        emit!(ConfigUpdated {
            treasury: config.treasury,
            researcher_allocation_bps: config.researcher_allocation_bps,
            protocol_allocation_bps: config.protocol_allocation_bps,
            pending_admin: config.pending_admin,
        });
        ctx.accounts.config.invariant()?;
        Ok(())
    }
}
