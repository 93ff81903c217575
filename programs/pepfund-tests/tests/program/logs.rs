//! Errors and events appear in the transaction logs exactly as a validator prints them,
//! which is what Anchor clients decode.

use crate::env::*;
use crate::scenario::*;
use anchor_lang::{AnchorDeserialize, Discriminator};
use base64::Engine;
use pepfund::errors::PepfundError;
use pepfund::events::MilestoneSubmitted;
use solana_sdk::signature::Signer;

/// Decodes every `Program data:` line whose discriminator is `E`'s.
pub fn events<E: AnchorDeserialize + Discriminator>(logs: &[String]) -> Vec<E> {
    logs.iter()
        .filter_map(|line| line.strip_prefix("Program data: "))
        .filter_map(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok())
        .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
        .map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).expect("event"))
        .collect()
}

#[tokio::test]
async fn given_a_refused_instruction_then_the_log_carries_the_anchor_error_as_on_a_validator() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[1_000 * USDC]).await;
    submit(&mut env, &f, 0).await;
    let failed = finalize(&mut env, &f, 0).await.expect_err("window open");
    let number = code(PepfundError::WindowOpen);
    // `require!` logs where it failed, then the code, number and message Anchor TS parses.
    let expected = format!(
        "Error Code: WindowOpen. Error Number: {number}. Error Message: The review window is still open."
    );
    let anchor_error = failed.logs.iter().any(|line| {
        line.starts_with(
            "Program log: AnchorError thrown in programs/pepfund/src/state/milestone.rs:",
        ) && line.ends_with(&expected)
    });
    assert!(anchor_error, "{:#?}", failed.logs);
    let program_failed = format!(
        "Program {} failed: custom program error: {:#x}",
        pepfund::ID,
        number
    );
    assert!(failed.logs.contains(&program_failed), "{:#?}", failed.logs);
    assert!(failed
        .logs
        .iter()
        .any(|l| l == "Program log: Instruction: MilestoneFinalize"));
}

#[tokio::test]
async fn given_a_submission_then_its_event_is_in_the_log_and_decodes_to_the_evidence() {
    let mut env = Env::new().await;
    let f = active(&mut env, &[4_000, 5_000, 1_000], &[1_000 * USDC]).await;
    let r = f.researcher.insecure_clone();
    let ix = crate::ixs::milestone_submit(&f.campaign, &r.pubkey(), 0, [3; 32], [4; 32]);
    let sent = env.send(&[ix], &[&r]).await.expect("submit");
    let submitted: Vec<MilestoneSubmitted> = events(&sent.logs);
    assert_eq!(submitted.len(), 1, "{:#?}", sent.logs);
    let event = &submitted[0];
    assert_eq!(event.campaign, f.campaign);
    assert_eq!((event.evidence_id, event.evidence_hash), ([3; 32], [4; 32]));
    assert_eq!(event.window_end, env.now().await + 7 * DAY);
    assert_eq!(event.backer_supply_snapshot, 1_000 * USDC);
}
