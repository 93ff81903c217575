//! Drop-in replacement for `solana-msg` 2.2.1, applied with `[patch.crates-io]` in the
//! workspace `Cargo.toml`.
//!
//! Upstream prints `msg!` output to stdout when a program runs natively (off the Solana
//! target), so a natively executed program's logs never reach the transaction's log
//! messages, and Anchor clients cannot decode its errors. This crate keeps the same API;
//! on the Solana target it makes the same `sol_log_` syscall as upstream, and on the host
//! it calls a logger installed with [`set_host_logger`] (the native runtime routes it into
//! the bank's log collector), falling back to stdout.

/// Prints a string to the program log, like upstream `solana_msg::msg!`.
#[macro_export]
macro_rules! msg {
    ($msg:expr) => {
        $crate::sol_log($msg)
    };
    ($($arg:tt)*) => ($crate::sol_log(&format!($($arg)*)));
}

#[cfg(target_os = "solana")]
pub mod syscalls {
    //! Syscall definitions, as re-exported upstream.
    pub use solana_define_syscall::definitions::{
        sol_log_, sol_log_64_, sol_log_compute_units_, sol_log_data,
    };
}

#[cfg(not(target_os = "solana"))]
static HOST_LOGGER: std::sync::RwLock<Option<fn(&str)>> = std::sync::RwLock::new(None);

/// Installs the function that receives `msg!` output when running off the Solana target.
#[cfg(not(target_os = "solana"))]
pub fn set_host_logger(logger: fn(&str)) {
    if let Ok(mut slot) = HOST_LOGGER.write() {
        *slot = Some(logger);
    }
}

/// Prints a string to the program log.
#[inline]
pub fn sol_log(message: &str) {
    #[cfg(target_os = "solana")]
    unsafe {
        syscalls::sol_log_(message.as_ptr(), message.len() as u64);
    }

    #[cfg(not(target_os = "solana"))]
    {
        let logger = HOST_LOGGER.read().ok().and_then(|slot| *slot);
        match logger {
            Some(logger) => logger(message),
            None => println!("{message}"),
        }
    }
}
