//! Accounts, token amounts and errors as the validator's RPC encodes them.

use super::RpcError;
use anchor_spl::token::spl_token;
use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use serde_json::{json, Map, Value};
use solana_sdk::{
    account::{AccountSharedData, ReadableAccount},
    program_option::COption,
    program_pack::Pack,
    pubkey::Pubkey,
    transaction::TransactionError,
};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Base58,
    Base64,
    JsonParsed,
}

/// How to encode account data: `encoding` and `dataSlice` of a config object.
#[derive(Clone, Copy)]
pub struct AccountEncoding {
    pub encoding: Encoding,
    pub slice: Option<(usize, usize)>,
}

impl AccountEncoding {
    /// `default` is the method's default (binary = base58 for old methods, base64 for most).
    pub fn from_config(config: &Map<String, Value>, default: Encoding) -> Result<Self, RpcError> {
        let encoding = match config.get("encoding").and_then(Value::as_str) {
            None => default,
            Some("base58") | Some("binary") => Encoding::Base58,
            Some("base64") => Encoding::Base64,
            Some("jsonParsed") => Encoding::JsonParsed,
            Some(other) => {
                return Err(RpcError::invalid_params(format!(
                    "Invalid params: unsupported encoding `{other}` (localnet: base58, base64, jsonParsed)."
                )))
            }
        };
        let slice = match config.get("dataSlice") {
            None | Some(Value::Null) => None,
            Some(slice) => {
                let offset = slice.get("offset").and_then(Value::as_u64);
                let length = slice.get("length").and_then(Value::as_u64);
                match (offset, length) {
                    (Some(o), Some(l)) => Some((o as usize, l as usize)),
                    _ => {
                        return Err(RpcError::invalid_params(
                            "Invalid params: dataSlice needs offset and length.",
                        ))
                    }
                }
            }
        };
        Ok(AccountEncoding { encoding, slice })
    }
}

fn sliced(data: &[u8], slice: Option<(usize, usize)>) -> &[u8] {
    match slice {
        None => data,
        Some((offset, length)) => {
            let start = offset.min(data.len());
            let end = offset.saturating_add(length).min(data.len());
            &data[start..end]
        }
    }
}

/// A token amount as `uiTokenAmount` / `getTokenAccountBalance` present it.
pub fn token_amount(amount: u64, decimals: u8) -> Value {
    let scale = 10u128.pow(decimals as u32);
    let whole = amount as u128 / scale;
    let fraction = amount as u128 % scale;
    let ui_string = if decimals == 0 || fraction == 0 {
        whole.to_string()
    } else {
        let digits = format!("{fraction:0width$}", width = decimals as usize);
        format!("{whole}.{}", digits.trim_end_matches('0'))
    };
    json!({
        "amount": amount.to_string(),
        "decimals": decimals,
        "uiAmount": ui_string.parse::<f64>().ok(),
        "uiAmountString": ui_string,
    })
}

fn coption_key(option: COption<Pubkey>) -> Value {
    match option {
        COption::Some(key) => json!(key.to_string()),
        COption::None => Value::Null,
    }
}

/// `jsonParsed` data for SPL Token accounts and mints; `None` for anything else.
fn parsed(
    account: &AccountSharedData,
    mint_decimals: impl Fn(&Pubkey) -> Option<u8>,
) -> Option<Value> {
    if account.owner() != &spl_token::ID {
        return None;
    }
    let data = account.data();
    let parsed = if data.len() == spl_token::state::Account::LEN {
        let token = spl_token::state::Account::unpack(data).ok()?;
        let decimals = mint_decimals(&token.mint)?;
        let state = match token.state {
            spl_token::state::AccountState::Frozen => "frozen",
            spl_token::state::AccountState::Initialized => "initialized",
            spl_token::state::AccountState::Uninitialized => "uninitialized",
        };
        json!({
            "type": "account",
            "info": {
                "isNative": token.is_native.is_some(),
                "mint": token.mint.to_string(),
                "owner": token.owner.to_string(),
                "state": state,
                "tokenAmount": token_amount(token.amount, decimals),
            }
        })
    } else if data.len() == spl_token::state::Mint::LEN {
        let mint = spl_token::state::Mint::unpack(data).ok()?;
        json!({
            "type": "mint",
            "info": {
                "decimals": mint.decimals,
                "freezeAuthority": coption_key(mint.freeze_authority),
                "isInitialized": mint.is_initialized,
                "mintAuthority": coption_key(mint.mint_authority),
                "supply": mint.supply.to_string(),
            }
        })
    } else {
        return None;
    };
    Some(json!({ "program": "spl-token", "parsed": parsed, "space": data.len() }))
}

/// An account as the RPC's `UiAccount`.
pub fn account(
    account: &AccountSharedData,
    encoding: AccountEncoding,
    mint_decimals: impl Fn(&Pubkey) -> Option<u8>,
) -> Value {
    let data = sliced(account.data(), encoding.slice);
    let data = match encoding.encoding {
        Encoding::Base58 => json!([bs58::encode(data).into_string(), "base58"]),
        Encoding::Base64 => json!([BASE64.encode(data), "base64"]),
        Encoding::JsonParsed => {
            parsed(account, mint_decimals).unwrap_or_else(|| json!([BASE64.encode(data), "base64"]))
        }
    };
    json!({
        "data": data,
        "executable": account.executable(),
        "lamports": account.lamports(),
        "owner": account.owner().to_string(),
        "rentEpoch": account.rent_epoch(),
        "space": account.data().len(),
    })
}

/// A transaction error as the RPC serializes it (`"BlockhashNotFound"`,
/// `{"InstructionError":[1,{"Custom":6000}]}`).
pub fn tx_error(error: &Option<TransactionError>) -> Value {
    match error {
        None => Value::Null,
        Some(error) => serde_json::to_value(error).unwrap_or(Value::Null),
    }
}

/// `status`: `{"Ok":null}` or `{"Err":...}` (the deprecated field web3.js still reads).
pub fn tx_status(error: &Option<TransactionError>) -> Value {
    match error {
        None => json!({ "Ok": null }),
        Some(_) => json!({ "Err": tx_error(error) }),
    }
}
