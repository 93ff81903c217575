//! The pepfund program, executed natively in a real Solana bank.
//!
//! There is no SBF toolchain on our machines (see docs/DEVELOPMENT.md), so the program is
//! compiled for the host and registered as a builtin of `solana-program-test`. Three things
//! make that behave like a validator:
//! - an entry shim adapting Anchor's `entry<'info>` to the builtin signature;
//! - `msg!` and `Pubkey::log` output routed into the transaction's log collector (with the
//!   patched `solana-msg` and `solana-pubkey`), so `Program log: AnchorError ...` lines and
//!   the `Left:`/`Right:` keys of a failed constraint appear as on-chain;
//! - the syscall stubs that log (`sol_log_data` for Anchor's `emit!`, `sol_log_compute_units`)
//!   write what the real syscalls write: `Program data: <base64>`, `Program consumption: ...`.

pub mod upgradeable;

use solana_log_collector::{ic_logger_msg, LogCollector};
use solana_program_runtime::{
    invoke_context::BuiltinFunctionWithContext, solana_sbpf::vm::ContextObject, stable_log,
};
use solana_program_test::{
    get_runtime_environment_key, invoke_builtin_function, EbpfError, EbpfVm, InvokeContext,
    ProgramTest,
};
use solana_sdk::{account_info::AccountInfo, entrypoint::ProgramResult, pubkey::Pubkey};
use solana_sysvar::program_stubs::{self, SyscallStubs};
use std::{cell::RefCell, rc::Rc, sync::Once};

/// A native invocation in progress: where its logs go, and its invoke context (as an address,
/// the way program-test keeps it) to read the compute meter.
struct Invocation {
    collector: Option<Rc<RefCell<LogCollector>>>,
    invoke_context: usize,
}

thread_local! {
    /// The native invocations in progress on this thread, innermost last.
    static INVOCATIONS: RefCell<Vec<Invocation>> = const { RefCell::new(Vec::new()) };
}

fn with_current_invocation(f: impl FnOnce(&Invocation)) -> bool {
    INVOCATIONS.with(|stack| match stack.borrow().last() {
        Some(invocation) => {
            f(invocation);
            true
        }
        None => false,
    })
}

fn with_current_collector(f: impl FnOnce(&Option<Rc<RefCell<LogCollector>>>)) -> bool {
    with_current_invocation(|invocation| f(&invocation.collector))
}

/// Compute units left in the current invocation, as `sol_remaining_compute_units` reads them.
/// The native program itself is not metered; its CPIs into SBF programs are.
fn remaining_compute_units(invocation: &Invocation) -> u64 {
    // SAFETY: the invoke context outlives the invocation recorded in INVOCATIONS (pushed and
    // popped around the call in `pepfund_builtin`), and the meter is read through its RefCell.
    let invoke_context = unsafe { &*(invocation.invoke_context as *const InvokeContext) };
    invoke_context.get_remaining()
}

fn host_log(message: &str) {
    if !with_current_collector(|c| stable_log::program_log(c, message)) {
        println!("{message}");
    }
}

/// Delegates every syscall to program-test's stubs except those program-test leaves to the
/// defaults: `sol_log_data` (prints to stdout), `sol_log_compute_units` and
/// `sol_remaining_compute_units` (log "not available" and answer 0).
struct LogRoutingStubs {
    inner: Box<dyn SyscallStubs>,
}

impl SyscallStubs for LogRoutingStubs {
    fn sol_log(&self, message: &str) {
        self.inner.sol_log(message)
    }
    fn sol_log_compute_units(&self) {
        let logged = with_current_invocation(|invocation| {
            ic_logger_msg!(
                invocation.collector,
                "Program consumption: {} units remaining",
                remaining_compute_units(invocation)
            );
        });
        if !logged {
            self.inner.sol_log_compute_units()
        }
    }
    fn sol_remaining_compute_units(&self) -> u64 {
        let mut remaining = None;
        with_current_invocation(|invocation| remaining = Some(remaining_compute_units(invocation)));
        remaining.unwrap_or_else(|| self.inner.sol_remaining_compute_units())
    }
    fn sol_invoke_signed(
        &self,
        instruction: &solana_sdk::instruction::Instruction,
        account_infos: &[AccountInfo],
        signers_seeds: &[&[&[u8]]],
    ) -> ProgramResult {
        self.inner
            .sol_invoke_signed(instruction, account_infos, signers_seeds)
    }
    fn sol_get_sysvar(
        &self,
        sysvar_id_addr: *const u8,
        var_addr: *mut u8,
        offset: u64,
        length: u64,
    ) -> u64 {
        self.inner
            .sol_get_sysvar(sysvar_id_addr, var_addr, offset, length)
    }
    fn sol_get_clock_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_clock_sysvar(var_addr)
    }
    fn sol_get_epoch_schedule_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_epoch_schedule_sysvar(var_addr)
    }
    fn sol_get_fees_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_fees_sysvar(var_addr)
    }
    fn sol_get_rent_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_rent_sysvar(var_addr)
    }
    fn sol_get_epoch_rewards_sysvar(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_epoch_rewards_sysvar(var_addr)
    }
    fn sol_get_last_restart_slot(&self, var_addr: *mut u8) -> u64 {
        self.inner.sol_get_last_restart_slot(var_addr)
    }
    fn sol_get_epoch_stake(&self, vote_address: *const u8) -> u64 {
        self.inner.sol_get_epoch_stake(vote_address)
    }
    unsafe fn sol_memcpy(&self, dst: *mut u8, src: *const u8, n: usize) {
        self.inner.sol_memcpy(dst, src, n)
    }
    unsafe fn sol_memmove(&self, dst: *mut u8, src: *const u8, n: usize) {
        self.inner.sol_memmove(dst, src, n)
    }
    unsafe fn sol_memcmp(&self, s1: *const u8, s2: *const u8, n: usize, result: *mut i32) {
        self.inner.sol_memcmp(s1, s2, n, result)
    }
    unsafe fn sol_memset(&self, s: *mut u8, c: u8, n: usize) {
        self.inner.sol_memset(s, c, n)
    }
    fn sol_get_return_data(&self) -> Option<(Pubkey, Vec<u8>)> {
        self.inner.sol_get_return_data()
    }
    fn sol_set_return_data(&self, data: &[u8]) {
        self.inner.sol_set_return_data(data)
    }
    fn sol_log_data(&self, fields: &[&[u8]]) {
        if !with_current_collector(|c| stable_log::program_data(c, fields)) {
            self.inner.sol_log_data(fields)
        }
    }
    fn sol_get_processed_sibling_instruction(
        &self,
        index: usize,
    ) -> Option<solana_sdk::instruction::Instruction> {
        self.inner.sol_get_processed_sibling_instruction(index)
    }
    fn sol_get_stack_height(&self) -> u64 {
        self.inner.sol_get_stack_height()
    }
}

/// Wraps program-test's syscall stubs (installed when the first bank starts) so that
/// `emit!`, `msg!` and `Pubkey::log` reach the transaction log. Idempotent; call after
/// `ProgramTest::start*`.
pub fn install_log_routing() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let inner = program_stubs::set_syscall_stubs(Box::new(NoStubs));
        program_stubs::set_syscall_stubs(Box::new(LogRoutingStubs { inner }));
        solana_msg::set_host_logger(host_log);
        solana_pubkey::host_log::set_host_logger(host_log);
    });
}

/// Placeholder held for the instant between taking program-test's stubs and wrapping them.
struct NoStubs;
impl SyscallStubs for NoStubs {}

/// Anchor's `entry` wants `&'info [AccountInfo<'info>]`; the builtin interface gives the
/// slice and the accounts different lifetimes. Leaking a copy of the (small) slice gives it
/// the accounts' lifetime; acceptable in tests and the local validator.
fn entry_shim<'a, 'b, 'c>(
    program_id: &'a Pubkey,
    accounts: &'b [AccountInfo<'c>],
    data: &[u8],
) -> ProgramResult {
    let accounts: &'c [AccountInfo<'c>] = Box::leak(accounts.to_vec().into_boxed_slice());
    pepfund::entry(program_id, accounts, data)
}

/// Like `solana_program_test::processor!(entry)`, plus recording the invocation's log
/// collector and invoke context so log and compute syscalls can be answered from them.
pub fn pepfund_builtin() -> Option<BuiltinFunctionWithContext> {
    Some(|vm, _arg0, _arg1, _arg2, _arg3, _arg4| {
        // Same pointer arithmetic as `processor!`: the VM sits before the runtime environment.
        let vm = unsafe {
            &mut *((vm as *mut u64).offset(-(get_runtime_environment_key() as isize))
                as *mut EbpfVm<InvokeContext>)
        };
        let invocation = Invocation {
            collector: vm.context_object_pointer.get_log_collector(),
            invoke_context: &*vm.context_object_pointer as *const InvokeContext as usize,
        };
        INVOCATIONS.with(|stack| stack.borrow_mut().push(invocation));
        let result = invoke_builtin_function(entry_shim, vm.context_object_pointer);
        INVOCATIONS.with(|stack| stack.borrow_mut().pop());
        vm.program_result = result.map_err(EbpfError::SyscallError).into();
    })
}

/// A `ProgramTest` with pepfund deployed under the BPF upgradeable loader with
/// `upgrade_authority` (see `upgradeable`), run natively; SPL Token and ATA are built in.
///
/// program-test turns on debug logging of every instruction unless `RUST_LOG` is set; the
/// transaction logs are asserted on directly, so default to errors only.
pub fn program_test(upgrade_authority: Option<Pubkey>) -> ProgramTest {
    if std::env::var_os("RUST_LOG").is_none() {
        std::env::set_var("RUST_LOG", "error");
    }
    let mut test = ProgramTest::default();
    test.prefer_bpf(false);
    test.add_builtin_program(
        upgradeable::LOADER_NAME,
        upgradeable::loader_id(),
        upgradeable::loader_builtin(),
    );
    for (address, account) in upgradeable::program_accounts(upgrade_authority) {
        test.add_account(address, account);
    }
    test
}
