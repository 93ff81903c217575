//! Which reward and stake mints a pool accepts. Classic SPL Token mints, and Token-2022 mints
//! without the extensions that break the pool's accounting: a transfer fee makes the vault
//! receive less than the amount credited, a transfer hook runs foreign code on every transfer
//! out of the vault, a permanent delegate can move tokens out of the vault behind the
//! accumulator's back, and a non-transferable mint could never be paid out. Pure so the pool
//! instructions and the tests share it (see docs/POOLS.md).

use anchor_lang::prelude::*;
use anchor_spl::token_2022::spl_token_2022::{
    self,
    extension::{BaseStateWithExtensions, ExtensionType, StateWithExtensions},
    state::Mint,
};

/// The Token-2022 extensions a pool refuses on its reward or stake mint.
pub const REFUSED_MINT_EXTENSIONS: [ExtensionType; 4] = [
    ExtensionType::TransferFeeConfig,
    ExtensionType::TransferHook,
    ExtensionType::PermanentDelegate,
    ExtensionType::NonTransferable,
];

/// The first refused extension of a mint account owned by `token_program`, or `None` when the
/// mint is acceptable. A classic SPL Token mint has no extensions. Errors when the data is not
/// an initialised mint of either token program.
pub fn refused_mint_extension(
    token_program: &Pubkey,
    mint_data: &[u8],
) -> std::result::Result<Option<ExtensionType>, ProgramError> {
    if *token_program == anchor_spl::token::ID {
        return Ok(None);
    }
    if *token_program != spl_token_2022::ID {
        return Err(ProgramError::IncorrectProgramId);
    }
    let mint = StateWithExtensions::<Mint>::unpack(mint_data)?;
    let present = mint.get_extension_types()?;
    Ok(REFUSED_MINT_EXTENSIONS
        .into_iter()
        .find(|refused| present.contains(refused)))
}

/// True when the mint account may be a pool's reward or stake mint (the constraint the pool
/// instructions check before any vault is created for it).
pub fn mint_supported(mint: &AccountInfo) -> bool {
    let data = mint.try_borrow_data();
    matches!(
        data.map(|d| refused_mint_extension(mint.owner, &d)),
        Ok(Ok(None))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use spl_token_2022::extension::{
        mint_close_authority::MintCloseAuthority, non_transferable::NonTransferable,
        permanent_delegate::PermanentDelegate, transfer_fee::TransferFeeConfig,
        transfer_hook::TransferHook, BaseStateWithExtensionsMut, Extension, StateWithExtensionsMut,
    };

    /// Token-2022 mint account bytes carrying exactly one extension (default values). A macro,
    /// not a generic fn, because the extension bound names bytemuck, not a dependency here.
    macro_rules! mint_with {
        ($extension:ty) => {{
            let types = [<$extension as Extension>::TYPE];
            let len = ExtensionType::try_calculate_account_len::<Mint>(&types).unwrap();
            let mut data = vec![0u8; len];
            let mut state =
                StateWithExtensionsMut::<Mint>::unpack_uninitialized(&mut data).unwrap();
            state.init_extension::<$extension>(true).unwrap();
            state.base.decimals = 6;
            state.base.is_initialized = true;
            state.pack_base();
            state.init_account_type().unwrap();
            data
        }};
    }

    #[test]
    fn token_2022_mints_with_fee_hook_delegate_or_non_transferable_are_refused() {
        let t22 = spl_token_2022::ID;
        let fee = refused_mint_extension(&t22, &mint_with!(TransferFeeConfig)).unwrap();
        assert_eq!(fee, Some(ExtensionType::TransferFeeConfig));
        let hook = refused_mint_extension(&t22, &mint_with!(TransferHook)).unwrap();
        assert_eq!(hook, Some(ExtensionType::TransferHook));
        let delegate = refused_mint_extension(&t22, &mint_with!(PermanentDelegate)).unwrap();
        assert_eq!(delegate, Some(ExtensionType::PermanentDelegate));
        let frozen = refused_mint_extension(&t22, &mint_with!(NonTransferable)).unwrap();
        assert_eq!(frozen, Some(ExtensionType::NonTransferable));
    }

    #[test]
    fn harmless_token_2022_extension_and_classic_mints_are_accepted() {
        let t22 = spl_token_2022::ID;
        let close = mint_with!(MintCloseAuthority);
        assert_eq!(refused_mint_extension(&t22, &close).unwrap(), None);
        assert_eq!(
            refused_mint_extension(&anchor_spl::token::ID, &[]).unwrap(),
            None
        );
    }

    #[test]
    fn garbage_data_or_foreign_program_is_an_error() {
        assert!(refused_mint_extension(&spl_token_2022::ID, &[1, 2, 3]).is_err());
        assert!(refused_mint_extension(&Pubkey::new_unique(), &[]).is_err());
    }
}
