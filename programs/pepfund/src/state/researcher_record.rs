use anchor_lang::prelude::*;

/// A researcher's public record across campaigns, at PDA `["researcher", researcher]`.
#[account]
#[derive(InitSpace)]
pub struct ResearcherRecord {
    pub researcher: Pubkey,
    pub campaigns_created: u32,
    pub campaigns_completed: u32,
    pub campaigns_abandoned: u32,
    pub milestones_released: u32,
    pub disputes_opened: u32,
    pub submissions_rejected: u32,
    /// Disputes left unresolved past their deadline. Counted apart from rejections: a lapse
    /// says the resolver did not decide, not that the evidence was found wanting.
    pub disputes_lapsed: u32,
    pub bump: u8,
}
