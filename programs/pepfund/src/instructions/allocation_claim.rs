use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::AllocationClaimed;
use crate::state::*;
use crate::transfers::mint_from_campaign;
use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

#[derive(Accounts)]
pub struct AllocationClaim<'info> {
    #[account(seeds = [SEED_CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(mut, seeds = [SEED_ALLOCATION_MINT, campaign.key().as_ref()], bump = campaign.allocation_mint_bump)]
    pub allocation_mint: Box<Account<'info, Mint>>,
    /// Allocation token account of the researcher (`protocol = false`) or of the config's
    /// treasury (`protocol = true`); checked in the handler.
    #[account(mut, token::mint = allocation_mint)]
    pub recipient: Box<Account<'info, TokenAccount>>,
    pub token_program: Program<'info, Token>,
}

impl AllocationClaim<'_> {
    /// Mints the researcher's or the protocol's allocation once the raise succeeded.
    /// Permissionless: the tokens can only go to their rightful owner.
    pub fn allocation_claim(ctx: Context<Self>, protocol: bool) -> Result<()> {
        let campaign = &ctx.accounts.campaign;
        require!(
            matches!(
                campaign.status,
                CampaignStatus::Active | CampaignStatus::Completed
            ),
            PepfundError::InvalidCampaignState
        );
        let (owner, amount, claimed) = if protocol {
            (
                ctx.accounts.config.treasury,
                campaign.protocol_allocation,
                campaign.protocol_allocation_claimed,
            )
        } else {
            (
                campaign.researcher,
                campaign.researcher_allocation,
                campaign.researcher_allocation_claimed,
            )
        };
        require!(!claimed, PepfundError::AllocationClaimed);
        require!(
            ctx.accounts.recipient.owner == owner,
            PepfundError::InvalidDestination
        );
        if amount > 0 {
            mint_from_campaign(
                &ctx.accounts.token_program,
                &ctx.accounts.campaign,
                ctx.accounts.allocation_mint.to_account_info(),
                ctx.accounts.recipient.to_account_info(),
                amount,
            )?;
        }
        let campaign = &mut ctx.accounts.campaign;
        if protocol {
            campaign.protocol_allocation_claimed = true;
        } else {
            campaign.researcher_allocation_claimed = true;
        }
        emit!(AllocationClaimed {
            campaign: campaign.key(),
            recipient: owner,
            amount,
            protocol,
        });
        ctx.accounts.campaign.invariant()?;
        Ok(())
    }
}
