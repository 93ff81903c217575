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

/// True when `part` is at least `bps` basis points of `whole` and above zero: a zero weight
/// never reaches any threshold, so a zero supply cannot be "reached" by nobody.
pub fn reaches_bps(part: u64, whole: u64, bps: u64) -> bool {
    part > 0 && (part as u128) * (BPS_DENOMINATOR as u128) >= (whole as u128) * (bps as u128)
}

pub fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b).ok_or_else(|| error!(PepfundError::MathOverflow))
}

pub fn sub(a: u64, b: u64) -> Result<u64> {
    a.checked_sub(b).ok_or_else(|| error!(PepfundError::MathOverflow))
}

pub fn add_secs(t: i64, secs: i64) -> Result<i64> {
    t.checked_add(secs).ok_or_else(|| error!(PepfundError::MathOverflow))
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
    fn reaches_bps_boundaries() {
        // 10% of 1,000 is 100: 100 reaches, 99 does not.
        assert!(reaches_bps(100, 1_000, 1_000));
        assert!(!reaches_bps(99, 1_000, 1_000));
        // A zero supply is never reached by a zero weight.
        assert!(!reaches_bps(0, 0, 1_000));
        // Near u64::MAX the comparison is exact.
        assert!(reaches_bps(u64::MAX / 10 + 1, u64::MAX, 1_000));
        assert!(!reaches_bps(u64::MAX / 10, u64::MAX, 1_000));
    }
}
