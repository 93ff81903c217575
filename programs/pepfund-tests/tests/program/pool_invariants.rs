//! The randomized invariant walk, for reward pools: random stakes, unstakes, moves of stake
//! tokens between wallets, claims, submissions, flags, finalizations, dispute decisions and
//! lapses, time steps and the sponsor's close, with the money checked on real SPL balances
//! after every step.
//!
//! `PEPFUND_POOL_FUZZ_SEEDS=1,2,3` and `PEPFUND_POOL_FUZZ_STEPS=N` change the run; a failure
//! prints the seed and step to replay.

use crate::env::*;
use crate::pool_fixture::*;
use pepfund::state::*;
use rand::{rngs::SmallRng, Rng, SeedableRng};
use solana_sdk::signature::Signer;
use std::collections::BTreeSet;

const STAKERS: usize = 5;

fn seeds() -> Vec<u64> {
    std::env::var("PEPFUND_POOL_FUZZ_SEEDS")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        // Seeds chosen because each reaches every deep state (see the test) in the default
        // steps; of seeds 1-12 at 500 steps, 3, 6, 8 and 10 do (the others miss a rejection,
        // a lapse, a release or a claim).
        .unwrap_or_else(|| vec![3, 6, 8, 10])
}

fn steps() -> usize {
    std::env::var("PEPFUND_POOL_FUZZ_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500)
}

#[tokio::test]
async fn given_random_pool_actions_then_rewards_and_stake_add_up_after_every_step() {
    let mut shallow = Vec::new();
    for seed in seeds() {
        let reached = run(seed, steps()).await;
        let missing: Vec<&str> = [
            "release",
            "dispute",
            "rejection",
            "lapse",
            "claim",
            "late stake",
            "close",
        ]
        .into_iter()
        .filter(|s| !reached.contains(s))
        .collect();
        if !missing.is_empty() {
            shallow.push(format!("seed {seed} never reached {missing:?}"));
        }
    }
    assert!(
        shallow.is_empty(),
        "{} steps: {}",
        steps(),
        shallow.join("; ")
    );
}

async fn run(seed: u64, steps: usize) -> BTreeSet<&'static str> {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut env = Env::new().await;
    let mut f = active_pool(&mut env, &[3_000, 3_000, 4_000], 1_000_003).await;
    for _ in 0..STAKERS {
        add_staker(&mut env, &mut f, 1_000 + rng.gen_range(0..9_000), 0).await;
    }
    let mut reached = BTreeSet::new();
    for step in 0..steps {
        let action = rng.gen_range(0..12);
        let late = step * 5 >= steps * 4;
        let done = act(&mut env, &mut rng, &f, action, late).await;
        if let Some(state) = done {
            reached.insert(state);
        }
        check(&mut env, &f)
            .await
            .unwrap_or_else(|e| panic!("seed {seed} step {step} action {action}: {e}"));
        if pool(&mut env, &f).await.status == PoolStatus::Closed {
            break;
        }
    }
    println!("pool seed {seed}: reached {reached:?}");
    reached
}

/// One random action; a refused one changes nothing (the checks decide). Returns the deep
/// state it reached, if any.
async fn act(
    env: &mut Env,
    rng: &mut SmallRng,
    f: &PoolFixture,
    action: u32,
    late: bool,
) -> Option<&'static str> {
    let i = rng.gen_range(0..f.stakers.len());
    let p = pool(env, f).await;
    let current = p.current_milestone().unwrap_or(0);
    let review = p.milestones.get(current as usize).map(|m| m.review.clone());
    // The crank closes a window, and the admin decides a dispute, before much time passes, as
    // the scheduler and the team do: half the time a time step on such a milestone is that.
    let now = env.now().await;
    let action = match &review {
        Some(m) if action == 7 && rng.gen_bool(0.5) => match m.status {
            MilestoneStatus::InReview if now >= m.window_end => 8,
            MilestoneStatus::Disputed if now < m.dispute_deadline => 9,
            _ => action,
        },
        _ => action,
    };
    // The last two stakers arrive only once a tranche was released: late stake.
    if i >= STAKERS - 2 && p.accumulator.released == 0 && action <= 1 {
        return None;
    }
    let held = env.balance(&f.stake_tokens_of(i)).await;
    let staked = env
        .account(&staker_pda(&f.keys.pool, &f.stakers[i].pubkey()))
        .await
        .is_some();
    let attempt = review.as_ref().map_or(0, |m| m.attempts);
    match action {
        0 | 1 => {
            let released = p.accumulator.released;
            let ok = stake(env, f, i, rng.gen_range(0..=held.max(1)))
                .await
                .is_ok();
            (ok && released > 0 && !staked).then_some("late stake")
        }
        2 => unstake(env, f, i, rng.gen_range(1..=held.max(1) * 2))
            .await
            .ok()
            .map(|_| "unstake"),
        3 => {
            let owner = f.stakers[i].insecure_clone();
            let to = f.stake_tokens_of((i + 1) % f.stakers.len());
            let _ = env
                .transfer_tokens(&f.stake_tokens_of(i), &to, &owner, rng.gen_range(0..=held))
                .await;
            None
        }
        4 => claim(env, f, i).await.ok().map(|_| "claim"),
        5 => {
            let sponsor = f.sponsor.insecure_clone();
            env.send(&[pool_submit(&f.keys, current)], &[&sponsor])
                .await
                .ok()
                .map(|_| "submit")
        }
        6 => flag(env, f, i, current, attempt).await.ok().map(|_| "flag"),
        7 => {
            env.advance(rng.gen_range(0..3 * DAY)).await;
            None
        }
        8 => {
            let before = p.accumulator.released;
            let ok = finalize(env, f, current).await.is_ok();
            let after = pool(env, f).await;
            match (ok, after.accumulator.released > before) {
                (true, true) => Some("release"),
                (true, false) => Some("dispute"),
                _ => None,
            }
        }
        9 => {
            let admin = env.admin.insecure_clone();
            let approve = rng.gen_bool(0.4);
            let ok = env
                .send(
                    &[pool_dispute_resolve(
                        &f.keys,
                        &admin.pubkey(),
                        current,
                        approve,
                    )],
                    &[&admin],
                )
                .await
                .is_ok();
            (ok && !approve).then_some("rejection")
        }
        10 => {
            if review.is_some_and(|m| m.status == MilestoneStatus::Disputed) && rng.gen_bool(0.3) {
                env.advance(72 * 3_600).await;
            }
            env.send(&[pool_dispute_lapse(&f.keys, current)], &[])
                .await
                .ok()
                .map(|_| "lapse")
        }
        _ => {
            // The sponsor closes only late in the walk, after the expiry.
            if !late {
                return None;
            }
            let expires = p.expires_at - now;
            env.advance(expires.max(0) + rng.gen_range(0..3) * DAY)
                .await;
            let sponsor = f.sponsor.insecure_clone();
            env.send(&[pool_close(&f.keys)], &[&sponsor])
                .await
                .ok()
                .map(|_| "close")
        }
    }
}

/// The money after a step, on real balances: every reward token is in the vault, with a
/// staker, or back with the sponsor; every stake unit is in the stake vault or a wallet.
async fn check(env: &mut Env, f: &PoolFixture) -> Result<(), String> {
    let p = pool(env, f).await;
    let reward_vault = env.balance(&reward_vault(&f.keys.pool)).await;
    let stake_vault = env.balance(&stake_vault(&f.keys.pool)).await;
    let mut claimed = 0;
    let mut positions = 0;
    let mut claimable: u128 = 0;
    for i in 0..f.stakers.len() {
        claimed += env.balance(&f.rewards_of(i)).await;
        let address = staker_pda(&f.keys.pool, &f.stakers[i].pubkey());
        if env.account(&address).await.is_some() {
            let record: StakerRecord = env.fetch(&address).await;
            positions += record.position.amount;
            let mut settled = record.position;
            p.accumulator
                .settle(&mut settled)
                .map_err(|e| format!("settle: {e:?}"))?;
            claimable += settled.pending as u128;
        }
    }
    let sponsor = env.balance(&f.sponsor_rewards()).await;
    if claimed != p.claimed {
        return Err(format!(
            "stakers hold {claimed} reward tokens, the pool says {} were claimed",
            p.claimed
        ));
    }
    if reward_vault + claimed + sponsor != p.reward_total {
        return Err(format!(
            "reward tokens: vault {reward_vault} + stakers {claimed} + sponsor {sponsor} != {}",
            p.reward_total
        ));
    }
    if claimed + p.residual_reclaimed > p.accumulator.released {
        return Err(format!(
            "claimed {claimed} + residual reclaimed exceed released {}",
            p.accumulator.released
        ));
    }
    if claimable + claimed as u128 > p.accumulator.released as u128 {
        return Err(format!(
            "claimable {claimable} + claimed {claimed} exceed released {}",
            p.accumulator.released
        ));
    }
    if reward_vault < p.reward_owed().map_err(|e| format!("{e:?}"))?
        || (claimable as u64) > reward_vault
    {
        return Err(format!(
            "the reward vault ({reward_vault}) cannot pay what is owed"
        ));
    }
    if stake_vault != p.accumulator.total_staked || positions != p.accumulator.total_staked {
        return Err(format!(
            "stake: vault {stake_vault}, positions {positions}, total {}",
            p.accumulator.total_staked
        ));
    }
    p.invariant().map_err(|e| format!("invariant: {e:?}"))
}
