//! Which mints a reward pool takes, in a real bank with the real Token-2022 program: a plain
//! Token-2022 reward mint works end to end; one with a transfer fee is refused up front.

use crate::env::*;
use crate::pool_fixture::*;
use anchor_spl::associated_token::{
    get_associated_token_address_with_program_id, spl_associated_token_account,
};
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022::{
    self,
    extension::{transfer_fee::instruction::initialize_transfer_fee_config, ExtensionType},
    state::Mint as Mint2022,
};
use pepfund::errors::PepfundError as E;
use solana_sdk::{
    program_pack::Pack,
    pubkey::Pubkey,
    signature::{Keypair, Signer},
    system_instruction,
};

/// A Token-2022 mint with 6 decimals, with a transfer fee when `fee` is set.
async fn mint_2022(env: &mut Env, authority: &Pubkey, fee: bool) -> Pubkey {
    let mint = Keypair::new();
    let payer = env.payer();
    let extensions: &[ExtensionType] = if fee {
        &[ExtensionType::TransferFeeConfig]
    } else {
        &[]
    };
    let space = ExtensionType::try_calculate_account_len::<Mint2022>(extensions).expect("len");
    let rent = env.ctx.banks_client.get_rent().await.expect("rent");
    let mut ixs = vec![system_instruction::create_account(
        &payer.pubkey(),
        &mint.pubkey(),
        rent.minimum_balance(space),
        space as u64,
        &spl_token_2022::ID,
    )];
    if fee {
        ixs.push(
            initialize_transfer_fee_config(
                &spl_token_2022::ID,
                &mint.pubkey(),
                Some(authority),
                Some(authority),
                100,
                1_000,
            )
            .expect("fee ix"),
        );
    }
    ixs.push(
        spl_token_2022::instruction::initialize_mint2(
            &spl_token_2022::ID,
            &mint.pubkey(),
            authority,
            None,
            6,
        )
        .expect("mint ix"),
    );
    env.send(&ixs, &[&mint])
        .await
        .expect("create token-2022 mint");
    mint.pubkey()
}

/// `owner`'s Token-2022 associated account for `mint`, created and given `amount`.
async fn fund_2022(
    env: &mut Env,
    mint: &Pubkey,
    authority: &Keypair,
    owner: &Pubkey,
    amount: u64,
) -> Pubkey {
    let payer = env.payer();
    let ata = get_associated_token_address_with_program_id(owner, mint, &spl_token_2022::ID);
    let create =
        spl_associated_token_account::instruction::create_associated_token_account_idempotent(
            &payer.pubkey(),
            owner,
            mint,
            &spl_token_2022::ID,
        );
    let mint_to = spl_token_2022::instruction::mint_to(
        &spl_token_2022::ID,
        mint,
        &ata,
        &authority.pubkey(),
        &[],
        amount,
    )
    .expect("mint_to");
    env.send(&[create, mint_to], &[authority])
        .await
        .expect("fund token-2022");
    ata
}

/// Balance of a Token-2022 account (its base layout is the classic one, extensions follow).
async fn balance_2022(env: &mut Env, account: &Pubkey) -> u64 {
    let data = env.account(account).await.expect("account").data;
    spl_token::state::Account::unpack_from_slice(&data[..spl_token::state::Account::LEN])
        .expect("token account")
        .amount
}

#[tokio::test]
async fn a_token_2022_reward_mint_without_fees_pays_stakers() {
    let mut env = Env::new().await;
    let sponsor = env.user().await;
    let authority = Keypair::new();
    let mut k = keys(&mut env, &sponsor.pubkey(), &authority).await;
    k.reward_mint = mint_2022(&mut env, &authority.pubkey(), false).await;
    k.reward_program = spl_token_2022::ID;
    let now = env.now().await;
    let roadmap = kpi_roadmap(&[3_000, 3_000, 4_000], now);
    env.send(
        &[pool_create(
            &k,
            1,
            create_args(1_000, roadmap, now + 1_000 * DAY),
        )],
        &[&sponsor],
    )
    .await
    .expect("create with a Token-2022 reward mint");
    fund_2022(
        &mut env,
        &k.reward_mint,
        &authority,
        &sponsor.pubkey(),
        1_000,
    )
    .await;
    env.send(&[pool_fund(&k, 1_000)], &[&sponsor])
        .await
        .expect("fund");
    let mut f = PoolFixture {
        keys: k,
        sponsor,
        mint_authority: authority.insecure_clone(),
        stakers: vec![],
    };
    let s = add_staker(&mut env, &mut f, 50, 50).await;
    let rewards = fund_2022(
        &mut env,
        &k.reward_mint,
        &authority,
        &f.stakers[s].pubkey(),
        0,
    )
    .await;
    release(&mut env, &f, 0).await;
    claim(&mut env, &f, s).await.expect("claim");
    assert_eq!(balance_2022(&mut env, &rewards).await, 300);
}

#[tokio::test]
async fn a_mint_with_a_transfer_fee_is_refused_before_any_vault_exists() {
    let mut env = Env::new().await;
    let sponsor = env.user().await;
    let authority = Keypair::new();
    let mut k = keys(&mut env, &sponsor.pubkey(), &authority).await;
    k.stake_mint = mint_2022(&mut env, &authority.pubkey(), true).await;
    k.stake_program = spl_token_2022::ID;
    let now = env.now().await;
    let roadmap = kpi_roadmap(&[3_000, 3_000, 4_000], now);
    let create = pool_create(&k, 1, create_args(1_000, roadmap, now + 1_000 * DAY));
    assert_code(
        env.send(&[create], &[&sponsor]).await,
        code(E::MintNotSupported),
    );
    assert!(env.account(&k.pool).await.is_none());
}
