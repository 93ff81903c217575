//! Submissions, review windows, flags, quorum, finalization and disputes.

use crate::env::*;
use crate::ixs;
use crate::scenario::*;
use pepfund::errors::PepfundError;
use pepfund::state::*;
use solana_sdk::signature::Signer;

/// Backer supply 1,000 USDC in three holdings: 100 (exactly 10%), 99.999999 and the rest.
async fn reviewed_campaign(env: &mut Env) -> Fixture {
    active(
        env,
        &[4_000, 3_000, 3_000],
        &[100 * USDC, 100 * USDC - 1, 800 * USDC + 1],
    )
    .await
}

#[tokio::test]
async fn given_first_and_later_milestones_when_submitted_then_windows_are_7_and_5_days() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[1_000 * USDC]).await;
    submit(&mut env, &f, 0).await;
    assert_eq!(window_left(&mut env, &f, 0).await, 7 * DAY);
    env.advance(7 * DAY).await;
    finalize(&mut env, &f, 0).await.expect("finalize");
    submit(&mut env, &f, 1).await;
    assert_eq!(window_left(&mut env, &f, 1).await, 5 * DAY);
}

#[tokio::test]
async fn given_a_stranger_when_submitting_then_not_researcher() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[1_000 * USDC]).await;
    let stranger = env.user().await;
    let ix = ixs::milestone_submit(&f.campaign, &stranger.pubkey(), 0, [3; 32], [4; 32]);
    // The campaign's has_one check fails before anything is written.
    assert_code(
        env.send(&[ix], &[&stranger]).await,
        code(PepfundError::NotResearcher),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.milestones[0].status,
        MilestoneStatus::Pending
    );
}

#[tokio::test]
async fn given_milestone_two_before_one_when_submitted_then_out_of_order() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[1_000 * USDC]).await;
    let r = f.researcher.insecure_clone();
    let ix = ixs::milestone_submit(&f.campaign, &r.pubkey(), 1, [3; 32], [4; 32]);
    assert_code(
        env.send(&[ix], &[&r]).await,
        code(PepfundError::MilestoneOutOfOrder),
    );
    let ix = ixs::milestone_submit(&f.campaign, &r.pubkey(), 0, [0; 32], [4; 32]);
    assert_code(
        env.send(&[ix], &[&r]).await,
        code(PepfundError::EvidenceMissing),
    );
    let ix = ixs::milestone_submit(&f.campaign, &r.pubkey(), 0, [3; 32], [0; 32]);
    assert_code(
        env.send(&[ix], &[&r]).await,
        code(PepfundError::EvidenceMissing),
    );
    submit(&mut env, &f, 0).await;
    let again = ixs::milestone_submit(&f.campaign, &r.pubkey(), 0, [3; 32], [4; 32]);
    assert_code(
        env.send(&[again], &[&r]).await,
        code(PepfundError::InvalidMilestoneState),
    );
}

#[tokio::test]
async fn given_exactly_one_tenth_percent_when_flagging_then_accepted_and_one_unit_less_is_refused()
{
    let mut env = Env::new().await;
    // Supply: 1,000 USDC backer + 5% + 2% allocations (claimed) = 1,070 USDC; 0.1% = 1.07 USDC.
    let mut f = active(&mut env, &[4_000, 5_000, 1_000], &[998 * USDC]).await;
    add_late_supply(&mut env, &mut f).await;
    let supply = env.mint_supply(&ixs::backer_mint(&f.campaign)).await
        + env.mint_supply(&ixs::allocation_mint(&f.campaign)).await;
    let threshold = (supply * 10).div_ceil(10_000);
    deposit(&mut env, &f, 0, threshold).await;
    deposit(&mut env, &f, 1, threshold - 1).await;
    let attempt = submit(&mut env, &f, 0).await;
    assert_eq!(
        env.campaign(&f.campaign).await.milestones[0].supply_snapshot,
        supply
    );
    assert_code(
        flag(&mut env, &f, 1, 0, attempt).await,
        code(PepfundError::BelowFlagThreshold),
    );
    flag(&mut env, &f, 0, 0, attempt)
        .await
        .expect("exactly 0.1% may flag");
    let m = &env.campaign(&f.campaign).await.milestones[0];
    assert_eq!((m.flag_weight, m.flag_count), (threshold, 1));
}

/// Adds a second 2-USDC backer before close and claims both allocations, so the 0.1% base
/// includes allocation tokens (which may not flag themselves).
async fn add_late_supply(env: &mut Env, f: &mut Fixture) {
    // `active` closed the raise already; claim allocations to grow the total supply.
    let researcher_alloc = env
        .ata(&f.researcher.pubkey(), &ixs::allocation_mint(&f.campaign))
        .await;
    let treasury_alloc = env
        .ata(&env.treasury_key(), &ixs::allocation_mint(&f.campaign))
        .await;
    env.send(
        &[ixs::allocation_claim(&f.campaign, &researcher_alloc, false)],
        &[],
    )
    .await
    .expect("researcher allocation");
    env.send(
        &[ixs::allocation_claim(&f.campaign, &treasury_alloc, true)],
        &[],
    )
    .await
    .expect("protocol allocation");
    // A second holder: backer 0 hands 2 USDC worth of tokens to a new wallet.
    let second = env.user().await;
    let second_tokens = env
        .ata(&second.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;
    let from = f.backer_tokens(0);
    let owner = f.backers[0].insecure_clone();
    env.transfer_tokens(&from, &second_tokens, &owner, 2 * USDC)
        .await
        .expect("transfer");
    f.backers.push(second);
}

#[tokio::test]
async fn given_a_tiny_supply_when_flagging_then_one_unit_is_still_required() {
    let mut env = Env::new().await;
    // 500 base units: 0.1% rounds to 0.5, so the threshold is 1 unit, never 0.
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[499, 1]).await;
    let attempt = submit(&mut env, &f, 0).await;
    assert_eq!(
        env.campaign(&f.campaign).await.milestones[0].flag_threshold(),
        1
    );
    // A holder who never deposited has no holder record to flag with.
    assert_code(
        flag(&mut env, &f, 1, 0, attempt).await,
        anchor_code(anchor_lang::error::ErrorCode::AccountNotInitialized),
    );
    // One whose deposit is back to zero is refused with its own code.
    deposit(&mut env, &f, 0, 1).await;
    let owner = f.backers[0].insecure_clone();
    let withdraw = ixs::holder_withdraw(&f.campaign, &owner.pubkey(), 1);
    env.send(&[withdraw], &[&owner]).await.expect("withdraw");
    assert_code(
        flag(&mut env, &f, 0, 0, attempt).await,
        code(PepfundError::NoDeposit),
    );
    deposit(&mut env, &f, 1, 1).await;
    flag(&mut env, &f, 1, 0, attempt)
        .await
        .expect("one unit flags");
}

#[tokio::test]
async fn given_a_window_when_flagging_at_its_last_second_then_accepted_and_at_its_end_refused() {
    let (mut env, f) = reviewed_env().await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    deposit(&mut env, &f, 2, 800 * USDC).await;
    let attempt = submit(&mut env, &f, 0).await;
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left - 1).await;
    flag(&mut env, &f, 0, 0, attempt)
        .await
        .expect("last second of the window");
    env.advance(1).await;
    assert_code(
        flag(&mut env, &f, 2, 0, attempt).await,
        code(PepfundError::WindowClosed),
    );
    assert_eq!(
        env.campaign(&f.campaign).await.milestones[0].flag_weight,
        100 * USDC
    );
}

async fn reviewed_env() -> (Env, Fixture) {
    let mut env = Env::new().await;
    let f = reviewed_campaign(&mut env).await;
    (env, f)
}

#[tokio::test]
async fn given_a_holder_who_flagged_when_flagging_again_then_refused_and_weight_counts_once() {
    let (mut env, f) = reviewed_env().await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let attempt = submit(&mut env, &f, 0).await;
    flag(&mut env, &f, 0, 0, attempt).await.expect("first flag");
    let second = flag(&mut env, &f, 0, 0, attempt)
        .await
        .expect_err("second flag");
    assert_eq!(second.code(), Some(0), "flag record already exists");
    let m = &env.campaign(&f.campaign).await.milestones[0];
    assert_eq!((m.flag_weight, m.flag_count), (100 * USDC, 1));
}

#[tokio::test]
async fn given_no_submission_when_flagging_then_invalid_milestone_state() {
    let (mut env, f) = reviewed_env().await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    assert_code(
        flag(&mut env, &f, 0, 0, 0).await,
        code(PepfundError::InvalidMilestoneState),
    );
    assert_code(
        flag(&mut env, &f, 0, 1, 0).await,
        code(PepfundError::InvalidMilestoneState),
    );
}

#[tokio::test]
async fn given_a_relayer_without_delegation_when_flagging_for_a_holder_then_refused() {
    let (mut env, f) = reviewed_env().await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let attempt = submit(&mut env, &f, 0).await;
    let relayer = env.user().await;
    let owner = f.backers[0].pubkey();
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
    assert_eq!(env.campaign(&f.campaign).await.milestones[0].flag_weight, 0);
}

#[tokio::test]
async fn given_a_delegated_relayer_when_flagging_then_it_pays_and_the_holder_signs_nothing_and_revocation_stops_it(
) {
    let (mut env, f) = reviewed_env().await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    deposit(&mut env, &f, 1, 100 * USDC - 1).await;
    let relayer = env.user().await;
    for i in 0..2 {
        let holder = f.backers[i].insecure_clone();
        let ix = ixs::holder_set_delegate(&f.campaign, &holder.pubkey(), &relayer.pubkey());
        env.send(&[ix], &[&holder]).await.expect("delegate");
    }
    let attempt = submit(&mut env, &f, 0).await;
    let lamports_before = env.account(&relayer.pubkey()).await.unwrap().lamports;
    let owner = f.backers[0].pubkey();
    let ix = ixs::flag_submit(
        &f.campaign,
        &owner,
        &relayer.pubkey(),
        &relayer.pubkey(),
        0,
        attempt,
    );
    env.send(&[ix], &[&relayer]).await.expect("relayed flag");
    assert!(env.account(&relayer.pubkey()).await.unwrap().lamports < lamports_before);
    let record: FlagRecord = env
        .fetch(&ixs::flag_pda(&f.campaign, 0, attempt, &owner))
        .await;
    assert_eq!((record.owner, record.weight), (owner, 100 * USDC));

    let holder = f.backers[1].insecure_clone();
    let revoke = ixs::holder_set_delegate(&f.campaign, &holder.pubkey(), &Default::default());
    env.send(&[revoke], &[&holder]).await.expect("revoke");
    let ix = ixs::flag_submit(
        &f.campaign,
        &holder.pubkey(),
        &relayer.pubkey(),
        &relayer.pubkey(),
        0,
        attempt,
    );
    assert_code(
        env.send(&[ix], &[&relayer]).await,
        code(PepfundError::NotHolderOrDelegate),
    );
}

/// Flags `weights` (deposits of backers 0..) and closes the window; returns what the
/// researcher received.
pub(crate) async fn close_with_flags(
    env: &mut Env,
    f: &Fixture,
    deposits: &[u64],
) -> (u64, MilestoneStatus) {
    for (i, amount) in deposits.iter().enumerate() {
        deposit(env, f, i, *amount).await;
    }
    let attempt = submit(env, f, 0).await;
    for i in 0..deposits.len() {
        flag(env, f, i, 0, attempt).await.expect("flag");
    }
    let left = window_left(env, f, 0).await;
    env.advance(left).await;
    let before = env.balance(&f.researcher_usdc(env)).await;
    finalize(env, f, 0).await.expect("finalize");
    let paid = env.balance(&f.researcher_usdc(env)).await - before;
    (paid, env.campaign(&f.campaign).await.milestones[0].status)
}

#[tokio::test]
async fn given_flags_of_exactly_ten_percent_when_the_window_closes_then_a_dispute_opens_and_nothing_is_paid(
) {
    let (mut env, f) = reviewed_env().await;
    let (paid, status) = close_with_flags(&mut env, &f, &[100 * USDC]).await;
    assert_eq!((paid, status), (0, MilestoneStatus::Disputed));
    let m = &env.campaign(&f.campaign).await.milestones[0];
    assert_eq!(m.dispute_deadline, m.window_end + 72 * 3_600);
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000 * USDC);
}

#[tokio::test]
async fn given_flags_one_unit_below_ten_percent_when_the_window_closes_then_the_tranche_is_released(
) {
    let (mut env, f) = reviewed_env().await;
    // Backer 1 holds 100 USDC - 1 unit: just short of quorum.
    deposit(&mut env, &f, 1, 100 * USDC - 1).await;
    let attempt = submit(&mut env, &f, 0).await;
    flag(&mut env, &f, 1, 0, attempt).await.expect("flag");
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left).await;
    finalize(&mut env, &f, 0).await.expect("finalize");
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
    assert_eq!(
        env.campaign(&f.campaign).await.milestones[0].status,
        MilestoneStatus::Released
    );
}

#[tokio::test]
async fn given_flags_one_unit_above_ten_percent_when_the_window_closes_then_disputed() {
    let (mut env, f) = reviewed_env().await;
    let (paid, status) = close_with_flags(&mut env, &f, &[100 * USDC, 100 * USDC - 1]).await;
    assert_eq!((paid, status), (0, MilestoneStatus::Disputed));
}

#[tokio::test]
async fn given_an_open_window_when_finalizing_one_second_early_then_refused_and_at_the_exact_end_paid_once(
) {
    let (mut env, f) = reviewed_env().await;
    submit(&mut env, &f, 0).await;
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left - 1).await;
    assert_code(
        finalize(&mut env, &f, 0).await,
        code(PepfundError::WindowOpen),
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);
    env.advance(1).await;
    finalize(&mut env, &f, 0).await.expect("exact end");
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
    env.advance(1).await;
    assert_code(
        finalize(&mut env, &f, 0).await,
        code(PepfundError::InvalidMilestoneState),
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
}

#[tokio::test]
async fn given_a_closed_window_when_finalize_is_sent_twice_in_one_transaction_then_nothing_is_paid_twice(
) {
    let (mut env, f) = reviewed_env().await;
    submit(&mut env, &f, 0).await;
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left + 1).await;
    let ix = ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0);
    let both = env.send(&[ix.clone(), ix], &[]).await;
    assert_code(both, code(PepfundError::InvalidMilestoneState));
    assert_eq!(
        env.balance(&f.researcher_usdc(&env)).await,
        0,
        "the failed transaction paid nothing"
    );
    finalize(&mut env, &f, 0).await.expect("one finalize");
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
}

#[tokio::test]
async fn given_a_closed_window_when_two_cranks_finalize_in_the_same_slot_then_one_release() {
    let (mut env, f) = reviewed_env().await;
    submit(&mut env, &f, 0).await;
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left).await;
    let crank_a = env.user().await;
    let crank_b = env.user().await;
    let ix = ixs::milestone_finalize(&env, &f.campaign, &f.researcher.pubkey(), 0);
    let blockhash = env.ctx.get_new_latest_blockhash().await.unwrap();
    let slot = env.ctx.banks_client.get_root_slot().await.unwrap();
    let tx_a = solana_sdk::transaction::Transaction::new_signed_with_payer(
        &[ix.clone()],
        Some(&crank_a.pubkey()),
        &[&crank_a],
        blockhash,
    );
    let tx_b = solana_sdk::transaction::Transaction::new_signed_with_payer(
        &[ix],
        Some(&crank_b.pubkey()),
        &[&crank_b],
        blockhash,
    );
    let a = env.process(tx_a).await;
    let b = env.process(tx_b).await;
    assert_eq!(
        env.ctx.banks_client.get_root_slot().await.unwrap(),
        slot,
        "same slot"
    );
    assert!(a.is_ok());
    assert_code(b, code(PepfundError::InvalidMilestoneState));
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
}

/// Milestone 0 disputed: backer 0's 100 USDC of flags are exactly 10% of 1,000 USDC.
pub(crate) async fn disputed(env: &mut Env) -> Fixture {
    let f = reviewed_campaign(env).await;
    let (_, status) = close_with_flags(env, &f, &[100 * USDC]).await;
    assert_eq!(status, MilestoneStatus::Disputed);
    f
}

#[tokio::test]
async fn given_a_dispute_when_finalize_is_called_again_then_nothing_moves() {
    let mut env = Env::new().await;
    let f = disputed(&mut env).await;
    assert_code(
        finalize(&mut env, &f, 0).await,
        code(PepfundError::InvalidMilestoneState),
    );
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000 * USDC);
}

#[tokio::test]
async fn given_a_dispute_when_a_non_admin_resolves_then_not_admin() {
    let mut env = Env::new().await;
    let f = disputed(&mut env).await;
    let intruder = env.user().await;
    let ix = ixs::dispute_resolve(
        &env,
        &f.campaign,
        &f.researcher.pubkey(),
        &intruder.pubkey(),
        0,
        true,
    );
    assert_code(
        env.send(&[ix], &[&intruder]).await,
        code(PepfundError::NotAdmin),
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);
}

#[tokio::test]
async fn given_a_dispute_when_the_admin_key_is_passed_without_signing_then_refused() {
    let mut env = Env::new().await;
    let f = disputed(&mut env).await;
    let admin = env.admin.pubkey();
    let mut ix = ixs::dispute_resolve(&env, &f.campaign, &f.researcher.pubkey(), &admin, 0, true);
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == admin) {
        meta.is_signer = false;
    }
    assert_code(
        env.send(&[ix], &[]).await,
        anchor_code(anchor_lang::error::ErrorCode::AccountNotSigner),
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);
}

#[tokio::test]
async fn given_a_dispute_when_the_admin_approves_then_the_tranche_is_released_once() {
    let mut env = Env::new().await;
    let f = disputed(&mut env).await;
    let admin = env.admin.insecure_clone();
    let ix = ixs::dispute_resolve(
        &env,
        &f.campaign,
        &f.researcher.pubkey(),
        &admin.pubkey(),
        0,
        true,
    );
    env.send(&[ix.clone()], &[&admin]).await.expect("approve");
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
    assert_code(
        env.send(&[ix], &[&admin]).await,
        code(PepfundError::NoOpenDispute),
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
}

#[tokio::test]
async fn given_a_rejected_submission_when_resubmitted_then_a_fresh_window_with_its_own_flags_opens()
{
    let mut env = Env::new().await;
    let f = disputed(&mut env).await;
    let admin = env.admin.insecure_clone();
    let ix = ixs::dispute_resolve(
        &env,
        &f.campaign,
        &f.researcher.pubkey(),
        &admin.pubkey(),
        0,
        false,
    );
    env.send(&[ix], &[&admin]).await.expect("reject");
    let m = env.campaign(&f.campaign).await.milestones[0].clone();
    assert_eq!(
        (m.status, m.rejection_reason),
        (MilestoneStatus::Pending, [5; 32])
    );
    assert_eq!(env.balance(&ixs::vault(&f.campaign)).await, 1_000 * USDC);
    let record: ResearcherRecord = env
        .fetch(&ixs::researcher_pda(&f.researcher.pubkey()))
        .await;
    assert_eq!(
        (record.disputes_opened, record.submissions_rejected),
        (1, 1)
    );

    let attempt = submit(&mut env, &f, 0).await;
    assert_eq!(attempt, 2);
    let m = env.campaign(&f.campaign).await.milestones[0].clone();
    assert_eq!((m.flag_weight, m.flag_count), (0, 0));
    assert_eq!(window_left(&mut env, &f, 0).await, 7 * DAY);
    // A flag aimed at the old submission is refused; the same holder may flag the new one.
    deposit(&mut env, &f, 1, 100 * USDC - 1).await;
    assert_code(
        flag(&mut env, &f, 1, 0, 1).await,
        code(PepfundError::StaleSubmission),
    );
    flag(&mut env, &f, 0, 0, attempt)
        .await
        .expect("flag the re-submission");
    // This time the admin approves and the money moves.
    let left = window_left(&mut env, &f, 0).await;
    env.advance(left).await;
    finalize(&mut env, &f, 0).await.expect("finalize");
    let ix = ixs::dispute_resolve(
        &env,
        &f.campaign,
        &f.researcher.pubkey(),
        &admin.pubkey(),
        0,
        true,
    );
    env.send(&[ix], &[&admin]).await.expect("approve");
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
}

#[tokio::test]
async fn given_no_dispute_when_resolving_then_no_open_dispute() {
    let (mut env, f) = reviewed_env().await;
    submit(&mut env, &f, 0).await;
    let admin = env.admin.insecure_clone();
    let ix = ixs::dispute_resolve(
        &env,
        &f.campaign,
        &f.researcher.pubkey(),
        &admin.pubkey(),
        0,
        true,
    );
    assert_code(
        env.send(&[ix], &[&admin]).await,
        code(PepfundError::NoOpenDispute),
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);
}

/// QuorumReached is announced once, by the flag that crosses 10%: not before, not again.
#[tokio::test]
async fn given_flags_crossing_quorum_then_quorum_reached_is_emitted_once_by_the_crossing_flag() {
    use crate::logs::events;
    use pepfund::events::QuorumReached;
    let (mut env, f) = reviewed_env().await;
    for (i, amount) in [(0, 100 * USDC), (1, 100 * USDC - 1), (2, 100 * USDC)] {
        deposit(&mut env, &f, i, amount).await;
    }
    let attempt = submit(&mut env, &f, 0).await;
    let below = flag(&mut env, &f, 1, 0, attempt)
        .await
        .expect("flag below quorum");
    assert!(events::<QuorumReached>(&below.logs).is_empty());
    let crossing = flag(&mut env, &f, 0, 0, attempt)
        .await
        .expect("flag crossing quorum");
    let reached = events::<QuorumReached>(&crossing.logs);
    assert_eq!(reached.len(), 1);
    assert_eq!(reached[0].total_weight, 200 * USDC - 1);
    let after = flag(&mut env, &f, 2, 0, attempt)
        .await
        .expect("flag after quorum");
    assert!(events::<QuorumReached>(&after.logs).is_empty());
}
