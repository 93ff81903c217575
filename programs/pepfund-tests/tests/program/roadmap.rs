//! Tests: roadmap rules (each with both sides of its boundary), editing before approval,
//! and PepFund's review (submit, approve).

use crate::env::*;
use crate::ixs;
use crate::scenario::*;
use pepfund::errors::PepfundError;
use pepfund::state::*;
use solana_sdk::{
    pubkey::Pubkey,
    signature::{Keypair, Signer},
};

const GOAL: u64 = 1_000 * USDC;

/// A roadmap of `shares` with one-letter titles (keeps 10-11 milestones under the
/// transaction size limit).
fn short_roadmap(shares: &[u16], start: i64) -> Vec<MilestoneInput> {
    roadmap(shares, start)
        .into_iter()
        .map(|mut m| {
            m.title = "m".to_string();
            m
        })
        .collect()
}

/// Creates campaign `id` of a fresh researcher; returns the researcher, the campaign
/// address and the result.
async fn create(
    env: &mut Env,
    goal: u64,
    deadline: i64,
    milestones: Vec<MilestoneInput>,
) -> (Keypair, Pubkey, SendResult) {
    let researcher = env.user().await;
    let ix = ixs::campaign_create(env, &researcher.pubkey(), 1, goal, deadline, milestones);
    let result = env.send(&[ix], &[&researcher]).await;
    let campaign = ixs::campaign_pda(&researcher.pubkey(), 1);
    (researcher, campaign, result)
}

/// Asserts that creating a campaign with `milestones` fails with `error` and that no
/// campaign account, mint or vault was left behind.
async fn assert_create_rejected(
    env: &mut Env,
    milestones: Vec<MilestoneInput>,
    error: PepfundError,
) {
    let now = env.now().await;
    let (researcher, campaign, result) = create(env, GOAL, now + 30 * DAY, milestones).await;
    assert_code(result, code(error));
    assert!(
        env.account(&campaign).await.is_none(),
        "campaign must not exist"
    );
    assert!(
        env.account(&ixs::vault(&campaign)).await.is_none(),
        "vault must not exist"
    );
    assert!(env.account(&ixs::backer_mint(&campaign)).await.is_none());
    assert!(env
        .account(&ixs::researcher_pda(&researcher.pubkey()))
        .await
        .is_none());
}

/// Asserts that creating a campaign with `milestones` succeeds and stores them.
async fn assert_create_accepted(env: &mut Env, milestones: Vec<MilestoneInput>) -> Campaign {
    let now = env.now().await;
    let (_, campaign, result) = create(env, GOAL, now + 30 * DAY, milestones.clone()).await;
    result.expect("roadmap must be accepted");
    let stored = env.campaign(&campaign).await;
    assert_eq!(stored.status, CampaignStatus::Draft);
    assert_eq!(stored.milestones.len(), milestones.len());
    for (m, input) in stored.milestones.iter().zip(&milestones) {
        assert_eq!(m.title, input.title);
        assert_eq!(m.share_bps, input.share_bps);
        assert_eq!(m.estimated_completion, input.estimated_completion);
        assert_eq!(m.description_hash, input.description_hash);
        assert_eq!(m.status, MilestoneStatus::Pending);
    }
    stored
}

// --- milestone count ---------------------------------------------------------------

#[tokio::test]
async fn given_one_milestone_when_campaign_create_then_too_few_milestones() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_rejected(
        &mut env,
        roadmap(&[10_000], now),
        PepfundError::TooFewMilestones,
    )
    .await;
    assert_create_rejected(&mut env, vec![], PepfundError::TooFewMilestones).await;
}

/// The count rule accepts two milestones, but no two-milestone roadmap can satisfy the share
/// rules (at most 40% + 50% = 90%): the refusal is then a share error, never the count error.
/// The smallest roadmap that can pass is three milestones.
#[tokio::test]
async fn given_two_milestones_when_campaign_create_then_count_passes_and_shares_decide() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_rejected(
        &mut env,
        roadmap(&[4_000, 5_000], now),
        PepfundError::SharesNotFull,
    )
    .await;
    assert_create_rejected(
        &mut env,
        roadmap(&[5_000, 5_000], now),
        PepfundError::FirstShareTooLarge,
    )
    .await;
    assert_create_rejected(
        &mut env,
        roadmap(&[4_000, 6_000], now),
        PepfundError::ShareTooLarge,
    )
    .await;
    let stored = assert_create_accepted(&mut env, roadmap(&[4_000, 5_000, 1_000], now)).await;
    assert_eq!(stored.milestones.len(), 3);
}

#[tokio::test]
async fn given_ten_milestones_when_campaign_create_then_accepted() {
    let mut env = Env::new().await;
    let now = env.now().await;
    let stored = assert_create_accepted(&mut env, short_roadmap(&[1_000; 10], now)).await;
    assert_eq!(stored.milestones.len(), 10);
}

#[tokio::test]
async fn given_eleven_milestones_when_campaign_create_then_too_many_milestones() {
    let mut env = Env::new().await;
    let now = env.now().await;
    let mut shares = [909u16; 11];
    shares[10] = 910;
    assert_eq!(shares.iter().map(|s| *s as u64).sum::<u64>(), 10_000);
    assert_create_rejected(
        &mut env,
        short_roadmap(&shares, now),
        PepfundError::TooManyMilestones,
    )
    .await;
}

// --- shares ------------------------------------------------------------------------

#[tokio::test]
async fn given_shares_summing_to_9999_when_campaign_create_then_shares_not_full() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_rejected(
        &mut env,
        roadmap(&[4_000, 3_000, 2_999], now),
        PepfundError::SharesNotFull,
    )
    .await;
}

#[tokio::test]
async fn given_shares_summing_to_10001_when_campaign_create_then_shares_not_full() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_rejected(
        &mut env,
        roadmap(&[4_000, 3_000, 3_001], now),
        PepfundError::SharesNotFull,
    )
    .await;
}

#[tokio::test]
async fn given_shares_summing_to_10000_when_campaign_create_then_accepted() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_accepted(&mut env, roadmap(&[4_000, 3_000, 3_000], now)).await;
}

#[tokio::test]
async fn given_first_share_4000_when_campaign_create_then_accepted() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_accepted(&mut env, roadmap(&[4_000, 5_000, 1_000], now)).await;
}

#[tokio::test]
async fn given_first_share_4001_when_campaign_create_then_first_share_too_large() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_rejected(
        &mut env,
        roadmap(&[4_001, 5_000, 999], now),
        PepfundError::FirstShareTooLarge,
    )
    .await;
}

#[tokio::test]
async fn given_a_later_share_5000_when_campaign_create_then_accepted() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_accepted(&mut env, roadmap(&[1_000, 4_000, 5_000], now)).await;
}

#[tokio::test]
async fn given_a_later_share_5001_when_campaign_create_then_share_too_large() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_rejected(
        &mut env,
        roadmap(&[1_000, 3_999, 5_001], now),
        PepfundError::ShareTooLarge,
    )
    .await;
    assert_create_rejected(
        &mut env,
        roadmap(&[4_000, 5_001, 999], now),
        PepfundError::ShareTooLarge,
    )
    .await;
}

#[tokio::test]
async fn given_a_zero_share_when_campaign_create_then_share_zero() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_rejected(
        &mut env,
        roadmap(&[4_000, 0, 5_000, 1_000], now),
        PepfundError::ShareZero,
    )
    .await;
    assert_create_rejected(
        &mut env,
        roadmap(&[0, 5_000, 5_000], now),
        PepfundError::ShareZero,
    )
    .await;
}

// --- titles, dates, goal, deadline -------------------------------------------------

fn with_title(start: i64, title: &str) -> Vec<MilestoneInput> {
    let mut milestones = roadmap(&[4_000, 3_000, 3_000], start);
    milestones[1].title = title.to_string();
    milestones
}

#[tokio::test]
async fn given_an_empty_title_when_campaign_create_then_invalid_title() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_rejected(&mut env, with_title(now, ""), PepfundError::InvalidTitle).await;
}

#[tokio::test]
async fn given_a_65_byte_title_when_campaign_create_then_invalid_title() {
    let mut env = Env::new().await;
    let now = env.now().await;
    assert_create_rejected(
        &mut env,
        with_title(now, &"t".repeat(65)),
        PepfundError::InvalidTitle,
    )
    .await;
    // Bytes, not characters: 22 three-byte characters are 66 bytes.
    let euros = "€".repeat(22);
    assert_eq!((euros.chars().count(), euros.len()), (22, 66));
    assert_create_rejected(
        &mut env,
        with_title(now, &euros),
        PepfundError::InvalidTitle,
    )
    .await;
}

#[tokio::test]
async fn given_a_64_byte_title_when_campaign_create_then_accepted() {
    let mut env = Env::new().await;
    let now = env.now().await;
    let stored = assert_create_accepted(&mut env, with_title(now, &"t".repeat(64))).await;
    assert_eq!(stored.milestones[1].title.len(), 64);
    let one_byte = assert_create_accepted(&mut env, with_title(now, "x")).await;
    assert_eq!(one_byte.milestones[1].title, "x");
}

#[tokio::test]
async fn given_decreasing_dates_when_campaign_create_then_dates_out_of_order() {
    let mut env = Env::new().await;
    let now = env.now().await;
    let mut milestones = roadmap(&[4_000, 3_000, 3_000], now);
    milestones[2].estimated_completion = milestones[1].estimated_completion - 1;
    assert_create_rejected(&mut env, milestones, PepfundError::DatesOutOfOrder).await;
}

#[tokio::test]
async fn given_equal_dates_when_campaign_create_then_accepted() {
    let mut env = Env::new().await;
    let now = env.now().await;
    let mut milestones = roadmap(&[4_000, 3_000, 3_000], now);
    milestones[2].estimated_completion = milestones[1].estimated_completion;
    assert_create_accepted(&mut env, milestones).await;
}

#[tokio::test]
async fn given_goal_zero_when_campaign_create_then_goal_zero() {
    let mut env = Env::new().await;
    let now = env.now().await;
    let (_, campaign, result) = create(
        &mut env,
        0,
        now + 30 * DAY,
        roadmap(&[4_000, 5_000, 1_000], now),
    )
    .await;
    assert_code(result, code(PepfundError::GoalZero));
    assert!(env.account(&campaign).await.is_none());
    let (_, campaign, result) = create(
        &mut env,
        1,
        now + 30 * DAY,
        roadmap(&[4_000, 5_000, 1_000], now),
    )
    .await;
    result.expect("a goal of one base unit is allowed");
    assert_eq!(env.campaign(&campaign).await.goal, 1);
}

#[tokio::test]
async fn given_deadline_now_when_campaign_create_then_deadline_in_past() {
    let mut env = Env::new().await;
    let now = env.now().await;
    let shares = [4_000, 3_000, 3_000];
    let (_, campaign, result) = create(&mut env, GOAL, now, roadmap(&shares, now)).await;
    assert_code(result, code(PepfundError::DeadlineInPast));
    assert!(env.account(&campaign).await.is_none());
    let (_, campaign, result) = create(&mut env, GOAL, now - 1, roadmap(&shares, now)).await;
    assert_code(result, code(PepfundError::DeadlineInPast));
    assert!(env.account(&campaign).await.is_none());
    let (_, campaign, result) = create(&mut env, GOAL, now + 1, roadmap(&shares, now)).await;
    result.expect("a deadline one second ahead is allowed");
    assert_eq!(env.campaign(&campaign).await.deadline, now + 1);
}

#[tokio::test]
async fn given_a_used_campaign_id_when_the_same_researcher_creates_it_again_then_account_in_use() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let now = env.now().await;
    let ix = ixs::campaign_create(
        &env,
        &f.researcher.pubkey(),
        1,
        1,
        now + DAY,
        roadmap(&[5_000, 5_000], now),
    );
    let failed = env
        .send(&[ix], &[&f.researcher])
        .await
        .expect_err("id 1 is taken");
    assert_eq!(failed.code(), Some(0), "{:?}", failed);
    let stored = env.campaign(&f.campaign).await;
    assert_eq!((stored.goal, stored.milestones.len()), (GOAL, 3));
    // Another id of the same researcher is a separate campaign.
    let ix = ixs::campaign_create(
        &env,
        &f.researcher.pubkey(),
        2,
        1,
        now + DAY,
        roadmap(&[4_000, 5_000, 1_000], now),
    );
    env.send(&[ix], &[&f.researcher])
        .await
        .expect("id 2 is free");
    let record: ResearcherRecord = env
        .fetch(&ixs::researcher_pda(&f.researcher.pubkey()))
        .await;
    assert_eq!(record.campaigns_created, 2);
}

// --- editing -----------------------------------------------------------------------

#[tokio::test]
async fn given_a_draft_when_the_researcher_edits_then_the_new_roadmap_is_stored() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let now = env.now().await;
    // Milestones start at the new deadline (now + 40 days).
    let new_roadmap = roadmap(&[2_000, 3_000, 4_000, 1_000], now + 10 * DAY);
    let ix = ixs::campaign_edit(
        &f.campaign,
        &f.researcher.pubkey(),
        2 * GOAL,
        now + 40 * DAY,
        new_roadmap.clone(),
    );
    env.send(&[ix], &[&f.researcher]).await.expect("edit");
    let stored = env.campaign(&f.campaign).await;
    assert_eq!(stored.status, CampaignStatus::Draft);
    assert_eq!(stored.goal, 2 * GOAL);
    assert_eq!(stored.deadline, now + 40 * DAY);
    assert_eq!(stored.metadata, [8; 32]);
    assert_eq!(stored.metadata_hash, [18; 32]);
    let shares: Vec<u16> = stored.milestones.iter().map(|m| m.share_bps).collect();
    assert_eq!(shares, vec![2_000, 3_000, 4_000, 1_000]);
}

#[tokio::test]
async fn given_a_draft_when_edited_with_a_broken_roadmap_then_rejected_and_old_roadmap_kept() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let now = env.now().await;
    let ix = ixs::campaign_edit(
        &f.campaign,
        &f.researcher.pubkey(),
        2 * GOAL,
        now + 40 * DAY,
        roadmap(&[4_001, 5_000, 999], now),
    );
    assert_code(
        env.send(&[ix], &[&f.researcher]).await,
        code(PepfundError::FirstShareTooLarge),
    );
    let ix = ixs::campaign_edit(
        &f.campaign,
        &f.researcher.pubkey(),
        0,
        now + 40 * DAY,
        roadmap(&[4_000, 5_000, 1_000], now),
    );
    assert_code(
        env.send(&[ix], &[&f.researcher]).await,
        code(PepfundError::GoalZero),
    );
    let ix = ixs::campaign_edit(
        &f.campaign,
        &f.researcher.pubkey(),
        GOAL,
        now,
        roadmap(&[4_000, 5_000, 1_000], now),
    );
    assert_code(
        env.send(&[ix], &[&f.researcher]).await,
        code(PepfundError::DeadlineInPast),
    );
    let stored = env.campaign(&f.campaign).await;
    assert_eq!(stored.goal, GOAL);
    assert_eq!(stored.metadata, [7; 32]);
    assert_eq!(stored.metadata_hash, [17; 32]);
    let shares: Vec<u16> = stored.milestones.iter().map(|m| m.share_bps).collect();
    assert_eq!(shares, vec![4_000, 3_000, 3_000]);
}

#[tokio::test]
async fn given_pending_review_when_the_researcher_edits_then_back_to_draft_and_approval_refused() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let submit = ixs::campaign_submit_for_review(&f.campaign, &f.researcher.pubkey());
    env.send(&[submit], &[&f.researcher]).await.expect("submit");
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::PendingReview
    );

    let now = env.now().await;
    let ix = ixs::campaign_edit(
        &f.campaign,
        &f.researcher.pubkey(),
        GOAL,
        now + 30 * DAY,
        roadmap(&[4_000, 5_000, 1_000], now),
    );
    env.send(&[ix], &[&f.researcher])
        .await
        .expect("edit in review");
    let stored = env.campaign(&f.campaign).await;
    assert_eq!(stored.status, CampaignStatus::Draft);
    assert_eq!(stored.milestones[1].share_bps, 5_000);

    // The admin cannot approve a roadmap it has not seen: the edit withdrew it from review.
    let admin = env.admin.insecure_clone();
    let ix = ixs::campaign_approve(&f.campaign, &admin.pubkey());
    assert_code(
        env.send(&[ix], &[&admin]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Draft
    );
}

#[tokio::test]
async fn given_an_approved_campaign_when_the_researcher_edits_then_roadmap_locked() {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let now = env.now().await;
    let ix = ixs::campaign_edit(
        &f.campaign,
        &f.researcher.pubkey(),
        1,
        now + 60 * DAY,
        roadmap(&[1_000, 4_000, 5_000], now),
    );
    assert_code(
        env.send(&[ix], &[&f.researcher]).await,
        code(PepfundError::RoadmapLocked),
    );
    let stored = env.campaign(&f.campaign).await;
    assert_eq!(stored.status, CampaignStatus::Fundraising);
    assert_eq!(stored.goal, GOAL);
    let shares: Vec<u16> = stored.milestones.iter().map(|m| m.share_bps).collect();
    assert_eq!(shares, vec![4_000, 3_000, 3_000]);
}

#[tokio::test]
async fn given_an_active_campaign_when_the_researcher_edits_then_roadmap_locked() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 3_000, 3_000], &[GOAL]).await;
    let now = env.now().await;
    let ix = ixs::campaign_edit(
        &f.campaign,
        &f.researcher.pubkey(),
        1,
        now + 60 * DAY,
        roadmap(&[1_000, 4_000, 5_000], now),
    );
    assert_code(
        env.send(&[ix], &[&f.researcher]).await,
        code(PepfundError::RoadmapLocked),
    );
    let stored = env.campaign(&f.campaign).await;
    assert_eq!(stored.status, CampaignStatus::Active);
    assert_eq!(stored.milestones[0].share_bps, 4_000);
}

#[tokio::test]
async fn given_another_key_when_it_edits_a_draft_then_not_researcher() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let mallory = env.user().await;
    let now = env.now().await;
    let ix = ixs::campaign_edit(
        &f.campaign,
        &mallory.pubkey(),
        1,
        now + 60 * DAY,
        roadmap(&[1_000, 4_000, 5_000], now),
    );
    assert_code(
        env.send(&[ix], &[&mallory]).await,
        code(PepfundError::NotResearcher),
    );
    let stored = env.campaign(&f.campaign).await;
    assert_eq!(stored.goal, GOAL);
    assert_eq!(stored.milestones[0].share_bps, 4_000);
}

// --- PepFund's review --------------------------------------------------------------

#[tokio::test]
async fn given_pending_review_when_submitted_for_review_again_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let submit = ixs::campaign_submit_for_review(&f.campaign, &f.researcher.pubkey());
    env.send(&[submit.clone()], &[&f.researcher])
        .await
        .expect("first submit");
    assert_code(
        env.send(&[submit], &[&f.researcher]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::PendingReview
    );
}

#[tokio::test]
async fn given_a_draft_when_another_key_submits_it_for_review_then_not_researcher() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let mallory = env.user().await;
    let submit = ixs::campaign_submit_for_review(&f.campaign, &mallory.pubkey());
    assert_code(
        env.send(&[submit], &[&mallory]).await,
        code(PepfundError::NotResearcher),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Draft
    );
}

#[tokio::test]
async fn given_pending_review_when_a_non_admin_approves_then_not_admin() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let submit = ixs::campaign_submit_for_review(&f.campaign, &f.researcher.pubkey());
    env.send(&[submit], &[&f.researcher]).await.expect("submit");
    for signer in [f.researcher.insecure_clone(), env.user().await] {
        let ix = ixs::campaign_approve(&f.campaign, &signer.pubkey());
        assert_code(
            env.send(&[ix], &[&signer]).await,
            code(PepfundError::NotAdmin),
        );
        assert_eq!(
            env.campaign(&f.campaign).await.status,
            CampaignStatus::PendingReview
        );
    }
}

#[tokio::test]
async fn given_a_draft_when_the_admin_approves_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let admin = env.admin.insecure_clone();
    let ix = ixs::campaign_approve(&f.campaign, &admin.pubkey());
    assert_code(
        env.send(&[ix], &[&admin]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Draft
    );
}

#[tokio::test]
async fn given_a_fundraising_campaign_when_the_admin_approves_again_then_invalid_campaign_state() {
    let mut env = Env::new().await;
    let f = fundraising(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let admin = env.admin.insecure_clone();
    let ix = ixs::campaign_approve(&f.campaign, &admin.pubkey());
    assert_code(
        env.send(&[ix], &[&admin]).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Fundraising
    );
}

#[tokio::test]
async fn given_pending_review_when_approved_at_the_deadline_then_deadline_in_past() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let submit = ixs::campaign_submit_for_review(&f.campaign, &f.researcher.pubkey());
    env.send(&[submit], &[&f.researcher]).await.expect("submit");
    let deadline = env.campaign(&f.campaign).await.deadline;
    env.set_time(deadline).await;
    let admin = env.admin.insecure_clone();
    let ix = ixs::campaign_approve(&f.campaign, &admin.pubkey());
    assert_code(
        env.send(&[ix], &[&admin]).await,
        code(PepfundError::DeadlineInPast),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::PendingReview
    );
}

#[tokio::test]
async fn given_pending_review_when_approved_one_second_before_the_deadline_then_fundraising() {
    let mut env = Env::new().await;
    let f = draft(&mut env, &[4_000, 3_000, 3_000], GOAL).await;
    let submit = ixs::campaign_submit_for_review(&f.campaign, &f.researcher.pubkey());
    env.send(&[submit], &[&f.researcher]).await.expect("submit");
    let deadline = env.campaign(&f.campaign).await.deadline;
    env.set_time(deadline - 1).await;
    let admin = env.admin.insecure_clone();
    let ix = ixs::campaign_approve(&f.campaign, &admin.pubkey());
    env.send(&[ix], &[&admin])
        .await
        .expect("approve before the deadline");
    assert_eq!(
        env.campaign(&f.campaign).await.status,
        CampaignStatus::Fundraising
    );
}

// --- date range ----------------------------------------------------------------------

#[tokio::test]
async fn given_a_date_before_the_fundraising_deadline_when_campaign_create_then_date_out_of_range()
{
    let mut env = Env::new().await;
    let now = env.now().await;
    // Deadline is now + 30 days; a first milestone due one second earlier is refused.
    let mut milestones = roadmap(&[4_000, 3_000, 3_000], now);
    milestones[0].estimated_completion = now + 30 * DAY - 1;
    assert_create_rejected(&mut env, milestones, PepfundError::DateOutOfRange).await;
    let mut at_deadline = roadmap(&[4_000, 3_000, 3_000], now);
    at_deadline[0].estimated_completion = now + 30 * DAY;
    assert_create_accepted(&mut env, at_deadline).await;
}

#[tokio::test]
async fn given_a_date_after_2100_when_campaign_create_then_date_out_of_range() {
    let mut env = Env::new().await;
    let now = env.now().await;
    let mut milestones = roadmap(&[4_000, 3_000, 3_000], now);
    milestones[2].estimated_completion = pepfund::MAX_ESTIMATED_DATE + 1;
    assert_create_rejected(&mut env, milestones, PepfundError::DateOutOfRange).await;
    let mut at_limit = roadmap(&[4_000, 3_000, 3_000], now);
    at_limit[2].estimated_completion = pepfund::MAX_ESTIMATED_DATE;
    assert_create_accepted(&mut env, at_limit).await;
    let mut far = roadmap(&[4_000, 3_000, 3_000], now);
    far[2].estimated_completion = i64::MAX;
    assert_create_rejected(&mut env, far, PepfundError::DateOutOfRange).await;
}
