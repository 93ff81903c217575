//! Every flag and every dispute decision points at its written text: an all-zero Arweave id
//! (the byte array's default, what a client that forgot the field would send) is refused.

use crate::env::*;
use crate::ixs;
use crate::review::disputed;
use crate::scenario::*;
use pepfund::errors::PepfundError;
use pepfund::state::*;
use solana_sdk::instruction::Instruction;
use solana_sdk::signature::Signer;

/// Both ids are the last 32 bytes of their instruction's data (the args' last field).
fn zero_last_id(mut ix: Instruction) -> Instruction {
    let len = ix.data.len();
    ix.data[len - 32..].fill(0);
    ix
}

#[tokio::test]
async fn given_a_flag_without_rationale_when_submitted_then_refused_and_no_weight_counts() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 3_000, 3_000], &[100 * USDC, 900 * USDC]).await;
    deposit(&mut env, &f, 0, 100 * USDC).await;
    let attempt = submit(&mut env, &f, 0).await;
    let backer = f.backers[0].insecure_clone();
    let key = backer.pubkey();
    let ix = zero_last_id(ixs::flag_submit(&f.campaign, &key, &key, &key, 0, attempt));
    assert_code(
        env.send(&[ix], &[&backer]).await,
        code(PepfundError::RationaleMissing),
    );
    let m = &env.campaign(&f.campaign).await.milestones[0];
    assert_eq!((m.flag_weight, m.flag_count), (0, 0));
    // The same holder, with a rationale, flags normally.
    flag(&mut env, &f, 0, 0, attempt)
        .await
        .expect("flag with rationale");
}

#[tokio::test]
async fn given_a_dispute_when_decided_without_reason_then_refused_either_way_and_nothing_moves() {
    let mut env = Env::new().await;
    let f = disputed(&mut env).await;
    let admin = env.admin.insecure_clone();
    for approve in [true, false] {
        let ix = ixs::dispute_resolve(
            &env,
            &f.campaign,
            &f.researcher.pubkey(),
            &admin.pubkey(),
            0,
            approve,
        );
        assert_code(
            env.send(&[zero_last_id(ix)], &[&admin]).await,
            code(PepfundError::ReasonMissing),
        );
    }
    assert_eq!(
        env.campaign(&f.campaign).await.milestones[0].status,
        MilestoneStatus::Disputed
    );
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 0);
    let ix = ixs::dispute_resolve(
        &env,
        &f.campaign,
        &f.researcher.pubkey(),
        &admin.pubkey(),
        0,
        true,
    );
    env.send(&[ix], &[&admin])
        .await
        .expect("approve with reasons");
    assert_eq!(env.balance(&f.researcher_usdc(&env)).await, 400 * USDC);
}
