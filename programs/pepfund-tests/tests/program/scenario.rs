//! Ready-made campaigns at each stage of their life, built through the real instructions.

use crate::env::*;
use crate::ixs;
use anchor_spl::associated_token::get_associated_token_address;
use pepfund::state::*;
use solana_sdk::{
    pubkey::Pubkey,
    signature::{Keypair, Signer},
};

pub fn milestone(share_bps: u16, estimated_completion: i64) -> MilestoneInput {
    MilestoneInput {
        title: format!("Deliverable at {share_bps} bps"),
        description_hash: [1; 32],
        evidence_type: EvidenceType::Dataset,
        share_bps,
        estimated_completion,
    }
}

/// A roadmap with the given shares, one milestone every 30 days from `start`.
pub fn roadmap(shares: &[u16], start: i64) -> Vec<MilestoneInput> {
    shares
        .iter()
        .enumerate()
        .map(|(i, share)| milestone(*share, start + 30 * DAY * (i as i64 + 1)))
        .collect()
}

pub struct Fixture {
    pub campaign: Pubkey,
    pub researcher: Keypair,
    pub backers: Vec<Keypair>,
}

impl Fixture {
    pub fn backer_tokens(&self, i: usize) -> Pubkey {
        get_associated_token_address(&self.backers[i].pubkey(), &ixs::backer_mint(&self.campaign))
    }

    pub fn backer_usdc(&self, env: &Env, i: usize) -> Pubkey {
        get_associated_token_address(&self.backers[i].pubkey(), &env.usdc_mint)
    }

    pub fn researcher_usdc(&self, env: &Env) -> Pubkey {
        get_associated_token_address(&self.researcher.pubkey(), &env.usdc_mint)
    }
}

/// A draft campaign with the given roadmap shares and a 30-day fundraising deadline.
pub async fn draft(env: &mut Env, shares: &[u16], goal: u64) -> Fixture {
    let researcher = env.user().await;
    let now = env.now().await;
    let ix = ixs::campaign_create(
        env,
        &researcher.pubkey(),
        1,
        goal,
        now + 30 * DAY,
        roadmap(shares, now),
    );
    env.send(&[ix], &[&researcher])
        .await
        .expect("campaign_create");
    env.ata(&researcher.pubkey(), &env.usdc_mint.clone()).await;
    Fixture {
        campaign: ixs::campaign_pda(&researcher.pubkey(), 1),
        researcher,
        backers: vec![],
    }
}

/// A campaign approved by the admin and open for contributions.
pub async fn fundraising(env: &mut Env, shares: &[u16], goal: u64) -> Fixture {
    let f = draft(env, shares, goal).await;
    let submit = ixs::campaign_submit_for_review(&f.campaign, &f.researcher.pubkey());
    env.send(&[submit], &[&f.researcher])
        .await
        .expect("submit for review");
    let admin = env.admin.insecure_clone();
    let approve = ixs::campaign_approve(&f.campaign, &admin.pubkey());
    env.send(&[approve], &[&admin]).await.expect("approve");
    f
}

/// A new backer with `amount` USDC who contributes all of it.
pub async fn add_backer(env: &mut Env, f: &mut Fixture, amount: u64) -> usize {
    let backer = env.user().await;
    env.fund_usdc(&backer.pubkey(), amount).await;
    env.ata(&backer.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;
    let ix = ixs::contribute(env, &f.campaign, &backer.pubkey(), amount);
    env.send(&[ix], &[&backer]).await.expect("contribute");
    f.backers.push(backer);
    f.backers.len() - 1
}

/// A funded, active campaign: one backer per contribution, goal = their sum, closed early
/// by the researcher.
pub async fn active(env: &mut Env, shares: &[u16], contributions: &[u64]) -> Fixture {
    let goal: u64 = contributions.iter().sum();
    let mut f = fundraising(env, shares, goal).await;
    for amount in contributions {
        add_backer(env, &mut f, *amount).await;
    }
    let close = ixs::fundraising_close(&f.campaign, &f.researcher.pubkey());
    env.send(&[close], &[&f.researcher]).await.expect("close");
    f
}

/// Backer `i` deposits `amount` backer tokens as flag weight.
pub async fn deposit(env: &mut Env, f: &Fixture, i: usize, amount: u64) {
    let backer = f.backers[i].insecure_clone();
    let ix = ixs::holder_deposit(&f.campaign, &backer.pubkey(), amount);
    env.send(&[ix], &[&backer]).await.expect("deposit");
}

/// Researcher submits milestone `index`; returns the attempt number.
pub async fn submit(env: &mut Env, f: &Fixture, index: u8) -> u32 {
    let researcher = f.researcher.insecure_clone();
    let ix = ixs::milestone_submit(&f.campaign, &researcher.pubkey(), index, [3; 32], [4; 32]);
    env.send(&[ix], &[&researcher])
        .await
        .expect("milestone_submit");
    env.campaign(&f.campaign).await.milestones[index as usize].attempts
}

/// Backer `i` flags milestone `index`, signing and paying themselves.
pub async fn flag(env: &mut Env, f: &Fixture, i: usize, index: u8, attempt: u32) -> SendResult {
    let backer = f.backers[i].insecure_clone();
    let key = backer.pubkey();
    let ix = ixs::flag_submit(&f.campaign, &key, &key, &key, index, attempt);
    env.send(&[ix], &[&backer]).await
}

pub async fn finalize(env: &mut Env, f: &Fixture, index: u8) -> SendResult {
    let ix = ixs::milestone_finalize(env, &f.campaign, &f.researcher.pubkey(), index);
    env.send(&[ix], &[]).await
}

/// Seconds until the review window of milestone `index` ends.
pub async fn window_left(env: &mut Env, f: &Fixture, index: u8) -> i64 {
    let end = env.campaign(&f.campaign).await.milestones[index as usize].window_end;
    end - env.now().await
}
