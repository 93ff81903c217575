//! The "Program" attacks of SECURITY.md that are not covered next to their feature.

use crate::env::*;
use crate::ixs;
use crate::scenario::*;
use anchor_lang::error::ErrorCode;
use pepfund::errors::PepfundError;
use solana_sdk::{
    account::Account, clock::Clock, instruction::AccountMeta, pubkey::Pubkey, signature::Signer,
};

/// An active campaign with milestone 0 in review, its window closed.
async fn closed_window(env: &mut Env) -> Fixture {
    let f = active(env, &[4_000, 5_000, 1_000], &[1_000 * USDC]).await;
    submit(env, &f, 0).await;
    let left = window_left(env, &f, 0).await;
    env.advance(left).await;
    f
}

#[tokio::test]
async fn given_a_holder_record_passed_as_the_campaign_then_discriminator_mismatch() {
    let mut env = Env::new().await;
    let f = closed_window(&mut env).await;
    let holder = f.backers[0].insecure_clone();
    deposit(&mut env, &f, 0, 1).await;
    let record = ixs::holder_pda(&f.campaign, &holder.pubkey());
    let ix = swap_account(
        ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0),
        &f.campaign,
        &record,
    );
    assert_code(
        env.send(&[ix], &[]).await,
        anchor_code(ErrorCode::AccountDiscriminatorMismatch),
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);
}

#[tokio::test]
async fn given_an_account_of_another_program_passed_as_the_campaign_then_wrong_owner() {
    let mut env = Env::new().await;
    let f = closed_window(&mut env).await;
    let ix = ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0);
    // The vault is a real account owned by the token program.
    let ix = swap_account(ix, &f.campaign, &ixs::vault(&f.campaign));
    let result = env.send(&[ix], &[]).await;
    assert_code(result, anchor_code(ErrorCode::AccountOwnedByWrongProgram));
}

#[tokio::test]
async fn given_the_vault_of_another_campaign_then_seeds_constraint_refuses() {
    let mut env = Env::new().await;
    let f = closed_window(&mut env).await;
    let other = active(&mut env, &[4_000, 5_000, 1_000], &[2_000 * USDC]).await;
    let ix = swap_account(
        ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0),
        &ixs::vault(&f.campaign),
        &ixs::vault(&other.campaign),
    );
    assert_code(
        env.send(&[ix], &[]).await,
        anchor_code(ErrorCode::ConstraintSeeds),
    );
    assert_eq!(
        env.balance(&ixs::vault(&other.campaign)).await,
        2_000 * USDC
    );
}

#[tokio::test]
async fn given_a_destination_with_the_wrong_mint_then_invalid_destination() {
    let mut env = Env::new().await;
    let f = closed_window(&mut env).await;
    let fake_usdc = env.create_mint(&env.admin.pubkey(), 6).await;
    let wrong = env.ata(&f.researcher.pubkey(), &fake_usdc).await;
    let ix = swap_account(
        ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0),
        &f.researcher_usdc(&env),
        &wrong,
    );
    assert_code(
        env.send(&[ix], &[]).await,
        code(PepfundError::InvalidDestination),
    );
}

#[tokio::test]
async fn given_a_destination_owned_by_someone_else_then_invalid_destination() {
    let mut env = Env::new().await;
    let f = closed_window(&mut env).await;
    let thief = env.user().await;
    let thief_usdc = env.ata(&thief.pubkey(), &env.usdc_mint.clone()).await;
    let ix = swap_account(
        ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0),
        &f.researcher_usdc(&env),
        &thief_usdc,
    );
    assert_code(
        env.send(&[ix], &[]).await,
        code(PepfundError::InvalidDestination),
    );
    assert_eq!(env.balance(&thief_usdc).await, 0);
}

#[tokio::test]
async fn given_the_vault_as_destination_then_duplicate_account() {
    let mut env = Env::new().await;
    let f = closed_window(&mut env).await;
    let ix = swap_account(
        ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0),
        &f.researcher_usdc(&env),
        &ixs::vault(&f.campaign),
    );
    assert_code(
        env.send(&[ix], &[]).await,
        code(PepfundError::DuplicateAccount),
    );
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000 * USDC);
}

#[tokio::test]
async fn given_a_fake_token_program_or_token_2022_then_invalid_program_id() {
    let mut env = Env::new().await;
    let f = closed_window(&mut env).await;
    let token_2022: Pubkey = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"
        .parse()
        .unwrap();
    for fake in [Pubkey::new_unique(), token_2022] {
        let ix = swap_account(
            ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0),
            &anchor_spl::token::ID,
            &fake,
        );
        let result = env.send(&[ix], &[]).await;
        assert_code(result, anchor_code(ErrorCode::InvalidProgramId));
    }
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000 * USDC);
}

/// The program reads time only through the `Clock::get()` syscall, never from an account a
/// caller passes. Shown able to fail: with milestone_finalize temporarily reading
/// `unix_timestamp` from bytes 32..40 of its first remaining account (the fake clock, as a
/// program that took the clock as an unchecked account would), this test failed:
/// "expected error 6026, transaction succeeded" (the tranche was paid a year early).
#[tokio::test]
async fn given_a_spoofed_clock_account_then_the_program_still_reads_the_real_clock() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[1_000 * USDC]).await;
    submit(&mut env, &f, 0).await;
    // A look-alike clock a year ahead, owned by the sysvar program id, at a fake address.
    let fake = Pubkey::new_unique();
    let clock = Clock {
        unix_timestamp: env.now().await + 365 * DAY,
        ..Clock::default()
    };
    let data = bincode_clock(&clock);
    env.ctx.set_account(
        &fake,
        &Account {
            lamports: 1_000_000_000,
            data,
            owner: solana_sdk::sysvar::ID,
            executable: false,
            rent_epoch: 0,
        }
        .into(),
    );
    let with_fake_clock = |env: &Env| {
        let mut ix = ixs::milestone_finalize(env, &f.campaign, &f.researcher.pubkey(), 0);
        ix.accounts.push(AccountMeta::new_readonly(fake, false));
        ix.accounts.push(AccountMeta::new_readonly(
            solana_sdk::sysvar::clock::ID,
            false,
        ));
        ix
    };
    assert_code(
        env.send(&[with_fake_clock(&env)], &[]).await,
        code(PepfundError::WindowOpen),
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);
    // The same transaction passes once the real clock reaches the window's end: the refusal
    // above came from the time, not from the extra accounts.
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left).await;
    env.send(&[with_fake_clock(&env)], &[])
        .await
        .expect("finalize at the real window end");
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
}

fn bincode_clock(clock: &Clock) -> Vec<u8> {
    let mut data = Vec::with_capacity(40);
    data.extend_from_slice(&clock.slot.to_le_bytes());
    data.extend_from_slice(&clock.epoch_start_timestamp.to_le_bytes());
    data.extend_from_slice(&clock.epoch.to_le_bytes());
    data.extend_from_slice(&clock.leader_schedule_epoch.to_le_bytes());
    data.extend_from_slice(&clock.unix_timestamp.to_le_bytes());
    data
}

/// A real USDC token account at the vault's address under a non-canonical bump, owned by the
/// campaign PDA and holding money, is refused: the vault is checked against its seeds with
/// the canonical bump stored at creation. Shown able to fail: with `seeds`/`bump` removed
/// from milestone_finalize's vault, this test failed ("expected error 2006, transaction
/// succeeded"): the tranche was paid out of the planted account instead of the escrow.
#[tokio::test]
async fn given_a_non_canonical_vault_bump_then_refused() {
    let mut env = Env::new().await;
    let f = closed_window(&mut env).await;
    let (canonical, bump) =
        Pubkey::find_program_address(&[pepfund::SEED_VAULT, f.campaign.as_ref()], &pepfund::ID);
    let other = (0..bump)
        .rev()
        .find_map(|b| {
            Pubkey::create_program_address(
                &[pepfund::SEED_VAULT, f.campaign.as_ref(), &[b]],
                &pepfund::ID,
            )
            .ok()
        })
        .expect("a non-canonical bump exists");
    assert_ne!(other, canonical);
    plant_token_account(&mut env, &other, &f.campaign, 1_000 * USDC);
    let ix = swap_account(
        ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0),
        &canonical,
        &other,
    );
    assert_code(
        env.send(&[ix], &[]).await,
        anchor_code(ErrorCode::ConstraintSeeds),
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);
    assert_eq!(env.balance(&other).await, 1_000 * USDC);
    assert_eq!(env.campaign(&f.campaign).await.released, 0);
}

/// Writes an initialized USDC token account at `address`, owned by `owner`, holding `amount`.
fn plant_token_account(env: &mut Env, address: &Pubkey, owner: &Pubkey, amount: u64) {
    use anchor_spl::token::spl_token;
    use solana_sdk::program_pack::Pack;
    let state = spl_token::state::Account {
        mint: env.usdc_mint,
        owner: *owner,
        amount,
        state: spl_token::state::AccountState::Initialized,
        ..Default::default()
    };
    let mut data = vec![0; spl_token::state::Account::LEN];
    state.pack_into_slice(&mut data);
    env.ctx.set_account(
        address,
        &Account {
            lamports: 1_000_000_000,
            data,
            owner: spl_token::ID,
            executable: false,
            rent_epoch: 0,
        }
        .into(),
    );
}

#[tokio::test]
async fn given_a_campaign_id_already_used_when_created_again_then_refused() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 5_000, 1_000], 1_000 * USDC).await;
    let now = env.now().await;
    let again = ixs::campaign_create(
        &env,
        &f.researcher.pubkey(),
        1,
        5 * USDC,
        now + DAY,
        roadmap(&[5_000, 5_000], now),
    );
    let r = f.researcher.insecure_clone();
    let failed = env.send(&[again], &[&r]).await.expect_err("second init");
    assert_eq!(failed.code(), Some(0), "account already in use");
    assert_eq!(
        env.campaign(&f.campaign).await.goal,
        1_000 * USDC,
        "original untouched"
    );
}

/// Ids 1 and 257 share their first byte: a seed that kept only part of the id (or encoded it
/// with a variable width) would give both campaigns one address. Shown able to fail: with
/// campaign_create's seed (and `ixs::campaign_pda`) truncated to the id's first byte, the
/// second campaign_create failed with "account already in use" (System error 0).
#[tokio::test]
async fn given_a_researcher_when_two_campaigns_use_ids_sharing_a_byte_then_both_exist_apart() {
    let mut env = Env::new().await;
    let researcher = env.user().await;
    let now = env.now().await;
    for (id, goal) in [(1u64, 1_000 * USDC), (257, 2_000 * USDC)] {
        let ix = ixs::campaign_create(
            &env,
            &researcher.pubkey(),
            id,
            goal,
            now + DAY,
            roadmap(&[4_000, 5_000, 1_000], now),
        );
        env.send(&[ix], &[&researcher])
            .await
            .expect("campaign_create");
    }
    let (a, b) = (
        ixs::campaign_pda(&researcher.pubkey(), 1),
        ixs::campaign_pda(&researcher.pubkey(), 257),
    );
    assert_ne!(a, b);
    let (first, second) = (env.campaign(&a).await, env.campaign(&b).await);
    assert_eq!((first.id, first.goal), (1, 1_000 * USDC));
    assert_eq!((second.id, second.goal), (257, 2_000 * USDC));
    assert_ne!(ixs::vault(&a), ixs::vault(&b));
    // Fixed-width seeds elsewhere too: (index 1, attempt 0) and (index 0, attempt 1) differ.
    let r = researcher.pubkey();
    assert_ne!(ixs::flag_pda(&a, 1, 0, &r), ixs::flag_pda(&a, 0, 1, &r));
}
