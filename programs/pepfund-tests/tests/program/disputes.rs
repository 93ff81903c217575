//! Tests: a dispute's deadline. Before it only the admin decides; from it on the dispute
//! lapses (anyone may crank it) as a rejection without reasons, and an overdue dispute
//! counts toward the stale-campaign rule, so no dispute freezes the escrow for good.

use crate::env::*;
use crate::ixs;
use crate::logs::events;
use crate::review::disputed;
use crate::scenario::*;
use pepfund::errors::PepfundError;
use pepfund::events::DisputeLapsed;
use pepfund::state::*;
use solana_sdk::signature::Signer;

async fn deadline(env: &mut Env, f: &Fixture) -> i64 {
    env.campaign(&f.campaign).await.milestones[0].dispute_deadline
}

/// Anyone lapses the dispute on milestone 0: only the test payer signs.
async fn lapse(env: &mut Env, f: &Fixture) -> SendResult {
    let ix = ixs::dispute_lapse(&f.campaign, &f.researcher.pubkey(), 0);
    env.send(&[ix], &[]).await
}

async fn resolve(env: &mut Env, f: &Fixture, approve: bool) -> SendResult {
    let admin = env.admin.insecure_clone();
    let ix = ixs::dispute_resolve(
        env,
        &f.campaign,
        &f.researcher.pubkey(),
        &admin.pubkey(),
        0,
        approve,
    );
    env.send(&[ix], &[&admin]).await
}

async fn record(env: &mut Env, f: &Fixture) -> ResearcherRecord {
    env.fetch(&ixs::researcher_pda(&f.researcher.pubkey()))
        .await
}

#[tokio::test]
async fn given_a_dispute_one_second_before_its_deadline_then_lapse_is_refused_and_the_admin_still_decides(
) {
    let mut env = Env::new().await;
    let f = disputed(&mut env).await;
    let deadline = deadline(&mut env, &f).await;
    let window_end = env.campaign(&f.campaign).await.milestones[0].window_end;
    assert_eq!(deadline, window_end + 72 * 60 * 60);
    env.set_time(deadline - 1).await;
    assert_code(
        lapse(&mut env, &f).await,
        code(PepfundError::DisputeNotLapsed),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.milestones[0].status,
        MilestoneStatus::Disputed
    );
    resolve(&mut env, &f, true)
        .await
        .expect("resolve one second before the deadline");
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
    assert_code(lapse(&mut env, &f).await, code(PepfundError::NoOpenDispute));
}

#[tokio::test]
async fn given_a_dispute_at_its_exact_deadline_then_resolve_is_refused_and_anyone_lapses_it_once() {
    let mut env = Env::new().await;
    let f = disputed(&mut env).await;
    let deadline = deadline(&mut env, &f).await;
    env.set_time(deadline).await;
    for approve in [true, false] {
        assert_code(
            resolve(&mut env, &f, approve).await,
            code(PepfundError::DisputeLapsed),
        );
    }
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);

    let sent = lapse(&mut env, &f).await.expect("lapse at the deadline");
    let lapsed = events::<DisputeLapsed>(&sent.logs);
    assert_eq!(lapsed.len(), 1);
    let event = &lapsed[0];
    assert_eq!(
        (
            event.campaign,
            event.milestone_index,
            event.attempt,
            event.deadline
        ),
        (f.campaign, 0, 1, deadline)
    );
    let m = env.campaign(&f.campaign).await.milestones[0].clone();
    assert_eq!(
        (m.status, m.rejection_reason),
        (MilestoneStatus::Pending, [0; 32])
    );
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000 * USDC);
    let r = record(&mut env, &f).await;
    assert_eq!(
        (r.disputes_opened, r.disputes_lapsed, r.submissions_rejected),
        (1, 1, 0)
    );

    // A second crank (another replica) changes nothing.
    assert_code(lapse(&mut env, &f).await, code(PepfundError::NoOpenDispute));
    assert_eq!(record(&mut env, &f).await.disputes_lapsed, 1);
}

#[tokio::test]
async fn given_a_lapsed_dispute_one_second_late_when_the_researcher_resubmits_then_the_tranche_can_be_released(
) {
    let mut env = Env::new().await;
    let f = disputed(&mut env).await;
    let deadline = deadline(&mut env, &f).await;
    env.set_time(deadline + 1).await;
    lapse(&mut env, &f).await.expect("lapse after the deadline");

    let attempt = submit(&mut env, &f, 0).await;
    assert_eq!(attempt, 2);
    let m = env.campaign(&f.campaign).await.milestones[0].clone();
    assert_eq!(
        (m.status, m.flag_weight, m.dispute_deadline),
        (MilestoneStatus::InReview, 0, 0)
    );
    assert_eq!(window_left(&mut env, &f, 0).await, 7 * DAY);
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left).await;
    finalize(&mut env, &f, 0)
        .await
        .expect("finalize the re-submission");
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 600 * USDC);
}

#[tokio::test]
async fn given_no_dispute_when_lapsing_then_no_open_dispute() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 3_000, 3_000], &[1_000 * USDC]).await;
    assert_code(lapse(&mut env, &f).await, code(PepfundError::NoOpenDispute));
    submit(&mut env, &f, 0).await;
    env.advance(30 * DAY).await;
    assert_code(lapse(&mut env, &f).await, code(PepfundError::NoOpenDispute));
    let ix = ixs::dispute_lapse(&f.campaign, &f.researcher.pubkey(), 7);
    assert_code(
        env.send(&[ix], &[]).await,
        code(PepfundError::MilestoneNotFound),
    );
}

/// A campaign whose milestone 0 goes into dispute just before it would turn stale: the
/// dispute deadline falls two days after the stale date.
async fn disputed_near_stale(env: &mut Env) -> (Fixture, i64) {
    let f = active(env, &[4_000, 3_000, 3_000], &[100 * USDC, 900 * USDC]).await;
    deposit(env, &f, 0, 100 * USDC).await;
    let campaign = env.campaign(&f.campaign).await;
    let stale_at = campaign.milestones[0].estimated_completion + 90 * DAY;
    env.set_time(stale_at - 8 * DAY).await;
    let attempt = submit(env, &f, 0).await;
    flag(env, &f, 0, 0, attempt).await.expect("flag");
    env.set_time(stale_at - DAY).await;
    finalize(env, &f, 0).await.expect("finalize");
    assert_eq!(deadline(env, &f).await, stale_at + 2 * DAY);
    (f, stale_at)
}

async fn open_stale(env: &mut Env, f: &Fixture) -> SendResult {
    let backer = f.backers[0].insecure_clone();
    let key = backer.pubkey();
    let ix = ixs::stale_open(&f.campaign, &key, &key, &key, 1);
    env.send(&[ix], &[&backer]).await
}

#[tokio::test]
async fn given_a_dispute_before_its_deadline_when_the_milestone_is_90_days_overdue_then_not_stale()
{
    let mut env = Env::new().await;
    let (f, stale_at) = disputed_near_stale(&mut env).await;
    env.set_time(stale_at).await;
    assert_code(open_stale(&mut env, &f).await, code(PepfundError::NotStale));
    let deadline = deadline(&mut env, &f).await;
    env.set_time(deadline - 1).await;
    assert_code(open_stale(&mut env, &f).await, code(PepfundError::NotStale));
}

#[tokio::test]
async fn given_an_overdue_dispute_nobody_lapsed_then_holders_abandon_the_campaign_and_backers_get_the_escrow(
) {
    let mut env = Env::new().await;
    let (f, _) = disputed_near_stale(&mut env).await;
    let deadline = deadline(&mut env, &f).await;
    env.set_time(deadline).await;
    open_stale(&mut env, &f)
        .await
        .expect("stale_open on an overdue dispute");
    env.advance(7 * DAY).await;
    let ix = ixs::stale_finalize(&f.campaign, &f.researcher.pubkey());
    env.send(&[ix], &[]).await.expect("stale_finalize");
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.status, CampaignStatus::Abandoned);
    // The dispute can no longer lapse or be resolved: the campaign is over.
    assert_code(
        lapse(&mut env, &f).await,
        code(PepfundError::InvalidCampaignState),
    );
    assert_code(
        resolve(&mut env, &f, true).await,
        code(PepfundError::InvalidCampaignState),
    );

    // Backer 1 never deposited: its 900 tokens take 90% of the escrow.
    let backer = f.backers[1].insecure_clone();
    let ix = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 900 * USDC);
    env.send(&[ix], &[&backer]).await.expect("refund");
    assert_eq!(env.balance(&f.backer_usdc(&env, 1)).await, 900 * USDC);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 100 * USDC);
}
