//! Token CPIs of reward pools, through the token interface so that classic SPL Token and
//! Token-2022 mints both work (`transfer_checked`, which Token-2022 requires). The pool
//! account is the authority of its reward and stake vaults.

use crate::constants::SEED_POOL;
use crate::state::Pool;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, TokenInterface, TransferChecked};

/// One token movement: program, from, mint, to, and the signer (user or pool).
pub struct PoolTransfer<'a, 'info> {
    pub token_program: &'a Interface<'info, TokenInterface>,
    pub from: AccountInfo<'info>,
    pub mint: AccountInfo<'info>,
    pub to: AccountInfo<'info>,
    pub decimals: u8,
}

/// Moves `amount` out of a pool vault, signed by the pool PDA.
pub fn transfer_from_pool<'info>(
    transfer: PoolTransfer<'_, 'info>,
    pool: &Account<'info, Pool>,
    amount: u64,
) -> Result<()> {
    let id = pool.id.to_le_bytes();
    let bump = [pool.bump];
    let seeds: &[&[u8]] = &[SEED_POOL, pool.sponsor.as_ref(), &id, &bump];
    token_interface::transfer_checked(
        CpiContext::new_with_signer(
            transfer.token_program.to_account_info(),
            TransferChecked {
                from: transfer.from,
                mint: transfer.mint,
                to: transfer.to,
                authority: pool.to_account_info(),
            },
            &[seeds],
        ),
        amount,
        transfer.decimals,
    )
}

/// Moves `amount` from a user's token account into a pool vault, signed by the user.
pub fn transfer_to_pool<'info>(
    transfer: PoolTransfer<'_, 'info>,
    authority: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    token_interface::transfer_checked(
        CpiContext::new(
            transfer.token_program.to_account_info(),
            TransferChecked {
                from: transfer.from,
                mint: transfer.mint,
                to: transfer.to,
                authority,
            },
        ),
        amount,
        transfer.decimals,
    )
}
