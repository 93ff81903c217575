use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::state::milestone::*;
use anchor_lang::prelude::*;

/// Life of a campaign. `Completed`, `Failed` and `Abandoned` are terminal.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub enum CampaignStatus {
    /// Researcher edits the roadmap.
    Draft,
    /// Waiting for PepFund's review; an edit sends it back to `Draft`.
    PendingReview,
    /// Approved, roadmap immutable, accepting USDC until the deadline.
    Fundraising,
    /// Goal met; milestones are submitted, reviewed and released.
    Active,
    /// Every milestone released.
    Completed,
    /// Goal missed: every backer may take their USDC back.
    Failed,
    /// Stale review confirmed: backers share the remaining escrow pro rata.
    Abandoned,
}

/// A stale-campaign review (one at a time per campaign).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub struct StaleReview {
    /// Increments with each review opened; seeds the support records.
    pub round: u32,
    pub active: bool,
    /// The overdue milestone that made the campaign stale.
    pub milestone_index: u8,
    pub ends_at: i64,
    pub support_weight: u64,
    /// Backer supply when the review opened: the 10% base.
    pub backer_supply_snapshot: u64,
}

impl StaleReview {
    /// Smallest support that abandons the campaign: 10% of the backer supply frozen at
    /// opening. Its own function and constant (`STALE_SUPPORT_BPS`), apart from the flag
    /// quorum, so changing one rule can never change the other.
    pub fn abandon_weight(&self) -> u64 {
        crate::calc::bps_threshold(self.backer_supply_snapshot, STALE_SUPPORT_BPS)
    }

    /// True when the support gathered abandons the campaign.
    pub fn abandons(&self) -> bool {
        self.support_weight >= self.abandon_weight()
    }
}

/// Snapshot taken at abandonment, the base of every pro-rata refund.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, PartialEq, Eq, Debug, InitSpace)]
pub struct AbandonmentSnapshot {
    /// Escrow left when the campaign was abandoned.
    pub escrow: u64,
    /// Backer token supply at abandonment.
    pub backer_supply: u64,
    /// Backer tokens burned by refund claims so far.
    pub tokens_redeemed: u64,
}

/// One research campaign and its escrow, at PDA `["campaign", researcher, id (u64 LE)]`.
#[account]
#[derive(InitSpace)]
pub struct Campaign {
    pub researcher: Pubkey,
    pub id: u64,
    pub status: CampaignStatus,
    /// Arweave id (32 raw bytes) of the campaign's texts document (title, summary and each
    /// milestone's description; docs/CAMPAIGN-TEXTS.md).
    pub metadata: [u8; 32],
    /// SHA-256 of that document's bytes: what makes the texts fetched from Arweave
    /// trustworthy, as `description_hash` does for each milestone's description.
    pub metadata_hash: [u8; 32],
    /// Fundraising goal in USDC base units.
    pub goal: u64,
    /// Fundraising deadline (Unix time).
    pub deadline: i64,
    pub raised: u64,
    pub released: u64,
    pub refunded: u64,
    pub researcher_allocation: u64,
    pub protocol_allocation: u64,
    pub researcher_allocation_claimed: bool,
    pub protocol_allocation_claimed: bool,
    pub stale_review: StaleReview,
    pub abandonment: AbandonmentSnapshot,
    pub bump: u8,
    pub vault_bump: u8,
    pub backer_mint_bump: u8,
    pub allocation_mint_bump: u8,
    pub deposits_bump: u8,
    #[max_len(10)]
    pub milestones: Vec<Milestone>,
}

impl Campaign {
    /// USDC the escrow must hold: raised - released - refunded.
    pub fn escrow(&self) -> Result<u64> {
        calc::sub(calc::sub(self.raised, self.released)?, self.refunded)
    }

    pub fn is_terminal(&self) -> bool {
        matches!(
            self.status,
            CampaignStatus::Completed | CampaignStatus::Failed | CampaignStatus::Abandoned
        )
    }

    pub fn milestone(&self, index: u8) -> Result<&Milestone> {
        self.milestones
            .get(index as usize)
            .ok_or_else(|| error!(PepfundError::MilestoneNotFound))
    }

    pub fn milestone_mut(&mut self, index: u8) -> Result<&mut Milestone> {
        self.milestones
            .get_mut(index as usize)
            .ok_or_else(|| error!(PepfundError::MilestoneNotFound))
    }

    /// Index of the first milestone not yet released; `None` when all are.
    pub fn current_milestone(&self) -> Option<u8> {
        self.milestones
            .iter()
            .position(|m| m.status != MilestoneStatus::Released)
            .map(|i| i as u8)
    }

    /// Tranche of the milestone at `index`: its share of the raise, rounded down; the last
    /// milestone takes whatever is left so that the tranches add up to the raise exactly.
    pub fn tranche(&self, index: u8) -> Result<u64> {
        let is_last = index as usize + 1 == self.milestones.len();
        if is_last {
            calc::sub(self.raised, self.released)
        } else {
            calc::bps_of(self.raised, self.milestone(index)?.share_bps as u64)
        }
    }

    /// Replaces the roadmap; allowed only before approval. Dates are checked against the
    /// campaign's fundraising deadline, so set the deadline first.
    pub fn set_roadmap(&mut self, roadmap: &[MilestoneInput]) -> Result<()> {
        validate_roadmap(roadmap, self.deadline)?;
        self.milestones = roadmap.iter().map(Milestone::from_input).collect();
        Ok(())
    }

    /// Records a release of the milestone at `index` and returns the amount to transfer.
    pub fn record_release(&mut self, index: u8) -> Result<u64> {
        let amount = self.tranche(index)?;
        self.released = calc::add(self.released, amount)?;
        let milestone = self.milestone_mut(index)?;
        milestone.status = MilestoneStatus::Released;
        milestone.released_amount = amount;
        if self.current_milestone().is_none() {
            self.status = CampaignStatus::Completed;
        }
        Ok(amount)
    }

    /// Checked at the end of every state change: money adds up, shares add up, and no
    /// milestone paid more than once or out of order.
    pub fn invariant(&self) -> Result<()> {
        let outflow = calc::add(self.released, self.refunded)?;
        require!(outflow <= self.raised, PepfundError::InvariantViolated);
        let mut paid: u64 = 0;
        let mut seen_unreleased = false;
        for m in &self.milestones {
            if m.status == MilestoneStatus::Released {
                require!(!seen_unreleased, PepfundError::InvariantViolated);
                paid = calc::add(paid, m.released_amount)?;
            } else {
                seen_unreleased = true;
                require!(m.released_amount == 0, PepfundError::InvariantViolated);
            }
        }
        require!(paid == self.released, PepfundError::InvariantViolated);
        if self.status == CampaignStatus::Abandoned {
            require!(
                self.abandonment.tokens_redeemed <= self.abandonment.backer_supply,
                PepfundError::InvariantViolated
            );
        }
        Ok(())
    }
}

/// The stale rule: the milestone at `index` is stale when it has no live submission and
/// 90 days have passed since its estimated completion date. A dispute past its deadline is
/// no live submission (it can only lapse back to `Pending`), so holders need not wait for
/// anyone to crank the lapse before they open a stale review.
pub fn is_stale(milestone: &Milestone, now: i64) -> Result<bool> {
    let stale_at = calc::add_secs(milestone.estimated_completion, STALE_AFTER_SECS)?;
    let unsubmitted = match milestone.status {
        MilestoneStatus::Pending => true,
        MilestoneStatus::Disputed => now >= milestone.dispute_deadline,
        MilestoneStatus::InReview | MilestoneStatus::Released => false,
    };
    Ok(unsubmitted && now >= stale_at)
}

impl Campaign {
    /// Adds `weight` of support to the open stale review and returns the new total.
    pub fn add_stale_support(&mut self, round: u32, weight: u64, now: i64) -> Result<u64> {
        let review = &mut self.stale_review;
        require!(review.active, PepfundError::NoStaleReview);
        require!(round == review.round, PepfundError::NoStaleReview);
        require!(now < review.ends_at, PepfundError::StaleReviewEnded);
        require!(weight > 0, PepfundError::NoDeposit);
        review.support_weight = calc::add(review.support_weight, weight)?;
        Ok(review.support_weight)
    }
}
