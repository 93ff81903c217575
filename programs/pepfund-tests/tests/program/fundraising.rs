//! Tests: contributions, closing the raise, refunds of a failed raise, allocations, and
//! amounts near u64::MAX.

use crate::env::*;
use crate::ixs;
use crate::scenario::*;
use anchor_lang::error::ErrorCode;
use anchor_spl::associated_token::get_associated_token_address;
use pepfund::errors::PepfundError;
use pepfund::state::*;
use solana_sdk::{
    pubkey::Pubkey,
    signature::{Keypair, Signer},
};

const SHARES: [u16; 3] = [4_000, 3_000, 3_000];
const GOAL: u64 = 1_000 * USDC;

/// A wallet with `usdc` USDC and an (empty) backer-token account of the campaign.
async fn wallet(env: &mut Env, campaign: &Pubkey, usdc: u64) -> Keypair {
    let user = env.user().await;
    env.fund_usdc(&user.pubkey(), usdc).await;
    env.ata(&user.pubkey(), &ixs::backer_mint(campaign)).await;
    user
}

fn usdc_of(env: &Env, owner: &Pubkey) -> Pubkey {
    get_associated_token_address(owner, &env.usdc_mint)
}

fn tokens_of(campaign: &Pubkey, owner: &Pubkey) -> Pubkey {
    get_associated_token_address(owner, &ixs::backer_mint(campaign))
}

/// Balances a contribution touches: (backer USDC, vault, backer tokens, backer supply, raised).
async fn snapshot(env: &mut Env, campaign: &Pubkey, backer: &Pubkey) -> (u64, u64, u64, u64, u64) {
    let usdc = usdc_of(env, backer);
    (
        env.balance(&usdc).await,
        env.balance(&ixs::vault(campaign)).await,
        env.balance(&tokens_of(campaign, backer)).await,
        env.mint_supply(&ixs::backer_mint(campaign)).await,
        env.campaign(campaign).await.raised,
    )
}

/// A failed raise: `contributions` (below the goal) by one backer each, deadline passed,
/// closed by a stranger.
async fn failed(env: &mut Env, contributions: &[u64]) -> Fixture {
    let mut f = fundraising(env, &SHARES, GOAL).await;
    for amount in contributions {
        add_backer(env, &mut f, *amount).await;
    }
    let deadline = env.campaign(&f.campaign).await.deadline;
    env.set_time(deadline).await;
    let stranger = env.user().await;
    let ix = ixs::fundraising_close(&f.campaign, &stranger.pubkey());
    env.send(&[ix], &[&stranger]).await.expect("close");
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Failed
    );
    f
}

/// Releases every milestone of an active campaign without flags.
async fn complete(env: &mut Env, f: &Fixture) {
    let count = env.campaign(&f.campaign).await.milestones.len();
    for index in 0..count as u8 {
        submit(env, f, index).await;
        let left = window_left(env, f, index).await;
        env.advance(left).await;
        finalize(env, f, index).await.expect("finalize");
    }
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Completed
    );
}

// --- contribute --------------------------------------------------------------------

#[tokio::test]
async fn given_fundraising_when_a_backer_contributes_then_usdc_enters_the_vault_and_tokens_are_minted_1_to_1(
) {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &SHARES, GOAL).await;
    let backer = wallet(&mut env, &f.campaign, 300 * USDC).await;
    let ix = ixs::contribute(&env, &f.campaign, &backer.pubkey(), 120 * USDC + 1);
    env.send(&[ix], &[&backer]).await.expect("contribute");
    assert_eq!(
        snapshot(&mut env, &f.campaign, &backer.pubkey()).await,
        (
            180 * USDC - 1,
            120 * USDC + 1,
            120 * USDC + 1,
            120 * USDC + 1,
            120 * USDC + 1
        )
    );
    let ix = ixs::contribute(&env, &f.campaign, &backer.pubkey(), 180 * USDC - 1);
    env.send(&[ix], &[&backer])
        .await
        .expect("contribute the rest");
    assert_eq!(
        snapshot(&mut env, &f.campaign, &backer.pubkey()).await,
        (0, 300 * USDC, 300 * USDC, 300 * USDC, 300 * USDC)
    );
    // Allocation tokens are not minted by contributions.
    assert_eq!(env.mint_supply(&ixs::allocation_mint(&f.campaign)).await, 0);
}

#[tokio::test]
async fn given_fundraising_when_contributing_more_than_the_wallet_holds_then_refused_and_nothing_moves(
) {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &SHARES, GOAL).await;
    let backer = wallet(&mut env, &f.campaign, 10 * USDC).await;
    let before = snapshot(&mut env, &f.campaign, &backer.pubkey()).await;
    let ix = ixs::contribute(&env, &f.campaign, &backer.pubkey(), 10 * USDC + 1);
    // SPL Token's InsufficientFunds (1) inside the transfer CPI.
    let failed = env
        .send(&[ix], &[&backer])
        .await
        .expect_err("not enough USDC");
    assert_eq!(failed.code(), Some(1), "{:?}", failed);
    assert_eq!(
        snapshot(&mut env, &f.campaign, &backer.pubkey()).await,
        before
    );
}

#[tokio::test]
async fn given_fundraising_when_contributing_zero_then_amount_zero_and_nothing_moves() {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &SHARES, GOAL).await;
    let backer = wallet(&mut env, &f.campaign, 10 * USDC).await;
    let before = snapshot(&mut env, &f.campaign, &backer.pubkey()).await;
    let ix = ixs::contribute(&env, &f.campaign, &backer.pubkey(), 0);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::AmountZero),
    );
    assert_eq!(
        snapshot(&mut env, &f.campaign, &backer.pubkey()).await,
        before
    );
}

#[tokio::test]
async fn given_one_second_before_the_deadline_when_contributing_then_accepted() {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &SHARES, GOAL).await;
    let backer = wallet(&mut env, &f.campaign, 10 * USDC).await;
    let deadline = env.campaign(&f.campaign).await.deadline;
    env.set_time(deadline - 1).await;
    let ix = ixs::contribute(&env, &f.campaign, &backer.pubkey(), 10 * USDC);
    env.send(&[ix], &[&backer])
        .await
        .expect("contribute at deadline - 1");
    assert_eq!(
        snapshot(&mut env, &f.campaign, &backer.pubkey()).await,
        (0, 10 * USDC, 10 * USDC, 10 * USDC, 10 * USDC)
    );
}

#[tokio::test]
async fn given_the_exact_deadline_when_contributing_then_fundraising_ended_and_nothing_moves() {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &SHARES, GOAL).await;
    let backer = wallet(&mut env, &f.campaign, 10 * USDC).await;
    let deadline = env.campaign(&f.campaign).await.deadline;
    env.set_time(deadline).await;
    let ix = ixs::contribute(&env, &f.campaign, &backer.pubkey(), 10 * USDC);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::FundraisingEnded),
    );
    assert_eq!(
        snapshot(&mut env, &f.campaign, &backer.pubkey()).await,
        (10 * USDC, 0, 0, 0, 0)
    );
}

#[tokio::test]
async fn given_a_draft_or_pending_review_when_contributing_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &SHARES, GOAL).await;
    let backer = wallet(&mut env, &f.campaign, 10 * USDC).await;
    let ix = ixs::contribute(&env, &f.campaign, &backer.pubkey(), 10 * USDC);
    assert_code(
        env.send(&[ix.clone()], &[&backer]).await,
        code(PepfundError::InvalidCampaignState),
    );
    let submit = ixs::campaign_submit_for_review(&f.campaign, &f.researcher.pubkey());
    env.send(&[submit], &[&f.researcher])
        .await
        .expect("submit for review");
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(
        snapshot(&mut env, &f.campaign, &backer.pubkey()).await,
        (10 * USDC, 0, 0, 0, 0)
    );
}

#[tokio::test]
async fn given_a_usdc_account_of_another_mint_when_contributing_then_constraint_token_mint() {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &SHARES, GOAL).await;
    let backer = wallet(&mut env, &f.campaign, 10 * USDC).await;
    let fake_authority = Keypair::new();
    let fake_mint = env.create_mint(&fake_authority.pubkey(), 6).await;
    let fake_usdc = env.ata(&backer.pubkey(), &fake_mint).await;
    let mint_ix = anchor_spl::token::spl_token::instruction::mint_to(
        &anchor_spl::token::spl_token::ID,
        &fake_mint,
        &fake_usdc,
        &fake_authority.pubkey(),
        &[],
        1_000 * USDC,
    )
    .unwrap();
    env.send(&[mint_ix], &[&fake_authority])
        .await
        .expect("mint fake usdc");

    let ix = ixs::contribute(&env, &f.campaign, &backer.pubkey(), 100 * USDC);
    let ix = swap_account(ix, &usdc_of(&env, &backer.pubkey()), &fake_usdc);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        anchor_code(ErrorCode::ConstraintTokenMint),
    );
    assert_eq!(env.balance(&fake_usdc).await, 1_000 * USDC);
    assert_eq!(
        snapshot(&mut env, &f.campaign, &backer.pubkey()).await,
        (10 * USDC, 0, 0, 0, 0)
    );
}

#[tokio::test]
async fn given_someone_elses_usdc_account_when_contributing_then_constraint_token_owner() {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &SHARES, GOAL).await;
    let victim = wallet(&mut env, &f.campaign, 50 * USDC).await;
    let thief = wallet(&mut env, &f.campaign, 0).await;
    let ix = ixs::contribute(&env, &f.campaign, &thief.pubkey(), 50 * USDC);
    let ix = swap_account(
        ix,
        &usdc_of(&env, &thief.pubkey()),
        &usdc_of(&env, &victim.pubkey()),
    );
    assert_code(
        env.send(&[ix], &[&thief]).await,
        anchor_code(ErrorCode::ConstraintTokenOwner),
    );
    assert_eq!(
        env.balance(&usdc_of(&env, &victim.pubkey())).await,
        50 * USDC
    );
    assert_eq!(
        env.balance(&tokens_of(&f.campaign, &thief.pubkey())).await,
        0
    );
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 0);
}

#[tokio::test]
async fn given_allocation_tokens_as_the_receiving_account_when_contributing_then_constraint_token_mint(
) {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &SHARES, GOAL).await;
    let backer = wallet(&mut env, &f.campaign, 10 * USDC).await;
    let alloc = env
        .ata(&backer.pubkey(), &ixs::allocation_mint(&f.campaign))
        .await;
    let ix = ixs::contribute(&env, &f.campaign, &backer.pubkey(), 10 * USDC);
    let ix = swap_account(ix, &tokens_of(&f.campaign, &backer.pubkey()), &alloc);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        anchor_code(ErrorCode::ConstraintTokenMint),
    );
    assert_eq!(
        env.balance(&usdc_of(&env, &backer.pubkey())).await,
        10 * USDC
    );
    assert_eq!(env.balance(&alloc).await, 0);
}

// --- closing the raise -------------------------------------------------------------

#[tokio::test]
async fn given_goal_met_before_the_deadline_when_a_non_researcher_closes_then_fundraising_open() {
    let mut env = Env::new().await;
    let mut f = fundraising(&mut env, &SHARES, GOAL).await;
    add_backer(&mut env, &mut f, GOAL).await;
    let backer = f.backers[0].insecure_clone();
    let ix = ixs::fundraising_close(&f.campaign, &backer.pubkey());
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::FundraisingOpen),
    );
    let deadline = env.campaign(&f.campaign).await.deadline;
    env.set_time(deadline - 1).await;
    let ix = ixs::fundraising_close(&f.campaign, &backer.pubkey());
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::FundraisingOpen),
    );
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.status, CampaignStatus::Fundraising);
    assert_eq!(campaign.researcher_allocation, 0);
}

#[tokio::test]
async fn given_goal_missed_by_one_unit_when_the_researcher_closes_early_then_fundraising_open() {
    let mut env = Env::new().await;
    let mut f = fundraising(&mut env, &SHARES, GOAL).await;
    add_backer(&mut env, &mut f, GOAL - 1).await;
    let researcher = f.researcher.insecure_clone();
    let ix = ixs::fundraising_close(&f.campaign, &researcher.pubkey());
    assert_code(
        env.send(&[ix], &[&researcher]).await,
        code(PepfundError::FundraisingOpen),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Fundraising
    );

    // One more base unit meets the goal exactly: the researcher may close now.
    add_backer(&mut env, &mut f, 1).await;
    let ix = ixs::fundraising_close(&f.campaign, &researcher.pubkey());
    env.send(&[ix], &[&researcher])
        .await
        .expect("goal met exactly");
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Active
    );
}

#[tokio::test]
async fn given_goal_met_at_the_deadline_when_anyone_closes_then_active_with_5_and_2_percent_allocations(
) {
    let mut env = Env::new().await;
    // A goal of 1,000.000039 USDC makes the allocations round.
    let mut f = fundraising(&mut env, &SHARES, GOAL + 39).await;
    add_backer(&mut env, &mut f, 600 * USDC).await;
    add_backer(&mut env, &mut f, 400 * USDC + 39).await;
    let deadline = env.campaign(&f.campaign).await.deadline;
    env.set_time(deadline).await;
    let stranger = env.user().await;
    let ix = ixs::fundraising_close(&f.campaign, &stranger.pubkey());
    env.send(&[ix], &[&stranger])
        .await
        .expect("close at deadline");
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.status, CampaignStatus::Active);
    assert_eq!(campaign.raised, 1_000 * USDC + 39);
    // 5% and 2% of 1,000,000,039 base units, rounded down.
    assert_eq!(campaign.researcher_allocation, 50 * USDC + 1);
    assert_eq!(campaign.protocol_allocation, 20 * USDC);
    assert_eq!(
        env.balance(&ixs::vault(&f.campaign)).await,
        1_000 * USDC + 39
    );

    let ix = ixs::fundraising_close(&f.campaign, &stranger.pubkey());
    assert_code(
        env.send(&[ix], &[&stranger]).await,
        code(PepfundError::InvalidCampaignState),
    );
}

#[tokio::test]
async fn given_goal_missed_when_closed_at_the_deadline_then_failed_and_every_backer_refunds_1_to_1()
{
    let mut env = Env::new().await;
    let contributions = [300 * USDC, 200 * USDC + 7, 1];
    let f = failed(&mut env, &contributions).await;
    let vault = ixs::vault(&f.campaign);
    assert_eq!(env.balance(&vault).await, 500 * USDC + 8);
    for (i, amount) in contributions.iter().enumerate() {
        let backer = f.backers[i].insecure_clone();
        assert_eq!(env.balance(&f.backer_usdc(&env, i)).await, 0);
        let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), *amount);
        env.send(&[ix], &[&backer]).await.expect("refund");
        assert_eq!(env.balance(&f.backer_usdc(&env, i)).await, *amount);
        assert_eq!(env.balance(&f.backer_tokens(i)).await, 0);
    }
    assert_eq!(env.balance(&vault).await, 0);
    assert_eq!(env.mint_supply(&ixs::backer_mint(&f.campaign)).await, 0);
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.refunded, 500 * USDC + 8);
    assert_eq!(campaign.status, CampaignStatus::Failed);
}

#[tokio::test]
async fn given_a_failed_raise_when_a_backer_refunds_in_two_parts_then_each_part_pays_1_to_1() {
    let mut env = Env::new().await;
    let f = failed(&mut env, &[300 * USDC]).await;
    let backer = f.backers[0].insecure_clone();
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 100 * USDC);
    env.send(&[ix], &[&backer]).await.expect("first part");
    assert_eq!(env.balance(&f.backer_usdc(&env, 0)).await, 100 * USDC);
    assert_eq!(env.balance(&f.backer_tokens(0)).await, 200 * USDC);
    // More tokens than are left: refused, nothing moves.
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 200 * USDC + 1);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::NothingToRefund),
    );
    assert_eq!(env.balance(&f.backer_usdc(&env, 0)).await, 100 * USDC);
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 200 * USDC);
    env.send(&[ix], &[&backer]).await.expect("second part");
    assert_eq!(env.balance(&f.backer_usdc(&env, 0)).await, 300 * USDC);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 0);
}

#[tokio::test]
async fn given_a_refunded_backer_when_refunding_again_then_nothing_to_refund_and_no_usdc_moves() {
    let mut env = Env::new().await;
    let f = failed(&mut env, &[300 * USDC, 200 * USDC]).await;
    let backer = f.backers[0].insecure_clone();
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 300 * USDC);
    env.send(&[ix.clone()], &[&backer])
        .await
        .expect("first refund");
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::NothingToRefund),
    );
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 1);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::NothingToRefund),
    );
    assert_eq!(env.balance(&f.backer_usdc(&env, 0)).await, 300 * USDC);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 200 * USDC);
    assert_eq!(env.campaign(&f.campaign).await.refunded, 300 * USDC);
}

#[tokio::test]
async fn given_a_failed_raise_when_a_non_backer_refunds_then_nothing_to_refund() {
    let mut env = Env::new().await;
    let f = failed(&mut env, &[300 * USDC]).await;
    let stranger = wallet(&mut env, &f.campaign, 0).await;
    for tokens in [1, 300 * USDC] {
        let ix = ixs::refund_claim(&env, &f.campaign, &stranger.pubkey(), tokens);
        assert_code(
            env.send(&[ix], &[&stranger]).await,
            code(PepfundError::NothingToRefund),
        );
    }
    let ix = ixs::refund_claim(&env, &f.campaign, &stranger.pubkey(), 0);
    assert_code(
        env.send(&[ix], &[&stranger]).await,
        code(PepfundError::NothingToRefund),
    );
    assert_eq!(env.balance(&usdc_of(&env, &stranger.pubkey())).await, 0);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 300 * USDC);
}

#[tokio::test]
async fn given_a_failed_raise_when_refunding_into_someone_elses_usdc_account_then_invalid_destination(
) {
    let mut env = Env::new().await;
    let f = failed(&mut env, &[300 * USDC]).await;
    let backer = f.backers[0].insecure_clone();
    let other = env.user().await;
    let other_usdc = env.fund_usdc(&other.pubkey(), 0).await;
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 300 * USDC);
    let ix = swap_account(ix, &f.backer_usdc(&env, 0), &other_usdc);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::InvalidDestination),
    );
    assert_eq!(env.balance(&other_usdc).await, 0);
    assert_eq!(env.balance(&f.backer_tokens(0)).await, 300 * USDC);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 300 * USDC);
}

#[tokio::test]
async fn given_a_failed_raise_when_refunding_into_a_non_usdc_account_then_invalid_destination() {
    let mut env = Env::new().await;
    let f = failed(&mut env, &[300 * USDC]).await;
    let backer = f.backers[0].insecure_clone();
    // The backer's own allocation-mint account: right owner, wrong mint.
    let wrong_mint = env
        .ata(&backer.pubkey(), &ixs::allocation_mint(&f.campaign))
        .await;
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 300 * USDC);
    let ix = swap_account(ix, &f.backer_usdc(&env, 0), &wrong_mint);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::InvalidDestination),
    );
    assert_eq!(env.balance(&f.backer_tokens(0)).await, 300 * USDC);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 300 * USDC);
}

#[tokio::test]
async fn given_a_failed_raise_when_refunding_with_the_vault_as_destination_then_duplicate_account()
{
    let mut env = Env::new().await;
    let f = failed(&mut env, &[300 * USDC]).await;
    let backer = f.backers[0].insecure_clone();
    let vault = ixs::vault(&f.campaign);
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 300 * USDC);
    let ix = swap_account(ix, &f.backer_usdc(&env, 0), &vault);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::DuplicateAccount),
    );
    assert_eq!(env.balance(&vault).await, 300 * USDC);
    assert_eq!(env.balance(&f.backer_tokens(0)).await, 300 * USDC);
    assert_eq!(env.campaign(&f.campaign).await.refunded, 0);
}

#[tokio::test]
async fn given_an_active_campaign_when_a_backer_refunds_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[GOAL]).await;
    let backer = f.backers[0].insecure_clone();
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), GOAL);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(env.balance(&f.backer_tokens(0)).await, GOAL);
    assert_eq!(env.balance(&f.backer_usdc(&env, 0)).await, 0);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, GOAL);
}

#[tokio::test]
async fn given_a_fundraising_campaign_when_a_backer_refunds_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let mut f = fundraising(&mut env, &SHARES, GOAL).await;
    add_backer(&mut env, &mut f, 100 * USDC).await;
    let backer = f.backers[0].insecure_clone();
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 100 * USDC);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 100 * USDC);
    assert_eq!(env.balance(&f.backer_tokens(0)).await, 100 * USDC);
}

#[tokio::test]
async fn given_a_completed_campaign_when_a_backer_refunds_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[GOAL]).await;
    complete(&mut env, &f).await;
    let backer = f.backers[0].insecure_clone();
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), GOAL);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(env.balance(&f.backer_tokens(0)).await, GOAL);
    assert_eq!(env.balance(&f.backer_usdc(&env, 0)).await, 0);
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, GOAL);
}

#[tokio::test]
async fn given_a_review_window_open_when_someone_contributes_then_invalid_campaign_state_and_snapshot_unchanged(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[GOAL]).await;
    submit(&mut env, &f, 0).await;
    let before = env.campaign(&f.campaign).await.milestones[0].clone();
    assert_eq!(before.backer_supply_snapshot, GOAL);
    let latecomer = wallet(&mut env, &f.campaign, 10_000 * USDC).await;
    let ix = ixs::contribute(&env, &f.campaign, &latecomer.pubkey(), 10_000 * USDC);
    assert_code(
        env.send(&[ix], &[&latecomer]).await,
        code(PepfundError::InvalidCampaignState),
    );
    let after = env.campaign(&f.campaign).await;
    assert_eq!(after.milestones[0], before);
    assert_eq!(after.raised, GOAL);
    assert_eq!(env.mint_supply(&ixs::backer_mint(&f.campaign)).await, GOAL);
    assert_eq!(
        env.balance(&usdc_of(&env, &latecomer.pubkey())).await,
        10_000 * USDC
    );
}

// --- allocations -------------------------------------------------------------------

async fn allocation_accounts(env: &mut Env, f: &Fixture) -> (Pubkey, Pubkey) {
    let mint = ixs::allocation_mint(&f.campaign);
    let researcher = env.ata(&f.researcher.pubkey(), &mint).await;
    let treasury = env.treasury_key();
    let treasury = env.ata(&treasury, &mint).await;
    (researcher, treasury)
}

#[tokio::test]
async fn given_an_active_campaign_when_allocations_are_claimed_then_5_percent_to_researcher_and_2_to_treasury(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[600 * USDC, 400 * USDC]).await;
    let (researcher_alloc, treasury_alloc) = allocation_accounts(&mut env, &f).await;
    // Permissionless: sent by the test payer, neither researcher nor treasury signs.
    let ix = ixs::allocation_claim(&f.campaign, &researcher_alloc, false);
    env.send(&[ix], &[]).await.expect("researcher allocation");
    let ix = ixs::allocation_claim(&f.campaign, &treasury_alloc, true);
    env.send(&[ix], &[]).await.expect("protocol allocation");
    assert_eq!(env.balance(&researcher_alloc).await, 50 * USDC);
    assert_eq!(env.balance(&treasury_alloc).await, 20 * USDC);
    assert_eq!(
        env.mint_supply(&ixs::allocation_mint(&f.campaign)).await,
        70 * USDC
    );
    // Never backer tokens: the backer supply (the quorum base) is untouched.
    assert_eq!(env.mint_supply(&ixs::backer_mint(&f.campaign)).await, GOAL);
    let campaign = env.campaign(&f.campaign).await;
    assert!(campaign.researcher_allocation_claimed && campaign.protocol_allocation_claimed);
}

#[tokio::test]
async fn given_claimed_allocations_when_claimed_again_then_allocation_claimed_and_no_tokens_minted()
{
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[GOAL]).await;
    let (researcher_alloc, treasury_alloc) = allocation_accounts(&mut env, &f).await;
    for (recipient, protocol) in [(researcher_alloc, false), (treasury_alloc, true)] {
        let ix = ixs::allocation_claim(&f.campaign, &recipient, protocol);
        env.send(&[ix.clone()], &[]).await.expect("first claim");
        assert_code(
            env.send(&[ix], &[]).await,
            code(PepfundError::AllocationClaimed),
        );
    }
    assert_eq!(env.balance(&researcher_alloc).await, 50 * USDC);
    assert_eq!(env.balance(&treasury_alloc).await, 20 * USDC);
    assert_eq!(
        env.mint_supply(&ixs::allocation_mint(&f.campaign)).await,
        70 * USDC
    );
}

#[tokio::test]
async fn given_an_active_campaign_when_an_allocation_is_claimed_to_a_wrong_recipient_then_invalid_destination(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[GOAL]).await;
    let (researcher_alloc, treasury_alloc) = allocation_accounts(&mut env, &f).await;
    let mallory = env.user().await;
    let mallory_alloc = env
        .ata(&mallory.pubkey(), &ixs::allocation_mint(&f.campaign))
        .await;
    for protocol in [false, true] {
        let ix = ixs::allocation_claim(&f.campaign, &mallory_alloc, protocol);
        assert_code(
            env.send(&[ix], &[]).await,
            code(PepfundError::InvalidDestination),
        );
    }
    // Each allocation to the other's account is refused too.
    let ix = ixs::allocation_claim(&f.campaign, &treasury_alloc, false);
    assert_code(
        env.send(&[ix], &[]).await,
        code(PepfundError::InvalidDestination),
    );
    let ix = ixs::allocation_claim(&f.campaign, &researcher_alloc, true);
    assert_code(
        env.send(&[ix], &[]).await,
        code(PepfundError::InvalidDestination),
    );
    assert_eq!(env.mint_supply(&ixs::allocation_mint(&f.campaign)).await, 0);
    let campaign = env.campaign(&f.campaign).await;
    assert!(!campaign.researcher_allocation_claimed && !campaign.protocol_allocation_claimed);
}

#[tokio::test]
async fn given_a_backer_token_account_when_an_allocation_is_claimed_into_it_then_constraint_token_mint(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[GOAL]).await;
    let researcher_backer_tokens = env
        .ata(&f.researcher.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;
    let ix = ixs::allocation_claim(&f.campaign, &researcher_backer_tokens, false);
    assert_code(
        env.send(&[ix], &[]).await,
        anchor_code(ErrorCode::ConstraintTokenMint),
    );
    assert_eq!(env.balance(&researcher_backer_tokens).await, 0);
    assert_eq!(env.mint_supply(&ixs::backer_mint(&f.campaign)).await, GOAL);
}

#[tokio::test]
async fn given_a_failed_or_fundraising_campaign_when_allocations_are_claimed_then_invalid_campaign_state(
) {
    let mut env = Env::new().await;
    let f = failed(&mut env, &[100 * USDC]).await;
    let (researcher_alloc, treasury_alloc) = allocation_accounts(&mut env, &f).await;
    let ix = ixs::allocation_claim(&f.campaign, &researcher_alloc, false);
    assert_code(
        env.send(&[ix], &[]).await,
        code(PepfundError::InvalidCampaignState),
    );
    let ix = ixs::allocation_claim(&f.campaign, &treasury_alloc, true);
    assert_code(
        env.send(&[ix], &[]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(env.mint_supply(&ixs::allocation_mint(&f.campaign)).await, 0);

    let mut g = fundraising(&mut env, &SHARES, GOAL).await;
    add_backer(&mut env, &mut g, GOAL).await;
    let (researcher_alloc, _) = allocation_accounts(&mut env, &g).await;
    let ix = ixs::allocation_claim(&g.campaign, &researcher_alloc, false);
    assert_code(
        env.send(&[ix], &[]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(env.balance(&researcher_alloc).await, 0);
}

// --- u64::MAX ----------------------------------------------------------------------

#[tokio::test]
async fn given_u64_max_raised_when_every_milestone_is_released_then_tranches_are_exact_without_wraparound(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[u64::MAX]).await;
    let vault = ixs::vault(&f.campaign);
    assert_eq!(env.balance(&vault).await, u64::MAX);
    assert_eq!(env.balance(&f.backer_tokens(0)).await, u64::MAX);
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.raised, u64::MAX);
    assert_eq!(
        campaign.researcher_allocation,
        (u64::MAX as u128 * 500 / 10_000) as u64
    );
    assert_eq!(
        campaign.protocol_allocation,
        (u64::MAX as u128 * 200 / 10_000) as u64
    );

    let first = (u64::MAX as u128 * 4_000 / 10_000) as u64;
    let second = (u64::MAX as u128 * 3_000 / 10_000) as u64;
    let last = u64::MAX - first - second;
    assert_eq!(first, 7_378_697_629_483_820_646);
    assert_eq!(second, 5_534_023_222_112_865_484);
    assert_eq!(last, 5_534_023_222_112_865_485);
    let researcher_usdc = f.researcher_usdc(&env);
    let mut paid = 0u64;
    for (index, expected) in [first, second, last].into_iter().enumerate() {
        submit(&mut env, &f, index as u8).await;
        let left = window_left(&mut env, &f, index as u8).await;
        env.advance(left).await;
        finalize(&mut env, &f, index as u8).await.expect("finalize");
        paid += expected;
        assert_eq!(env.balance(&researcher_usdc).await, paid);
        assert_eq!(env.balance(&vault).await, u64::MAX - paid);
        let campaign = env.campaign(&f.campaign).await;
        assert_eq!(campaign.milestones[index].released_amount, expected);
    }
    assert_eq!(paid, u64::MAX);
    assert_eq!(env.balance(&vault).await, 0);
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.released, u64::MAX);
    assert_eq!(campaign.status, CampaignStatus::Completed);
}

// --- goal cap ------------------------------------------------------------------------

#[tokio::test]
async fn given_a_nearly_full_raise_when_contributing_past_the_goal_then_goal_exceeded_and_the_exact_rest_is_accepted(
) {
    let mut env = Env::new().await;
    let mut f = fundraising(&mut env, &[4_000, 3_000, 3_000], 1_000 * USDC).await;
    add_backer(&mut env, &mut f, 900 * USDC).await;
    let late = env.user().await;
    let late_usdc = env.fund_usdc(&late.pubkey(), 200 * USDC).await;
    env.ata(&late.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;
    let over = ixs::contribute(&env, &f.campaign, &late.pubkey(), 100 * USDC + 1);
    assert_code(
        env.send(&[over], &[&late]).await,
        code(PepfundError::GoalExceeded),
    );
    assert_eq!(env.balance(&late_usdc).await, 200 * USDC);
    let exact = ixs::contribute(&env, &f.campaign, &late.pubkey(), 100 * USDC);
    env.send(&[exact], &[&late])
        .await
        .expect("the rest of the goal");
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000 * USDC);
    assert_eq!(env.campaign(&f.campaign).await.raised, 1_000 * USDC);
}
