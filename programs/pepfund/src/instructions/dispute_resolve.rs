use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::DisputeResolved;
use crate::release::{release_tranche, ReleaseAccounts};
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token::{Token, TokenAccount};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct DisputeResolveArgs {
    pub milestone_index: u8,
    /// Release the tranche (`true`) or reject the submission (`false`).
    pub approve: bool,
    /// Arweave id or SHA-256 of the written reasons.
    pub reason: [u8; 32],
}

#[derive(Accounts)]
pub struct DisputeResolve<'info> {
    /// The admin authority decides disputes during the beta; replacing `config.admin`
    /// (e.g. by a governance PDA) moves the decision without touching this instruction.
    #[account(seeds = [SEED_CONFIG], bump = config.bump, has_one = admin @ PepfundError::NotAdmin)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(mut, seeds = [SEED_VAULT, campaign.key().as_ref()], bump = campaign.vault_bump)]
    pub vault: Box<Account<'info, TokenAccount>>,
    #[account(
        mut,
        constraint = researcher_usdc.key() != vault.key() @ PepfundError::DuplicateAccount,
        constraint = researcher_usdc.mint == vault.mint @ PepfundError::InvalidDestination,
        constraint = researcher_usdc.owner == campaign.researcher @ PepfundError::InvalidDestination,
    )]
    pub researcher_usdc: Box<Account<'info, TokenAccount>>,
    #[account(mut, seeds = [SEED_RESEARCHER, campaign.researcher.as_ref()], bump = researcher_record.bump)]
    pub researcher_record: Box<Account<'info, ResearcherRecord>>,
    pub admin: Signer<'info>,
    pub token_program: Program<'info, Token>,
}

impl DisputeResolve<'_> {
    /// Approve releases the tranche; reject keeps it in escrow and lets the researcher
    /// re-submit, with a fresh window and fresh flags. Only before the dispute deadline:
    /// from the deadline on the dispute lapses (`dispute_lapse`), so a decision and a lapse
    /// can never both apply to one dispute.
    pub fn dispute_resolve(ctx: Context<Self>, args: DisputeResolveArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        // Approve or reject, the decision is published with its reasons (PRODUCT.md): an
        // all-zero id (the byte array's default) points at nothing.
        require!(args.reason != [0; 32], PepfundError::ReasonMissing);
        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Active,
            PepfundError::InvalidCampaignState
        );
        let campaign_key = campaign.key();
        let milestone = campaign.milestone_mut(args.milestone_index)?;
        milestone.resolve_dispute(now, args.approve, args.reason)?;
        let attempt = milestone.attempts;
        emit!(DisputeResolved {
            campaign: campaign_key,
            milestone_index: args.milestone_index,
            attempt,
            approved: args.approve,
            reason: args.reason,
            resolver: ctx.accounts.admin.key(),
        });

        if !args.approve {
            let record = &mut ctx.accounts.researcher_record;
            record.submissions_rejected = record
                .submissions_rejected
                .checked_add(1)
                .ok_or(PepfundError::MathOverflow)?;
            return campaign.invariant();
        }

        let accounts = &mut *ctx.accounts;
        release_tranche(
            ReleaseAccounts {
                token_program: &accounts.token_program,
                campaign: &mut accounts.campaign,
                vault: &mut accounts.vault,
                destination: &accounts.researcher_usdc,
                researcher_record: &mut accounts.researcher_record,
            },
            args.milestone_index,
        )
    }
}
