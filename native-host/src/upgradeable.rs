//! pepfund presented as a program of the BPF upgradeable loader, while it still runs natively.
//!
//! On a cluster the program account is owned by `BPFLoaderUpgradeab1e11111111111111111111111`
//! and names its ProgramData account, which records the upgrade authority; `config_init`
//! reads that authority through the two accounts (Anchor's `Program::programdata_address`
//! and `Account<ProgramData>`). A builtin's account is owned by the native loader and has no
//! ProgramData, so the check could never pass or be tested. Here the two accounts are the
//! real ones, laid out as the loader lays them out (bincode `UpgradeableLoaderState`), and
//! the runtime's dispatch is kept: it hands an upgradeable program's instruction to the
//! loader's builtin, so the loader's builtin is wrapped to run pepfund natively and to pass
//! every other instruction (SPL programs, the loader's own management instructions) to the
//! real loader unchanged. The ProgramData holds no ELF (there is no SBF build; see
//! docs/DEVELOPMENT.md), so the loader's own checks of a deployment are not exercised.

use crate::pepfund_builtin;
use solana_program_runtime::invoke_context::BuiltinFunctionWithContext;
use solana_program_test::{get_runtime_environment_key, EbpfVm, InvokeContext};
#[allow(deprecated)]
use solana_sdk::bpf_loader_upgradeable::{self, get_program_data_address, UpgradeableLoaderState};
use solana_sdk::{account::Account, pubkey::Pubkey, rent::Rent};

/// Name under which the bank knows the upgradeable loader's builtin.
pub const LOADER_NAME: &str = "solana_bpf_loader_upgradeable_program";

/// The upgradeable loader's program id.
pub fn loader_id() -> Pubkey {
    bpf_loader_upgradeable::id()
}

/// The address of pepfund's ProgramData account: the PDA of `[program id]` under the loader.
pub fn program_data_address() -> Pubkey {
    get_program_data_address(&pepfund::ID)
}

/// pepfund's program account and its ProgramData account, as the loader writes them on
/// deployment. `upgrade_authority` `None` is a program deployed as final (not upgradeable).
pub fn program_accounts(upgrade_authority: Option<Pubkey>) -> [(Pubkey, Account); 2] {
    let rent = Rent::default();
    let programdata_address = program_data_address();
    let program = bincode::serialize(&UpgradeableLoaderState::Program {
        programdata_address,
    })
    .expect("program state serializes");
    let mut program_data = bincode::serialize(&UpgradeableLoaderState::ProgramData {
        slot: 0,
        upgrade_authority_address: upgrade_authority,
    })
    .expect("program data state serializes");
    // The loader reserves room for `Some(authority)` even when there is none (the ELF
    // starts at a fixed offset), as `size_of_programdata_metadata` says.
    program_data.resize(UpgradeableLoaderState::size_of_programdata_metadata(), 0);
    [
        (
            pepfund::ID,
            Account {
                lamports: rent.minimum_balance(program.len()),
                data: program,
                owner: loader_id(),
                executable: true,
                rent_epoch: 0,
            },
        ),
        (
            programdata_address,
            Account {
                lamports: rent.minimum_balance(program_data.len()),
                data: program_data,
                owner: loader_id(),
                executable: false,
                rent_epoch: 0,
            },
        ),
    ]
}

/// Whether the instruction the runtime is dispatching belongs to pepfund.
fn dispatching_pepfund(invoke_context: &InvokeContext) -> bool {
    let transaction_context = &invoke_context.transaction_context;
    transaction_context
        .get_current_instruction_context()
        .and_then(|instruction| instruction.get_last_program_key(transaction_context))
        .is_ok_and(|program_id| *program_id == pepfund::ID)
}

/// The upgradeable loader's entrypoint, with pepfund's instructions run natively.
pub fn loader_builtin() -> BuiltinFunctionWithContext {
    |vm_address, arg0, arg1, arg2, arg3, arg4| {
        // Same pointer arithmetic as `declare_builtin_function!`: the VM sits before the
        // runtime environment the runtime passes.
        let vm = unsafe {
            &*((vm_address as *mut u64).offset(-(get_runtime_environment_key() as isize))
                as *const EbpfVm<InvokeContext>)
        };
        if dispatching_pepfund(vm.context_object_pointer) {
            let pepfund = pepfund_builtin().expect("pepfund builtin");
            pepfund(vm_address, arg0, arg1, arg2, arg3, arg4)
        } else {
            solana_bpf_loader_program::Entrypoint::vm(vm_address, arg0, arg1, arg2, arg3, arg4)
        }
    }
}
