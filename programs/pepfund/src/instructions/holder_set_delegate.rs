use crate::constants::*;
use crate::events::HolderDelegateSet;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct HolderSetDelegate<'info> {
    #[account(
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + HolderRecord::INIT_SPACE,
        seeds = [SEED_HOLDER, campaign.key().as_ref(), owner.key().as_ref()],
        bump
    )]
    pub holder_record: Box<Account<'info, HolderRecord>>,
    #[account(mut)]
    pub owner: Signer<'info>,
    pub system_program: Program<'info, System>,
}

impl HolderSetDelegate<'_> {
    /// Names (or, with `Pubkey::default()`, revokes) the key that may flag and support
    /// stale reviews for the owner: the owner's one-time, revocable consent to a relayer.
    /// A delegate can never withdraw or move tokens.
    pub fn holder_set_delegate(ctx: Context<Self>, delegate: Pubkey) -> Result<()> {
        let record = &mut ctx.accounts.holder_record;
        record.campaign = ctx.accounts.campaign.key();
        record.owner = ctx.accounts.owner.key();
        record.delegate = delegate;
        record.bump = ctx.bumps.holder_record;
        emit!(HolderDelegateSet {
            campaign: record.campaign,
            owner: record.owner,
            delegate,
        });
        ctx.accounts.campaign.invariant()?;
        Ok(())
    }
}
