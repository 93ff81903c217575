use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::CampaignCreated;
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token::{Mint, Token, TokenAccount};

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct CampaignCreateArgs {
    /// Researcher-chosen id; with the researcher's key it seeds the campaign PDA.
    pub id: u64,
    /// Arweave id (32 raw bytes) of the campaign's texts document.
    pub metadata: [u8; 32],
    /// SHA-256 of the texts document's bytes.
    pub metadata_hash: [u8; 32],
    pub goal: u64,
    pub deadline: i64,
    pub milestones: Vec<MilestoneInput>,
}

#[derive(Accounts)]
#[instruction(args: CampaignCreateArgs)]
pub struct CampaignCreate<'info> {
    #[account(mut, seeds = [SEED_CONFIG], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        init,
        payer = researcher,
        space = 8 + Campaign::INIT_SPACE,
        seeds = [SEED_CAMPAIGN, researcher.key().as_ref(), &args.id.to_le_bytes()],
        bump
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(
        init_if_needed,
        payer = researcher,
        space = 8 + ResearcherRecord::INIT_SPACE,
        seeds = [SEED_RESEARCHER, researcher.key().as_ref()],
        bump
    )]
    pub researcher_record: Box<Account<'info, ResearcherRecord>>,
    /// Backer tokens: minted 1:1 for USDC contributed; the only tokens that flag.
    #[account(
        init,
        payer = researcher,
        seeds = [SEED_BACKER_MINT, campaign.key().as_ref()],
        bump,
        mint::decimals = CAMPAIGN_TOKEN_DECIMALS,
        mint::authority = campaign,
    )]
    pub backer_mint: Box<Account<'info, Mint>>,
    /// Researcher and protocol allocation tokens: a separate mint, so they can never count
    /// toward a flag quorum.
    #[account(
        init,
        payer = researcher,
        seeds = [SEED_ALLOCATION_MINT, campaign.key().as_ref()],
        bump,
        mint::decimals = CAMPAIGN_TOKEN_DECIMALS,
        mint::authority = campaign,
    )]
    pub allocation_mint: Box<Account<'info, Mint>>,
    /// The campaign's USDC escrow, owned by the campaign PDA.
    #[account(
        init,
        payer = researcher,
        seeds = [SEED_VAULT, campaign.key().as_ref()],
        bump,
        token::mint = usdc_mint,
        token::authority = campaign,
    )]
    pub vault: Box<Account<'info, TokenAccount>>,
    /// Holds backer tokens deposited as flag weight.
    #[account(
        init,
        payer = researcher,
        seeds = [SEED_DEPOSITS, campaign.key().as_ref()],
        bump,
        token::mint = backer_mint,
        token::authority = campaign,
    )]
    pub deposits: Box<Account<'info, TokenAccount>>,
    #[account(address = config.usdc_mint)]
    pub usdc_mint: Box<Account<'info, Mint>>,
    #[account(mut)]
    pub researcher: Signer<'info>,
    pub token_program: Program<'info, Token>,
    pub system_program: Program<'info, System>,
}

impl CampaignCreate<'_> {
    pub fn campaign_create(ctx: Context<Self>, args: CampaignCreateArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        require!(args.goal > 0, PepfundError::GoalZero);
        require!(args.deadline > now, PepfundError::DeadlineInPast);

        let researcher = ctx.accounts.researcher.key();
        let campaign = &mut ctx.accounts.campaign;
        campaign.researcher = researcher;
        campaign.id = args.id;
        campaign.status = CampaignStatus::Draft;
        campaign.metadata = args.metadata;
        campaign.metadata_hash = args.metadata_hash;
        campaign.goal = args.goal;
        campaign.deadline = args.deadline;
        campaign.set_roadmap(&args.milestones)?;
        campaign.bump = ctx.bumps.campaign;
        campaign.vault_bump = ctx.bumps.vault;
        campaign.backer_mint_bump = ctx.bumps.backer_mint;
        campaign.allocation_mint_bump = ctx.bumps.allocation_mint;
        campaign.deposits_bump = ctx.bumps.deposits;
        campaign.invariant()?;

        let record = &mut ctx.accounts.researcher_record;
        record.researcher = researcher;
        record.bump = ctx.bumps.researcher_record;
        record.campaigns_created = record
            .campaigns_created
            .checked_add(1)
            .ok_or(PepfundError::MathOverflow)?;

        let config = &mut ctx.accounts.config;
        config.campaign_count = config
            .campaign_count
            .checked_add(1)
            .ok_or(PepfundError::MathOverflow)?;

        emit!(CampaignCreated {
            campaign: campaign.key(),
            researcher,
            id: args.id,
            goal: args.goal,
            deadline: args.deadline,
            milestone_count: campaign.milestones.len() as u8,
        });
        Ok(())
    }
}
