//! Tests: stale-campaign reviews (open, support, finalize, cancellation) and the pro-rata
//! refunds of an abandoned campaign.

use crate::env::*;
use crate::ixs;
use crate::scenario::*;
use anchor_spl::associated_token::get_associated_token_address;
use pepfund::errors::PepfundError;
use pepfund::state::*;
use solana_sdk::signature::Signer;

const SHARES: [u16; 3] = [4_000, 3_000, 3_000];
const STALE_AFTER: i64 = 90 * DAY;
const REVIEW: i64 = 7 * DAY;

/// When the current milestone becomes stale: its estimated date + 90 days.
async fn stale_at(env: &mut Env, f: &Fixture) -> i64 {
    let campaign = env.campaign(&f.campaign).await;
    let index = campaign.current_milestone().expect("a milestone left") as usize;
    campaign.milestones[index].estimated_completion + STALE_AFTER
}

/// Backer `i` opens stale review `round`, signing and paying.
/// An active campaign whose backers 0 and 1 deposited 60 and 40 USDC (backer 2, 900 USDC, did
/// not), at the moment it becomes stale; returns the fixture and that time.
async fn overdue_with_two_depositors(env: &mut Env) -> (Fixture, i64) {
    let f = active(env, &SHARES, &[60 * USDC, 40 * USDC, 900 * USDC]).await;
    deposit(env, &f, 0, 60 * USDC).await;
    deposit(env, &f, 1, 40 * USDC).await;
    let at = stale_at(env, &f).await;
    env.set_time(at).await;
    (f, at)
}

async fn open(env: &mut Env, f: &Fixture, i: usize, round: u32) -> SendResult {
    let backer = f.backers[i].insecure_clone();
    let key = backer.pubkey();
    let ix = ixs::stale_open(&f.campaign, &key, &key, &key, round);
    env.send(&[ix], &[&backer]).await
}

async fn support(env: &mut Env, f: &Fixture, i: usize, round: u32) -> SendResult {
    let backer = f.backers[i].insecure_clone();
    let key = backer.pubkey();
    let ix = ixs::stale_support(&f.campaign, &key, &key, &key, round);
    env.send(&[ix], &[&backer]).await
}

async fn stale_finalize(env: &mut Env, f: &Fixture) -> SendResult {
    let ix = ixs::stale_finalize(&f.campaign, &f.researcher.pubkey());
    env.send(&[ix], &[]).await
}

async fn refund(env: &mut Env, f: &Fixture, i: usize, tokens: u64) -> SendResult {
    let backer = f.backers[i].insecure_clone();
    let ix = ixs::refund_claim(env, &f.campaign, &backer.pubkey(), tokens);
    env.send(&[ix], &[&backer]).await
}

async fn withdraw(env: &mut Env, f: &Fixture, i: usize, amount: u64) -> SendResult {
    let backer = f.backers[i].insecure_clone();
    let ix = ixs::holder_withdraw(&f.campaign, &backer.pubkey(), amount);
    env.send(&[ix], &[&backer]).await
}

async fn review(env: &mut Env, f: &Fixture) -> StaleReview {
    env.campaign(&f.campaign).await.stale_review
}

async fn researcher_record(env: &mut Env, f: &Fixture) -> ResearcherRecord {
    env.fetch(&ixs::researcher_pda(&f.researcher.pubkey()))
        .await
}

/// Opens a review by backer `opener` at the stale time, ends it at `ends_at` and finalizes.
async fn abandon(env: &mut Env, f: &Fixture, opener: usize) {
    let at = stale_at(env, f).await;
    env.set_time(at).await;
    open(env, f, opener, 1).await.expect("stale_open");
    env.set_time(at + REVIEW).await;
    stale_finalize(env, f).await.expect("stale_finalize");
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Abandoned
    );
}

// --- opening -----------------------------------------------------------------------

#[tokio::test]
async fn given_one_second_before_90_days_overdue_when_stale_open_then_not_stale() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100 * USDC, 900 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let at = stale_at(&mut env, &f).await;
    env.set_time(at - 1).await;
    assert_code(open(&mut env, &f, 0, 1).await, code(PepfundError::NotStale));
    let r = review(&mut env, &f).await;
    assert!(!r.active);
    assert_eq!((r.round, r.support_weight), (0, 0));
    assert!(env
        .account(&ixs::stale_vote_pda(&f.campaign, 1, &f.backers[0].pubkey()))
        .await
        .is_none());
    let record: HolderRecord = env
        .fetch(&ixs::holder_pda(&f.campaign, &f.backers[0].pubkey()))
        .await;
    assert_eq!(record.locked_until, 0);
}

#[tokio::test]
async fn given_exactly_90_days_overdue_when_stale_open_then_a_7_day_review_opens_with_the_openers_support(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100 * USDC, 900 * USDC]).await;
    deposit(&mut env, &f, 0, 60 * USDC).await;
    let at = stale_at(&mut env, &f).await;
    assert_eq!(
        at,
        env.campaign(&f.campaign).await.milestones[0].estimated_completion + 90 * DAY
    );
    env.set_time(at).await;
    open(&mut env, &f, 0, 1).await.expect("stale_open");
    let r = review(&mut env, &f).await;
    assert!(r.active);
    assert_eq!(r.round, 1);
    assert_eq!(r.milestone_index, 0);
    assert_eq!(r.ends_at, at + REVIEW);
    assert_eq!(r.support_weight, 60 * USDC);
    assert_eq!(r.backer_supply_snapshot, 1_000 * USDC);
    let vote: StaleVote = env
        .fetch(&ixs::stale_vote_pda(&f.campaign, 1, &f.backers[0].pubkey()))
        .await;
    assert_eq!(
        (vote.owner, vote.weight, vote.round),
        (f.backers[0].pubkey(), 60 * USDC, 1)
    );
    let record: HolderRecord = env
        .fetch(&ixs::holder_pda(&f.campaign, &f.backers[0].pubkey()))
        .await;
    assert_eq!(record.locked_until, at + REVIEW);
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Active
    );
}

#[tokio::test]
async fn given_the_current_milestone_in_review_when_stale_open_then_not_stale() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100 * USDC, 900 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let at = stale_at(&mut env, &f).await;
    env.set_time(at).await;
    submit(&mut env, &f, 0).await;
    assert_code(open(&mut env, &f, 0, 1).await, code(PepfundError::NotStale));
    // Still in review after its window ends (nobody finalized): not stale either.
    env.advance(30 * DAY).await;
    assert_code(open(&mut env, &f, 0, 1).await, code(PepfundError::NotStale));
    assert!(!review(&mut env, &f).await.active);
}

#[tokio::test]
async fn given_milestone_1_released_when_milestone_2_is_not_yet_overdue_then_not_stale() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100 * USDC, 900 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    submit(&mut env, &f, 0).await;
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left).await;
    finalize(&mut env, &f, 0)
        .await
        .expect("release milestone 1");
    let campaign = env.campaign(&f.campaign).await;
    let first_stale = campaign.milestones[0].estimated_completion + STALE_AFTER;
    let second_stale = campaign.milestones[1].estimated_completion + STALE_AFTER;
    // Milestone 1's stale date no longer counts: it was released.
    env.set_time(first_stale).await;
    assert_code(open(&mut env, &f, 0, 1).await, code(PepfundError::NotStale));
    env.set_time(second_stale - 1).await;
    assert_code(open(&mut env, &f, 0, 1).await, code(PepfundError::NotStale));
    env.set_time(second_stale).await;
    open(&mut env, &f, 0, 1).await.expect("milestone 2 overdue");
    assert_eq!(review(&mut env, &f).await.milestone_index, 1);
}

#[tokio::test]
async fn given_a_running_review_when_another_holder_opens_one_then_stale_review_open() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100 * USDC, 900 * USDC]).await;
    deposit(&mut env, &f, 0, 50 * USDC).await;
    deposit(&mut env, &f, 1, 900 * USDC).await;
    let at = stale_at(&mut env, &f).await;
    env.set_time(at).await;
    open(&mut env, &f, 0, 1).await.expect("first review");
    for round in [1, 2] {
        assert_code(
            open(&mut env, &f, 1, round).await,
            code(PepfundError::StaleReviewOpen),
        );
    }
    let r = review(&mut env, &f).await;
    assert_eq!(
        (r.round, r.support_weight, r.ends_at),
        (1, 50 * USDC, at + REVIEW)
    );
    let record: HolderRecord = env
        .fetch(&ixs::holder_pda(&f.campaign, &f.backers[1].pubkey()))
        .await;
    assert_eq!(record.locked_until, 0);
}

#[tokio::test]
async fn given_a_holder_without_a_deposit_when_stale_open_then_no_deposit() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100 * USDC, 900 * USDC]).await;
    // A record without a deposit (delegate set), so the account exists.
    let owner = f.backers[0].insecure_clone();
    let ix = ixs::holder_set_delegate(
        &f.campaign,
        &owner.pubkey(),
        &solana_sdk::pubkey::Pubkey::new_unique(),
    );
    env.send(&[ix], &[&owner]).await.expect("record");
    let at = stale_at(&mut env, &f).await;
    env.set_time(at).await;
    assert_code(
        open(&mut env, &f, 0, 1).await,
        code(PepfundError::NoDeposit),
    );
    assert!(!review(&mut env, &f).await.active);
}

#[tokio::test]
async fn given_a_delegate_when_it_opens_and_supports_then_the_holders_deposits_count() {
    let mut env = Env::new().await;
    let (f, _) = overdue_with_two_depositors(&mut env).await;
    let relayer = env.user().await;
    for i in [0, 1] {
        let owner = f.backers[i].insecure_clone();
        let ix = ixs::holder_set_delegate(&f.campaign, &owner.pubkey(), &relayer.pubkey());
        env.send(&[ix], &[&owner]).await.expect("delegate");
    }
    let r = relayer.pubkey();
    let ix = ixs::stale_open(&f.campaign, &f.backers[0].pubkey(), &r, &r, 1);
    env.send(&[ix], &[&relayer]).await.expect("delegate opens");
    let ix = ixs::stale_support(&f.campaign, &f.backers[1].pubkey(), &r, &r, 1);
    env.send(&[ix], &[&relayer])
        .await
        .expect("delegate supports");
    assert_eq!(review(&mut env, &f).await.support_weight, 100 * USDC);
    // The relayer has no weight of its own and cannot vote for a holder who did not name it.
    let ix = ixs::stale_support(&f.campaign, &f.backers[2].pubkey(), &r, &r, 1);
    let failed = env
        .send(&[ix], &[&relayer])
        .await
        .expect_err("not a delegate of backer 2");
    assert_eq!(
        failed.code(),
        Some(anchor_code(
            anchor_lang::error::ErrorCode::AccountNotInitialized
        )),
        "{:?}",
        failed
    );
    assert_eq!(review(&mut env, &f).await.support_weight, 100 * USDC);
}

#[tokio::test]
async fn given_a_stranger_when_it_opens_or_supports_for_depositors_who_named_no_delegate_then_not_holder_or_delegate(
) {
    let mut env = Env::new().await;
    let (f, _) = overdue_with_two_depositors(&mut env).await;
    let stranger = env.user().await;
    let s = stranger.pubkey();
    let ix = ixs::stale_open(&f.campaign, &f.backers[0].pubkey(), &s, &s, 1);
    assert_code(
        env.send(&[ix], &[&stranger]).await,
        code(PepfundError::NotHolderOrDelegate),
    );
    assert!(
        !review(&mut env, &f).await.active,
        "no review opened on someone else's deposit"
    );
    open(&mut env, &f, 0, 1).await.expect("the holder opens");
    let ix = ixs::stale_support(&f.campaign, &f.backers[1].pubkey(), &s, &s, 1);
    assert_code(
        env.send(&[ix], &[&stranger]).await,
        code(PepfundError::NotHolderOrDelegate),
    );
    assert_eq!(review(&mut env, &f).await.support_weight, 60 * USDC);
}

// --- support -----------------------------------------------------------------------

#[tokio::test]
async fn given_an_open_review_when_another_holder_supports_then_weight_adds_and_a_second_vote_is_refused(
) {
    let mut env = Env::new().await;
    let (f, at) = overdue_with_two_depositors(&mut env).await;
    open(&mut env, &f, 0, 1).await.expect("open");
    support(&mut env, &f, 1, 1).await.expect("support");
    assert_eq!(review(&mut env, &f).await.support_weight, 100 * USDC);
    let vote: StaleVote = env
        .fetch(&ixs::stale_vote_pda(&f.campaign, 1, &f.backers[1].pubkey()))
        .await;
    assert_eq!(vote.weight, 40 * USDC);
    let record: HolderRecord = env
        .fetch(&ixs::holder_pda(&f.campaign, &f.backers[1].pubkey()))
        .await;
    assert_eq!(record.locked_until, at + REVIEW);

    // A second vote by the same holder (even with a bigger deposit) and a vote by the
    // opener: the vote record already exists.
    env.transfer_tokens(
        &f.backer_tokens(2),
        &f.backer_tokens(1),
        &f.backers[2],
        100 * USDC,
    )
    .await
    .expect("move");
    deposit(&mut env, &f, 1, 100 * USDC).await;
    for i in [1, 0] {
        let failed = support(&mut env, &f, i, 1).await.expect_err("second vote");
        assert_eq!(failed.code(), Some(0), "{:?}", failed);
    }
    assert_eq!(review(&mut env, &f).await.support_weight, 100 * USDC);
}

#[tokio::test]
async fn given_an_open_review_when_supporting_with_a_wrong_round_then_no_stale_review() {
    let mut env = Env::new().await;
    let (f, _) = overdue_with_two_depositors(&mut env).await;
    open(&mut env, &f, 0, 1).await.expect("open");
    assert_code(
        support(&mut env, &f, 1, 2).await,
        code(PepfundError::NoStaleReview),
    );
    assert_eq!(review(&mut env, &f).await.support_weight, 60 * USDC);
}

#[tokio::test]
async fn given_no_review_when_supporting_then_no_stale_review() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[60 * USDC, 940 * USDC]).await;
    deposit(&mut env, &f, 0, 60 * USDC).await;
    let at = stale_at(&mut env, &f).await;
    env.set_time(at).await;
    assert_code(
        support(&mut env, &f, 0, 0).await,
        code(PepfundError::NoStaleReview),
    );
    assert_code(
        support(&mut env, &f, 0, 1).await,
        code(PepfundError::NoStaleReview),
    );
    assert_eq!(review(&mut env, &f).await.support_weight, 0);
}

#[tokio::test]
async fn given_one_second_before_the_review_ends_when_supporting_then_accepted() {
    let mut env = Env::new().await;
    let (f, at) = overdue_with_two_depositors(&mut env).await;
    open(&mut env, &f, 0, 1).await.expect("open");
    env.set_time(at + REVIEW - 1).await;
    support(&mut env, &f, 1, 1).await.expect("last second");
    assert_eq!(review(&mut env, &f).await.support_weight, 100 * USDC);
}

#[tokio::test]
async fn given_the_review_end_when_supporting_then_stale_review_ended() {
    let mut env = Env::new().await;
    let (f, at) = overdue_with_two_depositors(&mut env).await;
    open(&mut env, &f, 0, 1).await.expect("open");
    env.set_time(at + REVIEW).await;
    assert_code(
        support(&mut env, &f, 1, 1).await,
        code(PepfundError::StaleReviewEnded),
    );
    assert_eq!(review(&mut env, &f).await.support_weight, 60 * USDC);
    let record: HolderRecord = env
        .fetch(&ixs::holder_pda(&f.campaign, &f.backers[1].pubkey()))
        .await;
    assert_eq!(record.locked_until, 0);
}

// --- finalize ----------------------------------------------------------------------

#[tokio::test]
async fn given_one_second_before_the_review_ends_when_stale_finalize_then_stale_review_running() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100 * USDC, 900 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let at = stale_at(&mut env, &f).await;
    env.set_time(at).await;
    open(&mut env, &f, 0, 1).await.expect("open");
    assert_code(
        stale_finalize(&mut env, &f).await,
        code(PepfundError::StaleReviewRunning),
    );
    env.set_time(at + REVIEW - 1).await;
    assert_code(
        stale_finalize(&mut env, &f).await,
        code(PepfundError::StaleReviewRunning),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Active
    );
    assert!(review(&mut env, &f).await.active);
    assert_eq!(researcher_record(&mut env, &f).await.campaigns_abandoned, 0);
}

#[tokio::test]
async fn given_support_of_exactly_10_percent_when_stale_finalize_at_the_end_then_abandoned_on_the_record(
) {
    let mut env = Env::new().await;
    // Backer supply 1,000,000 base units; 60,000 + 40,000 = exactly 10%.
    let f = active(&mut env, &SHARES, &[60_000, 40_000, 900_000]).await;
    deposit(&mut env, &f, 0, 60_000).await;
    deposit(&mut env, &f, 1, 40_000).await;
    let at = stale_at(&mut env, &f).await;
    env.set_time(at).await;
    open(&mut env, &f, 0, 1).await.expect("open");
    support(&mut env, &f, 1, 1).await.expect("support");
    env.set_time(at + REVIEW).await;
    stale_finalize(&mut env, &f).await.expect("finalize");
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.status, CampaignStatus::Abandoned);
    assert!(!campaign.stale_review.active);
    assert_eq!(
        campaign.abandonment,
        AbandonmentSnapshot {
            escrow: 1_000_000,
            backer_supply: 1_000_000,
            tokens_redeemed: 0
        }
    );
    assert_eq!(researcher_record(&mut env, &f).await.campaigns_abandoned, 1);
    // Nothing paid out yet.
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000_000);
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);
    // Finalize again: the campaign is terminal.
    assert_code(
        stale_finalize(&mut env, &f).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(researcher_record(&mut env, &f).await.campaigns_abandoned, 1);
}

#[tokio::test]
async fn given_support_one_unit_below_10_percent_when_stale_finalize_then_rejected_and_a_new_round_can_open(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100_000, 900_000]).await;
    deposit(&mut env, &f, 0, 99_999).await;
    let at = stale_at(&mut env, &f).await;
    env.set_time(at).await;
    open(&mut env, &f, 0, 1).await.expect("open");
    env.set_time(at + REVIEW).await;
    stale_finalize(&mut env, &f)
        .await
        .expect("finalize closes the review");
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.status, CampaignStatus::Active);
    assert!(!campaign.stale_review.active);
    assert_eq!(campaign.stale_review.round, 1);
    assert_eq!(researcher_record(&mut env, &f).await.campaigns_abandoned, 0);
    assert_code(
        stale_finalize(&mut env, &f).await,
        code(PepfundError::NoStaleReview),
    );

    // A later round: the old round number is refused, the next one opens.
    deposit(&mut env, &f, 0, 1).await;
    deposit(&mut env, &f, 1, 1).await;
    env.advance(DAY).await;
    assert_code(
        open(&mut env, &f, 1, 1).await,
        code(PepfundError::NoStaleReview),
    );
    // Backer 0 already voted in round 1: that vote record exists (System "already in use").
    let failed = open(&mut env, &f, 0, 1).await.expect_err("round 1 is over");
    assert_eq!(failed.code(), Some(0), "{:?}", failed);
    assert_code(
        open(&mut env, &f, 0, 3).await,
        code(PepfundError::NoStaleReview),
    );
    assert!(!review(&mut env, &f).await.active);
    open(&mut env, &f, 0, 2).await.expect("round 2");
    let r = review(&mut env, &f).await;
    assert_eq!((r.round, r.active, r.support_weight), (2, true, 100_000));
    env.advance(REVIEW).await;
    stale_finalize(&mut env, &f)
        .await
        .expect("finalize round 2");
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Abandoned
    );
    assert_eq!(researcher_record(&mut env, &f).await.campaigns_abandoned, 1);
}

#[tokio::test]
async fn given_a_submission_during_the_review_when_stale_finalize_then_no_stale_review_and_still_active(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100_000, 900_000]).await;
    deposit(&mut env, &f, 0, 100_000).await;
    deposit(&mut env, &f, 1, 900_000).await;
    let at = stale_at(&mut env, &f).await;
    env.set_time(at).await;
    open(&mut env, &f, 0, 1).await.expect("open");
    env.advance(DAY).await;
    submit(&mut env, &f, 0).await;
    assert!(!review(&mut env, &f).await.active);
    env.set_time(at + REVIEW).await;
    assert_code(
        stale_finalize(&mut env, &f).await,
        code(PepfundError::NoStaleReview),
    );
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.status, CampaignStatus::Active);
    assert_eq!(campaign.milestones[0].status, MilestoneStatus::InReview);
    assert_eq!(researcher_record(&mut env, &f).await.campaigns_abandoned, 0);
    // Support after the cancellation is refused as well, and locks nothing.
    assert_code(
        support(&mut env, &f, 1, 1).await,
        code(PepfundError::NoStaleReview),
    );
    let record: HolderRecord = env
        .fetch(&ixs::holder_pda(&f.campaign, &f.backers[1].pubkey()))
        .await;
    assert_eq!(record.locked_until, 0);
}

// --- abandonment refunds -----------------------------------------------------------

/// Three equal backers of 555,556; milestone 1 (40%) released: escrow 1,000,001 over a
/// supply of 1,666,668, so each third is 333,333.67 and the shares leave dust.
async fn abandoned_with_dust(env: &mut Env) -> Fixture {
    let f = active(env, &SHARES, &[555_556, 555_556, 555_556]).await;
    submit(env, &f, 0).await;
    let left = window_left(env, &f, 0).await;
    env.advance(left).await;
    finalize(env, &f, 0).await.expect("release milestone 1");
    assert_eq!(env.balance(&f.researcher_usdc(env)).await, 666_667);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000_001);
    deposit(env, &f, 0, 555_556).await;
    abandon(env, &f, 0).await;
    let snapshot = env.campaign(&f.campaign).await.abandonment;
    assert_eq!(
        snapshot,
        AbandonmentSnapshot {
            escrow: 1_000_001,
            backer_supply: 1_666_668,
            tokens_redeemed: 0
        }
    );
    f
}

#[tokio::test]
async fn given_an_abandoned_campaign_when_every_backer_claims_then_pro_rata_with_dust_to_the_last_and_vault_empty(
) {
    let mut env = Env::new().await;
    let f = abandoned_with_dust(&mut env).await;
    let vault = ixs::vault(&f.campaign);
    let floor = (1_000_001u128 * 555_556 / 1_666_668) as u64;
    assert_eq!(floor, 333_333);

    refund(&mut env, &f, 1, 555_556)
        .await
        .expect("backer 1 claims");
    assert_eq!(env.balance(&f.backer_usdc(&env, 1)).await, floor);

    // Backer 0's tokens sit in the deposit vault: withdraw (the review has ended), then claim.
    assert_code(
        refund(&mut env, &f, 0, 555_556).await,
        code(PepfundError::NothingToRefund),
    );
    withdraw(&mut env, &f, 0, 555_556)
        .await
        .expect("withdraw after the review");
    refund(&mut env, &f, 0, 555_556)
        .await
        .expect("backer 0 claims");
    assert_eq!(env.balance(&f.backer_usdc(&env, 0)).await, floor);

    // The claim that redeems the last token takes the remainder.
    refund(&mut env, &f, 2, 555_556)
        .await
        .expect("backer 2 claims");
    assert_eq!(
        env.balance(&f.backer_usdc(&env, 2)).await,
        1_000_001 - 2 * floor
    );
    assert_eq!(1_000_001 - 2 * floor, 333_335);

    let paid = env.balance(&f.backer_usdc(&env, 0)).await
        + env.balance(&f.backer_usdc(&env, 1)).await
        + env.balance(&f.backer_usdc(&env, 2)).await;
    assert_eq!(paid, 1_000_001);
    assert_eq!(env.balance(&vault).await, 0);
    assert_eq!(env.mint_supply(&ixs::backer_mint(&f.campaign)).await, 0);
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.refunded, 1_000_001);
    assert_eq!(campaign.abandonment.tokens_redeemed, 1_666_668);
    assert_eq!(campaign.raised, campaign.released + campaign.refunded);
    // The researcher keeps the released tranche only.
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 666_667);
}

#[tokio::test]
async fn given_an_abandoned_campaign_when_a_backer_claims_twice_then_nothing_to_refund_and_no_usdc_moves(
) {
    let mut env = Env::new().await;
    let f = abandoned_with_dust(&mut env).await;
    refund(&mut env, &f, 1, 555_556).await.expect("first claim");
    assert_code(
        refund(&mut env, &f, 1, 555_556).await,
        code(PepfundError::NothingToRefund),
    );
    assert_code(
        refund(&mut env, &f, 1, 1).await,
        code(PepfundError::NothingToRefund),
    );
    assert_eq!(env.balance(&f.backer_usdc(&env, 1)).await, 333_333);
    assert_eq!(
        env.balance(&ixs::vault(&f.campaign)).await,
        1_000_001 - 333_333
    );
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(
        (campaign.refunded, campaign.abandonment.tokens_redeemed),
        (333_333, 555_556)
    );
}

#[tokio::test]
async fn given_an_abandoned_campaign_when_tokens_move_to_a_fresh_wallet_then_only_that_wallet_claims_once(
) {
    let mut env = Env::new().await;
    let f = abandoned_with_dust(&mut env).await;
    let fresh = env.user().await;
    let fresh_tokens = env
        .ata(&fresh.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;
    let fresh_usdc = env.fund_usdc(&fresh.pubkey(), 0).await;
    env.transfer_tokens(&f.backer_tokens(1), &fresh_tokens, &f.backers[1], 555_556)
        .await
        .expect("move tokens");

    assert_code(
        refund(&mut env, &f, 1, 555_556).await,
        code(PepfundError::NothingToRefund),
    );
    assert_code(
        refund(&mut env, &f, 1, 1).await,
        code(PepfundError::NothingToRefund),
    );
    assert_eq!(env.balance(&f.backer_usdc(&env, 1)).await, 0);

    let ix = ixs::refund_claim(&env, &f.campaign, &fresh.pubkey(), 555_556);
    env.send(&[ix.clone()], &[&fresh])
        .await
        .expect("fresh wallet claims");
    assert_eq!(env.balance(&fresh_usdc).await, 333_333);
    assert_code(
        env.send(&[ix], &[&fresh]).await,
        code(PepfundError::NothingToRefund),
    );
    assert_eq!(env.balance(&fresh_usdc).await, 333_333);
    assert_eq!(
        env.balance(&ixs::vault(&f.campaign)).await,
        1_000_001 - 333_333
    );
}

#[tokio::test]
async fn given_an_abandoned_campaign_when_claims_are_split_then_the_sum_never_exceeds_the_escrow() {
    let mut env = Env::new().await;
    let f = abandoned_with_dust(&mut env).await;
    withdraw(&mut env, &f, 0, 555_556).await.expect("withdraw");
    // Uneven partial claims in an interleaved order.
    let claims: [(usize, u64); 7] = [
        (2, 1),
        (0, 300_000),
        (1, 555_555),
        (2, 277_777),
        (0, 255_556),
        (2, 277_778),
        (1, 1),
    ];
    let mut redeemed = 0u64;
    let mut expected = [0u64; 3];
    for (i, tokens) in claims {
        redeemed += tokens;
        let campaign = env.campaign(&f.campaign).await;
        let amount = if redeemed == 1_666_668 {
            campaign.raised - campaign.released - campaign.refunded
        } else {
            (1_000_001u128 * tokens as u128 / 1_666_668) as u64
        };
        refund(&mut env, &f, i, tokens).await.expect("claim");
        expected[i] += amount;
        assert_eq!(env.balance(&f.backer_usdc(&env, i)).await, expected[i]);
    }
    let total: u64 = expected.iter().sum();
    assert_eq!(total, 1_000_001);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 0);
    assert_eq!(env.campaign(&f.campaign).await.refunded, 1_000_001);
}

#[tokio::test]
async fn given_an_abandoned_campaign_when_flagging_or_submitting_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let f = abandoned_with_dust(&mut env).await;
    let researcher = f.researcher.insecure_clone();
    let ix = ixs::milestone_submit(&f.campaign, &researcher.pubkey(), 1, [3; 32], [4; 32]);
    assert_code(
        env.send(&[ix], &[&researcher]).await,
        code(PepfundError::InvalidCampaignState),
    );
    // Backer 0 still has a deposit: a flag is refused on the campaign's state.
    assert_code(
        flag(&mut env, &f, 0, 1, 1).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_code(
        flag(&mut env, &f, 0, 1, 0).await,
        code(PepfundError::InvalidCampaignState),
    );
    // No new review, no deposit, no release either.
    assert_code(
        open(&mut env, &f, 0, 2).await,
        code(PepfundError::InvalidCampaignState),
    );
    let backer = f.backers[1].insecure_clone();
    let ix = ixs::holder_deposit(&f.campaign, &backer.pubkey(), 1);
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_code(
        finalize(&mut env, &f, 1).await,
        code(PepfundError::InvalidCampaignState),
    );
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.status, CampaignStatus::Abandoned);
    assert_eq!(campaign.milestones[1].status, MilestoneStatus::Pending);
    assert_eq!(campaign.milestones[1].attempts, 0);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000_001);
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 666_667);
}

#[tokio::test]
async fn given_allocation_tokens_when_an_abandoned_campaign_refunds_then_they_claim_nothing() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100_000, 900_000]).await;
    let researcher = f.researcher.insecure_clone();
    let alloc = env
        .ata(&researcher.pubkey(), &ixs::allocation_mint(&f.campaign))
        .await;
    env.send(&[ixs::allocation_claim(&f.campaign, &alloc, false)], &[])
        .await
        .expect("claim");
    assert_eq!(env.balance(&alloc).await, 50_000);
    deposit(&mut env, &f, 0, 100_000).await;
    abandon(&mut env, &f, 0).await;
    // The snapshot counts backer tokens only.
    assert_eq!(
        env.campaign(&f.campaign).await.abandonment.backer_supply,
        1_000_000
    );
    let researcher_tokens =
        get_associated_token_address(&researcher.pubkey(), &ixs::backer_mint(&f.campaign));
    let ix = ixs::refund_claim(&env, &f.campaign, &researcher.pubkey(), 50_000);
    let ix = {
        let mut ix = ix;
        for meta in ix
            .accounts
            .iter_mut()
            .filter(|m| m.pubkey == researcher_tokens)
        {
            meta.pubkey = alloc;
        }
        ix
    };
    assert_code(
        env.send(&[ix], &[&researcher]).await,
        anchor_code(anchor_lang::error::ErrorCode::ConstraintTokenMint),
    );
    assert_eq!(env.balance(&alloc).await, 50_000);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000_000);
}

#[tokio::test]
async fn given_a_stale_vote_when_withdrawing_then_locked_until_the_review_ends() {
    let mut env = Env::new().await;
    let f = active(&mut env, &SHARES, &[100_000, 900_000]).await;
    deposit(&mut env, &f, 0, 100_000).await;
    let at = stale_at(&mut env, &f).await;
    env.set_time(at).await;
    open(&mut env, &f, 0, 1).await.expect("open");
    env.set_time(at + REVIEW - 1).await;
    assert_code(
        withdraw(&mut env, &f, 0, 1).await,
        code(PepfundError::TokensLocked),
    );
    assert_eq!(env.balance(&f.backer_tokens(0)).await, 0);
    env.set_time(at + REVIEW).await;
    withdraw(&mut env, &f, 0, 100_000)
        .await
        .expect("review over");
    assert_eq!(env.balance(&f.backer_tokens(0)).await, 100_000);
    // Withdrawn after the end: the weight counted in the review stays counted.
    stale_finalize(&mut env, &f).await.expect("finalize");
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Abandoned
    );
}

#[tokio::test]
async fn given_a_u64_max_escrow_when_abandoned_then_pro_rata_refunds_are_exact_without_overflow() {
    let mut env = Env::new().await;
    let third = u64::MAX / 3;
    assert_eq!(third * 3, u64::MAX);
    let f = active(&mut env, &SHARES, &[third, third, third]).await;
    submit(&mut env, &f, 0).await;
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left).await;
    finalize(&mut env, &f, 0)
        .await
        .expect("release milestone 1");
    let released = (u64::MAX as u128 * 4_000 / 10_000) as u64;
    let escrow = u64::MAX - released;
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, escrow);
    deposit(&mut env, &f, 0, third).await;
    abandon(&mut env, &f, 0).await;
    assert_eq!(
        env.campaign(&f.campaign).await.abandonment,
        AbandonmentSnapshot {
            escrow,
            backer_supply: u64::MAX,
            tokens_redeemed: 0
        }
    );
    withdraw(&mut env, &f, 0, third).await.expect("withdraw");
    let share = (escrow as u128 * third as u128 / u64::MAX as u128) as u64;
    for i in 0..3 {
        refund(&mut env, &f, i, third).await.expect("claim");
    }
    let paid = [
        env.balance(&f.backer_usdc(&env, 0)).await,
        env.balance(&f.backer_usdc(&env, 1)).await,
        env.balance(&f.backer_usdc(&env, 2)).await,
    ];
    assert_eq!(paid[0], share);
    assert_eq!(paid[1], share);
    assert_eq!(paid[2], escrow - 2 * share);
    assert_eq!(
        paid.iter().map(|p| *p as u128).sum::<u128>(),
        escrow as u128
    );
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 0);
}
