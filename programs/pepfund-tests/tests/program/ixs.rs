//! Instruction builders and PDA helpers (the Rust twin of the TS client in `bot/chain`).

use crate::env::{ix, Env};
use ::pepfund::{accounts as acc, instruction as data, state::*, *};
use anchor_spl::associated_token::get_associated_token_address;
use anchor_spl::token::spl_token;
use solana_sdk::{instruction::Instruction, pubkey::Pubkey, system_program};

pub fn pda(seeds: &[&[u8]]) -> Pubkey {
    Pubkey::find_program_address(seeds, &::pepfund::ID).0
}

pub fn config_pda() -> Pubkey {
    pda(&[SEED_CONFIG])
}

pub fn campaign_pda(researcher: &Pubkey, id: u64) -> Pubkey {
    pda(&[SEED_CAMPAIGN, researcher.as_ref(), &id.to_le_bytes()])
}

pub fn backer_mint(campaign: &Pubkey) -> Pubkey {
    pda(&[SEED_BACKER_MINT, campaign.as_ref()])
}

pub fn allocation_mint(campaign: &Pubkey) -> Pubkey {
    pda(&[SEED_ALLOCATION_MINT, campaign.as_ref()])
}

pub fn vault(campaign: &Pubkey) -> Pubkey {
    pda(&[SEED_VAULT, campaign.as_ref()])
}

pub fn deposits(campaign: &Pubkey) -> Pubkey {
    pda(&[SEED_DEPOSITS, campaign.as_ref()])
}

pub fn holder_pda(campaign: &Pubkey, owner: &Pubkey) -> Pubkey {
    pda(&[SEED_HOLDER, campaign.as_ref(), owner.as_ref()])
}

pub fn flag_pda(campaign: &Pubkey, index: u8, attempt: u32, owner: &Pubkey) -> Pubkey {
    pda(&[
        SEED_FLAG,
        campaign.as_ref(),
        &[index],
        &attempt.to_le_bytes(),
        owner.as_ref(),
    ])
}

pub fn stale_vote_pda(campaign: &Pubkey, round: u32, owner: &Pubkey) -> Pubkey {
    pda(&[
        SEED_STALE_VOTE,
        campaign.as_ref(),
        &round.to_le_bytes(),
        owner.as_ref(),
    ])
}

pub fn researcher_pda(researcher: &Pubkey) -> Pubkey {
    pda(&[SEED_RESEARCHER, researcher.as_ref()])
}

/// pepfund's ProgramData account (the PDA of its id under the upgradeable loader).
pub fn program_data() -> Pubkey {
    pepfund_native_host::upgradeable::program_data_address()
}

pub fn config_init(
    env: &Env,
    admin: &Pubkey,
    researcher_bps: u16,
    protocol_bps: u16,
) -> Instruction {
    ix(
        acc::ConfigInit {
            config: config_pda(),
            usdc_mint: env.usdc_mint,
            program: ::pepfund::ID,
            program_data: program_data(),
            payer: *admin,
            system_program: system_program::ID,
        },
        data::ConfigInit {
            args: ConfigInitArgs {
                admin: *admin,
                treasury: env.treasury_key(),
                researcher_allocation_bps: researcher_bps,
                protocol_allocation_bps: protocol_bps,
            },
        },
    )
}

pub fn config_update(admin: &Pubkey, args: ConfigUpdateArgs) -> Instruction {
    ix(
        acc::ConfigUpdate {
            config: config_pda(),
            admin: *admin,
        },
        data::ConfigUpdate { args },
    )
}

pub fn config_accept_admin(new_admin: &Pubkey) -> Instruction {
    ix(
        acc::ConfigAcceptAdmin {
            config: config_pda(),
            new_admin: *new_admin,
        },
        data::ConfigAcceptAdmin {},
    )
}

pub fn campaign_create(
    env: &Env,
    researcher: &Pubkey,
    id: u64,
    goal: u64,
    deadline: i64,
    milestones: Vec<MilestoneInput>,
) -> Instruction {
    let campaign = campaign_pda(researcher, id);
    ix(
        acc::CampaignCreate {
            config: config_pda(),
            campaign,
            researcher_record: researcher_pda(researcher),
            backer_mint: backer_mint(&campaign),
            allocation_mint: allocation_mint(&campaign),
            vault: vault(&campaign),
            deposits: deposits(&campaign),
            usdc_mint: env.usdc_mint,
            researcher: *researcher,
            token_program: spl_token::ID,
            system_program: system_program::ID,
        },
        data::CampaignCreate {
            args: CampaignCreateArgs {
                id,
                metadata: [7; 32],
                metadata_hash: [17; 32],
                goal,
                deadline,
                milestones,
            },
        },
    )
}

pub fn campaign_edit(
    campaign: &Pubkey,
    researcher: &Pubkey,
    goal: u64,
    deadline: i64,
    milestones: Vec<MilestoneInput>,
) -> Instruction {
    ix(
        acc::CampaignEdit {
            campaign: *campaign,
            researcher: *researcher,
        },
        data::CampaignEdit {
            args: CampaignEditArgs {
                metadata: [8; 32],
                metadata_hash: [18; 32],
                goal,
                deadline,
                milestones,
            },
        },
    )
}

pub fn campaign_submit_for_review(campaign: &Pubkey, researcher: &Pubkey) -> Instruction {
    ix(
        acc::CampaignSubmitForReview {
            campaign: *campaign,
            researcher: *researcher,
        },
        data::CampaignSubmitForReview {},
    )
}

pub fn campaign_approve(campaign: &Pubkey, admin: &Pubkey) -> Instruction {
    ix(
        acc::CampaignApprove {
            config: config_pda(),
            campaign: *campaign,
            admin: *admin,
        },
        data::CampaignApprove {},
    )
}

pub fn contribute(env: &Env, campaign: &Pubkey, backer: &Pubkey, amount: u64) -> Instruction {
    ix(
        acc::Contribute {
            campaign: *campaign,
            vault: vault(campaign),
            backer_mint: backer_mint(campaign),
            backer_usdc: get_associated_token_address(backer, &env.usdc_mint),
            backer_tokens: get_associated_token_address(backer, &backer_mint(campaign)),
            backer: *backer,
            token_program: spl_token::ID,
        },
        data::Contribute { amount },
    )
}

pub fn fundraising_close(campaign: &Pubkey, authority: &Pubkey) -> Instruction {
    ix(
        acc::FundraisingClose {
            config: config_pda(),
            campaign: *campaign,
            authority: *authority,
        },
        data::FundraisingClose {},
    )
}

pub fn allocation_claim(campaign: &Pubkey, recipient: &Pubkey, protocol: bool) -> Instruction {
    ix(
        acc::AllocationClaim {
            config: config_pda(),
            campaign: *campaign,
            allocation_mint: allocation_mint(campaign),
            recipient: *recipient,
            token_program: spl_token::ID,
        },
        data::AllocationClaim { protocol },
    )
}

pub fn holder_deposit(campaign: &Pubkey, owner: &Pubkey, amount: u64) -> Instruction {
    ix(
        acc::HolderDeposit {
            campaign: *campaign,
            holder_record: holder_pda(campaign, owner),
            deposits: deposits(campaign),
            owner_tokens: get_associated_token_address(owner, &backer_mint(campaign)),
            owner: *owner,
            token_program: spl_token::ID,
            system_program: system_program::ID,
        },
        data::HolderDeposit { amount },
    )
}

pub fn holder_withdraw(campaign: &Pubkey, owner: &Pubkey, amount: u64) -> Instruction {
    ix(
        acc::HolderWithdraw {
            campaign: *campaign,
            holder_record: holder_pda(campaign, owner),
            deposits: deposits(campaign),
            owner_tokens: get_associated_token_address(owner, &backer_mint(campaign)),
            owner: *owner,
            token_program: spl_token::ID,
        },
        data::HolderWithdraw { amount },
    )
}

pub fn holder_set_delegate(campaign: &Pubkey, owner: &Pubkey, delegate: &Pubkey) -> Instruction {
    ix(
        acc::HolderSetDelegate {
            campaign: *campaign,
            holder_record: holder_pda(campaign, owner),
            owner: *owner,
            system_program: system_program::ID,
        },
        data::HolderSetDelegate {
            delegate: *delegate,
        },
    )
}

pub fn milestone_submit(
    campaign: &Pubkey,
    researcher: &Pubkey,
    index: u8,
    evidence_id: [u8; 32],
    evidence_hash: [u8; 32],
) -> Instruction {
    ix(
        acc::MilestoneSubmit {
            campaign: *campaign,
            backer_mint: backer_mint(campaign),
            allocation_mint: allocation_mint(campaign),
            researcher: *researcher,
        },
        data::MilestoneSubmit {
            args: MilestoneSubmitArgs {
                milestone_index: index,
                evidence_id,
                evidence_hash,
            },
        },
    )
}

/// A flag by `authority` (holder or delegate) for `owner`, rent paid by `payer`.
pub fn flag_submit(
    campaign: &Pubkey,
    owner: &Pubkey,
    authority: &Pubkey,
    payer: &Pubkey,
    index: u8,
    attempt: u32,
) -> Instruction {
    ix(
        acc::FlagSubmit {
            campaign: *campaign,
            holder_record: holder_pda(campaign, owner),
            flag_record: flag_pda(campaign, index, attempt, owner),
            authority: *authority,
            payer: *payer,
            system_program: system_program::ID,
        },
        data::FlagSubmit {
            args: FlagSubmitArgs {
                milestone_index: index,
                attempt,
                rationale: [9; 32],
            },
        },
    )
}

pub fn milestone_finalize(
    env: &Env,
    campaign: &Pubkey,
    researcher: &Pubkey,
    index: u8,
) -> Instruction {
    ix(
        acc::MilestoneFinalize {
            campaign: *campaign,
            vault: vault(campaign),
            researcher_usdc: get_associated_token_address(researcher, &env.usdc_mint),
            researcher_record: researcher_pda(researcher),
            token_program: spl_token::ID,
        },
        data::MilestoneFinalize {
            milestone_index: index,
        },
    )
}

pub fn dispute_resolve(
    env: &Env,
    campaign: &Pubkey,
    researcher: &Pubkey,
    admin: &Pubkey,
    index: u8,
    approve: bool,
) -> Instruction {
    ix(
        acc::DisputeResolve {
            config: config_pda(),
            campaign: *campaign,
            vault: vault(campaign),
            researcher_usdc: get_associated_token_address(researcher, &env.usdc_mint),
            researcher_record: researcher_pda(researcher),
            admin: *admin,
            token_program: spl_token::ID,
        },
        data::DisputeResolve {
            args: DisputeResolveArgs {
                milestone_index: index,
                approve,
                reason: [5; 32],
            },
        },
    )
}

pub fn dispute_lapse(campaign: &Pubkey, researcher: &Pubkey, index: u8) -> Instruction {
    ix(
        acc::DisputeLapse {
            campaign: *campaign,
            researcher_record: researcher_pda(researcher),
        },
        data::DisputeLapse {
            milestone_index: index,
        },
    )
}

pub fn stale_open(
    campaign: &Pubkey,
    owner: &Pubkey,
    authority: &Pubkey,
    payer: &Pubkey,
    round: u32,
) -> Instruction {
    ix(
        acc::StaleOpen {
            campaign: *campaign,
            backer_mint: backer_mint(campaign),
            holder_record: holder_pda(campaign, owner),
            stale_vote: stale_vote_pda(campaign, round, owner),
            authority: *authority,
            payer: *payer,
            system_program: system_program::ID,
        },
        data::StaleOpen { round },
    )
}

pub fn stale_support(
    campaign: &Pubkey,
    owner: &Pubkey,
    authority: &Pubkey,
    payer: &Pubkey,
    round: u32,
) -> Instruction {
    ix(
        acc::StaleSupport {
            campaign: *campaign,
            holder_record: holder_pda(campaign, owner),
            stale_vote: stale_vote_pda(campaign, round, owner),
            authority: *authority,
            payer: *payer,
            system_program: system_program::ID,
        },
        data::StaleSupport { round },
    )
}

pub fn stale_finalize(campaign: &Pubkey, researcher: &Pubkey) -> Instruction {
    ix(
        acc::StaleFinalize {
            campaign: *campaign,
            backer_mint: backer_mint(campaign),
            researcher_record: researcher_pda(researcher),
        },
        data::StaleFinalize {},
    )
}

pub fn refund_claim(env: &Env, campaign: &Pubkey, backer: &Pubkey, tokens: u64) -> Instruction {
    ix(
        acc::RefundClaim {
            campaign: *campaign,
            vault: vault(campaign),
            backer_mint: backer_mint(campaign),
            backer_tokens: get_associated_token_address(backer, &backer_mint(campaign)),
            backer_usdc: get_associated_token_address(backer, &env.usdc_mint),
            backer: *backer,
            token_program: spl_token::ID,
        },
        data::RefundClaim { tokens },
    )
}
