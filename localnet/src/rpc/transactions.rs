//! Sending, simulating and looking up transactions.

use super::encode::{tx_error, tx_status};
use super::params::{self, commitment, config, flag, with_context};
use super::{RpcError, RpcResult};
use crate::ledger::{Commitment, SimulateOptions, Simulation, TokenBalance, TxRecord};
use crate::node::Node;
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use serde_json::{json, Map, Value};
use solana_sdk::{
    message::{
        inner_instruction::InnerInstructionsList, SanitizedMessage, SanitizedVersionedMessage,
        VersionedMessage,
    },
    pubkey::Pubkey,
    signature::Signature,
    transaction::VersionedTransaction,
    transaction_context::TransactionReturnData,
};
use std::sync::Arc;

const MAX_SIGNATURE_STATUSES: usize = 256;
const MAX_SIGNATURES_FOR_ADDRESS: usize = 1000;

pub fn call(node: &Node, method: &str, params: &Value) -> Option<RpcResult> {
    Some(match method {
        "sendTransaction" => send_transaction(node, params),
        "simulateTransaction" => simulate_transaction(node, params),
        "getSignatureStatuses" => get_signature_statuses(node, params),
        "getSignaturesForAddress" => get_signatures_for_address(node, params),
        "getTransaction" => get_transaction(node, params),
        "getFeeForMessage" => get_fee_for_message(node, params),
        _ => return None,
    })
}

/// Decodes a wire transaction (`encoding`: base58 by default, or base64).
fn decode_bytes(text: &str, config: &Map<String, Value>) -> Result<Vec<u8>, RpcError> {
    match config.get("encoding").and_then(Value::as_str) {
        None | Some("base58") => bs58::decode(text)
            .into_vec()
            .map_err(|e| RpcError::invalid_params(format!("invalid base58 encoding: {e}"))),
        Some("base64") => BASE64
            .decode(text)
            .map_err(|e| RpcError::invalid_params(format!("invalid base64 encoding: {e}"))),
        Some(other) => Err(RpcError::invalid_params(format!(
            "unsupported encoding: {other}. Supported encodings: base58, base64"
        ))),
    }
}

fn decode_transaction(
    params: &Value,
    config: &Map<String, Value>,
) -> Result<VersionedTransaction, RpcError> {
    let text: String = params::required(params, 0)?;
    let bytes = decode_bytes(&text, config)?;
    bincode::deserialize(&bytes).map_err(|e| {
        RpcError::invalid_params(format!(
            "failed to deserialize solana_transaction::versioned::VersionedTransaction: {e}"
        ))
    })
}

fn return_data_json(data: &Option<TransactionReturnData>) -> Value {
    match data {
        Some(data) if !data.data.is_empty() => json!({
            "programId": data.program_id.to_string(),
            "data": [BASE64.encode(&data.data), "base64"],
        }),
        _ => Value::Null,
    }
}

/// Inner instructions with program ids and account addresses spelled out (simulation).
fn decoded_inner(list: &InnerInstructionsList, keys: &[Pubkey]) -> Value {
    let key = |index: u8| {
        keys.get(index as usize)
            .map(Pubkey::to_string)
            .unwrap_or_default()
    };
    json!(list
        .iter()
        .enumerate()
        .filter(|(_, inner)| !inner.is_empty())
        .map(|(index, inner)| json!({
            "index": index,
            "instructions": inner.iter().map(|ix| json!({
                "programId": key(ix.instruction.program_id_index),
                "accounts": ix.instruction.accounts.iter().map(|a| key(*a)).collect::<Vec<_>>(),
                "data": bs58::encode(&ix.instruction.data).into_string(),
                "stackHeight": ix.stack_height,
            })).collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>())
}

/// Inner instructions by account index (`getTransaction`, encoding json).
fn compiled_inner(list: &InnerInstructionsList) -> Value {
    json!(list
        .iter()
        .enumerate()
        .filter(|(_, inner)| !inner.is_empty())
        .map(|(index, inner)| json!({
            "index": index,
            "instructions": inner.iter().map(|ix| json!({
                "programIdIndex": ix.instruction.program_id_index,
                "accounts": ix.instruction.accounts,
                "data": bs58::encode(&ix.instruction.data).into_string(),
                "stackHeight": ix.stack_height,
            })).collect::<Vec<_>>(),
        }))
        .collect::<Vec<_>>())
}

fn simulation_json(simulation: &Simulation, account_encoding_base64: bool) -> Value {
    let accounts = account_encoding_base64.then(|| {
        json!(simulation
            .accounts
            .iter()
            .map(|account| match account {
                None => Value::Null,
                Some(account) => super::encode::account(
                    account,
                    super::encode::AccountEncoding {
                        encoding: super::encode::Encoding::Base64,
                        slice: None,
                    },
                    |_| None,
                ),
            })
            .collect::<Vec<_>>())
    });
    json!({
        "err": tx_error(&simulation.err),
        "logs": simulation.logs,
        "accounts": accounts,
        "unitsConsumed": simulation.units_consumed,
        "loadedAccountsDataSize": simulation.loaded_accounts_data_size,
        "returnData": return_data_json(&simulation.return_data),
        "innerInstructions": simulation
            .inner_instructions
            .as_ref()
            .map(|list| decoded_inner(list, &simulation.account_keys)),
        "replacementBlockhash": simulation.replacement_blockhash.map(|(hash, last_valid)| json!({
            "blockhash": hash.to_string(),
            "lastValidBlockHeight": last_valid,
        })),
    })
}

fn send_transaction(node: &Node, params: &Value) -> RpcResult {
    let config = config(params, 1)?;
    let tx = decode_transaction(params, &config)?;
    let signature = *tx
        .signatures
        .first()
        .ok_or_else(|| RpcError::invalid_params("invalid transaction: no signatures"))?;
    if tx.verify_with_results().iter().any(|ok| !ok) {
        return Err(RpcError::new(
            -32003,
            "Transaction signature verification failure",
        ));
    }
    if node.faults().take_drop() {
        // Accepted and never processed: what a client sees when a leader drops it.
        return Ok(json!(signature.to_string()));
    }
    let mut ledger = node.ledger();
    if !flag(&config, "skipPreflight") {
        let preflight = match config.get("preflightCommitment") {
            Some(level) => {
                commitment(&Map::from_iter([("commitment".to_string(), level.clone())]))?
            }
            None => Commitment::Finalized,
        };
        let simulation = ledger
            .simulate(
                tx.clone(),
                SimulateOptions {
                    sig_verify: true,
                    replace_recent_blockhash: false,
                    commitment: preflight,
                    accounts: vec![],
                    inner_instructions: false,
                },
            )
            .map_err(|rejected| {
                RpcError::invalid_params(format!("invalid transaction: {}", rejected.0))
            })?;
        if let Some(err) = &simulation.err {
            let mut error = RpcError::new(-32002, format!("Transaction simulation failed: {err}"));
            error.data = Some(simulation_json(&simulation, false));
            return Err(error);
        }
    }
    ledger.notify_received(signature);
    // A transaction the bank refuses at this point is dropped, as by a leader.
    let _ = ledger.execute_batch(vec![tx]);
    Ok(json!(signature.to_string()))
}

fn simulate_transaction(node: &Node, params: &Value) -> RpcResult {
    let config = config(params, 1)?;
    let tx = decode_transaction(params, &config)?;
    let sig_verify = flag(&config, "sigVerify");
    let replace = flag(&config, "replaceRecentBlockhash");
    if sig_verify && replace {
        return Err(RpcError::invalid_params(
            "sigVerify may not be used with replaceRecentBlockhash",
        ));
    }
    let commitment = commitment(&config)?;
    let (addresses, want_accounts) = match config.get("accounts") {
        Some(Value::Object(accounts)) => {
            let addresses: Vec<String> = accounts
                .get("addresses")
                .cloned()
                .map(serde_json::from_value)
                .transpose()
                .map_err(|e| RpcError::invalid_params(format!("Invalid params: {e}.")))?
                .unwrap_or_default();
            let keys = addresses
                .iter()
                .map(|a| params::parse_pubkey(a))
                .collect::<Result<Vec<_>, _>>()?;
            (keys, true)
        }
        _ => (vec![], false),
    };
    let ledger = node.ledger();
    let simulation = ledger
        .simulate(
            tx,
            SimulateOptions {
                sig_verify,
                replace_recent_blockhash: replace,
                commitment,
                accounts: addresses,
                inner_instructions: flag(&config, "innerInstructions"),
            },
        )
        .map_err(|rejected| match rejected.0 {
            solana_sdk::transaction::TransactionError::SignatureFailure => {
                RpcError::new(-32003, "Transaction signature verification failure")
            }
            other => RpcError::invalid_params(format!("invalid transaction: {other}")),
        })?;
    Ok(with_context(
        &ledger,
        commitment,
        simulation_json(&simulation, want_accounts),
    ))
}

fn get_signature_statuses(node: &Node, params: &Value) -> RpcResult {
    let signatures: Vec<String> = params::required(params, 0)?;
    if signatures.len() > MAX_SIGNATURE_STATUSES {
        return Err(RpcError::invalid_params(format!(
            "Too many inputs provided; max {MAX_SIGNATURE_STATUSES}"
        )));
    }
    let signatures = signatures
        .iter()
        .map(|s| params::parse_signature(s))
        .collect::<Result<Vec<_>, _>>()?;
    let ledger = node.ledger();
    let statuses: Vec<Value> = signatures
        .iter()
        .map(|signature| match ledger.status(signature) {
            None => Value::Null,
            Some(status) => json!({
                "slot": status.record.slot,
                "confirmations": status.confirmations,
                "err": tx_error(&status.record.err),
                "status": tx_status(&status.record.err),
                "confirmationStatus": status.commitment.name(),
            }),
        })
        .collect();
    Ok(with_context(
        &ledger,
        Commitment::Processed,
        json!(statuses),
    ))
}

/// History reads answer at `confirmed` or `finalized` only, as a validator does.
fn history_commitment(config: &Map<String, Value>) -> Result<Commitment, RpcError> {
    match commitment(config)? {
        Commitment::Processed => Err(RpcError::invalid_params(
            "Method does not support commitment below `confirmed`",
        )),
        level => Ok(level),
    }
}

fn get_signatures_for_address(node: &Node, params: &Value) -> RpcResult {
    let address = params::pubkey(params, 0)?;
    let config = config(params, 1)?;
    let level = history_commitment(&config)?;
    let limit = match config.get("limit").and_then(Value::as_u64) {
        None => MAX_SIGNATURES_FOR_ADDRESS,
        Some(n) if (1..=MAX_SIGNATURES_FOR_ADDRESS as u64).contains(&n) => n as usize,
        Some(_) => return Err(RpcError::invalid_params("Invalid limit; max 1000")),
    };
    let signature_param = |name: &str| -> Result<Option<Signature>, RpcError> {
        config
            .get(name)
            .and_then(Value::as_str)
            .map(params::parse_signature)
            .transpose()
    };
    let before = signature_param("before")?;
    let until = signature_param("until")?;
    let ledger = node.ledger();
    let newest_first = ledger.signatures_for(&address);
    let start = match before {
        None => 0,
        Some(before) => match newest_first.iter().position(|r| r.signature == before) {
            Some(index) => index + 1,
            None => newest_first.len(),
        },
    };
    let entries: Vec<Value> = newest_first[start..]
        .iter()
        .take_while(|record| Some(record.signature) != until)
        .filter_map(|record| {
            let status = ledger.status(&record.signature)?;
            (status.commitment >= level).then(|| {
                json!({
                    "signature": record.signature.to_string(),
                    "slot": record.slot,
                    "err": tx_error(&record.err),
                    "memo": null,
                    "blockTime": record.block_time,
                    "confirmationStatus": status.commitment.name(),
                })
            })
        })
        .take(limit)
        .collect();
    Ok(json!(entries))
}

fn token_balances_json(balances: &[TokenBalance]) -> Value {
    json!(balances
        .iter()
        .map(|b| json!({
            "accountIndex": b.account_index,
            "mint": b.mint.to_string(),
            "owner": b.owner.to_string(),
            "programId": b.program_id.to_string(),
            "uiTokenAmount": super::encode::token_amount(b.amount, b.decimals),
        }))
        .collect::<Vec<_>>())
}

fn message_json(message: &VersionedMessage) -> Value {
    let header = message.header();
    let instructions: Vec<Value> = message
        .instructions()
        .iter()
        .map(|ix| {
            json!({
                "programIdIndex": ix.program_id_index,
                "accounts": ix.accounts,
                "data": bs58::encode(&ix.data).into_string(),
                "stackHeight": null,
            })
        })
        .collect();
    let mut json = json!({
        "accountKeys": message.static_account_keys().iter().map(Pubkey::to_string).collect::<Vec<_>>(),
        "header": {
            "numRequiredSignatures": header.num_required_signatures,
            "numReadonlySignedAccounts": header.num_readonly_signed_accounts,
            "numReadonlyUnsignedAccounts": header.num_readonly_unsigned_accounts,
        },
        "recentBlockhash": message.recent_blockhash().to_string(),
        "instructions": instructions,
    });
    if let Some(lookups) = message.address_table_lookups() {
        json["addressTableLookups"] = json!(lookups
            .iter()
            .map(|l| json!({
                "accountKey": l.account_key.to_string(),
                "writableIndexes": l.writable_indexes,
                "readonlyIndexes": l.readonly_indexes,
            }))
            .collect::<Vec<_>>());
    }
    json
}

fn transaction_json(record: &TxRecord, encoding: &str) -> Result<Value, RpcError> {
    let tx = &record.transaction;
    match encoding {
        "json" => Ok(json!({
            "signatures": tx.signatures.iter().map(Signature::to_string).collect::<Vec<_>>(),
            "message": message_json(&tx.message),
        })),
        "base64" | "base58" => {
            let bytes = bincode::serialize(tx).map_err(|e| RpcError::internal(e.to_string()))?;
            Ok(if encoding == "base64" {
                json!([BASE64.encode(bytes), "base64"])
            } else {
                json!([bs58::encode(bytes).into_string(), "base58"])
            })
        }
        other => Err(RpcError::invalid_params(format!(
            "Invalid params: unsupported encoding `{other}` (localnet: json, base64, base58)."
        ))),
    }
}

fn meta_json(record: &TxRecord) -> Value {
    json!({
        "err": tx_error(&record.err),
        "status": tx_status(&record.err),
        "fee": record.fee,
        "preBalances": record.pre_balances,
        "postBalances": record.post_balances,
        "innerInstructions": compiled_inner(&record.inner_instructions),
        "logMessages": record.logs,
        "preTokenBalances": token_balances_json(&record.pre_token_balances),
        "postTokenBalances": token_balances_json(&record.post_token_balances),
        "rewards": [],
        "loadedAddresses": {
            "writable": record.loaded_writable.iter().map(Pubkey::to_string).collect::<Vec<_>>(),
            "readonly": record.loaded_readonly.iter().map(Pubkey::to_string).collect::<Vec<_>>(),
        },
        "returnData": return_data_json(&record.return_data),
        "computeUnitsConsumed": record.units_consumed,
    })
}

fn get_transaction(node: &Node, params: &Value) -> RpcResult {
    let signature = params::parse_signature(&params::required::<String>(params, 0)?)?;
    // The second param may be an encoding string (deprecated form) or a config object.
    let config = match params::at(params, 1) {
        Some(Value::String(encoding)) => {
            Map::from_iter([("encoding".to_string(), json!(encoding))])
        }
        _ => config(params, 1)?,
    };
    let level = history_commitment(&config)?;
    let encoding = config
        .get("encoding")
        .and_then(Value::as_str)
        .unwrap_or("json");
    let max_version = config
        .get("maxSupportedTransactionVersion")
        .and_then(Value::as_u64);
    let ledger = node.ledger();
    let Some(status) = ledger.status(&signature) else {
        return Ok(Value::Null);
    };
    if status.commitment < level {
        return Ok(Value::Null);
    }
    let record: Arc<TxRecord> = status.record;
    let version = match &record.transaction.message {
        VersionedMessage::Legacy(_) => json!("legacy"),
        VersionedMessage::V0(_) => json!(0),
    };
    let is_v0 = matches!(record.transaction.message, VersionedMessage::V0(_));
    if is_v0 && max_version.is_none() {
        return Err(RpcError::new(
            -32015,
            "Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: \"maxSupportedTransactionVersion\": 0",
        ));
    }
    let mut response = json!({
        "slot": record.slot,
        "blockTime": record.block_time,
        "transaction": transaction_json(&record, encoding)?,
        "meta": meta_json(&record),
    });
    if max_version.is_some() {
        response["version"] = version;
    }
    Ok(response)
}

fn get_fee_for_message(node: &Node, params: &Value) -> RpcResult {
    let config = config(params, 1)?;
    let commitment = commitment(&config)?;
    let text: String = params::required(params, 0)?;
    let bytes = BASE64
        .decode(text)
        .map_err(|e| RpcError::invalid_params(format!("invalid base64 encoding: {e}")))?;
    let message: VersionedMessage = bincode::deserialize(&bytes)
        .map_err(|e| RpcError::invalid_params(format!("failed to deserialize message: {e}")))?;
    let ledger = node.ledger();
    let bank = ledger.bank(commitment);
    let invalid = |e: String| RpcError::invalid_params(format!("invalid message: {e}"));
    let versioned =
        SanitizedVersionedMessage::try_new(message).map_err(|e| invalid(e.to_string()))?;
    let sanitized = SanitizedMessage::try_new(versioned, &*bank, bank.get_reserved_account_keys())
        .map_err(|e| invalid(e.to_string()))?;
    let fee = bank.get_fee_for_message(&sanitized);
    Ok(with_context(&ledger, commitment, json!(fee)))
}
