//! The chain behind the RPC: a fork-free sequence of real banks, one leader, one voter.
//!
//! Commitment model (documented in docs/LOCALNET.md):
//! - a transaction executes in the working bank as it arrives (commitment `processed`);
//! - the slot clock then ends the slot as soon as it is free (a few ms): the bank freezes
//!   and the localnet, the only validator, votes for it at once, so the slot is
//!   `confirmed`; transactions arriving meanwhile share the slot; an idle slot also ends
//!   every `slot_ms` so time moves when nothing is sent;
//! - a slot is rooted (`finalized`) once 31 slots are confirmed on top of it, as a
//!   validator's tower roots at its maximum lockout depth;
//! - a new blockhash is registered every `blockhash_ms` of wall time (400 ms, one per slot
//!   on a real cluster); a blockhash lives 150 of them (about 60 s), and the block height
//!   the RPC reports counts them, so `lastValidBlockHeight` means what clients expect.

mod execute;
mod genesis;
pub mod logs;
mod records;
mod snapshot;

pub use execute::{SimulateOptions, Simulation};
pub use records::{Event, TokenBalance, TxRecord};

use solana_runtime::{bank::Bank, bank_forks::BankForks};
use solana_sdk::{
    clock::{Slot, MAX_PROCESSING_AGE},
    genesis_config::GenesisConfig,
    hash::Hash,
    pubkey::Pubkey,
    signature::{Keypair, Signature},
    transaction::TransactionError,
};
use std::{
    collections::{BTreeMap, HashMap},
    path::PathBuf,
    sync::{Arc, RwLock},
    time::{SystemTime, UNIX_EPOCH},
};
use tokio::sync::broadcast;

pub use genesis::install_native_runtime;

/// Slots a vote locks out before the slot is rooted (a validator's MAX_LOCKOUT_HISTORY).
const ROOT_DEPTH: Slot = 31;

/// Rooted slots between two flushes and cleans of the accounts store.
const MAINTENANCE_EVERY_ROOTS: u64 = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Commitment {
    Processed,
    Confirmed,
    Finalized,
}

impl Commitment {
    pub fn name(self) -> &'static str {
        match self {
            Commitment::Processed => "processed",
            Commitment::Confirmed => "confirmed",
            Commitment::Finalized => "finalized",
        }
    }
}

/// Where a known signature stands.
pub struct Status {
    pub record: Arc<TxRecord>,
    pub commitment: Commitment,
    /// Confirmed slots on top of the transaction's slot; `None` once rooted.
    pub confirmations: Option<u64>,
}

/// What one slot did, kept until the slot is rooted so subscribers at every commitment
/// hear about it.
#[derive(Default, Clone)]
struct SlotWork {
    txs: Vec<Arc<TxRecord>>,
    written: Vec<Pubkey>,
}

pub struct Ledger {
    forks: Arc<RwLock<BankForks>>,
    pub genesis: GenesisConfig,
    pub faucet: Keypair,
    records: HashMap<Signature, Arc<TxRecord>>,
    /// Signatures touching each address, oldest first.
    by_address: HashMap<Pubkey, Vec<Signature>>,
    /// Block height (count of registered blockhashes) at which each blockhash was registered.
    blockhash_heights: HashMap<Hash, u64>,
    block_height: u64,
    /// Seconds added to wall time to get the Clock sysvar's unix_timestamp.
    clock_offset: i64,
    slot_times: BTreeMap<Slot, i64>,
    work: BTreeMap<Slot, SlotWork>,
    confirmed: Slot,
    root: Slot,
    transaction_count: u64,
    roots_since_maintenance: u64,
    events: broadcast::Sender<Event>,
    /// Tells the slot clock (main.rs) that the working slot has work to confirm.
    slot_wanted: std::sync::mpsc::Sender<()>,
    /// `--ledger DIR`: where the state is saved (snapshot.rs); `None` keeps it in memory only.
    ledger_dir: Option<PathBuf>,
    restored_accounts: usize,
}

pub fn wall_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

impl Ledger {
    pub fn new(
        events: broadcast::Sender<Event>,
        slot_wanted: std::sync::mpsc::Sender<()>,
        upgrade_authority: Option<Pubkey>,
        ledger_dir: Option<PathBuf>,
    ) -> Result<Ledger, String> {
        let restored = match &ledger_dir {
            Some(dir) => snapshot::load(dir)?,
            None => None,
        };
        let genesis::Genesis {
            bank,
            config,
            faucet,
        } = genesis::create(upgrade_authority, restored.as_ref());
        let block_height = restored.as_ref().map_or(0, |s| s.block_height);
        let slot = bank.slot();
        let first_hash = bank.last_blockhash();
        let forks = BankForks::new_rw_arc(bank);
        let ledger = Ledger {
            forks,
            genesis: config,
            faucet,
            records: HashMap::new(),
            by_address: HashMap::new(),
            blockhash_heights: HashMap::from([(first_hash, block_height)]),
            block_height,
            clock_offset: restored.as_ref().map_or(0, |s| s.clock_offset),
            slot_times: BTreeMap::new(),
            work: BTreeMap::new(),
            confirmed: slot - 1,
            root: slot,
            transaction_count: restored.as_ref().map_or(0, |s| s.transaction_count),
            roots_since_maintenance: 0,
            events,
            slot_wanted,
            ledger_dir,
            restored_accounts: restored.as_ref().map_or(0, |s| s.accounts.len()),
        };
        ledger.apply_clock();
        Ok(ledger)
    }

    /// Number of accounts a restored ledger brought back (0 without `--ledger` or on a first start).
    pub fn restored_accounts(&self) -> usize {
        self.restored_accounts
    }

    /// Saves the working bank's accounts to `--ledger DIR` (nothing without it).
    pub fn persist(&self) -> std::io::Result<()> {
        let Some(dir) = &self.ledger_dir else {
            return Ok(());
        };
        let bank = self.working();
        let state = snapshot::Snapshot {
            version: snapshot::FORMAT_VERSION,
            slot: bank.slot(),
            block_height: self.block_height,
            clock_offset: self.clock_offset,
            transaction_count: self.transaction_count,
            accounts: snapshot::accounts_of(&bank),
        };
        snapshot::save(dir, &state)
    }

    pub fn faucet_key(&self) -> Pubkey {
        use solana_sdk::signature::Signer;
        self.faucet.pubkey()
    }

    pub fn working(&self) -> Arc<Bank> {
        self.forks.read().unwrap().working_bank()
    }

    /// The bank a read at `commitment` sees.
    pub fn bank(&self, commitment: Commitment) -> Arc<Bank> {
        let forks = self.forks.read().unwrap();
        match commitment {
            Commitment::Processed => forks.working_bank(),
            Commitment::Confirmed => forks
                .get(self.confirmed)
                .unwrap_or_else(|| forks.root_bank()),
            Commitment::Finalized => forks.root_bank(),
        }
    }

    pub fn slot(&self, commitment: Commitment) -> Slot {
        self.bank(commitment).slot()
    }

    pub fn block_height(&self) -> u64 {
        self.block_height
    }

    pub fn transaction_count(&self) -> u64 {
        self.transaction_count
    }

    pub fn latest_blockhash(&self, commitment: Commitment) -> (Hash, u64) {
        let hash = self.bank(commitment).last_blockhash();
        (hash, self.last_valid_block_height(&hash))
    }

    pub fn last_valid_block_height(&self, hash: &Hash) -> u64 {
        let registered = self.blockhash_heights.get(hash).copied().unwrap_or(0);
        registered + MAX_PROCESSING_AGE as u64
    }

    /// Registers a new blockhash in the working bank (the wall-clock cadence of blocks).
    pub fn register_blockhash(&mut self) {
        let bank = self.working();
        bank.register_unique_recent_blockhash_for_test();
        self.block_height += 1;
        let height = self.block_height;
        self.blockhash_heights.insert(bank.last_blockhash(), height);
        // The bank keeps 300 hashes; heights older than that are never asked for.
        self.blockhash_heights
            .retain(|_, registered| *registered + 400 > height);
    }

    /// Ends the working slot: freezes it, confirms it (the only validator votes at once),
    /// roots the slot `ROOT_DEPTH` below, and opens the next slot.
    pub fn end_slot(&mut self) {
        let parent = self.working();
        let slot = parent.slot();
        self.slot_times.insert(slot, parent.clock().unix_timestamp);
        let child = Bank::new_from_parent(parent.clone(), parent.collector_id(), slot + 1);
        self.forks.write().unwrap().insert(child);
        self.apply_clock();
        self.confirmed = slot;
        let work = self.work.get(&slot).cloned().unwrap_or_default();
        self.publish_commit(slot, Commitment::Confirmed, &work);
        let new_root = slot.saturating_sub(ROOT_DEPTH);
        if new_root > self.root {
            let root_bank = {
                let mut forks = self.forks.write().unwrap();
                forks.set_root(new_root, None, None).expect("set root");
                forks.root_bank()
            };
            self.maintain_accounts(&root_bank);
            let rooted: Vec<Slot> = self.work.range(..=new_root).map(|(s, _)| *s).collect();
            for rooted_slot in rooted {
                if let Some(work) = self.work.remove(&rooted_slot) {
                    self.publish_commit(rooted_slot, Commitment::Finalized, &work);
                }
            }
            self.root = new_root;
        }
        // Block times are asked for recent slots and for slots with transactions.
        let oldest_kept = slot.saturating_sub(10_000);
        self.slot_times.retain(|s, _| *s >= oldest_kept);
    }

    /// What a validator's background service does: flush rooted slots out of the write
    /// cache, drop the account versions they replaced, and compact storage. Every slot
    /// rewrites sysvars of ~150 KB; without this, memory grows by that much per slot.
    fn maintain_accounts(&mut self, root_bank: &Bank) {
        self.roots_since_maintenance += 1;
        if self.roots_since_maintenance < MAINTENANCE_EVERY_ROOTS {
            return;
        }
        self.roots_since_maintenance = 0;
        root_bank.force_flush_accounts_cache();
        root_bank.rc.accounts.accounts_db.clean_accounts_for_tests();
        root_bank.shrink_candidate_slots();
    }

    fn publish_commit(&self, slot: Slot, commitment: Commitment, work: &SlotWork) {
        // No receiver (no WebSocket client) is not an error.
        let _ = self.events.send(Event::Committed {
            slot,
            commitment,
            txs: work.txs.clone(),
            written: work.written.clone(),
        });
    }

    /// Records accounts written outside transactions (test-only methods) in the working slot.
    pub fn note_written(&mut self, keys: &[Pubkey]) {
        let slot = self.working().slot();
        self.work
            .entry(slot)
            .or_default()
            .written
            .extend_from_slice(keys);
        let _ = self.events.send(Event::Processed {
            slot,
            txs: vec![],
            written: keys.to_vec(),
        });
    }

    pub fn notify_received(&self, signature: Signature) {
        let _ = self.events.send(Event::Received(signature));
    }

    pub fn unix_timestamp(&self) -> i64 {
        wall_seconds() + self.clock_offset
    }

    fn apply_clock(&self) {
        let bank = self.working();
        let mut clock = bank.clock();
        clock.unix_timestamp = self.unix_timestamp();
        bank.set_sysvar_for_tests(&clock);
    }

    /// Moves the Clock sysvar to `unix_timestamp` now and keeps it moving with wall time.
    pub fn set_clock(&mut self, unix_timestamp: i64) {
        self.clock_offset = unix_timestamp - wall_seconds();
        self.apply_clock();
    }

    pub fn advance_clock(&mut self, seconds: i64) {
        self.clock_offset += seconds;
        self.apply_clock();
    }

    /// Unix time of a slot's bank: known for recent slots and slots with transactions.
    pub fn block_time(&self, slot: Slot) -> Option<i64> {
        if slot == self.working().slot() {
            return Some(self.working().clock().unix_timestamp);
        }
        self.slot_times
            .get(&slot)
            .copied()
            .or_else(|| self.by_slot_record(slot).map(|r| r.block_time))
    }

    fn by_slot_record(&self, slot: Slot) -> Option<&Arc<TxRecord>> {
        self.records.values().find(|r| r.slot == slot)
    }

    pub fn status(&self, signature: &Signature) -> Option<Status> {
        let record = self.records.get(signature)?.clone();
        let (commitment, confirmations) = if record.slot <= self.root {
            (Commitment::Finalized, None)
        } else if record.slot <= self.confirmed {
            (Commitment::Confirmed, Some(self.confirmed - record.slot))
        } else {
            (Commitment::Processed, Some(0))
        };
        Some(Status {
            record,
            commitment,
            confirmations,
        })
    }

    /// Signatures of transactions that touched `address`, newest first.
    pub fn signatures_for(&self, address: &Pubkey) -> Vec<Arc<TxRecord>> {
        self.by_address
            .get(address)
            .map(|sigs| {
                sigs.iter()
                    .rev()
                    .filter_map(|s| self.records.get(s).cloned())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn remember(&mut self, record: Arc<TxRecord>) {
        for key in &record.account_keys {
            self.by_address
                .entry(*key)
                .or_default()
                .push(record.signature);
        }
        let work = self.work.entry(record.slot).or_default();
        work.txs.push(record.clone());
        work.written.extend(record.written_keys());
        self.transaction_count += 1;
        self.records.insert(record.signature, record);
    }
}

/// A transaction the bank would not take: the RPC answers with this error and nothing lands.
#[derive(Debug)]
pub struct Rejected(pub TransactionError);
