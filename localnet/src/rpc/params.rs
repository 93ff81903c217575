//! Reading positional params and config objects, with the validator's error messages.

use super::{RpcError, API_VERSION};
use crate::ledger::{Commitment, Ledger};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use solana_sdk::{pubkey::Pubkey, signature::Signature};
use std::str::FromStr;

pub fn at(params: &Value, index: usize) -> Option<&Value> {
    params.get(index).filter(|v| !v.is_null())
}

/// A required param of type `T`.
pub fn required<T: DeserializeOwned>(params: &Value, index: usize) -> Result<T, RpcError> {
    let value = at(params, index).ok_or_else(|| {
        RpcError::invalid_params(format!("Invalid params: missing parameter {index}"))
    })?;
    serde_json::from_value(value.clone())
        .map_err(|e| RpcError::invalid_params(format!("Invalid params: {e}.")))
}

pub fn optional<T: DeserializeOwned>(params: &Value, index: usize) -> Result<Option<T>, RpcError> {
    match at(params, index) {
        None => Ok(None),
        Some(_) => required(params, index).map(Some),
    }
}

pub fn parse_pubkey(text: &str) -> Result<Pubkey, RpcError> {
    Pubkey::from_str(text).map_err(|e| RpcError::invalid_params(format!("Invalid param: {e:?}")))
}

pub fn pubkey(params: &Value, index: usize) -> Result<Pubkey, RpcError> {
    parse_pubkey(&required::<String>(params, index)?)
}

pub fn parse_signature(text: &str) -> Result<Signature, RpcError> {
    Signature::from_str(text).map_err(|e| RpcError::invalid_params(format!("Invalid param: {e:?}")))
}

/// The config object at `index` (empty when absent).
pub fn config(params: &Value, index: usize) -> Result<Map<String, Value>, RpcError> {
    match at(params, index) {
        None => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(other) => Err(RpcError::invalid_params(format!(
            "Invalid params: invalid type: {other}, expected a config object."
        ))),
    }
}

pub fn commitment(config: &Map<String, Value>) -> Result<Commitment, RpcError> {
    match config.get("commitment").and_then(Value::as_str) {
        None | Some("finalized") | Some("max") | Some("root") => Ok(Commitment::Finalized),
        Some("confirmed") | Some("singleGossip") | Some("single") => Ok(Commitment::Confirmed),
        Some("processed") | Some("recent") => Ok(Commitment::Processed),
        Some(other) => Err(RpcError::invalid_params(format!(
            "Invalid params: unknown variant `{other}`, expected one of `processed`, `confirmed`, `finalized`."
        ))),
    }
}

pub fn flag(config: &Map<String, Value>, name: &str) -> bool {
    config.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// The `context` of a `{context, value}` response.
pub fn context(ledger: &Ledger, commitment: Commitment) -> Value {
    json!({ "slot": ledger.slot(commitment), "apiVersion": API_VERSION })
}

pub fn with_context(ledger: &Ledger, commitment: Commitment, value: Value) -> Value {
    json!({ "context": context(ledger, commitment), "value": value })
}
