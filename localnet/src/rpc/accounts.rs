//! Account reads: balances, single and multiple accounts, program accounts with filters,
//! rent, and the faucet (`requestAirdrop`).

use super::encode::{self, AccountEncoding, Encoding};
use super::params::{self, commitment, config, with_context};
use super::{RpcError, RpcResult};
use crate::node::Node;
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use serde_json::{json, Map, Value};
use solana_accounts_db::accounts_index::ScanConfig;
use solana_runtime::bank::Bank;
// `system_instruction` moved to solana-system-interface; the re-export is the same code.
#[allow(deprecated)]
use solana_sdk::system_instruction;
use solana_sdk::{
    account::{AccountSharedData, ReadableAccount},
    program_pack::Pack,
    pubkey::Pubkey,
};

/// Most accounts `getMultipleAccounts` takes in one call, as a validator's default.
const MAX_MULTIPLE_ACCOUNTS: usize = 100;

pub fn call(node: &Node, method: &str, params: &Value) -> Option<RpcResult> {
    Some(match method {
        "getBalance" => get_balance(node, params),
        "getAccountInfo" => get_account_info(node, params),
        "getMultipleAccounts" => get_multiple_accounts(node, params),
        "getProgramAccounts" => get_program_accounts(node, params),
        "getMinimumBalanceForRentExemption" => minimum_balance(node, params),
        "requestAirdrop" => request_airdrop(node, params),
        _ => return None,
    })
}

/// Decimals of an SPL Token mint, for `jsonParsed` token accounts.
pub fn mint_decimals(bank: &Bank, mint: &Pubkey) -> Option<u8> {
    let account = bank.get_account(mint)?;
    anchor_spl::token::spl_token::state::Mint::unpack(account.data())
        .ok()
        .map(|m| m.decimals)
}

pub fn encode_account(
    bank: &Bank,
    account: &AccountSharedData,
    encoding: AccountEncoding,
) -> Value {
    encode::account(account, encoding, |mint| mint_decimals(bank, mint))
}

fn get_balance(node: &Node, params: &Value) -> RpcResult {
    let key = params::pubkey(params, 0)?;
    let commitment = commitment(&config(params, 1)?)?;
    let ledger = node.ledger();
    let lamports = ledger.bank(commitment).get_balance(&key);
    Ok(with_context(&ledger, commitment, json!(lamports)))
}

fn get_account_info(node: &Node, params: &Value) -> RpcResult {
    let key = params::pubkey(params, 0)?;
    let config = config(params, 1)?;
    let commitment = commitment(&config)?;
    let encoding = AccountEncoding::from_config(&config, Encoding::Base58)?;
    let ledger = node.ledger();
    let bank = ledger.bank(commitment);
    let value = bank
        .get_account(&key)
        .map(|a| encode_account(&bank, &a, encoding))
        .unwrap_or(Value::Null);
    Ok(with_context(&ledger, commitment, value))
}

fn get_multiple_accounts(node: &Node, params: &Value) -> RpcResult {
    let keys: Vec<String> = params::required(params, 0)?;
    if keys.len() > MAX_MULTIPLE_ACCOUNTS {
        return Err(RpcError::invalid_params(format!(
            "Too many inputs provided; max {MAX_MULTIPLE_ACCOUNTS}"
        )));
    }
    let keys = keys
        .iter()
        .map(|k| params::parse_pubkey(k))
        .collect::<Result<Vec<_>, _>>()?;
    let config = config(params, 1)?;
    let commitment = commitment(&config)?;
    let encoding = AccountEncoding::from_config(&config, Encoding::Base64)?;
    let ledger = node.ledger();
    let bank = ledger.bank(commitment);
    let values: Vec<Value> = keys
        .iter()
        .map(|key| {
            bank.get_account(key)
                .map(|a| encode_account(&bank, &a, encoding))
                .unwrap_or(Value::Null)
        })
        .collect();
    Ok(with_context(&ledger, commitment, json!(values)))
}

/// One `filters` entry of `getProgramAccounts`.
enum Filter {
    DataSize(usize),
    Memcmp { offset: usize, bytes: Vec<u8> },
}

impl Filter {
    fn parse(value: &Value) -> Result<Filter, RpcError> {
        let invalid = |why: &str| RpcError::invalid_params(format!("Invalid param: {why}"));
        if let Some(size) = value.get("dataSize") {
            let size = size
                .as_u64()
                .ok_or_else(|| invalid("dataSize must be a number"))?;
            return Ok(Filter::DataSize(size as usize));
        }
        let memcmp = value
            .get("memcmp")
            .ok_or_else(|| invalid("unknown filter (dataSize and memcmp are supported)"))?;
        let offset = memcmp
            .get("offset")
            .and_then(Value::as_u64)
            .ok_or_else(|| invalid("memcmp offset must be a number"))?
            as usize;
        let text = memcmp
            .get("bytes")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("memcmp bytes must be a string"))?;
        let bytes = match memcmp.get("encoding").and_then(Value::as_str) {
            None | Some("base58") => bs58::decode(text)
                .into_vec()
                .map_err(|_| invalid("memcmp bytes are not base58"))?,
            Some("base64") => BASE64
                .decode(text)
                .map_err(|_| invalid("memcmp bytes are not base64"))?,
            Some(other) => return Err(invalid(&format!("unknown memcmp encoding {other}"))),
        };
        Ok(Filter::Memcmp { offset, bytes })
    }

    fn accepts(&self, data: &[u8]) -> bool {
        match self {
            Filter::DataSize(size) => data.len() == *size,
            Filter::Memcmp { offset, bytes } => data
                .get(*offset..offset.saturating_add(bytes.len()))
                .is_some_and(|window| window == bytes.as_slice()),
        }
    }
}

/// Every account owned by `program` at the bank's state that passes all `filters`.
pub fn program_accounts(
    bank: &Bank,
    program: &Pubkey,
    filters: &[impl Fn(&[u8]) -> bool],
) -> Vec<(Pubkey, AccountSharedData)> {
    let mut accounts = bank
        .get_program_accounts(program, &ScanConfig::default())
        .unwrap_or_default();
    accounts.retain(|(_, account)| filters.iter().all(|f| f(account.data())));
    accounts.sort_by_key(|(key, _)| *key);
    accounts
}

fn get_program_accounts(node: &Node, params: &Value) -> RpcResult {
    let program = params::pubkey(params, 0)?;
    let config: Map<String, Value> = config(params, 1)?;
    let commitment = commitment(&config)?;
    let encoding = AccountEncoding::from_config(&config, Encoding::Base58)?;
    let filters = match config.get("filters") {
        None | Some(Value::Null) => vec![],
        Some(Value::Array(filters)) => filters
            .iter()
            .map(Filter::parse)
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => {
            return Err(RpcError::invalid_params(
                "Invalid params: filters must be an array.",
            ))
        }
    };
    let predicates: Vec<_> = filters
        .iter()
        .map(|f| move |data: &[u8]| f.accepts(data))
        .collect();
    let ledger = node.ledger();
    let bank = ledger.bank(commitment);
    let accounts: Vec<Value> = program_accounts(&bank, &program, &predicates)
        .iter()
        .map(|(key, account)| {
            json!({ "pubkey": key.to_string(), "account": encode_account(&bank, account, encoding) })
        })
        .collect();
    if params::flag(&config, "withContext") {
        Ok(with_context(&ledger, commitment, json!(accounts)))
    } else {
        Ok(json!(accounts))
    }
}

fn minimum_balance(node: &Node, params: &Value) -> RpcResult {
    let size: usize = params::required(params, 0)?;
    let commitment = commitment(&config(params, 1)?)?;
    let ledger = node.ledger();
    Ok(json!(ledger
        .bank(commitment)
        .get_minimum_balance_for_rent_exemption(size)))
}

fn request_airdrop(node: &Node, params: &Value) -> RpcResult {
    let key = params::pubkey(params, 0)?;
    let lamports: u64 = params::required(params, 1)?;
    let mut ledger = node.ledger();
    let faucet = ledger.faucet_key();
    let transfer = system_instruction::transfer(&faucet, &key, lamports);
    let record = ledger
        .send_as_faucet(&[transfer], &[])
        .map_err(|rejected| RpcError::internal(format!("airdrop failed: {}", rejected.0)))?;
    Ok(json!(record.signature.to_string()))
}
