//! Transaction logs as a validator prints them.
//!
//! program-test runs a native builtin through two layers that both log: the runtime logs
//! `Program <id> invoke [n]` and the outcome, and program-test's wrapper logs them again, so
//! a native program's invoke and outcome lines appear twice in a row. A CPI from a native
//! program is logged once by program-test's `invoke` stub at the caller's depth and once by
//! the runtime one level deeper. A validator prints one invoke line per invocation at its
//! depth and one outcome line; this module removes the extra lines and nothing else.

fn invoke_of(line: &str) -> Option<(&str, u32)> {
    let rest = line.strip_prefix("Program ")?;
    let (program, depth) = rest.split_once(" invoke [")?;
    let depth = depth.strip_suffix(']')?.parse().ok()?;
    Some((program, depth))
}

/// The program whose invocation this line ends (`success` or `failed: ...`).
fn outcome_of(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("Program ")?;
    let (program, tail) = rest.split_once(' ')?;
    (tail == "success" || tail.starts_with("failed: ")).then_some(program)
}

pub fn normalize(logs: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(logs.len());
    let mut stack: Vec<String> = Vec::new();
    for line in logs {
        if let Some((program, depth)) = invoke_of(&line) {
            // A real invocation is one level deeper than the one running. The wrapper's
            // repeat and the CPI stub's line both carry the depth of a running invocation.
            if depth as usize <= stack.len() {
                continue;
            }
            stack.push(program.to_string());
        } else if let Some(program) = outcome_of(&line) {
            if stack.last().map(String::as_str) == Some(program) {
                stack.pop();
            } else if kept.last() == Some(&line) {
                // The wrapper's repeat of an outcome already printed.
                continue;
            }
        }
        kept.push(line);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::normalize;

    fn lines(text: &str) -> Vec<String> {
        text.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn given_a_native_program_with_a_cpi_then_each_invocation_has_one_invoke_and_one_outcome() {
        let raw = lines(
            "Program C invoke [1]
             Program C success
             Program P invoke [1]
             Program P invoke [1]
             Program log: Instruction: Contribute
             Program T invoke [1]
             Program T invoke [2]
             Program log: Instruction: Transfer
             Program T consumed 4645 of 1399000 compute units
             Program T success
             Program data: AAEC
             Program P success
             Program P success",
        );
        let expected = lines(
            "Program C invoke [1]
             Program C success
             Program P invoke [1]
             Program log: Instruction: Contribute
             Program T invoke [2]
             Program log: Instruction: Transfer
             Program T consumed 4645 of 1399000 compute units
             Program T success
             Program data: AAEC
             Program P success",
        );
        assert_eq!(normalize(raw), expected);
    }

    #[test]
    fn given_a_failing_native_program_then_the_failure_line_appears_once() {
        let raw = lines(
            "Program P invoke [1]
             Program P invoke [1]
             Program log: AnchorError thrown in x.rs:1. Error Code: E. Error Number: 6000. Error Message: m.
             Program P failed: custom program error: 0x1770
             Program P failed: custom program error: 0x1770",
        );
        let normalized = normalize(raw);
        assert_eq!(normalized.len(), 3, "{normalized:#?}");
        assert_eq!(
            normalized[2],
            "Program P failed: custom program error: 0x1770"
        );
    }

    #[test]
    fn given_validator_shaped_logs_then_nothing_changes() {
        // A program that re-enters itself opens and closes two invocations in a row.
        let raw = lines(
            "Program A invoke [1]
             Program A invoke [2]
             Program A success
             Program A success",
        );
        assert_eq!(normalize(raw.clone()), raw);
    }
}
