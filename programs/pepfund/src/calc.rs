//! Checked integer arithmetic for money and weights. Products are widened to u128 so that
//! amounts near u64::MAX never wrap; every failure is a typed error, never a panic.

use crate::constants::BPS_DENOMINATOR;
use crate::errors::PepfundError;
use anchor_lang::prelude::*;

/// `amount * bps / 10_000`, rounded down.
pub fn bps_of(amount: u64, bps: u64) -> Result<u64> {
    mul_div_floor(amount, bps, BPS_DENOMINATOR)
}

/// `a * b / d` rounded down, computed in u128; errors when `d` is zero or the result does not fit.
pub fn mul_div_floor(a: u64, b: u64, d: u64) -> Result<u64> {
    require!(d != 0, PepfundError::MathOverflow);
    let wide = (a as u128)
        .checked_mul(b as u128)
        .ok_or(PepfundError::MathOverflow)?
        / d as u128;
    u64::try_from(wide).map_err(|_| error!(PepfundError::MathOverflow))
}

/// The smallest weight that is at least `bps` basis points of `whole`: `ceil(whole × bps /
/// 10,000)`, and at least 1, so a zero supply is never "reached" by nobody. The one formula
/// behind every weight rule (flag threshold, quorum, stale support); `bps` ≤ 10,000 keeps
/// the result within `whole`.
pub fn bps_threshold(whole: u64, bps: u64) -> u64 {
    let scaled = (whole as u128) * (bps.min(BPS_DENOMINATOR) as u128);
    (scaled.div_ceil(BPS_DENOMINATOR as u128) as u64).max(1)
}

pub fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b)
        .ok_or_else(|| error!(PepfundError::MathOverflow))
}

pub fn sub(a: u64, b: u64) -> Result<u64> {
    a.checked_sub(b)
        .ok_or_else(|| error!(PepfundError::MathOverflow))
}

pub fn add_secs(t: i64, secs: i64) -> Result<i64> {
    t.checked_add(secs)
        .ok_or_else(|| error!(PepfundError::MathOverflow))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bps_of_near_u64_max_does_not_wrap() {
        assert_eq!(bps_of(u64::MAX, 5_000).unwrap(), u64::MAX / 2);
        assert_eq!(bps_of(u64::MAX, 10_000).unwrap(), u64::MAX);
    }

    #[test]
    fn mul_div_overflowing_result_is_an_error() {
        assert!(mul_div_floor(u64::MAX, 2, 1).is_err());
        assert!(mul_div_floor(1, 1, 0).is_err());
    }

    #[test]
    fn add_sub_and_add_secs_are_exact_and_refuse_overflow() {
        assert_eq!(add(2, 3).unwrap(), 5);
        assert!(add(u64::MAX, 1).is_err());
        assert_eq!(sub(5, 3).unwrap(), 2);
        assert!(sub(3, 5).is_err());
        assert_eq!(add_secs(10, 5).unwrap(), 15);
        assert_eq!(add_secs(10, -15).unwrap(), -5);
        assert!(add_secs(i64::MAX, 1).is_err());
    }

    #[test]
    fn bps_threshold_boundaries() {
        // 10% of 1,000 is 100; 10% of 1,001 rounds up to 101.
        assert_eq!(bps_threshold(1_000, 1_000), 100);
        assert_eq!(bps_threshold(1_001, 1_000), 101);
        // A zero supply still needs one unit.
        assert_eq!(bps_threshold(0, 1_000), 1);
        // 0.1% of 999 rounds up to 1, of 1,001 to 2.
        assert_eq!(bps_threshold(999, 10), 1);
        assert_eq!(bps_threshold(1_001, 10), 2);
        // Near u64::MAX the result is exact.
        assert_eq!(bps_threshold(u64::MAX, 1_000), u64::MAX / 10 + 1);
        assert_eq!(bps_threshold(u64::MAX, 10_000), u64::MAX);
    }
}
