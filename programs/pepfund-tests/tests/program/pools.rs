//! Reward pools in a real bank: a pool's whole life, the accumulator's exactness on real
//! token balances, late stakers, stake moved during a window, disputes, close and vesting.

use crate::env::*;
use crate::pool_fixture::*;
use pepfund::errors::PepfundError as E;
use pepfund::state::*;
use solana_sdk::signature::{Keypair, Signer};

const REWARD: u64 = 1_000_000;
const SHARES: [u16; 3] = [3_000, 3_000, 4_000];

#[tokio::test]
async fn a_pool_life_pays_each_approved_tranche_to_stakers_pro_rata() {
    let mut env = Env::new().await;
    let mut f = created_pool(&mut env, &SHARES, REWARD).await;
    // Nothing can be submitted until the reward is all in.
    let sponsor = f.sponsor.insecure_clone();
    assert_code(
        env.send(&[pool_submit(&f.keys, 0)], &[&sponsor]).await,
        code(E::InvalidPoolState),
    );
    env.send(&[pool_fund(&f.keys, REWARD / 2)], &[&sponsor])
        .await
        .expect("half");
    assert_code(
        env.send(&[pool_fund(&f.keys, REWARD)], &[&sponsor]).await,
        code(E::PoolOverfunded),
    );
    env.send(&[pool_fund(&f.keys, REWARD / 2)], &[&sponsor])
        .await
        .expect("rest");
    assert_eq!(pool(&mut env, &f).await.status, PoolStatus::Active);
    assert_eq!(env.balance(&reward_vault(&f.keys.pool)).await, REWARD);

    for stake in [100, 300, 600] {
        add_staker(&mut env, &mut f, stake, stake).await;
    }
    release(&mut env, &f, 0).await;
    // 30% of the reward, shared 1:3:6.
    for (i, expected) in [(0, 30_000), (1, 90_000), (2, 180_000)] {
        claim(&mut env, &f, i).await.expect("claim");
        assert_eq!(env.balance(&f.rewards_of(i)).await, expected);
    }
    assert_code(claim(&mut env, &f, 0).await, code(E::NothingToClaim));

    // A late staker earns nothing from the tranche released before they staked...
    let late = add_staker(&mut env, &mut f, 1_000, 1_000).await;
    assert_code(claim(&mut env, &f, late).await, code(E::NothingToClaim));
    // ...and half of the next one (1,000 of 2,000 staked).
    release(&mut env, &f, 1).await;
    claim(&mut env, &f, late).await.expect("late claim");
    assert_eq!(env.balance(&f.rewards_of(late)).await, 150_000);

    // Unstaking keeps what was earned; the last tranche goes to whoever is staked then.
    unstake(&mut env, &f, 0, 100).await.expect("unstake");
    assert_eq!(env.balance(&f.stake_tokens_of(0)).await, 100);
    release(&mut env, &f, 2).await;
    let p = pool(&mut env, &f).await;
    assert_eq!(p.status, PoolStatus::Completed);
    assert_eq!(p.accumulator.released, REWARD);
    for i in 0..4 {
        let _ = claim(&mut env, &f, i).await;
    }
    // 400,000 shared 300:600:1,000 does not divide: under one token per staker stays behind.
    let paid = rewards_sum(&mut env, &f).await;
    assert!(paid <= REWARD && REWARD - paid <= 3, "paid {paid}");
    assert_eq!(
        env.balance(&reward_vault(&f.keys.pool)).await,
        REWARD - paid
    );
}

async fn rewards_sum(env: &mut Env, f: &PoolFixture) -> u64 {
    let mut total = 0;
    for i in 0..f.stakers.len() {
        total += env.balance(&f.rewards_of(i)).await;
    }
    total
}

#[tokio::test]
async fn claims_never_exceed_the_released_tranches_and_the_dust_stays_in_the_vault() {
    let mut env = Env::new().await;
    // Awkward numbers: a prime reward and stakes that divide nothing evenly.
    let reward = 1_000_003;
    let mut f = active_pool(&mut env, &SHARES, reward).await;
    for stake in [7, 11, 13] {
        add_staker(&mut env, &mut f, stake, stake).await;
    }
    release(&mut env, &f, 0).await;
    release(&mut env, &f, 1).await;
    for i in 0..3 {
        claim(&mut env, &f, i).await.expect("claim");
    }
    let released = pool(&mut env, &f).await.accumulator.released;
    let claimed = rewards_sum(&mut env, &f).await;
    assert!(claimed <= released, "claimed {claimed} of {released}");
    // Each staker leaves less than one token of carry, the pool less than one of residual.
    assert!(released - claimed <= 3, "dust {}", released - claimed);
    let p = pool(&mut env, &f).await;
    assert_eq!(p.claimed, claimed);
    assert_eq!(
        env.balance(&reward_vault(&f.keys.pool)).await,
        reward - claimed
    );
}

#[tokio::test]
async fn stake_moved_between_wallets_during_a_window_adds_no_flag_weight() {
    let mut env = Env::new().await;
    let mut f = active_pool(&mut env, &SHARES, REWARD).await;
    let a = add_staker(&mut env, &mut f, 500, 500).await;
    let b = add_staker(&mut env, &mut f, 400, 400).await;
    let topped = add_staker(&mut env, &mut f, 500, 100).await;
    let fresh = add_staker(&mut env, &mut f, 0, 0).await;
    let attempt = submit(&mut env, &f, 0).await;

    // A moves its stake to a fresh wallet during the window: neither wallet can flag with it.
    unstake(&mut env, &f, a, 500)
        .await
        .expect("unstake before flagging");
    let owner_a = f.stakers[a].insecure_clone();
    let fresh_tokens = env
        .ata(&f.stakers[fresh].pubkey(), &f.keys.stake_mint.clone())
        .await;
    env.transfer_tokens(&f.stake_tokens_of(a), &fresh_tokens, &owner_a, 500)
        .await
        .expect("move");
    stake(&mut env, &f, fresh, 500)
        .await
        .expect("stake moved tokens");
    assert_code(
        flag(&mut env, &f, fresh, 0, attempt).await,
        code(E::NoDeposit),
    );
    assert_code(flag(&mut env, &f, a, 0, attempt).await, code(E::NoDeposit));

    // Stake topped up during the window flags with what was staked before it opened.
    stake(&mut env, &f, topped, 400).await.expect("top up");
    flag(&mut env, &f, topped, 0, attempt).await.expect("flag");
    let record: PoolFlagRecord = env
        .fetch(&pool_flag_pda(
            &f.keys.pool,
            0,
            attempt,
            &f.stakers[topped].pubkey(),
        ))
        .await;
    assert_eq!(record.weight, 100);

    // A flagger's stake is locked until the window closes, and flags once.
    flag(&mut env, &f, b, 0, attempt).await.expect("flag");
    assert_code(unstake(&mut env, &f, b, 1).await, code(E::TokensLocked));
    assert!(
        flag(&mut env, &f, b, 0, attempt).await.is_err(),
        "second flag refused"
    );
    let review = pool(&mut env, &f).await.milestones[0].review.clone();
    assert_eq!(
        review.flag_weight, 500,
        "only stake from before the window counted"
    );
    assert_eq!(
        review.backer_supply_snapshot, 1_000,
        "quorum base frozen at submission"
    );

    env.advance(7 * DAY).await;
    unstake(&mut env, &f, b, 400)
        .await
        .expect("unlocked after the window");
}

/// An active pool whose stakers hold 20 % and 80 %, its first KPI submitted; returns the pool,
/// the 20 % staker's index and the submission's attempt.
async fn submitted_with_two_stakers(env: &mut Env) -> (PoolFixture, usize, u32) {
    let mut f = active_pool(env, &SHARES, REWARD).await;
    let big = add_staker(env, &mut f, 200, 200).await;
    add_staker(env, &mut f, 800, 800).await;
    let attempt = submit(env, &f, 0).await;
    (f, big, attempt)
}

#[tokio::test]
async fn a_flagged_kpi_is_disputed_rejected_resubmitted_and_lapses() {
    let mut env = Env::new().await;
    let (f, big, attempt) = submitted_with_two_stakers(&mut env).await;
    flag(&mut env, &f, big, 0, attempt)
        .await
        .expect("flag with 20%");
    assert_code(finalize(&mut env, &f, 0).await, code(E::WindowOpen));
    env.advance(7 * DAY).await;
    finalize(&mut env, &f, 0).await.expect("finalize");
    let review = pool(&mut env, &f).await.milestones[0].review.clone();
    assert_eq!(review.status, MilestoneStatus::Disputed);
    assert_eq!(env.balance(&f.rewards_of(big)).await, 0);

    let stranger = env.user().await;
    let bad = pool_dispute_resolve(&f.keys, &stranger.pubkey(), 0, true);
    assert_code(env.send(&[bad], &[&stranger]).await, code(E::NotAdmin));
    let admin = env.admin.insecure_clone();
    env.send(
        &[pool_dispute_resolve(&f.keys, &admin.pubkey(), 0, false)],
        &[&admin],
    )
    .await
    .expect("reject");
    assert_code(claim(&mut env, &f, big).await, code(E::NothingToClaim));

    // The sponsor re-submits: a fresh window with fresh flags.
    let second = submit(&mut env, &f, 0).await;
    assert_eq!(second, attempt + 1);
    flag(&mut env, &f, big, 0, second)
        .await
        .expect("flag again");
    env.advance(7 * DAY).await;
    finalize(&mut env, &f, 0).await.expect("dispute again");
    assert_code(
        env.send(&[pool_dispute_lapse(&f.keys, 0)], &[]).await,
        code(E::DisputeNotLapsed),
    );
    env.advance(72 * 3_600).await;
    env.send(&[pool_dispute_lapse(&f.keys, 0)], &[])
        .await
        .expect("lapse");
    let review = pool(&mut env, &f).await.milestones[0].review.clone();
    assert_eq!(review.status, MilestoneStatus::Pending);

    // Approved on the third try: stakers are paid.
    let third = submit(&mut env, &f, 0).await;
    flag(&mut env, &f, big, 0, third).await.expect("flag");
    env.advance(7 * DAY).await;
    finalize(&mut env, &f, 0).await.expect("dispute");
    env.send(
        &[pool_dispute_resolve(&f.keys, &admin.pubkey(), 0, true)],
        &[&admin],
    )
    .await
    .expect("approve");
    claim(&mut env, &f, big).await.expect("claim");
    assert_eq!(env.balance(&f.rewards_of(big)).await, 60_000);
}

#[tokio::test]
async fn the_sponsor_takes_back_only_what_stakers_can_never_receive() {
    let mut env = Env::new().await;
    let mut f = active_pool(&mut env, &SHARES, REWARD).await;
    let sponsor = f.sponsor.insecure_clone();
    // Released while nobody was staked: held as residual, claimable by nobody yet.
    release(&mut env, &f, 0).await;
    let s = add_staker(&mut env, &mut f, 1_000, 1_000).await;
    release(&mut env, &f, 1).await;
    assert_code(
        env.send(&[pool_close(&f.keys)], &[&sponsor]).await,
        code(E::PoolNotExpired),
    );
    let stranger = env.user().await;
    let mut wrong = f.keys;
    wrong.sponsor = stranger.pubkey();
    env.ata(&stranger.pubkey(), &f.keys.reward_mint.clone())
        .await;
    assert_code(
        env.send(&[pool_close(&wrong)], &[&stranger]).await,
        code(E::NotSponsor),
    );

    let expires = pool(&mut env, &f).await.expires_at;
    let now = env.now().await;
    env.advance(expires - now).await;
    env.send(&[pool_close(&f.keys)], &[&sponsor])
        .await
        .expect("close");
    // The staker's share of KPI 1 (and of KPI 0's residual, credited with it) stays theirs.
    claim(&mut env, &f, s).await.expect("claim after close");
    assert_eq!(env.balance(&f.rewards_of(s)).await, 600_000);
    // The sponsor got KPI 2's tranche back; nothing is left owed.
    assert_eq!(env.balance(&f.sponsor_rewards()).await, 400_000);
    assert_eq!(env.balance(&reward_vault(&f.keys.pool)).await, 0);
    assert_eq!(pool(&mut env, &f).await.status, PoolStatus::Closed);
    unstake(&mut env, &f, s, 1_000)
        .await
        .expect("stake always comes back");
    assert_code(stake(&mut env, &f, s, 1).await, code(E::InvalidPoolState));
}

#[tokio::test]
async fn a_pool_with_a_bad_roadmap_or_kpi_is_refused() {
    let mut env = Env::new().await;
    let sponsor = env.user().await;
    let authority = Keypair::new();
    let k = keys(&mut env, &sponsor.pubkey(), &authority).await;
    let now = env.now().await;
    let far = now + 1_000 * DAY;
    let first_too_big = create_args(REWARD, kpi_roadmap(&[5_000, 5_000], now), far);
    assert_code(
        env.send(&[pool_create(&k, 1, first_too_big)], &[&sponsor])
            .await,
        code(E::FirstShareTooLarge),
    );
    let mut no_source = kpi_roadmap(&SHARES, now);
    no_source[1].kpi.data_source.clear();
    assert_code(
        env.send(
            &[pool_create(&k, 1, create_args(REWARD, no_source, far))],
            &[&sponsor],
        )
        .await,
        code(E::InvalidKpi),
    );
    let early_expiry = create_args(REWARD, kpi_roadmap(&SHARES, now), now);
    assert_code(
        env.send(&[pool_create(&k, 1, early_expiry)], &[&sponsor])
            .await,
        code(E::DateOutOfRange),
    );
    let mut both = create_args(REWARD, kpi_roadmap(&SHARES, now), far);
    both.vesting = Some(VestingSchedule {
        start: now,
        cliff: now,
        end: far,
    });
    assert_code(
        env.send(&[pool_create(&k, 1, both)], &[&sponsor]).await,
        code(E::WrongReleaseKind),
    );
}

#[tokio::test]
async fn a_vesting_pool_releases_on_its_timetable_not_on_kpis() {
    let mut env = Env::new().await;
    let sponsor = env.user().await;
    let authority = Keypair::new();
    let k = keys(&mut env, &sponsor.pubkey(), &authority).await;
    let now = env.now().await;
    let schedule = VestingSchedule {
        start: now,
        cliff: now + 100 * DAY,
        end: now + 400 * DAY,
    };
    let mut args = create_args(REWARD, vec![], now + 400 * DAY);
    args.vesting = Some(schedule);
    env.send(&[pool_create(&k, 1, args)], &[&sponsor])
        .await
        .expect("create vesting pool");
    env.mint_tokens(&k.reward_mint, &authority, &sponsor.pubkey(), REWARD)
        .await;
    env.send(&[pool_fund(&k, REWARD)], &[&sponsor])
        .await
        .expect("fund");
    let mut f = PoolFixture {
        keys: k,
        sponsor,
        mint_authority: authority,
        stakers: vec![],
    };
    let s = add_staker(&mut env, &mut f, 10, 10).await;
    let sponsor = f.sponsor.insecure_clone();
    assert_code(
        env.send(&[pool_submit(&f.keys, 0)], &[&sponsor]).await,
        code(E::WrongReleaseKind),
    );

    env.set_time(schedule.cliff - 1).await;
    assert_code(
        env.send(&[pool_vest(&f.keys)], &[]).await,
        code(E::NothingVested),
    );
    // At the cliff, the quarter accrued since start; at the end, the rest.
    env.set_time(schedule.cliff).await;
    env.send(&[pool_vest(&f.keys)], &[])
        .await
        .expect("vest at cliff");
    claim(&mut env, &f, s).await.expect("claim");
    assert_eq!(env.balance(&f.rewards_of(s)).await, 250_000);
    env.set_time(schedule.end).await;
    env.send(&[pool_vest(&f.keys)], &[])
        .await
        .expect("vest at end");
    assert_eq!(pool(&mut env, &f).await.status, PoolStatus::Completed);
    claim(&mut env, &f, s).await.expect("claim");
    assert_eq!(env.balance(&f.rewards_of(s)).await, REWARD);
}

#[tokio::test]
async fn a_pool_nobody_staked_gives_its_sponsor_back_every_token_and_keeps_no_residual() {
    let mut env = Env::new().await;
    let f = active_pool(&mut env, &SHARES, REWARD).await;
    let sponsor = f.sponsor.insecure_clone();
    // KPI 0's tranche is released while nobody is staked: residual nobody can ever claim.
    release(&mut env, &f, 0).await;
    let expires = pool(&mut env, &f).await.expires_at;
    let now = env.now().await;
    env.advance(expires - now).await;
    env.send(&[pool_close(&f.keys)], &[&sponsor])
        .await
        .expect("close");
    // The unreleased 70 % and the stranded 30 % both go back.
    assert_eq!(env.balance(&f.sponsor_rewards()).await, REWARD);
    assert_eq!(env.balance(&reward_vault(&f.keys.pool)).await, 0);
    let closed = pool(&mut env, &f).await;
    assert_eq!(closed.residual_reclaimed, 300_000);
    // What went back is no longer held as residual (less than one token's carry may stay).
    assert_eq!(closed.unclaimable_residual(), 0);
}

#[tokio::test]
async fn a_stranger_cannot_flag_a_kpi_with_a_stakers_weight() {
    let mut env = Env::new().await;
    let (f, big, attempt) = submitted_with_two_stakers(&mut env).await;
    let stranger = env.user().await;
    let owner = f.stakers[big].pubkey();
    let ix = pool_flag(&f.keys, &owner, &stranger.pubkey(), 0, attempt);
    assert_code(
        env.send(&[ix], &[&stranger]).await,
        code(E::NotHolderOrDelegate),
    );
    assert_eq!(pool(&mut env, &f).await.milestones[0].review.flag_weight, 0);
}
