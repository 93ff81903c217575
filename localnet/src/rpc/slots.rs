//! Slots, blockhashes, epochs and node identity.

use super::params::{self, commitment, config, with_context};
use super::{RpcError, RpcResult, API_VERSION};
use crate::node::Node;
use serde_json::{json, Value};
use solana_sdk::{clock::Slot, hash::Hash};
use std::str::FromStr;

pub fn call(node: &Node, method: &str, params: &Value) -> Option<RpcResult> {
    Some(match method {
        "getLatestBlockhash" => get_latest_blockhash(node, params),
        "isBlockhashValid" => is_blockhash_valid(node, params),
        "getBlockHeight" => get_block_height(node),
        "getSlot" => get_slot(node, params),
        "getEpochInfo" => get_epoch_info(node, params),
        "getEpochSchedule" => get_epoch_schedule(node),
        "getBlockTime" => get_block_time(node, params),
        "getVersion" => Ok(json!({ "solana-core": API_VERSION, "feature-set": 0 })),
        "getGenesisHash" => Ok(json!(node.ledger().genesis.hash().to_string())),
        "getHealth" => Ok(json!("ok")),
        "getIdentity" => {
            Ok(json!({ "identity": node.ledger().working().collector_id().to_string() }))
        }
        "getFirstAvailableBlock" => Ok(json!(0)),
        "getRecentPrioritizationFees" => Ok(json!([])),
        _ => return None,
    })
}

fn get_latest_blockhash(node: &Node, params: &Value) -> RpcResult {
    let commitment = commitment(&config(params, 0)?)?;
    let ledger = node.ledger();
    let (hash, last_valid) = ledger.latest_blockhash(commitment);
    Ok(with_context(
        &ledger,
        commitment,
        json!({ "blockhash": hash.to_string(), "lastValidBlockHeight": last_valid }),
    ))
}

fn is_blockhash_valid(node: &Node, params: &Value) -> RpcResult {
    let text: String = params::required(params, 0)?;
    let hash = Hash::from_str(&text)
        .map_err(|e| RpcError::invalid_params(format!("Invalid param: {e:?}")))?;
    let commitment = commitment(&config(params, 1)?)?;
    let ledger = node.ledger();
    let valid = ledger.bank(commitment).is_blockhash_valid(&hash);
    Ok(with_context(&ledger, commitment, json!(valid)))
}

fn get_block_height(node: &Node) -> RpcResult {
    Ok(json!(node.ledger().block_height()))
}

fn get_slot(node: &Node, params: &Value) -> RpcResult {
    let commitment = commitment(&config(params, 0)?)?;
    Ok(json!(node.ledger().slot(commitment)))
}

fn get_epoch_info(node: &Node, params: &Value) -> RpcResult {
    let commitment = commitment(&config(params, 0)?)?;
    let ledger = node.ledger();
    let bank = ledger.bank(commitment);
    let (epoch, slot_index) = bank.get_epoch_and_slot_index(bank.slot());
    Ok(json!({
        "absoluteSlot": bank.slot(),
        "blockHeight": ledger.block_height(),
        "epoch": epoch,
        "slotIndex": slot_index,
        "slotsInEpoch": bank.get_slots_in_epoch(epoch),
        "transactionCount": ledger.transaction_count(),
    }))
}

fn get_epoch_schedule(node: &Node) -> RpcResult {
    let schedule = node.ledger().genesis.epoch_schedule.clone();
    Ok(json!({
        "slotsPerEpoch": schedule.slots_per_epoch,
        "leaderScheduleSlotOffset": schedule.leader_schedule_slot_offset,
        "warmup": schedule.warmup,
        "firstNormalEpoch": schedule.first_normal_epoch,
        "firstNormalSlot": schedule.first_normal_slot,
    }))
}

fn get_block_time(node: &Node, params: &Value) -> RpcResult {
    let slot: Slot = params::required(params, 0)?;
    node.ledger()
        .block_time(slot)
        .map(|time| json!(time))
        .ok_or_else(|| RpcError::new(-32004, format!("Block not available for slot {slot}")))
}
