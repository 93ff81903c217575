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

/// One roadmap entry as the schedule rules see it, whatever kind of milestone it is.
pub struct ScheduleEntry<'a> {
    pub title: &'a str,
    pub share_bps: u16,
    pub estimated_completion: i64,
}

/// Checks a roadmap against the product rules, one error per broken rule. Note that with a
/// 40% cap on the first share and 50% on the others, two milestones reach at most 90%: the
/// smallest roadmap that passes every rule has three.
pub fn validate_roadmap(milestones: &[MilestoneInput], deadline: i64) -> Result<()> {
    let entries: Vec<ScheduleEntry> = milestones
        .iter()
        .map(|m| ScheduleEntry {
            title: &m.title,
            share_bps: m.share_bps,
            estimated_completion: m.estimated_completion,
        })
        .collect();
    validate_schedule(&entries, deadline)
}

/// The roadmap rules shared by campaigns and reward pools: 2 to 10 milestones, titles of
/// 1 to 64 bytes, shares above zero adding up to exactly 10,000 bps, the first at most 40%
/// and none above 50%, dates in order from `earliest` to 2100.
pub fn validate_schedule(milestones: &[ScheduleEntry], earliest: i64) -> Result<()> {
    require!(
        milestones.len() >= MIN_MILESTONES as usize,
        PepfundError::TooFewMilestones
    );
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
            require!(
                m.share_bps <= MAX_FIRST_SHARE_BPS,
                PepfundError::FirstShareTooLarge
            );
        }
        require!(m.share_bps <= MAX_SHARE_BPS, PepfundError::ShareTooLarge);
        require!(
            m.estimated_completion >= previous_date,
            PepfundError::DatesOutOfOrder
        );
        require!(
            m.estimated_completion >= earliest && m.estimated_completion <= MAX_ESTIMATED_DATE,
            PepfundError::DateOutOfRange
        );
        previous_date = m.estimated_completion;
        total += m.share_bps as u64;
    }
    require!(total == BPS_DENOMINATOR, PepfundError::SharesNotFull);
    Ok(())
}

/// The review machinery of one submission, shared by campaign milestones and pool KPI
/// milestones so that both follow the same window, threshold, quorum and dispute rules.
impl Milestone {
    /// Opens the review window of a new submission (or re-submission) of this milestone,
    /// the `index`-th of its roadmap, and freezes the supplies flags are measured against:
    /// `supply` for the 0.1% flag threshold, `quorum_base` for the 10% quorum.
    pub fn open_review(
        &mut self,
        index: u8,
        now: i64,
        evidence_id: [u8; 32],
        evidence_hash: [u8; 32],
        supply: u64,
        quorum_base: u64,
    ) -> Result<()> {
        require!(
            evidence_id != [0; 32] && evidence_hash != [0; 32],
            PepfundError::EvidenceMissing
        );
        require!(
            self.status == MilestoneStatus::Pending,
            PepfundError::InvalidMilestoneState
        );
        self.status = MilestoneStatus::InReview;
        self.attempts = self
            .attempts
            .checked_add(1)
            .ok_or(PepfundError::MathOverflow)?;
        self.evidence_id = evidence_id;
        self.evidence_hash = evidence_hash;
        self.submitted_at = now;
        self.window_end = crate::calc::add_secs(now, Self::review_window_secs(index as usize))?;
        self.supply_snapshot = supply;
        self.backer_supply_snapshot = quorum_base;
        self.flag_weight = 0;
        self.flag_count = 0;
        self.dispute_deadline = 0;
        Ok(())
    }

    /// True while flags on submission `attempt` are accepted.
    pub fn window_open(&self, now: i64) -> bool {
        self.status == MilestoneStatus::InReview && now < self.window_end
    }

    /// Adds a flag of `weight` to submission `attempt`; returns true when this flag is the
    /// one that reached quorum.
    pub fn add_flag(&mut self, attempt: u32, now: i64, weight: u64) -> Result<bool> {
        require!(
            self.status == MilestoneStatus::InReview,
            PepfundError::InvalidMilestoneState
        );
        require!(attempt == self.attempts, PepfundError::StaleSubmission);
        require!(now < self.window_end, PepfundError::WindowClosed);
        require!(weight > 0, PepfundError::NoDeposit);
        require!(
            weight >= self.flag_threshold(),
            PepfundError::BelowFlagThreshold
        );
        let had_quorum = self.quorum_reached();
        self.flag_weight = crate::calc::add(self.flag_weight, weight)?;
        self.flag_count = self
            .flag_count
            .checked_add(1)
            .ok_or(PepfundError::MathOverflow)?;
        Ok(self.quorum_reached() && !had_quorum)
    }

    /// Closes the window (from its end on). At quorum the milestone becomes disputed with a
    /// 72-hour resolution deadline and this returns true; below it the caller releases.
    pub fn close_window(&mut self, now: i64) -> Result<bool> {
        require!(
            self.status == MilestoneStatus::InReview,
            PepfundError::InvalidMilestoneState
        );
        require!(now >= self.window_end, PepfundError::WindowOpen);
        if !self.quorum_reached() {
            return Ok(false);
        }
        self.status = MilestoneStatus::Disputed;
        self.dispute_deadline = crate::calc::add_secs(self.window_end, DISPUTE_RESOLUTION_SECS)?;
        Ok(true)
    }

    /// The resolver's decision, only before the dispute deadline. A rejection sends the
    /// milestone back to `Pending` with its reasons; an approval leaves the release to the
    /// caller.
    pub fn resolve_dispute(&mut self, now: i64, approve: bool, reason: [u8; 32]) -> Result<()> {
        require!(reason != [0; 32], PepfundError::ReasonMissing);
        require!(
            self.status == MilestoneStatus::Disputed,
            PepfundError::NoOpenDispute
        );
        require!(now < self.dispute_deadline, PepfundError::DisputeLapsed);
        if !approve {
            self.status = MilestoneStatus::Pending;
            self.rejection_reason = reason;
        }
        Ok(())
    }

    /// From the dispute deadline on, an undecided dispute lapses as a rejection without
    /// reasons; returns the deadline.
    pub fn lapse_dispute(&mut self, now: i64) -> Result<i64> {
        require!(
            self.status == MilestoneStatus::Disputed,
            PepfundError::NoOpenDispute
        );
        require!(now >= self.dispute_deadline, PepfundError::DisputeNotLapsed);
        self.status = MilestoneStatus::Pending;
        self.rejection_reason = [0; 32];
        Ok(self.dispute_deadline)
    }

    /// True when a live review or dispute still depends on this milestone at `now`.
    pub fn under_review(&self, now: i64) -> bool {
        match self.status {
            MilestoneStatus::InReview => true,
            MilestoneStatus::Disputed => now < self.dispute_deadline,
            MilestoneStatus::Pending | MilestoneStatus::Released => false,
        }
    }
}
