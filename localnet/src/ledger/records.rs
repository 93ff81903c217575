//! What the ledger remembers of an executed transaction, and what it tells subscribers.

use super::Commitment;
use solana_sdk::{
    clock::Slot,
    message::inner_instruction::InnerInstructionsList,
    pubkey::Pubkey,
    signature::Signature,
    transaction::{TransactionError, VersionedTransaction},
    transaction_context::TransactionReturnData,
};
use std::sync::Arc;

/// A token account's balance before or after a transaction (as `preTokenBalances`).
#[derive(Clone, Debug)]
pub struct TokenBalance {
    pub account_index: usize,
    pub mint: Pubkey,
    pub owner: Pubkey,
    pub program_id: Pubkey,
    pub amount: u64,
    pub decimals: u8,
}

/// A transaction that landed in a slot (succeeded or failed and paid its fee).
#[derive(Debug)]
pub struct TxRecord {
    pub signature: Signature,
    pub slot: Slot,
    pub transaction: VersionedTransaction,
    pub err: Option<TransactionError>,
    pub logs: Vec<String>,
    pub fee: u64,
    /// Static keys, then loaded writable, then loaded readonly (as `accountKeys` + lookups).
    pub account_keys: Vec<Pubkey>,
    pub writable: Vec<bool>,
    pub loaded_writable: Vec<Pubkey>,
    pub loaded_readonly: Vec<Pubkey>,
    pub pre_balances: Vec<u64>,
    pub post_balances: Vec<u64>,
    pub pre_token_balances: Vec<TokenBalance>,
    pub post_token_balances: Vec<TokenBalance>,
    pub inner_instructions: InnerInstructionsList,
    pub units_consumed: u64,
    pub return_data: Option<TransactionReturnData>,
    pub block_time: i64,
}

impl TxRecord {
    pub fn written_keys(&self) -> impl Iterator<Item = Pubkey> + '_ {
        self.account_keys
            .iter()
            .zip(&self.writable)
            .filter(|(_, writable)| **writable)
            .map(|(key, _)| *key)
    }

    pub fn mentions(&self, key: &Pubkey) -> bool {
        self.account_keys.contains(key)
    }
}

/// Published on every change; the WebSocket server turns these into notifications.
#[derive(Clone, Debug)]
pub enum Event {
    /// A transaction was accepted by `sendTransaction` (`receivedSignature`).
    Received(Signature),
    /// Transactions executed and accounts written in the working slot.
    Processed {
        slot: Slot,
        txs: Vec<Arc<TxRecord>>,
        written: Vec<Pubkey>,
    },
    /// A slot reached `confirmed` or `finalized`, with what it did.
    Committed {
        slot: Slot,
        commitment: Commitment,
        txs: Vec<Arc<TxRecord>>,
        written: Vec<Pubkey>,
    },
}
