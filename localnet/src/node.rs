//! The running localnet: the ledger, the fault hooks and the event stream, shared by the
//! HTTP and WebSocket servers.

use crate::ledger::{Event, Ledger};
use crate::server::faults::Faults;
use solana_sdk::pubkey::Pubkey;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use tokio::sync::broadcast;

pub struct Node {
    ledger: Mutex<Ledger>,
    pub faults: Mutex<Faults>,
    pub events: broadcast::Sender<Event>,
}

impl Node {
    /// The node, and the receiver on which it asks the slot clock to end a slot.
    /// `upgrade_authority` is recorded in pepfund's ProgramData (see ledger/genesis.rs).
    /// `ledger_dir` (`--ledger`): where the state is loaded from and saved to.
    pub fn new(
        upgrade_authority: Option<Pubkey>,
        ledger_dir: Option<PathBuf>,
    ) -> Result<(Node, std::sync::mpsc::Receiver<()>), String> {
        let (events, _) = broadcast::channel(4096);
        let (slot_wanted, slot_requests) = std::sync::mpsc::channel();
        let node = Node {
            ledger: Mutex::new(Ledger::new(
                events.clone(),
                slot_wanted,
                upgrade_authority,
                ledger_dir,
            )?),
            faults: Mutex::new(Faults::default()),
            events,
        };
        Ok((node, slot_requests))
    }

    /// The ledger, locked: every RPC call sees one consistent state.
    pub fn ledger(&self) -> MutexGuard<'_, Ledger> {
        // A panic while holding the lock leaves the bank as the last completed call left it.
        self.ledger
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
