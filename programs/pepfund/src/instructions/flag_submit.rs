use crate::constants::*;
use crate::errors::PepfundError;
use crate::events::{FlagSubmitted, QuorumReached};
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone)]
pub struct FlagSubmitArgs {
    pub milestone_index: u8,
    /// The submission being flagged; must be the one under review.
    pub attempt: u32,
    /// Arweave transaction id (32 raw bytes) of the written rationale.
    pub rationale: [u8; 32],
}

#[derive(Accounts)]
#[instruction(args: FlagSubmitArgs)]
pub struct FlagSubmit<'info> {
    #[account(
        mut,
        seeds = [SEED_CAMPAIGN, campaign.researcher.as_ref(), &campaign.id.to_le_bytes()],
        bump = campaign.bump,
    )]
    pub campaign: Box<Account<'info, Campaign>>,
    #[account(
        mut,
        seeds = [SEED_HOLDER, campaign.key().as_ref(), holder_record.owner.as_ref()],
        bump = holder_record.bump,
    )]
    pub holder_record: Box<Account<'info, HolderRecord>>,
    /// One per holder per submission: `init` refuses a second flag.
    #[account(
        init,
        payer = payer,
        space = 8 + FlagRecord::INIT_SPACE,
        seeds = [
            SEED_FLAG,
            campaign.key().as_ref(),
            &[args.milestone_index],
            &args.attempt.to_le_bytes(),
            holder_record.owner.as_ref(),
        ],
        bump
    )]
    pub flag_record: Box<Account<'info, FlagRecord>>,
    /// The holder, or the delegate the holder named (the relayer).
    pub authority: Signer<'info>,
    /// Pays the flag record's rent; may be the relayer.
    #[account(mut)]
    pub payer: Signer<'info>,
    pub system_program: Program<'info, System>,
}

impl FlagSubmit<'_> {
    /// Runs before the handler (`#[access_control]` in lib.rs): the signer acts for the
    /// holder, as the holder or the delegate the holder named.
    pub fn validate(&self) -> Result<()> {
        self.holder_record.validate_actor(&self.authority.key())
    }

    /// Flags the submission under review with the holder's whole deposit as weight, and
    /// locks that deposit until the window closes.
    pub fn flag_submit(ctx: Context<Self>, args: FlagSubmitArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let holder = &ctx.accounts.holder_record;
        // An all-zero id is the byte array's default, never a real Arweave id: a flag
        // without a rationale could not be read by the admin deciding the dispute.
        require!(args.rationale != [0; 32], PepfundError::RationaleMissing);
        let owner = holder.owner;
        let weight = holder.deposited;

        let campaign = &mut ctx.accounts.campaign;
        require!(
            campaign.status == CampaignStatus::Active,
            PepfundError::InvalidCampaignState
        );
        let campaign_key = campaign.key();
        let milestone = campaign.milestone_mut(args.milestone_index)?;
        let reached = milestone.add_flag(args.attempt, now, weight)?;
        let window_end = milestone.window_end;
        let total_weight = milestone.flag_weight;
        let quorum_weight = milestone.quorum_weight();

        let holder = &mut ctx.accounts.holder_record;
        holder.locked_until = holder.locked_until.max(window_end);

        let flag = &mut ctx.accounts.flag_record;
        flag.campaign = campaign_key;
        flag.milestone_index = args.milestone_index;
        flag.attempt = args.attempt;
        flag.owner = owner;
        flag.weight = weight;
        flag.rationale = args.rationale;
        flag.flagged_at = now;
        flag.bump = ctx.bumps.flag_record;

        ctx.accounts.campaign.invariant()?;
        emit!(FlagSubmitted {
            campaign: campaign_key,
            milestone_index: args.milestone_index,
            attempt: args.attempt,
            owner,
            weight,
            rationale: args.rationale,
            total_weight,
            quorum_weight,
        });
        if reached {
            emit!(QuorumReached {
                campaign: campaign_key,
                milestone_index: args.milestone_index,
                attempt: args.attempt,
                total_weight,
            });
        }
        Ok(())
    }
}
