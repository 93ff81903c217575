//! Reward-pool accounting: a reward accumulator per staked unit (the MasterChef /
//! Synthetix StakingRewards scheme), so stake, unstake and claim cost O(1) whatever the
//! number of stakers. Pure integer arithmetic with no accounts, so the pool instructions
//! (see docs/POOLS.md) and the tests share one exact definition.
//!
//! Exactness rule: no token is ever promised twice. Each tranche is spread as
//! `numerator = tranche * SCALE + residual`, `acc_per_share += numerator / total_staked`,
//! `residual = numerator % total_staked`. The residual (scaled units, below `total_staked`)
//! rolls into the next tranche, and each staker keeps the sub-token remainder of their own
//! earnings (`carry`, below `SCALE`) for their next settlement. So at every moment
//! `sum(paid + pending) * SCALE + sum(carry) + residual == released * SCALE`: dust has a home
//! and the sum of claims can never exceed what was released.

use crate::errors::PepfundError;
use anchor_lang::prelude::*;

/// Fixed-point scale of `acc_per_share`: 1e12, as MasterChef.
pub const ACC_SCALE: u128 = 1_000_000_000_000;

/// The pool-wide half of the accounting.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct PoolAccumulator {
    /// Reward tokens per staked unit, times `ACC_SCALE`, summed over every released tranche.
    pub acc_per_share: u128,
    /// Stake units currently in the pool vault.
    pub total_staked: u64,
    /// Scaled reward not yet credited to anyone: the rounding remainder of earlier tranches,
    /// or a whole tranche released while nobody was staked. Credited with the next tranche.
    pub residual_scaled: u128,
    /// Reward tokens released into the accumulator so far (tranches approved).
    pub released: u64,
}

/// One staker's half: settled before every change of `amount`.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct StakerPosition {
    pub amount: u64,
    /// `acc_per_share` when this position was last settled: it earns only increments after.
    pub acc_snapshot: u128,
    /// Sub-token remainder of this staker's earnings, scaled, always below `ACC_SCALE`.
    pub carry_scaled: u128,
    /// Whole reward tokens earned and not yet claimed.
    pub pending: u64,
}

fn overflow() -> Error {
    error!(PepfundError::MathOverflow)
}

impl PoolAccumulator {
    /// Credits an approved tranche to everyone staked now. Stake that arrives later starts
    /// from the new `acc_per_share` and so earns nothing from this tranche.
    pub fn release(&mut self, tranche: u64) -> Result<()> {
        self.released = self.released.checked_add(tranche).ok_or_else(overflow)?;
        let numerator = (tranche as u128)
            .checked_mul(ACC_SCALE)
            .and_then(|scaled| scaled.checked_add(self.residual_scaled))
            .ok_or_else(overflow)?;
        if self.total_staked == 0 {
            // Nobody to credit: keep the whole tranche for the next release.
            self.residual_scaled = numerator;
            return Ok(());
        }
        let total = self.total_staked as u128;
        self.acc_per_share = self
            .acc_per_share
            .checked_add(numerator / total)
            .ok_or_else(overflow)?;
        self.residual_scaled = numerator % total;
        Ok(())
    }

    /// Brings `position` up to date with the accumulator (moves earnings into `pending`).
    pub fn settle(&self, position: &mut StakerPosition) -> Result<()> {
        let delta = self
            .acc_per_share
            .checked_sub(position.acc_snapshot)
            .ok_or_else(overflow)?;
        let earned_scaled = (position.amount as u128)
            .checked_mul(delta)
            .and_then(|e| e.checked_add(position.carry_scaled))
            .ok_or_else(overflow)?;
        let whole = u64::try_from(earned_scaled / ACC_SCALE).map_err(|_| overflow())?;
        position.pending = position.pending.checked_add(whole).ok_or_else(overflow)?;
        position.carry_scaled = earned_scaled % ACC_SCALE;
        position.acc_snapshot = self.acc_per_share;
        Ok(())
    }

    /// Adds stake (after settling, so the new units earn only future tranches).
    pub fn stake(&mut self, position: &mut StakerPosition, amount: u64) -> Result<()> {
        self.settle(position)?;
        position.amount = position.amount.checked_add(amount).ok_or_else(overflow)?;
        self.total_staked = self.total_staked.checked_add(amount).ok_or_else(overflow)?;
        Ok(())
    }

    /// Removes stake; earnings up to now stay in `pending`.
    pub fn unstake(&mut self, position: &mut StakerPosition, amount: u64) -> Result<()> {
        self.settle(position)?;
        position.amount = position.amount.checked_sub(amount).ok_or_else(overflow)?;
        self.total_staked = self.total_staked.checked_sub(amount).ok_or_else(overflow)?;
        Ok(())
    }

    /// Settles and empties `pending`; the caller transfers the returned amount from the
    /// reward vault.
    pub fn claim(&self, position: &mut StakerPosition) -> Result<u64> {
        self.settle(position)?;
        Ok(std::mem::take(&mut position.pending))
    }
}

/// True when a staker may unstake: a staker who flagged a submission keeps that stake in
/// the vault until the review window closes, so the same units cannot be moved to another
/// wallet and flag again (the campaigns' HolderRecord `locked_until` rule).
pub fn unstake_allowed(locked_until: i64, now: i64) -> bool {
    now >= locked_until
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Small deterministic generator (xorshift64*): the program crate has no
    /// dev-dependencies, and a fixed seed makes a failure reproducible.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Checks the exactness identity: everything released is paid, pending, carried by a
    /// staker or held as pool residual, to the last scaled unit.
    fn assert_conserved(pool: &PoolAccumulator, stakers: &[StakerPosition], paid: &[u64]) {
        let mut accounted: u128 = pool.residual_scaled;
        for (position, claimed) in stakers.iter().zip(paid) {
            let mut settled = *position;
            pool.settle(&mut settled).unwrap();
            assert!(settled.carry_scaled < ACC_SCALE);
            accounted += (settled.pending as u128 + *claimed as u128) * ACC_SCALE;
            accounted += settled.carry_scaled;
        }
        assert_eq!(accounted, pool.released as u128 * ACC_SCALE);
    }

    #[test]
    fn claims_never_exceed_releases_randomized() {
        for seed in 1..=40u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let n = 1 + rng.below(200) as usize;
            let mut pool = PoolAccumulator::default();
            let mut stakers = vec![StakerPosition::default(); n];
            let mut paid = vec![0u64; n];
            for _ in 0..2_000 {
                let i = rng.below(n as u64) as usize;
                match rng.below(5) {
                    0 => pool
                        .stake(&mut stakers[i], 1 + rng.below(1_000_000_007))
                        .unwrap(),
                    1 => {
                        let amount = rng.below(stakers[i].amount + 1);
                        pool.unstake(&mut stakers[i], amount).unwrap();
                    }
                    2 => paid[i] += pool.claim(&mut stakers[i]).unwrap(),
                    3 => pool.release(rng.below(10_000_000_000)).unwrap(),
                    _ => pool.release(rng.below(7)).unwrap(),
                }
                let total_paid: u64 = paid.iter().sum();
                assert!(
                    total_paid <= pool.released,
                    "seed {seed}: paid more than released"
                );
            }
            assert_conserved(&pool, &stakers, &paid);
            // Dust: after everyone claims, what stays unpaid is below one token per staker
            // plus the pool residual (a whole tranche if released while nobody was staked); it stays in the vault for the next tranche
            // or the sponsor's sweep at close.
            for i in 0..n {
                paid[i] += pool.claim(&mut stakers[i]).unwrap();
            }
            let dust = pool.released - paid.iter().sum::<u64>();
            let carried_over = (pool.residual_scaled / ACC_SCALE) as u64;
            assert!(
                dust <= n as u64 + 1 + carried_over,
                "seed {seed}: dust {dust}, {n} stakers"
            );
        }
    }

    #[test]
    fn late_staker_earns_nothing_from_an_earlier_tranche() {
        let mut pool = PoolAccumulator::default();
        let (mut early, mut late) = (StakerPosition::default(), StakerPosition::default());
        pool.stake(&mut early, 100).unwrap();
        pool.release(1_000).unwrap();
        pool.stake(&mut late, 1_000_000).unwrap();
        assert_eq!(pool.claim(&mut late).unwrap(), 0);
        assert_eq!(pool.claim(&mut early).unwrap(), 1_000);
        // The next tranche is shared by stake: 100 vs 1,000,000 units.
        pool.release(1_000_100).unwrap();
        assert_eq!(pool.claim(&mut early).unwrap(), 100);
        assert_eq!(pool.claim(&mut late).unwrap(), 1_000_000);
    }

    /// The worked example of docs/POOLS.md, number for number.
    #[test]
    fn worked_example_from_docs_pools() {
        let mut pool = PoolAccumulator::default();
        let (mut alice, mut bob, mut carol) = Default::default();
        pool.stake(&mut alice, 300).unwrap();
        pool.stake(&mut bob, 100).unwrap();
        pool.release(400_000).unwrap(); // milestone 1: 40% of 1,000,000
        pool.stake(&mut carol, 600).unwrap();
        pool.release(600_000).unwrap(); // milestone 2: 60%
        let alice_total = pool.claim(&mut alice).unwrap();
        let bob_total = pool.claim(&mut bob).unwrap();
        let carol_total = pool.claim(&mut carol).unwrap();
        assert_eq!(alice_total, 300_000 + 180_000);
        assert_eq!(bob_total, 100_000 + 60_000);
        assert_eq!(carol_total, 360_000);
        assert_eq!(alice_total + bob_total + carol_total, 1_000_000);
    }

    #[test]
    fn unstaked_units_stop_earning_but_keep_earnings() {
        let mut pool = PoolAccumulator::default();
        let (mut a, mut b) = (StakerPosition::default(), StakerPosition::default());
        pool.stake(&mut a, 50).unwrap();
        pool.stake(&mut b, 50).unwrap();
        pool.release(100).unwrap();
        pool.unstake(&mut a, 50).unwrap();
        pool.release(100).unwrap();
        assert_eq!(pool.claim(&mut a).unwrap(), 50);
        assert_eq!(pool.claim(&mut b).unwrap(), 150);
    }

    #[test]
    fn tranche_with_nobody_staked_goes_to_the_next_stakers() {
        let mut pool = PoolAccumulator::default();
        pool.release(500).unwrap();
        let mut a = StakerPosition::default();
        pool.stake(&mut a, 3).unwrap();
        assert_eq!(pool.claim(&mut a).unwrap(), 0);
        pool.release(1).unwrap();
        assert_eq!(pool.claim(&mut a).unwrap(), 501);
    }

    #[test]
    fn three_way_split_dust_is_carried_not_lost() {
        let mut pool = PoolAccumulator::default();
        let mut s = [StakerPosition::default(); 3];
        for p in s.iter_mut() {
            pool.stake(p, 1).unwrap();
        }
        pool.release(10).unwrap();
        let first: u64 = s.iter_mut().map(|p| pool.claim(p).unwrap()).sum();
        assert_eq!(first, 9);
        pool.release(2).unwrap();
        // 12 released over two tranches: the first tranche's 1 token of dust is paid now.
        let second: u64 = s.iter_mut().map(|p| pool.claim(p).unwrap()).sum();
        assert_eq!(first + second, 12);
    }

    #[test]
    fn extreme_amounts_error_instead_of_wrapping() {
        let mut pool = PoolAccumulator::default();
        let mut a = StakerPosition::default();
        pool.stake(&mut a, u64::MAX).unwrap();
        assert!(pool.stake(&mut StakerPosition::default(), 1).is_err());
        pool.release(u64::MAX).unwrap();
        assert!(pool.release(1).is_err());
        assert_eq!(pool.claim(&mut a).unwrap(), u64::MAX);
    }

    #[test]
    fn flagged_stake_is_locked_until_the_window_closes() {
        assert!(!unstake_allowed(1_000, 999));
        assert!(unstake_allowed(1_000, 1_000));
        assert!(unstake_allowed(0, 5));
    }
}
