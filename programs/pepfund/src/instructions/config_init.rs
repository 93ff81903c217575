use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::ConfigInitialized;
use crate::state::Config;
use anchor_lang::prelude::*;
use anchor_spl::token::Mint;

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct ConfigInitArgs {
    /// Admin authority: reviews campaigns and resolves disputes (a multisig in production).
    pub admin: Pubkey,
    /// Owner of the protocol's allocation tokens.
    pub treasury: Pubkey,
    pub researcher_allocation_bps: u16,
    pub protocol_allocation_bps: u16,
}

#[derive(Accounts)]
pub struct ConfigInit<'info> {
    /// The single config PDA; `init` makes a second initialisation fail.
    #[account(init, payer = payer, space = 8 + Config::INIT_SPACE, seeds = [SEED_CONFIG], bump)]
    pub config: Account<'info, Config>,
    /// The USDC mint; must be an SPL Token mint (Token-2022 mints are refused by owner check).
    pub usdc_mint: Account<'info, Mint>,
    /// This program's own account. Whoever calls `config_init` first names the admin who
    /// controls every campaign, so the call is reserved to the deployer: the upgrade
    /// authority recorded in the ProgramData account this program account points to.
    #[account(
        constraint = program.programdata_address()? == Some(program_data.key())
            @ PepfundError::InvalidProgramData,
    )]
    pub program: Program<'info, crate::program::Pepfund>,
    #[account(
        constraint = program_data.upgrade_authority_address == Some(payer.key())
            @ PepfundError::NotUpgradeAuthority,
    )]
    pub program_data: Account<'info, ProgramData>,
    /// The program's upgrade authority; pays for the config account.
    #[account(mut)]
    pub payer: Signer<'info>,
    pub system_program: Program<'info, System>,
}

impl ConfigInit<'_> {
    /// Stores the config once; only the upgrade authority may (checked in the accounts).
    pub fn config_init(ctx: Context<Self>, args: ConfigInitArgs) -> Result<()> {
        require!(
            args.researcher_allocation_bps <= MAX_ALLOCATION_BPS
                && args.protocol_allocation_bps <= MAX_ALLOCATION_BPS,
            PepfundError::AllocationTooLarge
        );
        let config = &mut ctx.accounts.config;
        config.admin = args.admin;
        config.pending_admin = Pubkey::default();
        config.usdc_mint = ctx.accounts.usdc_mint.key();
        config.treasury = args.treasury;
        config.researcher_allocation_bps = args.researcher_allocation_bps;
        config.protocol_allocation_bps = args.protocol_allocation_bps;
        config.campaign_count = 0;
        config.bump = ctx.bumps.config;
        emit!(ConfigInitialized {
            admin: config.admin,
            usdc_mint: config.usdc_mint,
            treasury: config.treasury,
        });
        ctx.accounts.config.invariant()?;
        Ok(())
    }
}
