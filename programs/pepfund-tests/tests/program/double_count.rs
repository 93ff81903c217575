//! The same tokens never count twice: not from a second wallet, not through a flash loan.

use crate::env::*;
use crate::ixs;
use crate::scenario::*;
use anchor_spl::token::spl_token;
use pepfund::errors::PepfundError;
use solana_sdk::signature::Signer;

#[tokio::test]
async fn given_a_flag_when_the_holder_moves_its_tokens_to_a_second_wallet_then_no_extra_weight() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[100 * USDC, 900 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let attempt = submit(&mut env, &f, 0).await;
    flag(&mut env, &f, 0, 0, attempt)
        .await
        .expect("flag from wallet A");

    // The flagged tokens are locked in the deposit vault: A cannot take them out to B.
    let a = f.backers[0].insecure_clone();
    let withdraw = ixs::holder_withdraw(&f.campaign, &a.pubkey(), 100 * USDC);
    assert_code(
        env.send(&[withdraw], &[&a]).await,
        code(PepfundError::TokensLocked),
    );
    assert_eq!(env.balance(&f.backer_tokens(0)).await, 0);
    let b = env.user().await;
    let b_tokens = env.ata(&b.pubkey(), &ixs::backer_mint(&f.campaign)).await;
    let moved = env
        .transfer_tokens(&f.backer_tokens(0), &b_tokens, &a, 1)
        .await;
    assert!(moved.is_err(), "wallet A has no free tokens left to move");

    let m = &env.campaign(&f.campaign).await.milestones[0];
    assert_eq!((m.flag_weight, m.flag_count), (100 * USDC, 1));
}

#[tokio::test]
async fn given_part_of_a_holding_flagged_when_the_rest_moves_to_a_second_wallet_and_flags_then_each_token_counts_once(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[200 * USDC, 800 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let attempt = submit(&mut env, &f, 0).await;
    flag(&mut env, &f, 0, 0, attempt)
        .await
        .expect("flag from wallet A");

    let a = f.backers[0].insecure_clone();
    let b = env.user().await;
    let b_tokens = env.ata(&b.pubkey(), &ixs::backer_mint(&f.campaign)).await;
    env.transfer_tokens(&f.backer_tokens(0), &b_tokens, &a, 100 * USDC)
        .await
        .expect("move the undeposited half");
    env.send(
        &[ixs::holder_deposit(&f.campaign, &b.pubkey(), 100 * USDC)],
        &[&b],
    )
    .await
    .expect("B deposits");
    let key = b.pubkey();
    env.send(
        &[ixs::flag_submit(&f.campaign, &key, &key, &key, 0, attempt)],
        &[&b],
    )
    .await
    .expect("flag from wallet B");
    // 200 USDC of tokens exist between A and B; the flags carry exactly that, not more.
    let m = &env.campaign(&f.campaign).await.milestones[0];
    assert_eq!(m.flag_weight, 200 * USDC);
    assert_eq!(env.balance(&ixs::deposits(&f.campaign)).await, 200 * USDC);
}

#[tokio::test]
async fn given_borrowed_tokens_when_deposited_flagged_and_returned_in_one_transaction_then_no_weight_survives(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[900 * USDC, 100 * USDC]).await;
    let attempt = submit(&mut env, &f, 0).await;
    let lender = f.backers[0].insecure_clone();
    let borrower = env.user().await;
    let borrower_tokens = env
        .ata(&borrower.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;
    let amount = 500 * USDC;
    let key = borrower.pubkey();
    let lend = spl_token::instruction::transfer(
        &spl_token::ID,
        &f.backer_tokens(0),
        &borrower_tokens,
        &lender.pubkey(),
        &[],
        amount,
    )
    .unwrap();
    let repay = spl_token::instruction::transfer(
        &spl_token::ID,
        &borrower_tokens,
        &f.backer_tokens(0),
        &key,
        &[],
        amount,
    )
    .unwrap();
    let flash = [
        lend,
        ixs::holder_deposit(&f.campaign, &key, amount),
        ixs::flag_submit(&f.campaign, &key, &key, &key, 0, attempt),
        ixs::holder_withdraw(&f.campaign, &key, amount),
        repay,
    ];
    assert_code(
        env.send(&flash, &[&lender, &borrower]).await,
        code(PepfundError::TokensLocked),
    );
    let m = &env.campaign(&f.campaign).await.milestones[0];
    assert_eq!((m.flag_weight, m.flag_count), (0, 0));
    assert_eq!(
        env.balance(&f.backer_tokens(0)).await,
        900 * USDC,
        "the loan never happened"
    );
}

#[tokio::test]
async fn given_a_submission_when_supply_changes_are_attempted_during_the_window_then_the_quorum_base_stays_frozen(
) {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[1_000 * USDC]).await;
    submit(&mut env, &f, 0).await;
    let late = env.user().await;
    env.fund_usdc(&late.pubkey(), 5_000 * USDC).await;
    env.ata(&late.pubkey(), &ixs::backer_mint(&f.campaign))
        .await;
    let contribute = ixs::contribute(&env, &f.campaign, &late.pubkey(), 5_000 * USDC);
    assert_code(
        env.send(&[contribute], &[&late]).await,
        code(PepfundError::InvalidCampaignState),
    );
    // Burning through a refund is closed while the campaign is active, too.
    let backer = f.backers[0].insecure_clone();
    let refund = ixs::refund_claim(&env, &f.campaign, &backer.pubkey(), 1);
    assert_code(
        env.send(&[refund], &[&backer]).await,
        code(PepfundError::InvalidCampaignState),
    );
    let m = &env.campaign(&f.campaign).await.milestones[0];
    assert_eq!(m.backer_supply_snapshot, 1_000 * USDC);
    assert_eq!(
        env.mint_supply(&ixs::backer_mint(&f.campaign)).await,
        1_000 * USDC
    );
}
