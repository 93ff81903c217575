//! Tests: only the program's upgrade authority may run `config_init`, read through the
//! program account and its ProgramData account as the BPF upgradeable loader lays them out
//! (native-host/src/upgradeable.rs). What native tests cannot check is listed in
//! docs/PROGRAM.md.

#![allow(deprecated)] // solana_sdk::bpf_loader_upgradeable / system_program, as in env.rs

use crate::env::*;
use crate::ixs;
use anchor_lang::error::ErrorCode;
use pepfund::errors::PepfundError;
use pepfund::state::Config;
use pepfund_native_host::upgradeable;
use solana_sdk::{
    account::{Account, AccountSharedData},
    bpf_loader_upgradeable::UpgradeableLoaderState,
    pubkey::Pubkey,
    signature::Signer,
};

/// A bank right after deployment: the program is there, its config is not.
async fn deployed() -> Env {
    let mut env = Env::new().await;
    env.ctx
        .set_account(&ixs::config_pda(), &AccountSharedData::default());
    assert!(env.account(&ixs::config_pda()).await.is_none());
    env
}

/// A ProgramData-shaped account naming `authority`, owned by `owner`, at a new address.
fn fake_program_data(env: &mut Env, authority: Option<Pubkey>, owner: Pubkey) -> Pubkey {
    let address = Pubkey::new_unique();
    let data = bincode::serialize(&UpgradeableLoaderState::ProgramData {
        slot: 0,
        upgrade_authority_address: authority,
    })
    .expect("serialize");
    let account = Account {
        lamports: 10_000_000,
        data,
        owner,
        executable: false,
        rent_epoch: 0,
    };
    env.ctx
        .set_account(&address, &AccountSharedData::from(account));
    address
}

async fn config_exists(env: &mut Env) -> bool {
    env.account(&ixs::config_pda()).await.is_some()
}

#[tokio::test]
async fn given_the_upgrade_authority_when_config_init_then_the_config_is_stored() {
    let mut env = deployed().await;
    let program_data = env
        .account(&ixs::program_data())
        .await
        .expect("program data");
    assert_eq!(program_data.owner, upgradeable::loader_id());
    let admin = env.admin.insecure_clone();
    let ix = ixs::config_init(&env, &admin.pubkey(), 500, 200);
    env.send(&[ix], &[&admin])
        .await
        .expect("config_init by the upgrade authority");
    let config: Config = env.fetch(&ixs::config_pda()).await;
    assert_eq!(config.admin, admin.pubkey());
}

#[tokio::test]
async fn given_another_signer_when_config_init_then_not_upgrade_authority_and_no_config() {
    let mut env = deployed().await;
    let squatter = env.user().await;
    let ix = ixs::config_init(&env, &squatter.pubkey(), 500, 200);
    assert_code(
        env.send(&[ix], &[&squatter]).await,
        code(PepfundError::NotUpgradeAuthority),
    );
    assert!(!config_exists(&mut env).await);
}

#[tokio::test]
async fn given_a_program_data_of_the_signers_own_when_config_init_then_invalid_program_data() {
    let mut env = deployed().await;
    let squatter = env.user().await;
    let loader = upgradeable::loader_id();
    let own = fake_program_data(&mut env, Some(squatter.pubkey()), loader);
    let ix = ixs::config_init(&env, &squatter.pubkey(), 500, 200);
    let ix = swap_account(ix, &ixs::program_data(), &own);
    assert_code(
        env.send(&[ix], &[&squatter]).await,
        code(PepfundError::InvalidProgramData),
    );
    assert!(!config_exists(&mut env).await);

    // The same bytes in an account the loader does not own are not a ProgramData at all.
    let system_owned = fake_program_data(&mut env, Some(squatter.pubkey()), Pubkey::default());
    let ix = ixs::config_init(&env, &squatter.pubkey(), 500, 200);
    let ix = swap_account(ix, &ixs::program_data(), &system_owned);
    assert_code(
        env.send(&[ix], &[&squatter]).await,
        anchor_code(ErrorCode::AccountOwnedByWrongProgram),
    );
    assert!(!config_exists(&mut env).await);
}

#[tokio::test]
async fn given_another_program_in_the_program_slot_when_config_init_then_invalid_program_id() {
    let mut env = deployed().await;
    let admin = env.admin.insecure_clone();
    let ix = ixs::config_init(&env, &admin.pubkey(), 500, 200);
    let ix = swap_account(ix, &pepfund::ID, &anchor_spl::token::ID);
    assert_code(
        env.send(&[ix], &[&admin]).await,
        anchor_code(ErrorCode::InvalidProgramId),
    );
    assert!(!config_exists(&mut env).await);
}

#[tokio::test]
async fn given_a_program_deployed_as_final_when_config_init_then_nobody_may() {
    let mut env = deployed().await;
    let [_, (address, account)] = upgradeable::program_accounts(None);
    env.ctx
        .set_account(&address, &AccountSharedData::from(account));
    let admin = env.admin.insecure_clone();
    let ix = ixs::config_init(&env, &admin.pubkey(), 500, 200);
    assert_code(
        env.send(&[ix], &[&admin]).await,
        code(PepfundError::NotUpgradeAuthority),
    );
    assert!(!config_exists(&mut env).await);
}
