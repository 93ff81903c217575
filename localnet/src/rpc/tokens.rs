//! SPL Token reads: balances, supply, and an owner's token accounts.

use super::accounts::{encode_account, mint_decimals, program_accounts};
use super::encode::{token_amount, AccountEncoding, Encoding};
use super::params::{self, commitment, config, with_context};
use super::{RpcError, RpcResult};
use crate::node::Node;
use anchor_spl::token::spl_token;
use serde_json::{json, Value};
use solana_sdk::{account::ReadableAccount, program_pack::Pack, pubkey::Pubkey};

pub fn call(node: &Node, method: &str, params: &Value) -> Option<RpcResult> {
    Some(match method {
        "getTokenAccountBalance" => get_token_account_balance(node, params),
        "getTokenSupply" => get_token_supply(node, params),
        "getTokenAccountsByOwner" => get_token_accounts_by_owner(node, params),
        _ => return None,
    })
}

fn get_token_account_balance(node: &Node, params: &Value) -> RpcResult {
    let key = params::pubkey(params, 0)?;
    let commitment = commitment(&config(params, 1)?)?;
    let ledger = node.ledger();
    let bank = ledger.bank(commitment);
    let not_token = || RpcError::invalid_params("Invalid param: not a Token account");
    let account = bank
        .get_account(&key)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: could not find account"))?;
    if account.owner() != &spl_token::ID {
        return Err(not_token());
    }
    let token = spl_token::state::Account::unpack(account.data()).map_err(|_| not_token())?;
    let decimals = mint_decimals(&bank, &token.mint)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: could not find mint"))?;
    Ok(with_context(
        &ledger,
        commitment,
        token_amount(token.amount, decimals),
    ))
}

fn get_token_supply(node: &Node, params: &Value) -> RpcResult {
    let key = params::pubkey(params, 0)?;
    let commitment = commitment(&config(params, 1)?)?;
    let ledger = node.ledger();
    let bank = ledger.bank(commitment);
    let not_mint = || RpcError::invalid_params("Invalid param: not a Token mint");
    let account = bank
        .get_account(&key)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: could not find mint"))?;
    if account.owner() != &spl_token::ID {
        return Err(not_mint());
    }
    let mint = spl_token::state::Mint::unpack(account.data()).map_err(|_| not_mint())?;
    Ok(with_context(
        &ledger,
        commitment,
        token_amount(mint.supply, mint.decimals),
    ))
}

/// Offsets in an SPL Token account: the mint, then the owner.
const MINT_OFFSET: usize = 0;
const OWNER_OFFSET: usize = 32;

fn get_token_accounts_by_owner(node: &Node, params: &Value) -> RpcResult {
    let owner = params::pubkey(params, 0)?;
    let filter = params::config(params, 1)?;
    let config = config(params, 2)?;
    let commitment = commitment(&config)?;
    let encoding = AccountEncoding::from_config(&config, Encoding::Base58)?;
    let (program, mint): (Pubkey, Option<Pubkey>) =
        match (filter.get("mint"), filter.get("programId")) {
            (Some(mint), None) => (
                spl_token::ID,
                Some(params::parse_pubkey(mint.as_str().unwrap_or_default())?),
            ),
            (None, Some(program)) => (
                params::parse_pubkey(program.as_str().unwrap_or_default())?,
                None,
            ),
            _ => {
                return Err(RpcError::invalid_params(
                    "Invalid params: expected { mint } or { programId }.",
                ))
            }
        };
    if program != spl_token::ID {
        return Err(RpcError::invalid_params(format!(
            "Invalid param: unrecognized Token program id {program} (localnet serves SPL Token)"
        )));
    }
    let ledger = node.ledger();
    let bank = ledger.bank(commitment);
    let is_account = |data: &[u8]| data.len() == spl_token::state::Account::LEN;
    let owned_by = |data: &[u8]| data.get(OWNER_OFFSET..OWNER_OFFSET + 32) == Some(owner.as_ref());
    let of_mint = |data: &[u8]| {
        mint.is_none_or(|m| data.get(MINT_OFFSET..MINT_OFFSET + 32) == Some(m.as_ref()))
    };
    let filters: [&dyn Fn(&[u8]) -> bool; 3] = [&is_account, &owned_by, &of_mint];
    let accounts: Vec<Value> = program_accounts(&bank, &program, &filters)
        .iter()
        .map(|(key, account)| json!({ "pubkey": key.to_string(), "account": encode_account(&bank, account, encoding) }))
        .collect();
    Ok(with_context(&ledger, commitment, json!(accounts)))
}
