//! JSON-RPC 2.0 over the ledger: request validation, dispatch by method family, and the
//! standard error codes and shapes of a Solana validator's RPC.

mod accounts;
pub use accounts::encode_account as accounts_encode;
pub mod encode;
pub mod params;
mod slots;
mod testing;
mod tokens;
mod transactions;

use crate::node::Node;
use serde_json::{json, Value};

pub const API_VERSION: &str = "2.3.13";

/// A JSON-RPC error object.
#[derive(Debug)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl RpcError {
    pub fn new(code: i64, message: impl Into<String>) -> RpcError {
        RpcError {
            code,
            message: message.into(),
            data: None,
        }
    }
    pub fn invalid_params(message: impl Into<String>) -> RpcError {
        RpcError::new(-32602, message)
    }
    pub fn internal(message: impl Into<String>) -> RpcError {
        RpcError::new(-32603, message)
    }
    fn to_json(&self) -> Value {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let Some(data) = &self.data {
            error["data"] = data.clone();
        }
        error
    }
}

pub type RpcResult = Result<Value, RpcError>;

fn call(node: &Node, method: &str, params: &Value) -> RpcResult {
    let result = accounts::call(node, method, params)
        .or_else(|| transactions::call(node, method, params))
        .or_else(|| slots::call(node, method, params))
        .or_else(|| tokens::call(node, method, params))
        .or_else(|| testing::call(node, method, params));
    result.unwrap_or_else(|| Err(RpcError::new(-32601, "Method not found")))
}

pub fn error_response(id: Value, error: &RpcError) -> Value {
    json!({ "jsonrpc": "2.0", "error": error.to_json(), "id": id })
}

/// The method a request names, if it is a well-formed request (for the fault hooks, which
/// never apply to the test-only methods).
pub fn method_of(request: &Value) -> Option<&str> {
    request.get("method").and_then(Value::as_str)
}

/// Answers one request object; `None` for a notification (a request without an id).
pub fn handle_one(node: &Node, request: &Value) -> Option<Value> {
    let id = request.get("id").cloned();
    let valid = request.get("jsonrpc").and_then(Value::as_str) == Some("2.0")
        && request.get("method").map(Value::is_string) == Some(true)
        && id
            .as_ref()
            .is_none_or(|id| id.is_null() || id.is_string() || id.is_number());
    if !valid {
        let error = RpcError::new(-32600, "Invalid request");
        return Some(error_response(id.unwrap_or(Value::Null), &error));
    }
    let method = method_of(request).unwrap_or_default();
    let params = request.get("params").cloned().unwrap_or(Value::Null);
    let outcome = match params {
        Value::Null | Value::Array(_) => call(node, method, &params),
        _ => Err(RpcError::invalid_params(
            "Invalid params: expected an array",
        )),
    };
    let id = id?;
    Some(match outcome {
        Ok(result) => json!({ "jsonrpc": "2.0", "result": result, "id": id }),
        Err(error) => error_response(id, &error),
    })
}

/// Answers a request body: one request or a batch (an array of requests).
pub fn handle_body(node: &Node, body: &[u8]) -> Option<Value> {
    let parsed: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(_) => {
            return Some(error_response(
                Value::Null,
                &RpcError::new(-32700, "Parse error"),
            ))
        }
    };
    match parsed {
        Value::Array(requests) if requests.is_empty() => Some(error_response(
            Value::Null,
            &RpcError::new(-32600, "Invalid request"),
        )),
        Value::Array(requests) => {
            let answers: Vec<Value> = requests
                .iter()
                .filter_map(|request| handle_one(node, request))
                .collect();
            (!answers.is_empty()).then_some(Value::Array(answers))
        }
        request => handle_one(node, &request),
    }
}
