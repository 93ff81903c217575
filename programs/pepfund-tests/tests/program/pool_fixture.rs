//! Reward pools: instruction builders and ready-made pools at each stage, built through the
//! real instructions (classic SPL Token mints unless a test says otherwise).

use crate::env::*;
use crate::ixs::{config_pda, pda};
use ::pepfund::{accounts as acc, instruction as data, state::*, *};
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::token::spl_token;
use solana_sdk::{
    instruction::Instruction,
    pubkey::Pubkey,
    signature::{Keypair, Signer},
    system_program,
};

pub fn pool_pda(sponsor: &Pubkey, id: u64) -> Pubkey {
    pda(&[SEED_POOL, sponsor.as_ref(), &id.to_le_bytes()])
}
pub fn reward_vault(pool: &Pubkey) -> Pubkey {
    pda(&[SEED_POOL_REWARD_VAULT, pool.as_ref()])
}
pub fn stake_vault(pool: &Pubkey) -> Pubkey {
    pda(&[SEED_POOL_STAKE_VAULT, pool.as_ref()])
}
pub fn staker_pda(pool: &Pubkey, owner: &Pubkey) -> Pubkey {
    pda(&[SEED_STAKER, pool.as_ref(), owner.as_ref()])
}
pub fn pool_flag_pda(pool: &Pubkey, index: u8, attempt: u32, owner: &Pubkey) -> Pubkey {
    pda(&[
        SEED_POOL_FLAG,
        pool.as_ref(),
        &[index],
        &attempt.to_le_bytes(),
        owner.as_ref(),
    ])
}

/// A KPI milestone with a verifiable statement (metric, target, source).
pub fn kpi(share_bps: u16, estimated_completion: i64) -> PoolMilestoneInput {
    PoolMilestoneInput {
        title: format!("KPI at {share_bps} bps"),
        statement_hash: [7; 32],
        kpi: Kpi {
            metric: "tvl_usd".into(),
            target: 10_000_000,
            data_source: "defillama:protocol/pepfund".into(),
        },
        evidence_type: EvidenceType::ComputationalResults,
        share_bps,
        estimated_completion,
    }
}

pub fn kpi_roadmap(shares: &[u16], start: i64) -> Vec<PoolMilestoneInput> {
    shares
        .iter()
        .enumerate()
        .map(|(i, share)| kpi(*share, start + 30 * DAY * (i as i64 + 1)))
        .collect()
}

/// The pool's mints, token programs and keys, as every builder needs them.
#[derive(Clone, Copy)]
pub struct PoolKeys {
    pub pool: Pubkey,
    pub sponsor: Pubkey,
    pub reward_mint: Pubkey,
    pub stake_mint: Pubkey,
    pub reward_program: Pubkey,
    pub stake_program: Pubkey,
}

pub fn pool_create(k: &PoolKeys, id: u64, args: PoolCreateArgs) -> Instruction {
    assert_eq!(args.id, id);
    ix(
        acc::PoolCreate {
            pool: k.pool,
            reward_mint: k.reward_mint,
            stake_mint: k.stake_mint,
            reward_vault: reward_vault(&k.pool),
            stake_vault: stake_vault(&k.pool),
            sponsor: k.sponsor,
            reward_token_program: k.reward_program,
            stake_token_program: k.stake_program,
            system_program: system_program::ID,
        },
        data::PoolCreate { args },
    )
}

fn ata(owner: &Pubkey, mint: &Pubkey, program: &Pubkey) -> Pubkey {
    anchor_spl::associated_token::get_associated_token_address_with_program_id(owner, mint, program)
}

pub fn pool_fund(k: &PoolKeys, amount: u64) -> Instruction {
    ix(
        acc::PoolFund {
            pool: k.pool,
            reward_mint: k.reward_mint,
            reward_vault: reward_vault(&k.pool),
            stake_vault: stake_vault(&k.pool),
            sponsor_tokens: ata(&k.sponsor, &k.reward_mint, &k.reward_program),
            sponsor: k.sponsor,
            reward_token_program: k.reward_program,
        },
        data::PoolFund { amount },
    )
}

pub fn pool_stake(
    k: &PoolKeys,
    owner: &Pubkey,
    amount: u64,
    delegate: Option<Pubkey>,
) -> Instruction {
    ix(
        acc::PoolStake {
            pool: k.pool,
            staker_record: staker_pda(&k.pool, owner),
            stake_mint: k.stake_mint,
            reward_vault: reward_vault(&k.pool),
            stake_vault: stake_vault(&k.pool),
            owner_tokens: ata(owner, &k.stake_mint, &k.stake_program),
            owner: *owner,
            stake_token_program: k.stake_program,
            system_program: system_program::ID,
        },
        data::PoolStake {
            args: PoolStakeArgs { amount, delegate },
        },
    )
}

pub fn pool_unstake(k: &PoolKeys, owner: &Pubkey, amount: u64) -> Instruction {
    ix(
        acc::PoolUnstake {
            pool: k.pool,
            staker_record: staker_pda(&k.pool, owner),
            stake_mint: k.stake_mint,
            reward_vault: reward_vault(&k.pool),
            stake_vault: stake_vault(&k.pool),
            owner_tokens: ata(owner, &k.stake_mint, &k.stake_program),
            owner: *owner,
            stake_token_program: k.stake_program,
        },
        data::PoolUnstake { amount },
    )
}

pub fn pool_claim(k: &PoolKeys, owner: &Pubkey) -> Instruction {
    ix(
        acc::PoolClaim {
            pool: k.pool,
            staker_record: staker_pda(&k.pool, owner),
            reward_mint: k.reward_mint,
            reward_vault: reward_vault(&k.pool),
            stake_vault: stake_vault(&k.pool),
            owner_rewards: ata(owner, &k.reward_mint, &k.reward_program),
            owner: *owner,
            reward_token_program: k.reward_program,
        },
        data::PoolClaim {},
    )
}

pub fn pool_submit(k: &PoolKeys, index: u8) -> Instruction {
    ix(
        acc::PoolSubmit {
            pool: k.pool,
            sponsor: k.sponsor,
        },
        data::PoolSubmit {
            args: PoolSubmitArgs {
                milestone_index: index,
                evidence_id: [5; 32],
                evidence_hash: [6; 32],
            },
        },
    )
}

pub fn pool_flag(
    k: &PoolKeys,
    owner: &Pubkey,
    authority: &Pubkey,
    index: u8,
    attempt: u32,
) -> Instruction {
    ix(
        acc::PoolFlag {
            pool: k.pool,
            staker_record: staker_pda(&k.pool, owner),
            flag_record: pool_flag_pda(&k.pool, index, attempt, owner),
            authority: *authority,
            payer: *authority,
            system_program: system_program::ID,
        },
        data::PoolFlag {
            args: PoolFlagArgs {
                milestone_index: index,
                attempt,
                rationale: [9; 32],
            },
        },
    )
}

pub fn pool_finalize(k: &PoolKeys, index: u8) -> Instruction {
    ix(
        acc::PoolFinalize { pool: k.pool },
        data::PoolFinalize {
            milestone_index: index,
        },
    )
}

pub fn pool_dispute_resolve(k: &PoolKeys, admin: &Pubkey, index: u8, approve: bool) -> Instruction {
    ix(
        acc::PoolDisputeResolve {
            config: config_pda(),
            pool: k.pool,
            admin: *admin,
        },
        data::PoolDisputeResolve {
            args: PoolDisputeResolveArgs {
                milestone_index: index,
                approve,
                reason: [8; 32],
            },
        },
    )
}

pub fn pool_dispute_lapse(k: &PoolKeys, index: u8) -> Instruction {
    ix(
        acc::PoolDisputeLapse { pool: k.pool },
        data::PoolDisputeLapse {
            milestone_index: index,
        },
    )
}

pub fn pool_vest(k: &PoolKeys) -> Instruction {
    ix(acc::PoolVest { pool: k.pool }, data::PoolVest {})
}

pub fn pool_close(k: &PoolKeys) -> Instruction {
    ix(
        acc::PoolClose {
            pool: k.pool,
            reward_mint: k.reward_mint,
            reward_vault: reward_vault(&k.pool),
            stake_vault: stake_vault(&k.pool),
            sponsor_tokens: ata(&k.sponsor, &k.reward_mint, &k.reward_program),
            sponsor: k.sponsor,
            reward_token_program: k.reward_program,
        },
        data::PoolClose {},
    )
}

/// A pool and the people around it.
pub struct PoolFixture {
    pub keys: PoolKeys,
    pub sponsor: Keypair,
    pub mint_authority: Keypair,
    pub stakers: Vec<Keypair>,
}

impl PoolFixture {
    pub fn rewards_of(&self, i: usize) -> Pubkey {
        get_associated_token_address(&self.stakers[i].pubkey(), &self.keys.reward_mint)
    }
    pub fn stake_tokens_of(&self, i: usize) -> Pubkey {
        get_associated_token_address(&self.stakers[i].pubkey(), &self.keys.stake_mint)
    }
    pub fn sponsor_rewards(&self) -> Pubkey {
        get_associated_token_address(&self.sponsor.pubkey(), &self.keys.reward_mint)
    }
}

pub fn create_args(
    reward_total: u64,
    milestones: Vec<PoolMilestoneInput>,
    expires_at: i64,
) -> PoolCreateArgs {
    PoolCreateArgs {
        id: 1,
        metadata: [1; 32],
        metadata_hash: [2; 32],
        reward_total,
        expires_at,
        milestones,
        vesting: None,
    }
}

/// New classic mints (6 decimals) for rewards and stake, one authority for both.
pub async fn keys(env: &mut Env, sponsor: &Pubkey, mint_authority: &Keypair) -> PoolKeys {
    let reward_mint = env.create_mint(&mint_authority.pubkey(), 6).await;
    let stake_mint = env.create_mint(&mint_authority.pubkey(), 6).await;
    PoolKeys {
        pool: pool_pda(sponsor, 1),
        sponsor: *sponsor,
        reward_mint,
        stake_mint,
        reward_program: spl_token::ID,
        stake_program: spl_token::ID,
    }
}

/// A created pool (not funded) with the given KPI shares, expiring a year after its last KPI.
pub async fn created_pool(env: &mut Env, shares: &[u16], reward_total: u64) -> PoolFixture {
    let sponsor = env.user().await;
    let mint_authority = Keypair::new();
    let k = keys(env, &sponsor.pubkey(), &mint_authority).await;
    let now = env.now().await;
    let roadmap = kpi_roadmap(shares, now);
    let expires = roadmap.last().unwrap().estimated_completion + 365 * DAY;
    let create = pool_create(&k, 1, create_args(reward_total, roadmap, expires));
    env.send(&[create], &[&sponsor]).await.expect("pool_create");
    env.mint_tokens(
        &k.reward_mint,
        &mint_authority,
        &sponsor.pubkey(),
        reward_total,
    )
    .await;
    PoolFixture {
        keys: k,
        sponsor,
        mint_authority,
        stakers: vec![],
    }
}

/// A fully funded, active pool.
pub async fn active_pool(env: &mut Env, shares: &[u16], reward_total: u64) -> PoolFixture {
    let f = created_pool(env, shares, reward_total).await;
    let sponsor = f.sponsor.insecure_clone();
    env.send(&[pool_fund(&f.keys, reward_total)], &[&sponsor])
        .await
        .expect("pool_fund");
    f
}

/// A new staker holding `amount` stake tokens (and a classic reward account), who stakes `stake` of them.
pub async fn add_staker(env: &mut Env, f: &mut PoolFixture, amount: u64, stake: u64) -> usize {
    let staker = env.user().await;
    let authority = f.mint_authority.insecure_clone();
    env.mint_tokens(&f.keys.stake_mint, &authority, &staker.pubkey(), amount)
        .await;
    if f.keys.reward_program == spl_token::ID {
        env.ata(&staker.pubkey(), &f.keys.reward_mint.clone()).await;
    }
    if stake > 0 {
        let ix = pool_stake(&f.keys, &staker.pubkey(), stake, None);
        env.send(&[ix], &[&staker]).await.expect("pool_stake");
    }
    f.stakers.push(staker);
    f.stakers.len() - 1
}

pub async fn stake(env: &mut Env, f: &PoolFixture, i: usize, amount: u64) -> SendResult {
    let staker = f.stakers[i].insecure_clone();
    env.send(
        &[pool_stake(&f.keys, &staker.pubkey(), amount, None)],
        &[&staker],
    )
    .await
}

pub async fn unstake(env: &mut Env, f: &PoolFixture, i: usize, amount: u64) -> SendResult {
    let staker = f.stakers[i].insecure_clone();
    env.send(
        &[pool_unstake(&f.keys, &staker.pubkey(), amount)],
        &[&staker],
    )
    .await
}

pub async fn claim(env: &mut Env, f: &PoolFixture, i: usize) -> SendResult {
    let staker = f.stakers[i].insecure_clone();
    env.send(&[pool_claim(&f.keys, &staker.pubkey())], &[&staker])
        .await
}

/// The sponsor submits KPI `index`; returns the attempt number.
pub async fn submit(env: &mut Env, f: &PoolFixture, index: u8) -> u32 {
    let sponsor = f.sponsor.insecure_clone();
    env.send(&[pool_submit(&f.keys, index)], &[&sponsor])
        .await
        .expect("pool_submit");
    let pool: Pool = env.fetch(&f.keys.pool).await;
    pool.milestones[index as usize].review.attempts
}

pub async fn flag(env: &mut Env, f: &PoolFixture, i: usize, index: u8, attempt: u32) -> SendResult {
    let staker = f.stakers[i].insecure_clone();
    let key = staker.pubkey();
    env.send(
        &[pool_flag(&f.keys, &key, &key, index, attempt)],
        &[&staker],
    )
    .await
}

pub async fn finalize(env: &mut Env, f: &PoolFixture, index: u8) -> SendResult {
    env.send(&[pool_finalize(&f.keys, index)], &[]).await
}

/// Submits KPI `index`, waits out its window and finalizes it with no flags: released.
pub async fn release(env: &mut Env, f: &PoolFixture, index: u8) {
    submit(env, f, index).await;
    env.advance(7 * DAY).await;
    finalize(env, f, index).await.expect("pool_finalize");
}

pub async fn pool(env: &mut Env, f: &PoolFixture) -> Pool {
    env.fetch(&f.keys.pool).await
}
