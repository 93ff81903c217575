//! A whole campaign, as its users live it.

use crate::env::*;
use crate::ixs;
use crate::scenario::*;
use pepfund::state::*;
use solana_sdk::signature::Signer;

#[tokio::test]
async fn given_no_flags_when_each_window_closes_then_every_tranche_reaches_the_researcher() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 3_000, 3_000], &[600 * USDC, 400 * USDC]).await;
    let vault = ixs::vault(&f.campaign);
    assert_eq!(env.balance(&vault).await, 1_000 * USDC);
    assert_eq!(env.balance(&f.backer_tokens(0)).await, 600 * USDC);

    let expected = [400 * USDC, 300 * USDC, 300 * USDC];
    for (index, amount) in expected.iter().enumerate() {
        submit(&mut env, &f, index as u8).await;
        let left = window_left(&mut env, &f, index as u8).await;
        assert_eq!(left, if index == 0 { 7 * DAY } else { 5 * DAY });
        env.advance(left).await;
        let before = env.balance(&f.researcher_usdc(&env)).await;
        let sent = finalize(&mut env, &f, index as u8).await.expect("finalize");
        assert!(
            sent.logs.iter().any(|l| l.starts_with("Program data: ")),
            "{:#?}",
            sent.logs
        );
        let after = env.balance(&f.researcher_usdc(&env)).await;
        assert_eq!(after - before, *amount);
    }
    assert_eq!(env.balance(&vault).await, 0);
    let campaign = env.campaign(&f.campaign).await;
    assert_eq!(campaign.status, CampaignStatus::Completed);
    let record: ResearcherRecord = env
        .fetch(&ixs::researcher_pda(&f.researcher.pubkey()))
        .await;
    assert_eq!(record.milestones_released, 3);
    assert_eq!(record.campaigns_completed, 1);
}
