use crate::calc;
use crate::errors::PepfundError;
use crate::pool_accumulator::{PoolAccumulator, ACC_SCALE};
use crate::state::milestone::*;
use anchor_lang::prelude::*;

/// Life of a reward pool. `Completed` and `Closed` are terminal for rewards; stakers can
/// always unstake and claim what was released.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum PoolStatus {
    /// Created; the sponsor deposits the reward total. Stakers may already stake.
    Funding,
    /// Fully funded: KPI milestones are submitted, reviewed and released (or the vesting
    /// schedule runs).
    Active,
    /// Every tranche released into the accumulator.
    Completed,
    /// The sponsor took back what was never released (after expiry, or before any release
    /// while still funding).
    Closed,
}

/// What a KPI milestone promises, verifiably: the metric, its target and where anyone can
/// read the figure. The full statement (how it is measured) is on Arweave; its SHA-256 is the
/// milestone's `description_hash`.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, PartialEq, Eq, Debug, InitSpace)]
pub struct Kpi {
    #[max_len(32)]
    pub metric: String,
    pub target: u64,
    #[max_len(64)]
    pub data_source: String,
}

/// A KPI milestone as the sponsor writes it.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, PartialEq, Eq, Debug)]
pub struct PoolMilestoneInput {
    pub title: String,
    /// SHA-256 of the full KPI statement.
    pub statement_hash: [u8; 32],
    pub kpi: Kpi,
    pub evidence_type: EvidenceType,
    pub share_bps: u16,
    pub estimated_completion: i64,
}

/// A KPI milestone of a pool: the campaign milestone's review state (one rule set for both)
/// plus its KPI.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, PartialEq, Eq, Debug, InitSpace)]
pub struct PoolMilestone {
    pub review: Milestone,
    pub kpi: Kpi,
}

/// Cliff-plus-linear vesting, for comparison pools: nothing before `cliff`, everything from
/// `end`, linear from `start` in between (so the cliff releases the part accrued since start).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub struct VestingSchedule {
    pub start: i64,
    pub cliff: i64,
    pub end: i64,
}

impl VestingSchedule {
    pub fn validate(&self) -> Result<()> {
        require!(
            self.start <= self.cliff && self.cliff <= self.end && self.start < self.end,
            PepfundError::InvalidVesting
        );
        Ok(())
    }

    /// Reward vested at `now` out of `total`, rounded down.
    pub fn vested(&self, total: u64, now: i64) -> Result<u64> {
        if now < self.cliff {
            return Ok(0);
        }
        if now >= self.end {
            return Ok(total);
        }
        let elapsed = (now - self.start) as u64;
        let duration = (self.end - self.start) as u64;
        calc::mul_div_floor(total, elapsed, duration)
    }
}

/// A sponsor's reward pool, at PDA `["pool", sponsor, id (u64 LE)]`. Its reward vault
/// (`["pool_reward", pool]`) holds the reward tokens, its stake vault (`["pool_stake", pool]`)
/// the staked tokens; the pool account is the authority of both.
#[account]
#[derive(InitSpace)]
pub struct Pool {
    pub sponsor: Pubkey,
    pub id: u64,
    pub status: PoolStatus,
    pub reward_mint: Pubkey,
    pub stake_mint: Pubkey,
    /// SPL Token or Token-2022, per mint; kept so every transfer uses the right program.
    pub reward_token_program: Pubkey,
    pub stake_token_program: Pubkey,
    pub reward_decimals: u8,
    pub stake_decimals: u8,
    /// Arweave id and SHA-256 of the pool's texts document (title, summary, KPI statements).
    pub metadata: [u8; 32],
    pub metadata_hash: [u8; 32],
    /// Reward tokens the sponsor commits; the pool becomes active when all are deposited.
    pub reward_total: u64,
    pub funded: u64,
    /// Reward tokens paid to stakers by claims.
    pub claimed: u64,
    /// Reward tokens the sponsor took back at close.
    pub reclaimed: u64,
    /// The part of `reclaimed` that had been released while nobody was staked (whole tokens
    /// of the accumulator's residual, which no staker could ever claim).
    pub residual_reclaimed: u64,
    /// From this time the sponsor may close the pool and take back what was never released.
    pub expires_at: i64,
    pub accumulator: PoolAccumulator,
    pub vesting: Option<VestingSchedule>,
    pub bump: u8,
    pub reward_vault_bump: u8,
    pub stake_vault_bump: u8,
    #[max_len(10)]
    pub milestones: Vec<PoolMilestone>,
}

impl Pool {
    pub fn milestone(&self, index: u8) -> Result<&PoolMilestone> {
        self.milestones
            .get(index as usize)
            .ok_or_else(|| error!(PepfundError::MilestoneNotFound))
    }

    pub fn review_mut(&mut self, index: u8) -> Result<&mut Milestone> {
        self.milestones
            .get_mut(index as usize)
            .map(|m| &mut m.review)
            .ok_or_else(|| error!(PepfundError::MilestoneNotFound))
    }

    /// Index of the first milestone not yet released; `None` when all are.
    pub fn current_milestone(&self) -> Option<u8> {
        self.milestones
            .iter()
            .position(|m| m.review.status != MilestoneStatus::Released)
            .map(|i| i as u8)
    }

    /// The review window open at `now`, as (milestone index, attempt): stake added during it
    /// brings no flag weight to it.
    pub fn open_window(&self, now: i64) -> Option<(u8, u32)> {
        let index = self.current_milestone()?;
        let review = &self.milestones[index as usize].review;
        review.window_open(now).then_some((index, review.attempts))
    }

    /// Tranche of the milestone at `index`: its share of the reward total, rounded down; the
    /// last takes the rest so that the tranches add up to the total exactly.
    pub fn tranche(&self, index: u8) -> Result<u64> {
        if index as usize + 1 == self.milestones.len() {
            calc::sub(self.reward_total, self.accumulator.released)
        } else {
            calc::bps_of(
                self.reward_total,
                self.milestone(index)?.review.share_bps as u64,
            )
        }
    }

    /// Releases the milestone's tranche into the accumulator (shared among everyone staked
    /// now) and returns it. The tokens stay in the reward vault until claimed.
    pub fn release_milestone(&mut self, index: u8) -> Result<u64> {
        require!(
            self.status == PoolStatus::Active,
            PepfundError::InvalidPoolState
        );
        let amount = self.tranche(index)?;
        self.accumulator.release(amount)?;
        let review = self.review_mut(index)?;
        review.status = MilestoneStatus::Released;
        review.released_amount = amount;
        if self.current_milestone().is_none() {
            self.status = PoolStatus::Completed;
        }
        Ok(amount)
    }

    /// Releases `amount` newly vested tokens of a vesting pool into the accumulator.
    pub fn release_vested(&mut self, amount: u64) -> Result<u64> {
        require!(
            self.status == PoolStatus::Active,
            PepfundError::InvalidPoolState
        );
        self.accumulator.release(amount)?;
        if self.accumulator.released == self.reward_total {
            self.status = PoolStatus::Completed;
        }
        Ok(amount)
    }

    /// Reward tokens the reward vault must still hold: funded - claimed - reclaimed.
    pub fn reward_owed(&self) -> Result<u64> {
        calc::sub(calc::sub(self.funded, self.claimed)?, self.reclaimed)
    }

    /// Whole reward tokens released while nobody was staked, or left as rounding residual,
    /// that no staker can ever claim once nothing more will be released.
    pub fn unclaimable_residual(&self) -> u64 {
        (self.accumulator.residual_scaled / ACC_SCALE) as u64
    }

    /// Checked at the end of every state change: never more funded than committed, never
    /// more released or claimed than funded, milestone releases add up and come in order.
    pub fn invariant(&self) -> Result<()> {
        let acc = &self.accumulator;
        require!(
            self.funded <= self.reward_total,
            PepfundError::InvariantViolated
        );
        let unreleased_reclaimed = calc::sub(self.reclaimed, self.residual_reclaimed)?;
        require!(
            calc::add(acc.released, unreleased_reclaimed)? <= self.funded,
            PepfundError::InvariantViolated
        );
        require!(
            calc::add(self.claimed, self.residual_reclaimed)? <= acc.released,
            PepfundError::InvariantViolated
        );
        if self.vesting.is_some() {
            require!(self.milestones.is_empty(), PepfundError::InvariantViolated);
            return Ok(());
        }
        let mut paid: u64 = 0;
        let mut seen_unreleased = false;
        for m in &self.milestones {
            if m.review.status == MilestoneStatus::Released {
                require!(!seen_unreleased, PepfundError::InvariantViolated);
                paid = calc::add(paid, m.review.released_amount)?;
            } else {
                seen_unreleased = true;
                require!(
                    m.review.released_amount == 0,
                    PepfundError::InvariantViolated
                );
            }
        }
        require!(paid == acc.released, PepfundError::InvariantViolated);
        Ok(())
    }

    /// After tokens moved: the reward vault still holds everything it owes (funded - claimed
    /// - reclaimed) and the stake vault every staked unit.
    pub fn check_vaults(&self, reward_vault: u64, stake_vault: u64) -> Result<()> {
        require!(
            reward_vault >= self.reward_owed()?,
            PepfundError::InvariantViolated
        );
        require!(
            stake_vault >= self.accumulator.total_staked,
            PepfundError::InvariantViolated
        );
        Ok(())
    }
}

/// Checks a pool's KPI roadmap: the campaign roadmap rules (dates from `now`), plus a metric
/// name, a data source and a target above zero for every KPI, so each one can be verified.
pub fn validate_pool_roadmap(milestones: &[PoolMilestoneInput], now: i64) -> Result<()> {
    let entries: Vec<ScheduleEntry> = milestones
        .iter()
        .map(|m| ScheduleEntry {
            title: &m.title,
            share_bps: m.share_bps,
            estimated_completion: m.estimated_completion,
        })
        .collect();
    validate_schedule(&entries, now)?;
    for m in milestones {
        let kpi = &m.kpi;
        require!(
            !kpi.metric.is_empty()
                && kpi.metric.len() <= crate::constants::MAX_KPI_METRIC_LEN as usize
                && !kpi.data_source.is_empty()
                && kpi.data_source.len() <= crate::constants::MAX_KPI_SOURCE_LEN as usize
                && kpi.target > 0
                && m.statement_hash != [0; 32],
            PepfundError::InvalidKpi
        );
    }
    Ok(())
}

impl PoolMilestone {
    pub fn from_input(input: &PoolMilestoneInput) -> Self {
        PoolMilestone {
            review: Milestone::from_input(&MilestoneInput {
                title: input.title.clone(),
                description_hash: input.statement_hash,
                evidence_type: input.evidence_type,
                share_bps: input.share_bps,
                estimated_completion: input.estimated_completion,
            }),
            kpi: input.kpi.clone(),
        }
    }
}
