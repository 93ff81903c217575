//! Token CPIs signed by a campaign PDA. The campaign account is the authority of its USDC
//! vault, its deposit vault and both of its mints.

use crate::constants::SEED_CAMPAIGN;
use crate::state::Campaign;
use anchor_lang::prelude::*;
use anchor_spl::token::{self, Burn, MintTo, Token, Transfer};

fn with_campaign_seeds<R>(campaign: &Campaign, f: impl FnOnce(&[&[&[u8]]]) -> R) -> R {
    let id = campaign.id.to_le_bytes();
    let bump = [campaign.bump];
    let seeds: &[&[u8]] = &[SEED_CAMPAIGN, campaign.researcher.as_ref(), &id, &bump];
    f(&[seeds])
}

/// Moves `amount` out of an account owned by the campaign PDA.
pub fn transfer_from_campaign<'info>(
    token_program: &Program<'info, Token>,
    campaign: &Account<'info, Campaign>,
    from: AccountInfo<'info>,
    to: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    with_campaign_seeds(campaign, |signer| {
        token::transfer(
            CpiContext::new_with_signer(
                token_program.to_account_info(),
                Transfer {
                    from,
                    to,
                    authority: campaign.to_account_info(),
                },
                signer,
            ),
            amount,
        )
    })
}

/// Mints `amount` of a campaign mint (backer or allocation tokens).
pub fn mint_from_campaign<'info>(
    token_program: &Program<'info, Token>,
    campaign: &Account<'info, Campaign>,
    mint: AccountInfo<'info>,
    to: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    with_campaign_seeds(campaign, |signer| {
        token::mint_to(
            CpiContext::new_with_signer(
                token_program.to_account_info(),
                MintTo {
                    mint,
                    to,
                    authority: campaign.to_account_info(),
                },
                signer,
            ),
            amount,
        )
    })
}

/// Moves `amount` from a user's token account, signed by the user.
pub fn transfer_from_user<'info>(
    token_program: &Program<'info, Token>,
    from: AccountInfo<'info>,
    to: AccountInfo<'info>,
    authority: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    token::transfer(
        CpiContext::new(
            token_program.to_account_info(),
            Transfer {
                from,
                to,
                authority,
            },
        ),
        amount,
    )
}

/// Burns `amount` of a user's campaign tokens, signed by the user.
pub fn burn_from_user<'info>(
    token_program: &Program<'info, Token>,
    mint: AccountInfo<'info>,
    from: AccountInfo<'info>,
    authority: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    token::burn(
        CpiContext::new(
            token_program.to_account_info(),
            Burn {
                mint,
                from,
                authority,
            },
        ),
        amount,
    )
}
