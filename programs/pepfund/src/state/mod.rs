//! Account types, one file each.

pub mod campaign;
pub mod config;
pub mod flag_record;
pub mod holder_record;
pub mod milestone;
pub mod pool;
pub mod pool_flag_record;
pub mod researcher_record;
pub mod staker_record;
pub mod stale_vote;

pub use campaign::*;
pub use config::*;
pub use flag_record::*;
pub use holder_record::*;
pub use milestone::*;
pub use pool::*;
pub use pool_flag_record::*;
pub use researcher_record::*;
pub use staker_record::*;
pub use stale_vote::*;

#[cfg(test)]
mod tests;
