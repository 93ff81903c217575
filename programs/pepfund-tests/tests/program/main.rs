//! Integration tests of the pepfund program, executed natively in a real Solana bank
//! (solana-program-test) with the real SPL Token and ATA programs. One test binary keeps
//! link time down; modules follow the program's instruction groups.

mod env;
mod ixs;
mod scenario;

mod config;
mod disputes;
mod double_count;
mod fundraising;
mod holders;
mod invariant_coverage;
mod invariants;
mod lifecycle;
pub mod logs;
mod pool_fixture;
mod pool_invariants;
mod pool_mints;
mod pools;
mod review;
mod roadmap;
mod security;
mod stale;
mod upgrade_authority;
mod written_reasons;
