/**
 * Protocol constants mirrored from `programs/pepfund/src/constants.rs`. The program is the
 * authority; these exist so the bot can answer before it sends anything.
 */

/** Basis points in 100%. */
export const BPS_DENOMINATOR = 10_000n;
/** Largest researcher or protocol allocation, in basis points of the raise (20%). */
export const MAX_ALLOCATION_BPS = 2_000;
/** Fewest milestones in a roadmap. */
export const MIN_MILESTONES = 2;
/** Most milestones in a roadmap. */
export const MAX_MILESTONES = 10;
/** Longest milestone title, in UTF-8 bytes. */
export const MAX_TITLE_LEN = 64;
/** Longest KPI metric name of a reward-pool milestone, in bytes. */
export const MAX_KPI_METRIC_LEN = 32;
/** Longest KPI data source of a reward-pool milestone, in bytes. */
export const MAX_KPI_SOURCE_LEN = 64;
/** The first milestone may unlock at most 40%. */
export const MAX_FIRST_SHARE_BPS = 4_000;
/** No milestone may unlock more than 50%. */
export const MAX_SHARE_BPS = 5_000;
/** A flagger must hold at least 0.1% (10 bps) of the campaign token supply. */
export const FLAG_MIN_HOLDING_BPS = 10n;
/** Flags carrying 10% of the backer supply reach quorum. */
export const QUORUM_BPS = 1_000n;
/** Stale reviews are confirmed by support of 10% of the backer supply. */
export const STALE_SUPPORT_BPS = 1_000n;

const DAY = 24 * 60 * 60;
/** Review window of milestone 1 (index 0), in seconds. */
export const FIRST_REVIEW_WINDOW_SECS = 7 * DAY;
/** Review window of every later milestone, in seconds. */
export const LATER_REVIEW_WINDOW_SECS = 5 * DAY;
/** Time the admin authority has to resolve a dispute, from the window's end. */
export const DISPUTE_RESOLUTION_SECS = 72 * 60 * 60;
/** A milestone unsubmitted this long after its estimated date makes the campaign stale. */
export const STALE_AFTER_SECS = 90 * DAY;
/** Length of a stale-campaign review. */
export const STALE_REVIEW_SECS = 7 * DAY;
/** Largest u64, the bound of every on-chain amount. */
export const U64_MAX = (1n << 64n) - 1n;
/** Largest i64, the bound of on-chain Unix times. */
export const I64_MAX = (1n << 63n) - 1n;
/** Latest accepted estimated completion date (2100-01-01 UTC), as MAX_ESTIMATED_DATE on-chain. */
export const MAX_ESTIMATED_DATE = 4_102_444_800;
