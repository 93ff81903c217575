//! Executing and simulating transactions in the bank, recording what a validator's RPC
//! reports about them.

use super::{logs, records::TokenBalance, Commitment, Event, Ledger, Rejected, TxRecord};
use anchor_spl::token::spl_token;
use solana_runtime::bank::Bank;
use solana_sdk::{
    account::{AccountSharedData, ReadableAccount},
    clock::MAX_PROCESSING_AGE,
    hash::Hash,
    instruction::Instruction,
    message::{inner_instruction::InnerInstructionsList, SanitizedMessage},
    program_pack::Pack,
    pubkey::Pubkey,
    signature::{Keypair, Signer},
    transaction::{
        SanitizedTransaction, Transaction, TransactionError, TransactionVerificationMode,
        VersionedTransaction,
    },
    transaction_context::TransactionReturnData,
};
use solana_svm::transaction_processor::ExecutionRecordingConfig;
use solana_timings::ExecuteTimings;
use std::sync::Arc;

/// Log bytes kept per transaction, as a validator's default.
const LOG_BYTES_LIMIT: usize = 10_000;

pub struct SimulateOptions {
    pub sig_verify: bool,
    pub replace_recent_blockhash: bool,
    pub commitment: Commitment,
    pub accounts: Vec<Pubkey>,
    pub inner_instructions: bool,
}

pub struct Simulation {
    pub err: Option<TransactionError>,
    pub logs: Vec<String>,
    pub units_consumed: u64,
    pub loaded_accounts_data_size: u32,
    pub return_data: Option<TransactionReturnData>,
    pub accounts: Vec<Option<AccountSharedData>>,
    pub inner_instructions: Option<InnerInstructionsList>,
    pub account_keys: Vec<Pubkey>,
    pub replacement_blockhash: Option<(Hash, u64)>,
}

struct Keys {
    all: Vec<Pubkey>,
    writable: Vec<bool>,
    loaded_writable: Vec<Pubkey>,
    loaded_readonly: Vec<Pubkey>,
}

fn message_of(tx: &SanitizedTransaction) -> &SanitizedMessage {
    tx.message()
}

fn keys_of(message: &SanitizedMessage) -> Keys {
    let all: Vec<Pubkey> = message.account_keys().iter().copied().collect();
    let writable = (0..all.len()).map(|i| message.is_writable(i)).collect();
    let (loaded_writable, loaded_readonly) = match message {
        SanitizedMessage::V0(loaded) => (
            loaded.loaded_addresses.writable.clone(),
            loaded.loaded_addresses.readonly.clone(),
        ),
        SanitizedMessage::Legacy(_) => (vec![], vec![]),
    };
    Keys {
        all,
        writable,
        loaded_writable,
        loaded_readonly,
    }
}

fn token_balances(bank: &Bank, keys: &[Pubkey]) -> Vec<TokenBalance> {
    keys.iter()
        .enumerate()
        .filter_map(|(account_index, key)| {
            let account = bank.get_account(key)?;
            if account.owner() != &spl_token::ID {
                return None;
            }
            let state = spl_token::state::Account::unpack(account.data()).ok()?;
            let mint = bank.get_account(&state.mint)?;
            let mint_state = spl_token::state::Mint::unpack(mint.data()).ok()?;
            Some(TokenBalance {
                account_index,
                mint: state.mint,
                owner: state.owner,
                program_id: spl_token::ID,
                amount: state.amount,
                decimals: mint_state.decimals,
            })
        })
        .collect()
}

impl Ledger {
    /// Executes one batch in the working slot and asks the slot clock to end the slot (it
    /// does so as soon as it is free, so batches sent together share a slot). Transactions
    /// the bank refuses (bad signature, unknown blockhash, already processed, cannot pay the
    /// fee) do not land and come back as `Rejected`.
    pub fn execute_batch(
        &mut self,
        txs: Vec<VersionedTransaction>,
    ) -> Vec<Result<Arc<TxRecord>, Rejected>> {
        let bank = self.working();
        let results: Vec<_> = txs
            .into_iter()
            .map(|tx| self.execute_one(&bank, tx))
            .collect();
        let landed: Vec<Arc<TxRecord>> = results
            .iter()
            .filter_map(|r| r.as_ref().ok().cloned())
            .collect();
        for record in &landed {
            self.remember(record.clone());
        }
        let written = landed.iter().flat_map(|r| r.written_keys()).collect();
        let _ = self.events.send(Event::Processed {
            slot: bank.slot(),
            txs: landed,
            written,
        });
        // The clock thread may be gone only while the process exits.
        let _ = self.slot_wanted.send(());
        results
    }

    fn execute_one(
        &self,
        bank: &Bank,
        tx: VersionedTransaction,
    ) -> Result<Arc<TxRecord>, Rejected> {
        let sanitized = bank
            .verify_transaction(tx.clone(), TransactionVerificationMode::FullVerification)
            .map_err(Rejected)?;
        let keys = keys_of(message_of(&sanitized));
        let pre_balances = keys.all.iter().map(|k| bank.get_balance(k)).collect();
        let pre_token_balances = token_balances(bank, &keys.all);
        let batch = bank.prepare_sanitized_batch(std::slice::from_ref(&sanitized));
        let (mut results, _) = bank.load_execute_and_commit_transactions(
            &batch,
            MAX_PROCESSING_AGE,
            ExecutionRecordingConfig {
                enable_cpi_recording: true,
                enable_log_recording: true,
                enable_return_data_recording: true,
                enable_transaction_balance_recording: false,
            },
            &mut ExecuteTimings::default(),
            Some(LOG_BYTES_LIMIT),
        );
        drop(batch);
        let committed = results.remove(0).map_err(Rejected)?;
        let post_balances = keys.all.iter().map(|k| bank.get_balance(k)).collect();
        let post_token_balances = token_balances(bank, &keys.all);
        Ok(Arc::new(TxRecord {
            signature: tx.signatures[0],
            slot: bank.slot(),
            transaction: tx,
            err: committed.status.err(),
            logs: logs::normalize(committed.log_messages.unwrap_or_default()),
            fee: committed.fee_details.total_fee(),
            account_keys: keys.all,
            writable: keys.writable,
            loaded_writable: keys.loaded_writable,
            loaded_readonly: keys.loaded_readonly,
            pre_balances,
            post_balances,
            pre_token_balances,
            post_token_balances,
            inner_instructions: committed.inner_instructions.unwrap_or_default(),
            units_consumed: committed.executed_units,
            return_data: committed.return_data,
            block_time: bank.clock().unix_timestamp,
        }))
    }

    /// Runs a transaction against the bank at `commitment` without committing it.
    pub fn simulate(
        &self,
        mut tx: VersionedTransaction,
        options: SimulateOptions,
    ) -> Result<Simulation, Rejected> {
        let bank = self.bank(options.commitment);
        let replacement_blockhash = options.replace_recent_blockhash.then(|| {
            let hash = bank.last_blockhash();
            tx.message.set_recent_blockhash(hash);
            (hash, self.last_valid_block_height(&hash))
        });
        let mode = if options.sig_verify {
            TransactionVerificationMode::FullVerification
        } else {
            TransactionVerificationMode::HashOnly
        };
        let sanitized = bank.verify_transaction(tx, mode).map_err(Rejected)?;
        let keys = keys_of(message_of(&sanitized));
        let result = bank.simulate_transaction_unchecked(&sanitized, options.inner_instructions);
        let accounts = options
            .accounts
            .iter()
            .map(|address| {
                result
                    .post_simulation_accounts
                    .iter()
                    .find(|(key, _)| key == address)
                    .map(|(_, account)| account.clone())
                    .or_else(|| bank.get_account(address))
            })
            .collect();
        Ok(Simulation {
            err: result.result.err(),
            logs: logs::normalize(result.logs),
            units_consumed: result.units_consumed,
            loaded_accounts_data_size: result.loaded_accounts_data_size,
            return_data: result.return_data,
            accounts,
            inner_instructions: result.inner_instructions,
            account_keys: keys.all,
            replacement_blockhash,
        })
    }

    /// Sends instructions paid and signed by the faucet (airdrops, test-only setup), and
    /// ends the slot.
    pub fn send_as_faucet(
        &mut self,
        instructions: &[Instruction],
        extra_signers: &[&Keypair],
    ) -> Result<Arc<TxRecord>, Rejected> {
        let faucet = self.faucet.insecure_clone();
        let mut signers: Vec<&Keypair> = vec![&faucet];
        signers.extend_from_slice(extra_signers);
        let sign = |hash: Hash| {
            Transaction::new_signed_with_payer(instructions, Some(&faucet.pubkey()), &signers, hash)
        };
        let mut tx = sign(self.working().last_blockhash());
        // The same airdrop twice within one blockhash would be a duplicate signature.
        if self.records.contains_key(&tx.signatures[0]) {
            self.register_blockhash();
            tx = sign(self.working().last_blockhash());
        }
        let record = self.execute_batch(vec![tx.into()]).remove(0)?;
        // Test setup returns confirmed: the caller reads the result at once.
        self.end_slot();
        match &record.err {
            None => Ok(record),
            Some(err) => Err(Rejected(err.clone())),
        }
    }
}
