//! Fast unit tests of the rules held by the account types (no bank needed): they run in
//! seconds, so cargo-mutants can use them (docs/MUTATION.md).

use super::*;
use crate::constants::*;
use crate::errors::PepfundError;
use anchor_lang::prelude::*;

const DEADLINE: i64 = 1_000_000;

fn input(share_bps: u16, estimated_completion: i64) -> MilestoneInput {
    MilestoneInput {
        title: "m".into(),
        description_hash: [1; 32],
        evidence_type: EvidenceType::Dataset,
        share_bps,
        estimated_completion,
    }
}

fn roadmap(shares: &[u16]) -> Vec<MilestoneInput> {
    shares
        .iter()
        .enumerate()
        .map(|(i, s)| input(*s, DEADLINE + i as i64))
        .collect()
}

fn campaign(shares: &[u16], raised: u64) -> Campaign {
    Campaign {
        researcher: Pubkey::new_unique(),
        id: 1,
        status: CampaignStatus::Active,
        metadata: [0; 32],
        metadata_hash: [0; 32],
        goal: raised,
        deadline: DEADLINE,
        raised,
        released: 0,
        refunded: 0,
        researcher_allocation: 0,
        protocol_allocation: 0,
        researcher_allocation_claimed: false,
        protocol_allocation_claimed: false,
        stale_review: StaleReview {
            round: 0,
            active: false,
            milestone_index: 0,
            ends_at: 0,
            support_weight: 0,
            backer_supply_snapshot: 0,
        },
        abandonment: AbandonmentSnapshot {
            escrow: 0,
            backer_supply: 0,
            tokens_redeemed: 0,
        },
        bump: 0,
        vault_bump: 0,
        backer_mint_bump: 0,
        allocation_mint_bump: 0,
        deposits_bump: 0,
        milestones: roadmap(shares).iter().map(Milestone::from_input).collect(),
    }
}

fn code(result: Result<impl std::fmt::Debug>) -> u32 {
    match result.expect_err("refused") {
        Error::AnchorError(e) => e.error_code_number,
        other => panic!("not an Anchor error: {other:?}"),
    }
}

fn pe(e: PepfundError) -> u32 {
    u32::from(e)
}

#[test]
fn tranches_are_shares_of_the_raise_and_the_last_takes_the_remainder() {
    let mut c = campaign(&[3_333, 3_333, 3_334], 1_000);
    assert_eq!(c.tranche(0).unwrap(), 333);
    assert_eq!(c.record_release(0).unwrap(), 333);
    assert_eq!(c.record_release(1).unwrap(), 333);
    assert_eq!(c.current_milestone(), Some(2));
    assert_eq!(c.status, CampaignStatus::Active);
    assert_eq!(
        c.record_release(2).unwrap(),
        334,
        "the last takes raised - released"
    );
    assert_eq!(
        (c.released, c.status, c.current_milestone()),
        (1_000, CampaignStatus::Completed, None)
    );
    assert_eq!(c.milestones[2].released_amount, 334);
    c.invariant().unwrap();
}

#[test]
fn escrow_is_raised_minus_released_minus_refunded() {
    let mut c = campaign(&[4_000, 3_000, 3_000], 1_000);
    c.released = 300;
    c.refunded = 200;
    assert_eq!(c.escrow().unwrap(), 500);
    c.refunded = 800;
    assert!(c.escrow().is_err());
}

#[test]
fn terminal_statuses_are_completed_failed_and_abandoned() {
    let mut c = campaign(&[4_000, 3_000, 3_000], 1);
    for (status, terminal) in [
        (CampaignStatus::Draft, false),
        (CampaignStatus::PendingReview, false),
        (CampaignStatus::Fundraising, false),
        (CampaignStatus::Active, false),
        (CampaignStatus::Completed, true),
        (CampaignStatus::Failed, true),
        (CampaignStatus::Abandoned, true),
    ] {
        c.status = status;
        assert_eq!(c.is_terminal(), terminal, "{status:?}");
    }
}

#[test]
fn the_invariant_refuses_overpayment_out_of_order_releases_and_wrong_totals() {
    let c = campaign(&[4_000, 3_000, 3_000], 1_000);
    c.invariant().unwrap();
    let mut over = campaign(&[4_000, 3_000, 3_000], 1_000);
    over.refunded = 1_001;
    assert_eq!(code(over.invariant()), pe(PepfundError::InvariantViolated));
    let mut gap = campaign(&[4_000, 3_000, 3_000], 1_000);
    gap.milestones[1].status = MilestoneStatus::Released;
    gap.milestones[1].released_amount = 300;
    gap.released = 300;
    assert_eq!(
        code(gap.invariant()),
        pe(PepfundError::InvariantViolated),
        "milestone 1 before 0"
    );
    let mut wrong = campaign(&[4_000, 3_000, 3_000], 1_000);
    wrong.record_release(0).unwrap();
    wrong.released += 1;
    assert_eq!(
        code(wrong.invariant()),
        pe(PepfundError::InvariantViolated),
        "sum differs"
    );
    let mut unpaid = campaign(&[4_000, 3_000, 3_000], 1_000);
    unpaid.milestones[2].released_amount = 1;
    assert_eq!(
        code(unpaid.invariant()),
        pe(PepfundError::InvariantViolated),
        "paid but not released"
    );
    let mut abandoned = campaign(&[4_000, 3_000, 3_000], 1_000);
    abandoned.status = CampaignStatus::Abandoned;
    abandoned.abandonment = AbandonmentSnapshot {
        escrow: 1_000,
        backer_supply: 10,
        tokens_redeemed: 10,
    };
    abandoned.invariant().unwrap();
    abandoned.abandonment.tokens_redeemed = 11;
    assert_eq!(
        code(abandoned.invariant()),
        pe(PepfundError::InvariantViolated)
    );
    abandoned.status = CampaignStatus::Active;
    abandoned.invariant().unwrap();
}

#[test]
fn stale_means_no_live_submission_and_90_days_past_the_estimated_date() {
    let c = campaign(&[4_000, 3_000, 3_000], 1_000);
    let mut m = c.milestones[0].clone();
    let stale_at = m.estimated_completion + STALE_AFTER_SECS;
    assert!(!is_stale(&m, stale_at - 1).unwrap());
    assert!(is_stale(&m, stale_at).unwrap());
    m.status = MilestoneStatus::InReview;
    assert!(!is_stale(&m, stale_at).unwrap());
    m.status = MilestoneStatus::Released;
    assert!(!is_stale(&m, stale_at).unwrap());
    m.status = MilestoneStatus::Disputed;
    m.dispute_deadline = stale_at + 10;
    assert!(!is_stale(&m, stale_at).unwrap(), "dispute still decidable");
    assert!(
        is_stale(&m, stale_at + 10).unwrap(),
        "dispute past its deadline"
    );
    m.estimated_completion = i64::MAX;
    assert!(is_stale(&m, 0).is_err());
}

#[test]
fn stale_support_adds_up_only_in_the_open_round_before_its_end() {
    let mut c = campaign(&[4_000, 3_000, 3_000], 1_000);
    assert_eq!(
        code(c.add_stale_support(1, 5, 0)),
        pe(PepfundError::NoStaleReview)
    );
    c.stale_review = StaleReview {
        round: 1,
        active: true,
        milestone_index: 0,
        ends_at: 100,
        support_weight: 0,
        backer_supply_snapshot: 1_000,
    };
    assert_eq!(c.add_stale_support(1, 60, 0).unwrap(), 60);
    assert_eq!(c.add_stale_support(1, 40, 99).unwrap(), 100);
    assert_eq!(
        code(c.add_stale_support(2, 5, 0)),
        pe(PepfundError::NoStaleReview)
    );
    assert_eq!(
        code(c.add_stale_support(1, 5, 100)),
        pe(PepfundError::StaleReviewEnded)
    );
    assert_eq!(
        code(c.add_stale_support(1, 0, 0)),
        pe(PepfundError::NoDeposit)
    );
    assert_eq!(c.stale_review.support_weight, 100);
}

#[test]
fn stale_support_abandons_at_ten_percent_of_the_frozen_backer_supply() {
    let mut r = StaleReview {
        round: 1,
        active: true,
        milestone_index: 0,
        ends_at: 0,
        support_weight: 99,
        backer_supply_snapshot: 1_000,
    };
    assert_eq!(r.abandon_weight(), 100);
    assert!(!r.abandons());
    r.support_weight = 100;
    assert!(r.abandons());
    r.backer_supply_snapshot = 1_001;
    assert_eq!(r.abandon_weight(), 101);
}

#[test]
fn quorum_is_ten_percent_of_the_backer_supply_and_the_flag_threshold_a_tenth_of_a_percent_of_all() {
    let mut m = campaign(&[4_000, 3_000, 3_000], 1).milestones[0].clone();
    m.backer_supply_snapshot = 1_000;
    m.supply_snapshot = 2_001;
    assert_eq!(m.quorum_weight(), 100);
    assert_eq!(m.flag_threshold(), 3);
    m.flag_weight = 99;
    assert!(!m.quorum_reached());
    m.flag_weight = 100;
    assert!(m.quorum_reached());
    assert_eq!(Milestone::review_window_secs(0), FIRST_REVIEW_WINDOW_SECS);
    assert_eq!(Milestone::review_window_secs(1), LATER_REVIEW_WINDOW_SECS);
    assert_eq!(Milestone::review_window_secs(9), LATER_REVIEW_WINDOW_SECS);
}

#[test]
fn a_holder_acts_for_itself_or_through_its_named_delegate_only() {
    let owner = Pubkey::new_unique();
    let delegate = Pubkey::new_unique();
    let stranger = Pubkey::new_unique();
    let mut h = HolderRecord {
        campaign: Pubkey::new_unique(),
        owner,
        delegate: Pubkey::default(),
        deposited: 1,
        locked_until: 0,
        bump: 0,
    };
    assert!(h.is_owner_or_delegate(&owner));
    assert!(!h.is_owner_or_delegate(&delegate));
    assert!(
        !h.is_owner_or_delegate(&Pubkey::default()),
        "no delegate is not the default key"
    );
    h.delegate = delegate;
    assert!(h.is_owner_or_delegate(&delegate));
    assert!(!h.is_owner_or_delegate(&stranger));
    h.validate_actor(&delegate).unwrap();
    assert_eq!(
        code(h.validate_actor(&stranger)),
        pe(PepfundError::NotHolderOrDelegate)
    );
}

#[test]
fn the_config_invariant_bounds_allocations_and_needs_an_admin() {
    let mut c = Config {
        admin: Pubkey::new_unique(),
        pending_admin: Pubkey::default(),
        usdc_mint: Pubkey::new_unique(),
        treasury: Pubkey::new_unique(),
        researcher_allocation_bps: MAX_ALLOCATION_BPS,
        protocol_allocation_bps: MAX_ALLOCATION_BPS,
        campaign_count: 0,
        bump: 0,
    };
    c.invariant().unwrap();
    c.protocol_allocation_bps += 1;
    assert_eq!(code(c.invariant()), pe(PepfundError::InvariantViolated));
    c.protocol_allocation_bps = 0;
    c.researcher_allocation_bps += 1;
    assert_eq!(code(c.invariant()), pe(PepfundError::InvariantViolated));
    c.researcher_allocation_bps = 0;
    c.admin = Pubkey::default();
    assert_eq!(code(c.invariant()), pe(PepfundError::InvariantViolated));
}

#[test]
fn a_roadmap_is_checked_rule_by_rule() {
    validate_roadmap(&roadmap(&[4_000, 3_000, 3_000]), DEADLINE).unwrap();
    let refused = |r: &[MilestoneInput]| code(validate_roadmap(r, DEADLINE));
    assert_eq!(
        refused(&roadmap(&[10_000])),
        pe(PepfundError::TooFewMilestones)
    );
    assert_eq!(
        refused(&roadmap(&[1_000; 11])),
        pe(PepfundError::TooManyMilestones)
    );
    validate_roadmap(&roadmap(&[1_000; 10]), DEADLINE).unwrap();
    assert_eq!(
        refused(&roadmap(&[4_000, 3_000, 2_999])),
        pe(PepfundError::SharesNotFull)
    );
    assert_eq!(
        refused(&roadmap(&[4_001, 3_000, 2_999])),
        pe(PepfundError::FirstShareTooLarge)
    );
    assert_eq!(
        refused(&roadmap(&[1_000, 5_001, 3_999])),
        pe(PepfundError::ShareTooLarge)
    );
    let mut late_first = roadmap(&[3_000, 3_000, 4_000]);
    late_first[0].estimated_completion = DEADLINE + 10;
    assert_eq!(refused(&late_first), pe(PepfundError::DatesOutOfOrder));
    let mut c = campaign(&[4_000, 3_000, 3_000], 1);
    c.set_roadmap(&roadmap(&[2_000, 4_000, 4_000])).unwrap();
    assert_eq!(c.milestones[0].share_bps, 2_000);
    assert_eq!(
        code(c.set_roadmap(&roadmap(&[10_000]))),
        pe(PepfundError::TooFewMilestones)
    );
}
