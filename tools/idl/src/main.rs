//! `pepfund-idl write` rebuilds `programs/pepfund/idl/pepfund.json`;
//! `pepfund-idl check` fails when the committed IDL no longer matches the program.
//!
//! It calls the same builder as `anchor idl build` (anchor-lang-idl's `IdlBuilder`, which
//! runs the program's `__anchor_private_print_idl` test with the `idl-build` feature). The
//! npm `@coral-xyz/anchor-cli` binary needs glibc 2.39 and does not run on Debian 12.

use anchor_lang_idl::build::IdlBuilder;
use std::{path::PathBuf, process::ExitCode};

fn main() -> ExitCode {
    let mode = std::env::args().nth(1).unwrap_or_default();
    if mode != "write" && mode != "check" {
        eprintln!("usage: pepfund-idl write|check");
        return ExitCode::from(2);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let program = root.join("programs/pepfund");
    let committed = program.join("idl/pepfund.json");

    // The builder sets RUSTFLAGS, which would invalidate the main build cache: give it a
    // target dir of its own. RUSTUP_TOOLCHAIN (set by rustup's cargo proxy) would make it
    // ask for `cargo +toolchain`; the workspace's toolchain is the right one.
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target"))
        .join("idl-build");
    std::env::set_var("CARGO_TARGET_DIR", &target);
    std::env::remove_var("RUSTUP_TOOLCHAIN");

    let idl = match IdlBuilder::new().program_path(program).build() {
        Ok(idl) => idl,
        Err(error) => {
            eprintln!("building the IDL failed: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    let json = serde_json::to_string_pretty(&idl).expect("IDL serializes") + "\n";

    if mode == "write" {
        std::fs::create_dir_all(committed.parent().expect("idl dir")).expect("create idl dir");
        std::fs::write(&committed, json).expect("write IDL");
        println!("wrote {}", committed.display());
        return ExitCode::SUCCESS;
    }
    match std::fs::read_to_string(&committed) {
        Ok(current) if current == json => {
            println!("IDL up to date: {}", committed.display());
            ExitCode::SUCCESS
        }
        Ok(_) => {
            eprintln!(
                "{} is out of date with the program: run `cargo run -p pepfund-idl -- write` and commit it",
                committed.display()
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("cannot read {}: {error}", committed.display());
            ExitCode::FAILURE
        }
    }
}
