//! Static check: every instruction handler runs its account's `invariant()` on every path
//! that succeeds. A new instruction, or a new early `Ok(())`, without it fails this test.
//!
//! The rule read from the source, line by line through each handler: an exit that succeeds
//! (`Ok(())`, `return Ok(())`) must come after an `invariant()` call on the same path
//! (a `return` ends a path, so the next lines need their own call); `return x.invariant()`
//! and `release_tranche(..)` / `release_into_pool(..)` (whose last expressions are the
//! invariant, checked below) are exits that carry it.

use std::path::PathBuf;

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../pepfund/src")
}

/// The release helpers end with the invariant (checked below), so calling one is an exit
/// that carries it.
fn carries_invariant(code: &str) -> bool {
    code.contains("release_tranche(") || code.contains("release_into_pool(")
}

/// The lines of `text` after `Ok(())`-exits that no `invariant()` precedes on their path.
fn unchecked_exits(text: &str) -> Vec<usize> {
    let mut missing = Vec::new();
    let mut in_handler = false;
    let mut checked = false;
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if code.trim_start().starts_with("pub fn ") && code.contains("Context<") {
            in_handler = true;
            checked = false;
            continue;
        }
        if !in_handler {
            continue;
        }
        if code.contains("invariant()") || carries_invariant(code) {
            checked = true;
        }
        if code.contains("Ok(())") && !checked {
            missing.push(n + 1);
        }
        if code.contains("return ") {
            checked = false;
        }
    }
    missing
}

#[test]
fn every_instruction_checks_the_invariant_on_every_successful_path() {
    let dir = src().join("instructions");
    let mut handlers = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("instructions dir") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n == "mod.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read instruction");
        assert!(
            text.contains("Context<Self>"),
            "{} has no handler",
            path.display()
        );
        handlers += 1;
        if !text.contains("invariant()") && !carries_invariant(&text) {
            failures.push(format!("{}: no invariant() call", path.display()));
        }
        for line in unchecked_exits(&text) {
            failures.push(format!(
                "{}:{line}: Ok(()) without invariant() before it",
                path.display()
            ));
        }
    }
    // One file per instruction: as many handlers as lib.rs routes.
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let routed = lib
        .lines()
        .filter(|l| l.trim_start().starts_with("pub fn "))
        .count();
    assert_eq!(handlers, routed, "instruction files vs lib.rs entry points");
    assert!(
        failures.is_empty(),
        "instructions without the invariant:\n{}",
        failures.join("\n")
    );
}

/// The last line of code in `file` (closing braces and blank lines skipped).
fn last_code_line(file: &str) -> String {
    let text = std::fs::read_to_string(src().join(file)).expect(file);
    let last = text
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && *l != "}")
        .unwrap_or("");
    last.to_owned()
}

#[test]
fn release_tranche_ends_with_the_invariant() {
    assert_eq!(last_code_line("release.rs"), "campaign.invariant()");
}

#[test]
fn release_into_pool_ends_with_the_invariant() {
    assert_eq!(last_code_line("pool_release.rs"), "pool.invariant()");
}

#[test]
fn the_check_itself_catches_a_missing_invariant() {
    let handler = "    pub fn x(ctx: Context<Self>) -> Result<()> {\n        if a {\n            return c.invariant();\n        }\n        Ok(())\n    }\n";
    assert_eq!(unchecked_exits(handler), vec![5]);
    let fixed = handler.replace("        Ok(())", "        c.invariant()?;\n        Ok(())");
    assert!(unchecked_exits(&fixed).is_empty());
}
