//! Tests: protocol configuration — initialisation, updates by the admin only, and the
//! two-step admin hand-over.

#![allow(deprecated)] // solana_sdk::system_instruction / system_program, as in env.rs

use crate::env::*;
use crate::ixs;
use crate::scenario::*;
use anchor_lang::error::ErrorCode;
use anchor_spl::token_2022::spl_token_2022;
use pepfund::errors::PepfundError;
use pepfund::state::*;
use pepfund::{accounts as acc, instruction as data, ConfigInitArgs, ConfigUpdateArgs};
use solana_sdk::{
    account::AccountSharedData,
    instruction::InstructionError,
    program_pack::Pack,
    pubkey::Pubkey,
    signature::{Keypair, Signer},
    system_instruction, system_program,
    transaction::TransactionError,
};

async fn config(env: &mut Env) -> Config {
    env.fetch(&ixs::config_pda()).await
}

fn update_args(
    env: &Env,
    researcher_bps: u16,
    protocol_bps: u16,
    pending: Pubkey,
) -> ConfigUpdateArgs {
    ConfigUpdateArgs {
        treasury: env.treasury_key(),
        researcher_allocation_bps: researcher_bps,
        protocol_allocation_bps: protocol_bps,
        pending_admin: pending,
    }
}

/// Removes the config that `Env::new` created, so `config_init` can be tried on a bank
/// that has none (as right after deployment).
async fn remove_config(env: &mut Env) {
    env.ctx
        .set_account(&ixs::config_pda(), &AccountSharedData::default());
    assert!(env.account(&ixs::config_pda()).await.is_none());
}

fn config_init_with(
    mint: &Pubkey,
    payer: &Pubkey,
    admin: &Pubkey,
    treasury: &Pubkey,
    r: u16,
    p: u16,
) -> solana_sdk::instruction::Instruction {
    ix(
        acc::ConfigInit {
            config: ixs::config_pda(),
            usdc_mint: *mint,
            program: pepfund::ID,
            program_data: ixs::program_data(),
            payer: *payer,
            system_program: system_program::ID,
        },
        data::ConfigInit {
            args: ConfigInitArgs {
                admin: *admin,
                treasury: *treasury,
                researcher_allocation_bps: r,
                protocol_allocation_bps: p,
            },
        },
    )
}

/// A valid mint (82 bytes, initialised) owned by the Token-2022 program.
async fn token_2022_mint(env: &mut Env) -> Pubkey {
    let mint = Keypair::new();
    let payer = env.payer();
    let rent = env.ctx.banks_client.get_rent().await.expect("rent");
    let len = spl_token_2022::state::Mint::LEN;
    let ixs = [
        system_instruction::create_account(
            &payer.pubkey(),
            &mint.pubkey(),
            rent.minimum_balance(len),
            len as u64,
            &spl_token_2022::ID,
        ),
        spl_token_2022::instruction::initialize_mint2(
            &spl_token_2022::ID,
            &mint.pubkey(),
            &payer.pubkey(),
            None,
            6,
        )
        .expect("mint ix"),
    ];
    env.send(&ixs, &[&mint])
        .await
        .expect("create token-2022 mint");
    let account = env.account(&mint.pubkey()).await.expect("mint exists");
    assert_eq!(account.owner, spl_token_2022::ID);
    mint.pubkey()
}

#[tokio::test]
async fn given_a_new_deployment_when_config_init_then_every_value_is_stored() {
    let mut env = Env::new().await;
    let config = config(&mut env).await;
    assert_eq!(config.admin, env.admin.pubkey());
    assert_eq!(config.pending_admin, Pubkey::default());
    assert_eq!(config.usdc_mint, env.usdc_mint);
    assert_eq!(config.treasury, env.treasury_key());
    assert_eq!(config.researcher_allocation_bps, 500);
    assert_eq!(config.protocol_allocation_bps, 200);
    assert_eq!(config.campaign_count, 0);
    let (_, bump) = Pubkey::find_program_address(&[pepfund::SEED_CONFIG], &pepfund::ID);
    assert_eq!(config.bump, bump);
}

#[tokio::test]
async fn given_a_config_when_config_init_again_then_account_in_use_and_admin_unchanged() {
    let mut env = Env::new().await;
    let attacker = env.user().await;
    let ix = ixs::config_init(&env, &attacker.pubkey(), 2_000, 2_000);
    let failed = env
        .send(&[ix], &[&attacker])
        .await
        .expect_err("second init must fail");
    assert_eq!(failed.code(), Some(0), "{:?}", failed);
    let config = config(&mut env).await;
    assert_eq!(config.admin, env.admin.pubkey());
    assert_eq!(config.researcher_allocation_bps, 500);
    assert_eq!(config.protocol_allocation_bps, 200);
}

#[tokio::test]
async fn given_a_token_2022_usdc_mint_when_config_init_then_wrong_owner_and_no_config() {
    let mut env = Env::new().await;
    remove_config(&mut env).await;
    let mint = token_2022_mint(&mut env).await;
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury_key();
    let ix = config_init_with(&mint, &admin.pubkey(), &admin.pubkey(), &treasury, 500, 200);
    assert_code(
        env.send(&[ix], &[&admin]).await,
        anchor_code(ErrorCode::AccountOwnedByWrongProgram),
    );
    assert!(env.account(&ixs::config_pda()).await.is_none());

    // The same bank accepts an SPL Token mint: the refusal is about the token program.
    let usdc = env.usdc_mint;
    let ix = config_init_with(&usdc, &admin.pubkey(), &admin.pubkey(), &treasury, 500, 200);
    env.send(&[ix], &[&admin])
        .await
        .expect("spl token mint accepted");
    assert_eq!(config(&mut env).await.usdc_mint, usdc);
}

#[tokio::test]
async fn given_a_token_account_instead_of_a_mint_when_config_init_then_rejected() {
    let mut env = Env::new().await;
    let holder = env.user().await;
    let not_a_mint = env.fund_usdc(&holder.pubkey(), 1).await;
    remove_config(&mut env).await;
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury_key();
    let ix = config_init_with(
        &not_a_mint,
        &admin.pubkey(),
        &admin.pubkey(),
        &treasury,
        500,
        200,
    );
    let failed = env
        .send(&[ix], &[&admin])
        .await
        .expect_err("token account is not a mint");
    // The mint fails to unpack (165 bytes, not 82): Anchor reports InvalidAccountData.
    assert_eq!(
        failed.error,
        TransactionError::InstructionError(1, InstructionError::InvalidAccountData),
        "{:?}",
        failed
    );
    assert!(env.account(&ixs::config_pda()).await.is_none());
}

#[tokio::test]
async fn given_allocation_2001_bps_when_config_init_then_allocation_too_large() {
    let mut env = Env::new().await;
    remove_config(&mut env).await;
    let admin = env.admin.insecure_clone();
    let treasury = env.treasury_key();
    let usdc = env.usdc_mint;
    for (r, p) in [(2_001, 0), (0, 2_001)] {
        let ix = config_init_with(&usdc, &admin.pubkey(), &admin.pubkey(), &treasury, r, p);
        assert_code(
            env.send(&[ix], &[&admin]).await,
            code(PepfundError::AllocationTooLarge),
        );
        assert!(env.account(&ixs::config_pda()).await.is_none());
    }
    let ix = config_init_with(
        &usdc,
        &admin.pubkey(),
        &admin.pubkey(),
        &treasury,
        2_000,
        2_000,
    );
    env.send(&[ix], &[&admin])
        .await
        .expect("2,000 bps is the maximum, allowed");
    let config = config(&mut env).await;
    assert_eq!(
        (
            config.researcher_allocation_bps,
            config.protocol_allocation_bps
        ),
        (2_000, 2_000)
    );
}

#[tokio::test]
async fn given_a_non_admin_when_config_update_then_not_admin_and_config_unchanged() {
    let mut env = Env::new().await;
    let mallory = env.user().await;
    let args = update_args(&env, 2_000, 2_000, mallory.pubkey());
    let ix = ixs::config_update(&mallory.pubkey(), args);
    assert_code(
        env.send(&[ix], &[&mallory]).await,
        code(PepfundError::NotAdmin),
    );
    let config = config(&mut env).await;
    assert_eq!(config.admin, env.admin.pubkey());
    assert_eq!(config.pending_admin, Pubkey::default());
    assert_eq!(config.researcher_allocation_bps, 500);
    assert_eq!(config.protocol_allocation_bps, 200);
}

#[tokio::test]
async fn given_the_admin_key_without_its_signature_when_config_update_then_account_not_signer() {
    let mut env = Env::new().await;
    let mallory = env.user().await;
    let admin = env.admin.pubkey();
    let mut ix = ixs::config_update(&admin, update_args(&env, 2_000, 2_000, mallory.pubkey()));
    let meta = ix
        .accounts
        .iter_mut()
        .find(|m| m.pubkey == admin)
        .expect("admin meta");
    assert!(meta.is_signer);
    meta.is_signer = false;
    assert_code(
        env.send(&[ix], &[]).await,
        anchor_code(ErrorCode::AccountNotSigner),
    );
    let config = config(&mut env).await;
    assert_eq!(config.pending_admin, Pubkey::default());
    assert_eq!(config.researcher_allocation_bps, 500);
}

#[tokio::test]
async fn given_the_admin_when_config_update_with_2001_bps_then_allocation_too_large() {
    let mut env = Env::new().await;
    let admin = env.admin.insecure_clone();
    for (r, p) in [(2_001, 200), (500, 2_001), (u16::MAX, u16::MAX)] {
        let ix = ixs::config_update(&admin.pubkey(), update_args(&env, r, p, Pubkey::default()));
        assert_code(
            env.send(&[ix], &[&admin]).await,
            code(PepfundError::AllocationTooLarge),
        );
        let config = config(&mut env).await;
        assert_eq!(
            (
                config.researcher_allocation_bps,
                config.protocol_allocation_bps
            ),
            (500, 200)
        );
    }
}

#[tokio::test]
async fn given_the_admin_when_config_update_with_2000_bps_then_stored_and_used_at_close() {
    let mut env = Env::new().await;
    let admin = env.admin.insecure_clone();
    let new_treasury = Pubkey::new_unique();
    let mut args = update_args(&env, 2_000, 2_000, Pubkey::default());
    args.treasury = new_treasury;
    let ix = ixs::config_update(&admin.pubkey(), args);
    env.send(&[ix], &[&admin]).await.expect("2,000 bps allowed");
    let config = config(&mut env).await;
    assert_eq!(config.researcher_allocation_bps, 2_000);
    assert_eq!(config.protocol_allocation_bps, 2_000);
    assert_eq!(config.treasury, new_treasury);
    assert_eq!(config.admin, admin.pubkey());

    // The new allocation applies when a raise closes: 20% of 1,000 USDC each.
    let f = active(&mut env, &[4_000, 3_000, 3_000], &[1_000 * USDC]).await;
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.researcher_allocation, 200 * USDC);
    assert_eq!(campaign.protocol_allocation, 200 * USDC);
}

#[tokio::test]
async fn given_a_proposed_admin_when_a_wrong_key_accepts_then_not_pending_admin() {
    let mut env = Env::new().await;
    let admin = env.admin.insecure_clone();
    let next = env.user().await;
    let mallory = env.user().await;
    let ix = ixs::config_update(&admin.pubkey(), update_args(&env, 500, 200, next.pubkey()));
    env.send(&[ix], &[&admin]).await.expect("propose");
    assert_eq!(config(&mut env).await.pending_admin, next.pubkey());

    let ix = ixs::config_accept_admin(&mallory.pubkey());
    assert_code(
        env.send(&[ix], &[&mallory]).await,
        code(PepfundError::NotPendingAdmin),
    );
    let config = config(&mut env).await;
    assert_eq!(config.admin, admin.pubkey());
    assert_eq!(config.pending_admin, next.pubkey());
}

#[tokio::test]
async fn given_no_proposal_when_anyone_accepts_then_not_pending_admin() {
    let mut env = Env::new().await;
    let mallory = env.user().await;
    let ix = ixs::config_accept_admin(&mallory.pubkey());
    assert_code(
        env.send(&[ix], &[&mallory]).await,
        code(PepfundError::NotPendingAdmin),
    );
    assert_eq!(config(&mut env).await.admin, env.admin.pubkey());
}

#[tokio::test]
async fn given_a_cancelled_proposal_when_the_once_proposed_key_accepts_then_not_pending_admin() {
    let mut env = Env::new().await;
    let admin = env.admin.insecure_clone();
    let next = env.user().await;
    let ix = ixs::config_update(&admin.pubkey(), update_args(&env, 500, 200, next.pubkey()));
    env.send(&[ix], &[&admin]).await.expect("propose");
    let ix = ixs::config_update(
        &admin.pubkey(),
        update_args(&env, 500, 200, Pubkey::default()),
    );
    env.send(&[ix], &[&admin]).await.expect("cancel");
    let ix = ixs::config_accept_admin(&next.pubkey());
    assert_code(
        env.send(&[ix], &[&next]).await,
        code(PepfundError::NotPendingAdmin),
    );
    assert_eq!(config(&mut env).await.admin, admin.pubkey());
}

#[tokio::test]
async fn given_the_pending_admin_accepts_when_campaigns_are_approved_then_only_the_new_admin_may() {
    let mut env = Env::new().await;
    let old = env.admin.insecure_clone();
    let next = env.user().await;
    let ix = ixs::config_update(&old.pubkey(), update_args(&env, 500, 200, next.pubkey()));
    env.send(&[ix], &[&old]).await.expect("propose");
    let ix = ixs::config_accept_admin(&next.pubkey());
    env.send(&[ix], &[&next]).await.expect("accept");
    let config_now = config(&mut env).await;
    assert_eq!(config_now.admin, next.pubkey());
    assert_eq!(config_now.pending_admin, Pubkey::default());

    let f = draft(&mut env, &[4_000, 3_000, 3_000], 1_000 * USDC).await;
    let ix = ixs::campaign_submit_for_review(&f.campaign, &f.researcher.pubkey());
    env.send(&[ix], &[&f.researcher])
        .await
        .expect("submit for review");

    let ix = ixs::campaign_approve(&f.campaign, &old.pubkey());
    assert_code(env.send(&[ix], &[&old]).await, code(PepfundError::NotAdmin));
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::PendingReview
    );

    let ix = ixs::config_update(&old.pubkey(), update_args(&env, 2_000, 2_000, old.pubkey()));
    assert_code(env.send(&[ix], &[&old]).await, code(PepfundError::NotAdmin));

    let ix = ixs::campaign_approve(&f.campaign, &next.pubkey());
    env.send(&[ix], &[&next]).await.expect("new admin approves");
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Fundraising
    );
}
