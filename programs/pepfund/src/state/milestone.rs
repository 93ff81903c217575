use crate::constants::*;
use crate::errors::PepfundError;
use anchor_lang::prelude::*;

/// What will prove a milestone done.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum EvidenceType {
    Dataset,
    Paper,
    ProtocolLog,
    ComputationalResults,
    EthicsApproval,
    Other,
}

/// Where a milestone stands. `Pending` covers "not yet submitted" and "rejected or dispute
/// lapsed, may re-submit".
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum MilestoneStatus {
    Pending,
    InReview,
    Disputed,
    Released,
}

/// A milestone as the researcher writes it in the roadmap.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, PartialEq, Eq, Debug)]
pub struct MilestoneInput {
    pub title: String,
    /// SHA-256 of the full description text ("what exactly counts as done").
    pub description_hash: [u8; 32],
    pub evidence_type: EvidenceType,
    pub share_bps: u16,
    /// Unix time; drives "behind schedule" and the stale rule, not a deadline.
    pub estimated_completion: i64,
}

/// A milestone of an approved roadmap, with its review state.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, PartialEq, Eq, Debug, InitSpace)]
pub struct Milestone {
    #[max_len(64)]
    pub title: String,
    pub description_hash: [u8; 32],
    pub evidence_type: EvidenceType,
    pub share_bps: u16,
    pub estimated_completion: i64,
    pub status: MilestoneStatus,
    /// Submissions so far; the current one is `attempts` (1-based).
    pub attempts: u32,
    /// Arweave transaction id (32 raw bytes) of the current submission's evidence.
    pub evidence_id: [u8; 32],
    /// SHA-256 of the evidence bytes.
    pub evidence_hash: [u8; 32],
    pub submitted_at: i64,
    /// Flags are accepted while `now < window_end`; finalize is allowed from `window_end` on.
    pub window_end: i64,
    /// Total campaign token supply (backer + allocation) at submission: the 0.1% base.
    pub supply_snapshot: u64,
    /// Circulating backer supply at submission: the quorum base, frozen for the window.
    pub backer_supply_snapshot: u64,
    pub flag_weight: u64,
    pub flag_count: u32,
    /// Set when the window closes with quorum: window end + 72 hours. The admin may resolve
    /// while `now < dispute_deadline`; from it on anyone may lapse the dispute.
    pub dispute_deadline: i64,
    /// Arweave id or hash of the reasons for the latest rejection.
    pub rejection_reason: [u8; 32],
    pub released_amount: u64,
}

impl Milestone {
    pub fn from_input(input: &MilestoneInput) -> Self {
        Milestone {
            title: input.title.clone(),
            description_hash: input.description_hash,
            evidence_type: input.evidence_type,
            share_bps: input.share_bps,
            estimated_completion: input.estimated_completion,
            status: MilestoneStatus::Pending,
            attempts: 0,
            evidence_id: [0; 32],
            evidence_hash: [0; 32],
            submitted_at: 0,
            window_end: 0,
            supply_snapshot: 0,
            backer_supply_snapshot: 0,
            flag_weight: 0,
            flag_count: 0,
            dispute_deadline: 0,
            rejection_reason: [0; 32],
            released_amount: 0,
        }
    }

    /// Review window length for the milestone at `index`: 7 days for the first, 5 after.
    pub fn review_window_secs(index: usize) -> i64 {
        if index == 0 {
            FIRST_REVIEW_WINDOW_SECS
        } else {
            LATER_REVIEW_WINDOW_SECS
        }
    }

    /// Smallest deposit that may flag: 0.1% of the supply snapshot, rounded up, at least 1.
    pub fn flag_threshold(&self) -> u64 {
        crate::calc::bps_threshold(self.supply_snapshot, FLAG_MIN_HOLDING_BPS)
    }

    /// Smallest flag weight that opens a dispute: 10% of the backer supply frozen at
    /// submission, rounded up, at least 1.
    pub fn quorum_weight(&self) -> u64 {
        crate::calc::bps_threshold(self.backer_supply_snapshot, QUORUM_BPS)
    }

    /// The one quorum rule: the flags carry at least the quorum weight.
    pub fn quorum_reached(&self) -> bool {
        self.flag_weight >= self.quorum_weight()
    }
}

/// Checks a roadmap against the product rules, one error per broken rule. Note that with a
/// 40% cap on the first share and 50% on the others, two milestones reach at most 90%: the
/// smallest roadmap that passes every rule has three.
pub fn validate_roadmap(milestones: &[MilestoneInput], deadline: i64) -> Result<()> {
    require!(milestones.len() >= MIN_MILESTONES as usize, PepfundError::TooFewMilestones);
    require!(
        milestones.len() <= MAX_MILESTONES as usize,
        PepfundError::TooManyMilestones
    );
    let mut total: u64 = 0;
    let mut previous_date = i64::MIN;
    for (index, m) in milestones.iter().enumerate() {
        require!(
            !m.title.is_empty() && m.title.len() <= MAX_TITLE_LEN as usize,
            PepfundError::InvalidTitle
        );
        require!(m.share_bps > 0, PepfundError::ShareZero);
        if index == 0 {
            require!(m.share_bps <= MAX_FIRST_SHARE_BPS, PepfundError::FirstShareTooLarge);
        }
        require!(m.share_bps <= MAX_SHARE_BPS, PepfundError::ShareTooLarge);
        require!(m.estimated_completion >= previous_date, PepfundError::DatesOutOfOrder);
        require!(
            m.estimated_completion >= deadline && m.estimated_completion <= MAX_ESTIMATED_DATE,
            PepfundError::DateOutOfRange
        );
        previous_date = m.estimated_completion;
        total += m.share_bps as u64;
    }
    require!(total == BPS_DENOMINATOR, PepfundError::SharesNotFull);
    Ok(())
}
