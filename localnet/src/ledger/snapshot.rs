//! `--ledger DIR`: the localnet's state on disk, so a second `npm start` finds the world the
//! first one built. The file `DIR/ledger.bin` (bincode, see docs/LOCALNET.md) holds every
//! account that genesis does not recreate, the last slot, the block height, the clock's
//! offset from wall time and the transaction count. It is written atomically (a temporary
//! file renamed over the old one) every few seconds and on SIGTERM/SIGINT, and loaded into
//! the first bank at start. Transaction history (signatures, logs) is not kept.

// The ids come from solana_sdk's re-exports, deprecated in favour of one crate per program;
// the localnet pins solana-sdk ~2.3 and adds no crates for five constants.
#![allow(deprecated)]

use serde::{Deserialize, Serialize};
use solana_runtime::bank::Bank;
use solana_sdk::{
    account::{Account, ReadableAccount},
    bpf_loader, bpf_loader_deprecated, bpf_loader_upgradeable,
    clock::Slot,
    feature, native_loader,
    pubkey::Pubkey,
    stake, sysvar, vote,
};
use std::{
    fs,
    io::{self, ErrorKind},
    path::{Path, PathBuf},
};

/// Bumped when the layout changes: an older file is refused with a message, never misread.
pub const FORMAT_VERSION: u32 = 1;
const FILE_NAME: &str = "ledger.bin";

#[derive(Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    /// The working slot when written; the next start opens the slot after it, so slots
    /// (and the indexer's cursor, which compares them) only move forward.
    pub slot: Slot,
    pub block_height: u64,
    pub clock_offset: i64,
    pub transaction_count: u64,
    pub accounts: Vec<(Pubkey, Account)>,
}

pub fn file(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Accounts genesis makes again at each start (sysvars, programs, features, the leader's
/// vote and stake accounts): saving them would pin a stale copy over the fresh one.
fn recreated_by_genesis(account: &Account) -> bool {
    let owner = account.owner();
    account.executable
        || account.lamports == 0
        || [
            sysvar::id(),
            native_loader::id(),
            bpf_loader::id(),
            bpf_loader_deprecated::id(),
            bpf_loader_upgradeable::id(),
            feature::id(),
            vote::program::id(),
            stake::program::id(),
        ]
        .contains(owner)
}

/// Every account of `bank` worth keeping, sorted by address (a stable file for a stable state).
pub fn accounts_of(bank: &Bank) -> Vec<(Pubkey, Account)> {
    let all = bank.get_all_accounts(true).unwrap_or_default();
    all.into_iter()
        .map(|(address, account, _)| (address, Account::from(account)))
        .filter(|(_, account)| !recreated_by_genesis(account))
        .collect()
}

/// Writes `snapshot` to `dir` atomically.
pub fn save(dir: &Path, snapshot: &Snapshot) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let bytes = bincode::serialize(snapshot).map_err(io::Error::other)?;
    let temporary = dir.join(format!("{FILE_NAME}.tmp"));
    fs::write(&temporary, bytes)?;
    fs::rename(&temporary, file(dir))
}

/// The snapshot in `dir`, `None` when there is none yet (a first start).
pub fn load(dir: &Path) -> Result<Option<Snapshot>, String> {
    let path = file(dir);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
    };
    let snapshot: Snapshot = bincode::deserialize(&bytes).map_err(|error| {
        format!(
            "{} is not a localnet ledger ({error}); remove it to start over",
            path.display()
        )
    })?;
    if snapshot.version != FORMAT_VERSION {
        return Err(format!(
            "{} has format {} (this localnet reads {FORMAT_VERSION}); remove it to start over",
            path.display(),
            snapshot.version
        ));
    }
    Ok(Some(snapshot))
}
