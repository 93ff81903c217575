//! Seeds and protocol constants. Every seed is a fixed-length byte string or a fixed-width
//! integer/pubkey, so two different seed tuples can never produce the same PDA input.
//! The TypeScript PDA helpers in `bot/chain` mirror this file.
//!
//! Every seed and rule constant is `#[constant]`, so the IDL carries it; the bot's mirror
//! (`bot/core/rules/constants.ts`, `bot/chain/pdas.ts`) is compared with the IDL by
//! tests/bot/core/rule-constants.test.ts and tests/bot/chain/pdas.test.ts.

use anchor_lang::prelude::*;

#[constant]
pub const SEED_CONFIG: &[u8] = b"config";
#[constant]
pub const SEED_CAMPAIGN: &[u8] = b"campaign";
#[constant]
pub const SEED_BACKER_MINT: &[u8] = b"backer_mint";
#[constant]
pub const SEED_ALLOCATION_MINT: &[u8] = b"alloc_mint";
#[constant]
pub const SEED_VAULT: &[u8] = b"vault";
#[constant]
pub const SEED_DEPOSITS: &[u8] = b"deposits";
#[constant]
pub const SEED_HOLDER: &[u8] = b"holder";
#[constant]
pub const SEED_FLAG: &[u8] = b"flag";
#[constant]
pub const SEED_STALE_VOTE: &[u8] = b"stale_vote";
#[constant]
pub const SEED_RESEARCHER: &[u8] = b"researcher";
#[constant]
pub const SEED_POOL: &[u8] = b"pool";
#[constant]
pub const SEED_POOL_REWARD_VAULT: &[u8] = b"pool_reward";
#[constant]
pub const SEED_POOL_STAKE_VAULT: &[u8] = b"pool_stake";
#[constant]
pub const SEED_STAKER: &[u8] = b"staker";
#[constant]
pub const SEED_POOL_FLAG: &[u8] = b"pool_flag";

/// Basis points in 100%.
#[constant]
pub const BPS_DENOMINATOR: u64 = 10_000;
/// Fewest milestones in a roadmap.
#[constant]
pub const MIN_MILESTONES: u8 = 2;
/// Most milestones in a roadmap: keeps the campaign account small and every tranche at
/// least 2% of the raise on average.
#[constant]
pub const MAX_MILESTONES: u8 = 10;
/// Longest milestone title, in bytes.
#[constant]
pub const MAX_TITLE_LEN: u8 = 64;
/// The first milestone may unlock at most 40%.
#[constant]
pub const MAX_FIRST_SHARE_BPS: u16 = 4_000;
/// No milestone may unlock more than 50%.
#[constant]
pub const MAX_SHARE_BPS: u16 = 5_000;
/// A flagger must hold at least 0.1% (10 bps) of the campaign token supply.
#[constant]
pub const FLAG_MIN_HOLDING_BPS: u64 = 10;
/// Flags carrying 10% (1,000 bps) of the backer supply reach quorum.
#[constant]
pub const QUORUM_BPS: u64 = 1_000;
/// Stale reviews are confirmed by support of 10% of the backer supply.
#[constant]
pub const STALE_SUPPORT_BPS: u64 = 1_000;

const DAY: i64 = 24 * 60 * 60;
/// Review window of milestone 1 (index 0).
#[constant]
pub const FIRST_REVIEW_WINDOW_SECS: i64 = 7 * DAY;
/// Review window of every later milestone.
#[constant]
pub const LATER_REVIEW_WINDOW_SECS: i64 = 5 * DAY;
/// Time the admin authority has to resolve a dispute, counted from the window's end.
#[constant]
pub const DISPUTE_RESOLUTION_SECS: i64 = 72 * 60 * 60;
/// A milestone unsubmitted this long after its estimated date makes the campaign stale.
#[constant]
pub const STALE_AFTER_SECS: i64 = 90 * DAY;
/// Length of a stale-campaign review.
#[constant]
pub const STALE_REVIEW_SECS: i64 = 7 * DAY;
/// Largest researcher or protocol token allocation, relative to the amount raised.
#[constant]
pub const MAX_ALLOCATION_BPS: u16 = 2_000;
/// Latest accepted estimated completion date (2100-01-01 UTC): keeps date arithmetic far
/// from overflow, so the stale rule can always be evaluated.
#[constant]
pub const MAX_ESTIMATED_DATE: i64 = 4_102_444_800_i64;
/// Longest KPI metric name of a pool milestone (e.g. `tvl_usd`), in bytes.
#[constant]
pub const MAX_KPI_METRIC_LEN: u8 = 32;
/// Longest KPI data source of a pool milestone (e.g. `defillama:protocol/pepfund`), in bytes.
#[constant]
pub const MAX_KPI_SOURCE_LEN: u8 = 64;
/// Campaign tokens use the same decimals as USDC: one base unit per USDC base unit.
pub const CAMPAIGN_TOKEN_DECIMALS: u8 = 6;
