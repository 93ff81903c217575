use crate::calc;
use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::RefundClaimed;
use crate::state::*;
use crate::transfers::{burn_from_user, transfer_from_campaign};
use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

#[derive(Accounts)]
pub struct RefundClaim<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(mut, seeds = [SEED_VAULT, campaign.key().as_ref()], bump = campaign.vault_bump)]
    pub vault: Box<Account<'info, TokenAccount>>,
    #[account(mut, seeds = [SEED_BACKER_MINT, campaign.key().as_ref()], bump = campaign.backer_mint_bump)]
    pub backer_mint: Box<Account<'info, Mint>>,
    /// Backer tokens to burn.
    #[account(mut, token::mint = backer_mint, token::authority = backer)]
    pub backer_tokens: Box<Account<'info, TokenAccount>>,
    /// Where the USDC goes: the backer's own USDC account, never the vault.
    #[account(
        mut,
        constraint = backer_usdc.key() != vault.key() @ PepfundError::DuplicateAccount,
        constraint = backer_usdc.mint == vault.mint @ PepfundError::InvalidDestination,
        constraint = backer_usdc.owner == backer.key() @ PepfundError::InvalidDestination,
    )]
    pub backer_usdc: Box<Account<'info, TokenAccount>>,
    pub backer: Signer<'info>,
    pub token_program: Program<'info, Token>,
}

impl RefundClaim<'_> {
    /// Burns `tokens` backer tokens and pays their USDC back. A failed raise refunds 1:1.
    /// An abandoned campaign pays `escrow_at_abandonment * tokens / backer_supply`, rounded
    /// down; the claim that redeems the last backer token takes whatever is left, so the
    /// rounding dust goes to the last claimant and refunds add up to the escrow exactly.
    pub fn refund_claim(ctx: Context<Self>, tokens: u64) -> Result<()> {
        require!(
            tokens > 0 && ctx.accounts.backer_tokens.amount >= tokens,
            PepfundError::NothingToRefund
        );
        let campaign = &ctx.accounts.campaign;
        let amount = match campaign.status {
            CampaignStatus::Failed => tokens,
            CampaignStatus::Abandoned => {
                let snapshot = campaign.abandonment;
                let redeemed = calc::add(snapshot.tokens_redeemed, tokens)?;
                require!(
                    redeemed <= snapshot.backer_supply,
                    PepfundError::InvariantViolated
                );
                if redeemed == snapshot.backer_supply {
                    campaign.escrow()?
                } else {
                    calc::mul_div_floor(snapshot.escrow, tokens, snapshot.backer_supply)?
                }
            }
            _ => return err!(PepfundError::InvalidCampaignState),
        };
        require!(
            amount <= campaign.escrow()?,
            PepfundError::InvariantViolated
        );

        let campaign = &mut ctx.accounts.campaign;
        campaign.refunded = calc::add(campaign.refunded, amount)?;
        if campaign.status == CampaignStatus::Abandoned {
            campaign.abandonment.tokens_redeemed =
                calc::add(campaign.abandonment.tokens_redeemed, tokens)?;
        }
        campaign.invariant()?;

        let accounts = &ctx.accounts;
        burn_from_user(
            &accounts.token_program,
            accounts.backer_mint.to_account_info(),
            accounts.backer_tokens.to_account_info(),
            accounts.backer.to_account_info(),
            tokens,
        )?;
        if amount > 0 {
            transfer_from_campaign(
                &accounts.token_program,
                &accounts.campaign,
                accounts.vault.to_account_info(),
                accounts.backer_usdc.to_account_info(),
                amount,
            )?;
        }
        ctx.accounts.vault.reload()?;
        let campaign = &ctx.accounts.campaign;
        require!(
            ctx.accounts.vault.amount >= campaign.escrow()?,
            PepfundError::InvariantViolated
        );
        emit!(RefundClaimed {
            campaign: campaign.key(),
            backer: ctx.accounts.backer.key(),
            tokens_burned: tokens,
            amount,
            refunded_total: campaign.refunded,
        });
        Ok(())
    }
}
