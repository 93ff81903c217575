//! Paying a milestone's tranche to the researcher: shared by the window's finalization
//! (no quorum) and the admin's approval of a dispute.

use crate::errors::PepfundError;
use crate::events::{CampaignCompleted, TrancheReleased};
use crate::state::*;
use crate::transfers::transfer_from_campaign;
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

pub struct ReleaseAccounts<'a, 'info> {
    pub token_program: &'a Program<'info, Token>,
    pub campaign: &'a mut Account<'info, Campaign>,
    pub vault: &'a mut Account<'info, TokenAccount>,
    pub destination: &'a Account<'info, TokenAccount>,
    pub researcher_record: &'a mut Account<'info, ResearcherRecord>,
}

/// Marks the milestone released (state first, so no re-entry could pay twice), transfers
/// its tranche, and checks that the vault still covers the escrow.
pub fn release_tranche(accounts: ReleaseAccounts<'_, '_>, index: u8) -> Result<()> {
    let ReleaseAccounts {
        token_program,
        campaign,
        vault,
        destination,
        researcher_record,
    } = accounts;
    let amount = campaign.record_release(index)?;
    transfer_from_campaign(
        token_program,
        campaign,
        vault.to_account_info(),
        destination.to_account_info(),
        amount,
    )?;
    vault.reload()?;
    require!(
        vault.amount >= campaign.escrow()?,
        PepfundError::InvariantViolated
    );
    researcher_record.milestones_released = researcher_record
        .milestones_released
        .checked_add(1)
        .ok_or(PepfundError::MathOverflow)?;
    emit!(TrancheReleased {
        campaign: campaign.key(),
        milestone_index: index,
        amount,
        recipient: destination.key(),
        released_total: campaign.released,
    });
    if campaign.status == CampaignStatus::Completed {
        researcher_record.campaigns_completed = researcher_record
            .campaigns_completed
            .checked_add(1)
            .ok_or(PepfundError::MathOverflow)?;
        emit!(CampaignCompleted {
            campaign: campaign.key(),
            released_total: campaign.released,
        });
    }
    // Among other things: tranches never exceed the raise.
    campaign.invariant()
}
