//! Tests: holder deposits (flag and stale-vote weight), withdrawals and their locks, and
//! delegation.

use crate::env::*;
use crate::ixs;
use crate::scenario::*;
use anchor_lang::error::ErrorCode;
use anchor_spl::associated_token::get_associated_token_address;
use pepfund::errors::PepfundError;
use pepfund::state::*;
use solana_sdk::{pubkey::Pubkey, signature::Signer};

const SHARES: [u16; 3] = [4_000, 3_000, 3_000];

async fn record(env: &mut Env, f: &Fixture, owner: &Pubkey) -> HolderRecord {
    env.fetch(&ixs::holder_pda(&f.campaign, owner)).await
}

/// (wallet backer tokens, deposit vault, recorded deposit) of backer `i`.
async fn holdings(env: &mut Env, f: &Fixture, i: usize) -> (u64, u64, u64) {
    let owner = f.backers[i].pubkey();
    let deposited = match env.account(&ixs::holder_pda(&f.campaign, &owner)).await {
        Some(_) => record(env, f, &owner).await.deposited,
        None => 0,
    };
    (
        env.balance(&f.backer_tokens(i)).await,
        env.balance(&ixs::deposits(&f.campaign)).await,
        deposited,
    )
}

async fn withdraw(env: &mut Env, f: &Fixture, i: usize, amount: u64) -> SendResult {
    let backer = f.backers[i].insecure_clone();
    let ix = ixs::holder_withdraw(&f.campaign, &backer.pubkey(), amount);
    env.send(&[ix], &[&backer]).await
}

async fn try_deposit(env: &mut Env, f: &Fixture, i: usize, amount: u64) -> SendResult {
    let backer = f.backers[i].insecure_clone();
    let ix = ixs::holder_deposit(&f.campaign, &backer.pubkey(), amount);
    env.send(&[ix], &[&backer]).await
}

// --- deposit and withdraw ----------------------------------------------------------

#[tokio::test]
async fn given_backer_tokens_when_deposited_then_they_move_into_the_deposit_vault() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC, 400 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    assert_eq!(
        holdings(&mut env, &f, 0).await,
        (500 * USDC, 100 * USDC, 100 * USDC)
    );
    deposit(&mut env, &f, 0, 50 * USDC + 1).await;
    assert_eq!(
        holdings(&mut env, &f, 0).await,
        (450 * USDC - 1, 150 * USDC + 1, 150 * USDC + 1)
    );
    deposit(&mut env, &f, 1, 400 * USDC).await;
    assert_eq!(env.balance(&f.backer_tokens(1)).await, 0);
    assert_eq!(
        env.balance(&ixs::deposits(&f.campaign)).await,
        550 * USDC + 1
    );
    let r = record(&mut env, &f, &f.backers[0].pubkey()).await;
    assert_eq!(
        (r.campaign, r.owner, r.delegate, r.locked_until),
        (f.campaign, f.backers[0].pubkey(), Pubkey::default(), 0)
    );
    // Deposits are not burned: the backer supply (quorum base) is unchanged.
    assert_eq!(
        env.mint_supply(&ixs::backer_mint(&f.campaign)).await,
        1_000 * USDC
    );
}

#[tokio::test]
async fn given_a_deposit_when_withdrawn_then_the_tokens_come_back() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC]).await;
    deposit(&mut env, &f, 0, 200 * USDC).await;
    withdraw(&mut env, &f, 0, 50 * USDC)
        .await
        .expect("partial withdraw");
    assert_eq!(
        holdings(&mut env, &f, 0).await,
        (450 * USDC, 150 * USDC, 150 * USDC)
    );
    withdraw(&mut env, &f, 0, 150 * USDC)
        .await
        .expect("withdraw the rest");
    assert_eq!(holdings(&mut env, &f, 0).await, (600 * USDC, 0, 0));
}

#[tokio::test]
async fn given_a_deposit_when_withdrawing_one_unit_more_than_deposited_then_insufficient_deposit() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC, 400 * USDC]).await;
    deposit(&mut env, &f, 0, 200 * USDC).await;
    deposit(&mut env, &f, 1, 400 * USDC).await;
    // The vault holds 600: the limit is this holder's own deposit, not the vault.
    assert_code(
        withdraw(&mut env, &f, 0, 200 * USDC + 1).await,
        code(PepfundError::InsufficientDeposit),
    );
    assert_eq!(
        holdings(&mut env, &f, 0).await,
        (400 * USDC, 600 * USDC, 200 * USDC)
    );
    withdraw(&mut env, &f, 0, 200 * USDC)
        .await
        .expect("exactly the deposit");
    assert_eq!(holdings(&mut env, &f, 0).await, (600 * USDC, 400 * USDC, 0));
    assert_code(
        withdraw(&mut env, &f, 0, 1).await,
        code(PepfundError::InsufficientDeposit),
    );
    assert_eq!(holdings(&mut env, &f, 0).await, (600 * USDC, 400 * USDC, 0));
}

#[tokio::test]
async fn given_zero_amounts_when_depositing_or_withdrawing_then_amount_zero() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC]).await;
    assert_code(
        try_deposit(&mut env, &f, 0, 0).await,
        code(PepfundError::AmountZero),
    );
    deposit(&mut env, &f, 0, 10 * USDC).await;
    assert_code(
        withdraw(&mut env, &f, 0, 0).await,
        code(PepfundError::AmountZero),
    );
    assert_eq!(
        holdings(&mut env, &f, 0).await,
        (590 * USDC, 10 * USDC, 10 * USDC)
    );
}

#[tokio::test]
async fn given_a_wallet_when_depositing_more_than_it_holds_then_refused_and_nothing_moves() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC]).await;
    let failed = try_deposit(&mut env, &f, 0, 600 * USDC + 1)
        .await
        .expect_err("too much");
    // SPL Token InsufficientFunds inside the transfer CPI.
    assert_eq!(failed.code(), Some(1), "{:?}", failed);
    assert_eq!(holdings(&mut env, &f, 0).await, (600 * USDC, 0, 0));
}

#[tokio::test]
async fn given_a_flag_in_an_open_window_when_withdrawing_then_tokens_locked_until_the_window_end() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC, 400 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let attempt = submit(&mut env, &f, 0).await;
    flag(&mut env, &f, 0, 0, attempt).await.expect("flag");
    let window_end = env.campaign(&f.campaign).await.milestones[0].window_end;
    assert_eq!(
        record(&mut env, &f, &f.backers[0].pubkey())
            .await
            .locked_until,
        window_end
    );

    assert_code(
        withdraw(&mut env, &f, 0, 1).await,
        code(PepfundError::TokensLocked),
    );
    env.set_time(window_end - 1).await;
    assert_code(
        withdraw(&mut env, &f, 0, 100 * USDC).await,
        code(PepfundError::TokensLocked),
    );
    assert_eq!(
        holdings(&mut env, &f, 0).await,
        (500 * USDC, 100 * USDC, 100 * USDC)
    );

    env.set_time(window_end).await;
    withdraw(&mut env, &f, 0, 100 * USDC)
        .await
        .expect("window over");
    assert_eq!(holdings(&mut env, &f, 0).await, (600 * USDC, 0, 0));
}

#[tokio::test]
async fn given_a_deposit_without_a_flag_when_a_window_is_open_then_withdraw_is_free() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC, 400 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    deposit(&mut env, &f, 1, 100 * USDC).await;
    let attempt = submit(&mut env, &f, 0).await;
    flag(&mut env, &f, 1, 0, attempt)
        .await
        .expect("backer 1 flags");
    // Backer 0 did not flag: nothing locks their deposit.
    withdraw(&mut env, &f, 0, 100 * USDC)
        .await
        .expect("no lock");
    assert_eq!(holdings(&mut env, &f, 0).await, (600 * USDC, 100 * USDC, 0));
    assert_code(
        withdraw(&mut env, &f, 1, 100 * USDC).await,
        code(PepfundError::TokensLocked),
    );
}

// --- delegation --------------------------------------------------------------------

#[tokio::test]
async fn given_a_delegate_when_it_withdraws_with_its_own_record_then_account_not_initialized_and_nothing_moves(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC]).await;
    deposit(&mut env, &f, 0, 200 * USDC).await;
    let delegate = env.user().await;
    let owner = f.backers[0].insecure_clone();
    let ix = ixs::holder_set_delegate(&f.campaign, &owner.pubkey(), &delegate.pubkey());
    env.send(&[ix], &[&owner]).await.expect("set delegate");
    let delegate_tokens = env
        .ata(&delegate.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;

    let ix = ixs::holder_withdraw(&f.campaign, &delegate.pubkey(), 200 * USDC);
    assert_code(
        env.send(&[ix], &[&delegate]).await,
        anchor_code(ErrorCode::AccountNotInitialized),
    );
    assert_eq!(env.balance(&delegate_tokens).await, 0);
    assert_eq!(
        holdings(&mut env, &f, 0).await,
        (400 * USDC, 200 * USDC, 200 * USDC)
    );
}

#[tokio::test]
async fn given_a_delegate_when_it_withdraws_with_the_holders_record_then_constraint_seeds_and_nothing_moves(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC]).await;
    deposit(&mut env, &f, 0, 200 * USDC).await;
    let delegate = env.user().await;
    let owner = f.backers[0].insecure_clone();
    let ix = ixs::holder_set_delegate(&f.campaign, &owner.pubkey(), &delegate.pubkey());
    env.send(&[ix], &[&owner]).await.expect("set delegate");
    let delegate_tokens = env
        .ata(&delegate.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;

    let ix = ixs::holder_withdraw(&f.campaign, &delegate.pubkey(), 200 * USDC);
    let ix = swap_account(
        ix,
        &ixs::holder_pda(&f.campaign, &delegate.pubkey()),
        &ixs::holder_pda(&f.campaign, &owner.pubkey()),
    );
    assert_code(
        env.send(&[ix.clone()], &[&delegate]).await,
        anchor_code(ErrorCode::ConstraintSeeds),
    );
    // Paying into the holder's own wallet does not help either.
    let ix = swap_account(ix, &delegate_tokens, &f.backer_tokens(0));
    assert_code(
        env.send(&[ix], &[&delegate]).await,
        anchor_code(ErrorCode::ConstraintSeeds),
    );
    assert_eq!(env.balance(&delegate_tokens).await, 0);
    assert_eq!(
        holdings(&mut env, &f, 0).await,
        (400 * USDC, 200 * USDC, 200 * USDC)
    );
}

#[tokio::test]
async fn given_a_delegate_when_set_and_revoked_then_the_record_stores_it_and_a_deposit_keeps_it() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC]).await;
    let owner = f.backers[0].insecure_clone();
    let delegate = Pubkey::new_unique();
    // Set before any deposit: creates the record with no deposit.
    let ix = ixs::holder_set_delegate(&f.campaign, &owner.pubkey(), &delegate);
    env.send(&[ix], &[&owner]).await.expect("set delegate");
    let r = record(&mut env, &f, &owner.pubkey()).await;
    assert_eq!(
        (r.owner, r.delegate, r.deposited, r.campaign),
        (owner.pubkey(), delegate, 0, f.campaign)
    );

    deposit(&mut env, &f, 0, 100 * USDC).await;
    let r = record(&mut env, &f, &owner.pubkey()).await;
    assert_eq!((r.delegate, r.deposited), (delegate, 100 * USDC));

    let ix = ixs::holder_set_delegate(&f.campaign, &owner.pubkey(), &Pubkey::default());
    env.send(&[ix], &[&owner]).await.expect("revoke");
    let r = record(&mut env, &f, &owner.pubkey()).await;
    assert_eq!((r.delegate, r.deposited), (Pubkey::default(), 100 * USDC));
    assert_eq!(
        holdings(&mut env, &f, 0).await,
        (500 * USDC, 100 * USDC, 100 * USDC)
    );
}

#[tokio::test]
async fn given_a_delegate_when_it_flags_then_the_holders_deposit_is_the_weight_and_is_locked() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC, 400 * USDC]).await;
    deposit(&mut env, &f, 0, 150 * USDC).await;
    let owner = f.backers[0].pubkey();
    let relayer = env.user().await;
    let ix = ixs::holder_set_delegate(&f.campaign, &owner, &relayer.pubkey());
    env.send(&[ix], &[&f.backers[0]])
        .await
        .expect("set delegate");
    let attempt = submit(&mut env, &f, 0).await;
    let ix = ixs::flag_submit(
        &f.campaign,
        &owner,
        &relayer.pubkey(),
        &relayer.pubkey(),
        0,
        attempt,
    );
    env.send(&[ix], &[&relayer]).await.expect("delegate flags");
    let milestone = env.campaign(&f.campaign).await.milestones[0].clone();
    assert_eq!(
        (milestone.flag_weight, milestone.flag_count),
        (150 * USDC, 1)
    );
    let flag: FlagRecord = env
        .fetch(&ixs::flag_pda(&f.campaign, 0, attempt, &owner))
        .await;
    assert_eq!((flag.owner, flag.weight), (owner, 150 * USDC));
    assert_eq!(
        record(&mut env, &f, &owner).await.locked_until,
        milestone.window_end
    );
    assert_code(
        withdraw(&mut env, &f, 0, 1).await,
        code(PepfundError::TokensLocked),
    );
}

#[tokio::test]
async fn given_a_revoked_delegate_when_it_flags_then_not_holder_or_delegate() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC, 400 * USDC]).await;
    deposit(&mut env, &f, 0, 150 * USDC).await;
    let owner = f.backers[0].pubkey();
    let relayer = env.user().await;
    let ix = ixs::holder_set_delegate(&f.campaign, &owner, &relayer.pubkey());
    env.send(&[ix], &[&f.backers[0]])
        .await
        .expect("set delegate");
    let ix = ixs::holder_set_delegate(&f.campaign, &owner, &Pubkey::default());
    env.send(&[ix], &[&f.backers[0]]).await.expect("revoke");
    let attempt = submit(&mut env, &f, 0).await;
    let ix = ixs::flag_submit(
        &f.campaign,
        &owner,
        &relayer.pubkey(),
        &relayer.pubkey(),
        0,
        attempt,
    );
    assert_code(
        env.send(&[ix], &[&relayer]).await,
        code(PepfundError::NotHolderOrDelegate),
    );
    let milestone = env.campaign(&f.campaign).await.milestones[0].clone();
    assert_eq!((milestone.flag_weight, milestone.flag_count), (0, 0));
    assert!(env
        .account(&ixs::flag_pda(&f.campaign, 0, attempt, &owner))
        .await
        .is_none());
    assert_eq!(record(&mut env, &f, &owner).await.locked_until, 0);
}

#[tokio::test]
async fn given_a_stranger_when_it_flags_for_a_holder_without_delegation_then_not_holder_or_delegate(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC, 400 * USDC]).await;
    deposit(&mut env, &f, 0, 150 * USDC).await;
    let owner = f.backers[0].pubkey();
    let stranger = env.user().await;
    let attempt = submit(&mut env, &f, 0).await;
    let ix = ixs::flag_submit(
        &f.campaign,
        &owner,
        &stranger.pubkey(),
        &stranger.pubkey(),
        0,
        attempt,
    );
    assert_code(
        env.send(&[ix], &[&stranger]).await,
        code(PepfundError::NotHolderOrDelegate),
    );
    assert_eq!(env.campaign(&f.campaign).await.milestones[0].flag_weight, 0);
}

#[tokio::test]
async fn given_another_key_when_it_sets_a_delegate_on_a_holders_record_then_constraint_seeds() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let owner = f.backers[0].pubkey();
    let mallory = env.user().await;
    let ix = ixs::holder_set_delegate(&f.campaign, &mallory.pubkey(), &mallory.pubkey());
    let ix = swap_account(
        ix,
        &ixs::holder_pda(&f.campaign, &mallory.pubkey()),
        &ixs::holder_pda(&f.campaign, &owner),
    );
    assert_code(
        env.send(&[ix], &[&mallory]).await,
        anchor_code(ErrorCode::ConstraintSeeds),
    );
    assert_eq!(
        record(&mut env, &f, &owner).await.delegate,
        Pubkey::default()
    );
}

// --- campaign states and mints -----------------------------------------------------

#[tokio::test]
async fn given_a_failed_campaign_when_depositing_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let mut f = fundraising(&mut env, &SHARES, 1_000 * USDC).await;
    add_backer(&mut env, &mut f, 100 * USDC).await;
    let deadline = env.campaign(&f.campaign).await.deadline;
    env.set_time(deadline).await;
    let ix = ixs::fundraising_close(&f.campaign, &f.researcher.pubkey());
    env.send(&[ix], &[&f.researcher]).await.expect("close");
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Failed
    );
    assert_code(
        try_deposit(&mut env, &f, 0, 10 * USDC).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(holdings(&mut env, &f, 0).await, (100 * USDC, 0, 0));
}

#[tokio::test]
async fn given_a_draft_campaign_when_depositing_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &SHARES, 1_000 * USDC).await;
    let user = env.user().await;
    env.ata(&user.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;
    let ix = ixs::holder_deposit(&f.campaign, &user.pubkey(), 1);
    assert_code(
        env.send(&[ix], &[&user]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert!(env
        .account(&ixs::holder_pda(&f.campaign, &user.pubkey()))
        .await
        .is_none());
}

#[tokio::test]
async fn given_a_completed_campaign_when_depositing_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC]).await;
    for index in 0..3u8 {
        submit(&mut env, &f, index).await;
        let left = window_left(&mut env, &f, index).await;
        env.advance(left).await;
        finalize(&mut env, &f, index).await.expect("finalize");
    }
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Completed
    );
    assert_code(
        try_deposit(&mut env, &f, 0, 10 * USDC).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(holdings(&mut env, &f, 0).await, (600 * USDC, 0, 0));
}

#[tokio::test]
async fn given_a_deposit_made_while_fundraising_when_the_raise_fails_then_withdraw_and_refund_1_to_1(
) {
    let mut env = Env::new().await;
    let mut f = fundraising(&mut env, &SHARES, 1_000 * USDC).await;
    add_backer(&mut env, &mut f, 300 * USDC).await;
    deposit(&mut env, &f, 0, 300 * USDC).await;
    assert_eq!(holdings(&mut env, &f, 0).await, (0, 300 * USDC, 300 * USDC));
    let deadline = env.campaign(&f.campaign).await.deadline;
    env.set_time(deadline).await;
    let ix = ixs::fundraising_close(&f.campaign, &f.researcher.pubkey());
    env.send(&[ix], &[&f.researcher]).await.expect("close");
    // Deposited tokens cannot be refunded from the deposit vault...
    let backer = f.backers[0].insecure_clone();
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 300 * USDC);
    assert_code(
        env.send(&[ix.clone()], &[&backer]).await,
        code(PepfundError::NothingToRefund),
    );
    // ...the holder takes them back and then refunds.
    withdraw(&mut env, &f, 0, 300 * USDC)
        .await
        .expect("withdraw after failure");
    env.send(&[ix], &[&backer]).await.expect("refund");
    assert_eq!(env.balance(&f.backer_usdc(&env, 0)).await, 300 * USDC);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 0);
    assert_eq!(holdings(&mut env, &f, 0).await, (0, 0, 0));
}

#[tokio::test]
async fn given_allocation_tokens_when_deposited_then_constraint_token_mint_and_nothing_moves() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[1_000 * USDC]).await;
    let researcher = f.researcher.insecure_clone();
    let alloc = env
        .ata(&researcher.pubkey(), &ixs::allocation_mint(&f.campaign))
        .await;
    let ix = ixs::allocation_claim(&f.campaign, &alloc, false);
    env.send(&[ix], &[]).await.expect("claim allocation");
    assert_eq!(env.balance(&alloc).await, 50 * USDC);

    let researcher_backer_tokens =
        get_associated_token_address(&researcher.pubkey(), &ixs::backer_mint(&f.campaign));
    let ix = ixs::holder_deposit(&f.campaign, &researcher.pubkey(), 50 * USDC);
    let ix = swap_account(ix, &researcher_backer_tokens, &alloc);
    assert_code(
        env.send(&[ix], &[&researcher]).await,
        anchor_code(ErrorCode::ConstraintTokenMint),
    );
    assert_eq!(env.balance(&alloc).await, 50 * USDC);
    assert_eq!(env.balance(&ixs::deposits(&f.campaign)).await, 0);
    assert!(env
        .account(&ixs::holder_pda(&f.campaign, &researcher.pubkey()))
        .await
        .is_none());
}
