//! Test-only methods (`localnet_` prefix): move the clock, make USDC-like mints and
//! balances, write accounts, and inject the faults a real RPC provider shows.

use super::params::{self, config};
use super::{RpcError, RpcResult};
use crate::node::Node;
use crate::server::faults::FaultPlan;
use anchor_spl::associated_token::{get_associated_token_address, spl_associated_token_account};
use anchor_spl::token::spl_token;
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use serde_json::{json, Value};
// `system_instruction` moved to solana-system-interface; the re-export is the same code.
#[allow(deprecated)]
use solana_sdk::system_instruction;
use solana_sdk::{
    account::{AccountSharedData, WritableAccount},
    program_pack::Pack,
    signature::{Keypair, Signer},
};

pub fn call(node: &Node, method: &str, params: &Value) -> Option<RpcResult> {
    Some(match method {
        "localnet_advanceClock" => advance_clock(node, params),
        "localnet_setClock" => set_clock(node, params),
        "localnet_createMint" => create_mint(node, params),
        "localnet_mintTo" => mint_to(node, params),
        "localnet_setAccount" => set_account(node, params),
        "localnet_setFaults" => set_faults(node, params),
        "localnet_info" => info(node),
        _ => return None,
    })
}

fn failed(what: &str, rejected: crate::ledger::Rejected) -> RpcError {
    RpcError::internal(format!("{what} failed: {}", rejected.0))
}

/// A u64 given as a JSON number or a decimal string (amounts beyond 2^53).
fn amount(params: &Value, index: usize) -> Result<u64, RpcError> {
    match params::at(params, index) {
        Some(Value::String(text)) => text.parse().map_err(|_| {
            RpcError::invalid_params(format!("Invalid params: amount `{text}` is not a u64."))
        }),
        _ => params::required(params, index),
    }
}

fn advance_clock(node: &Node, params: &Value) -> RpcResult {
    let seconds: i64 = params::required(params, 0)?;
    let mut ledger = node.ledger();
    ledger.advance_clock(seconds);
    Ok(json!(ledger.unix_timestamp()))
}

fn set_clock(node: &Node, params: &Value) -> RpcResult {
    let unix_timestamp: i64 = params::required(params, 0)?;
    let mut ledger = node.ledger();
    ledger.set_clock(unix_timestamp);
    Ok(json!(ledger.unix_timestamp()))
}

fn create_mint(node: &Node, params: &Value) -> RpcResult {
    let options = config(params, 0)?;
    let decimals = options.get("decimals").and_then(Value::as_u64).unwrap_or(6);
    let decimals = u8::try_from(decimals)
        .map_err(|_| RpcError::invalid_params("Invalid params: decimals must fit in a u8."))?;
    let mut ledger = node.ledger();
    let authority = match options.get("authority").and_then(Value::as_str) {
        Some(text) => params::parse_pubkey(text)?,
        None => ledger.faucet_key(),
    };
    let mint = Keypair::new();
    let faucet = ledger.faucet_key();
    let rent = ledger
        .working()
        .get_minimum_balance_for_rent_exemption(spl_token::state::Mint::LEN);
    let instructions = [
        system_instruction::create_account(
            &faucet,
            &mint.pubkey(),
            rent,
            spl_token::state::Mint::LEN as u64,
            &spl_token::ID,
        ),
        spl_token::instruction::initialize_mint2(
            &spl_token::ID,
            &mint.pubkey(),
            &authority,
            None,
            decimals,
        )
        .map_err(|e| RpcError::internal(e.to_string()))?,
    ];
    ledger
        .send_as_faucet(&instructions, &[&mint])
        .map_err(|r| failed("createMint", r))?;
    Ok(json!(mint.pubkey().to_string()))
}

fn mint_to(node: &Node, params: &Value) -> RpcResult {
    let mint = params::pubkey(params, 0)?;
    let owner = params::pubkey(params, 1)?;
    let amount = amount(params, 2)?;
    let mut ledger = node.ledger();
    let faucet = ledger.faucet_key();
    let ata = get_associated_token_address(&owner, &mint);
    let instructions = [
        spl_associated_token_account::instruction::create_associated_token_account_idempotent(
            &faucet,
            &owner,
            &mint,
            &spl_token::ID,
        ),
        spl_token::instruction::mint_to(&spl_token::ID, &mint, &ata, &faucet, &[], amount)
            .map_err(|e| RpcError::internal(e.to_string()))?,
    ];
    ledger.send_as_faucet(&instructions, &[]).map_err(|r| {
        RpcError::invalid_params(format!(
            "mintTo failed: {} (the mint's authority must be the localnet's key: create it with localnet_createMint and no authority)",
            r.0
        ))
    })?;
    Ok(json!(ata.to_string()))
}

fn set_account(node: &Node, params: &Value) -> RpcResult {
    let key = params::pubkey(params, 0)?;
    let fields = config(params, 1)?;
    let lamports = fields
        .get("lamports")
        .and_then(Value::as_u64)
        .ok_or_else(|| RpcError::invalid_params("Invalid params: lamports is required."))?;
    let owner = match fields.get("owner").and_then(Value::as_str) {
        Some(text) => params::parse_pubkey(text)?,
        None => solana_sdk::system_program::ID,
    };
    let data = match fields.get("data").and_then(Value::as_str) {
        Some(text) => BASE64.decode(text).map_err(|e| {
            RpcError::invalid_params(format!("Invalid params: data is not base64: {e}"))
        })?,
        None => vec![],
    };
    let executable = fields
        .get("executable")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut account = AccountSharedData::new(lamports, data.len(), &owner);
    account.set_data_from_slice(&data);
    account.set_executable(executable);
    let mut ledger = node.ledger();
    ledger.working().store_account(&key, &account);
    ledger.note_written(&[key]);
    ledger.end_slot();
    Ok(Value::Null)
}

fn set_faults(node: &Node, params: &Value) -> RpcResult {
    let plan: FaultPlan = params::optional(params, 0)?.unwrap_or_default();
    let mut faults = node.faults();
    faults.apply(plan);
    Ok(faults.describe())
}

fn info(node: &Node) -> RpcResult {
    let ledger = node.ledger();
    Ok(json!({
        "faucet": ledger.faucet_key().to_string(),
        "programId": pepfund::ID.to_string(),
        "unixTimestamp": ledger.unix_timestamp(),
    }))
}
