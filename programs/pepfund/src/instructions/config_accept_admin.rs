use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::AdminChanged;
use crate::state::Config;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct ConfigAcceptAdmin<'info> {
    #[account(mut, seeds = [SEED_CONFIG], bump = config.bump)]
    pub config: Account<'info, Config>,
    /// The pending admin named by the current admin. Two steps, so a typo cannot hand the
    /// protocol to a key nobody holds.
    #[account(constraint = new_admin.key() == config.pending_admin @ PepfundError::NotPendingAdmin)]
    pub new_admin: Signer<'info>,
}

impl ConfigAcceptAdmin<'_> {
    pub fn config_accept_admin(ctx: Context<Self>) -> Result<()> {
        let config = &mut ctx.accounts.config;
        require!(
            config.pending_admin != Pubkey::default(),
            PepfundError::NotPendingAdmin
        );
        let old_admin = config.admin;
        config.admin = config.pending_admin;
        config.pending_admin = Pubkey::default();
        emit!(AdminChanged {
            old_admin,
            new_admin: config.admin,
        });
        ctx.accounts.config.invariant()?;
        Ok(())
    }
}
