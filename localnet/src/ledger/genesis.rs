//! The first bank: the same genesis as `solana-program-test` (all features active, SPL Token,
//! Token-2022 and ATA as their real `.so` files), with pepfund deployed under the BPF
//! upgradeable loader (program and ProgramData accounts, the upgrade authority given by
//! `--upgrade-authority`) and run natively (native-host/src/upgradeable.rs).

use super::snapshot::Snapshot;
use pepfund_native_host::upgradeable;
use solana_program_runtime::loaded_programs::ProgramCacheEntry;
use solana_runtime::{
    bank::Bank, genesis_utils::create_genesis_config_with_leader_ex, runtime_config::RuntimeConfig,
};
use solana_sdk::{
    account::AccountSharedData,
    fee_calculator::{FeeRateGovernor, DEFAULT_TARGET_LAMPORTS_PER_SIGNATURE},
    genesis_config::{ClusterType, GenesisConfig},
    native_token::LAMPORTS_PER_SOL,
    pubkey::Pubkey,
    rent::Rent,
    signature::{Keypair, Signer},
};
use std::sync::Arc;

/// The faucet's balance: airdrops and the test-only methods pay from it.
const FAUCET_SOL: u64 = 500_000_000;

pub struct Genesis {
    pub bank: Bank,
    pub config: GenesisConfig,
    /// Pays airdrops and test-only setup; the default authority of test mints.
    pub faucet: Keypair,
}

/// Installs program-test's syscall stubs (they let a native program call `invoke` and read
/// sysvars) by starting one throwaway program-test bank, then routes `msg!` and `emit!` into
/// transaction logs. Must run once before the first transaction.
pub async fn install_native_runtime() {
    let context = pepfund_native_host::program_test(None)
        .start_with_context()
        .await;
    drop(context);
    pepfund_native_host::install_log_routing();
}

/// The first bank; with `restored`, the saved accounts are written over genesis and the first
/// working slot is the one after the saved slot.
pub fn create(upgrade_authority: Option<Pubkey>, restored: Option<&Snapshot>) -> Genesis {
    let rent = Rent::default();
    let faucet = Keypair::new();
    let validator = Keypair::new().pubkey();
    let vote = Keypair::new().pubkey();
    let stake = Keypair::new().pubkey();
    let stake_lamports = rent.minimum_balance(solana_sdk::vote::state::VoteState::size_of())
        + 1_000_000 * LAMPORTS_PER_SOL;
    let fees = FeeRateGovernor {
        // Non-zero fees, as program-test and real clusters have.
        lamports_per_signature: DEFAULT_TARGET_LAMPORTS_PER_SIGNATURE / 2,
        ..FeeRateGovernor::default()
    };
    let config = create_genesis_config_with_leader_ex(
        FAUCET_SOL * LAMPORTS_PER_SOL,
        &faucet.pubkey(),
        &validator,
        &vote,
        &stake,
        stake_lamports,
        42,
        fees,
        rent.clone(),
        ClusterType::Development,
        vec![],
    );
    let bank = Bank::new_with_paths(
        &config,
        Arc::new(RuntimeConfig::default()),
        Vec::default(),
        None,
        None,
        false,
        None,
        None,
        None,
        Arc::default(),
        None,
        None,
    );
    for (program_id, account) in solana_program_test::programs::spl_programs(&rent) {
        bank.store_account(&program_id, &account);
    }
    for (program_id, account) in solana_program_test::programs::core_bpf_programs(&rent, |id| {
        config.accounts.contains_key(id)
    }) {
        bank.store_account(&program_id, &account);
    }
    // Replaces the loader's builtin by the one that runs pepfund natively and hands every
    // other program to the real loader; then deploys pepfund's two accounts.
    let loader_name = upgradeable::LOADER_NAME;
    bank.add_builtin(
        upgradeable::loader_id(),
        loader_name,
        ProgramCacheEntry::new_builtin(0, loader_name.len(), upgradeable::loader_builtin()),
    );
    for (address, account) in upgradeable::program_accounts(upgrade_authority) {
        bank.store_account(&address, &AccountSharedData::from(account));
    }
    for (address, account) in restored.map(|s| s.accounts.as_slice()).unwrap_or_default() {
        bank.store_account(address, &AccountSharedData::from(account.clone()));
    }
    bank.set_capitalization();
    let bank = Arc::new(bank);
    // Slot 0 ends with a registered blockhash; start at slot 1 as program-test does, or
    // after the restored ledger's last slot.
    bank.fill_bank_with_ticks_for_tests();
    let first_slot = restored.map_or(1, |s| s.slot + 1);
    let bank = Bank::new_from_parent(bank.clone(), bank.collector_id(), first_slot);
    Genesis {
        bank,
        config,
        faucet,
    }
}
