/** The CLI's two kinds of expected failure, told apart by their exit codes (main.ts). */

/** Wrong use of the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    /** The usage line of the command, when one was recognised. */
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** An expected failure (a refusal, an unreadable file, an unreachable node): its message is printed, exit code 1. */
export class CliError extends Error {
  override readonly name = "CliError";
}
