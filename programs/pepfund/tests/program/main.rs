//! Integration tests of the pepfund program, executed natively in a real Solana bank
//! (solana-program-test) with the real SPL Token and ATA programs. One test binary keeps
//! link time down; modules mirror the program's instruction groups.

mod env;
mod ixs;
mod scenario;

mod lifecycle;
