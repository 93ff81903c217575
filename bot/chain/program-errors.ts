/**
 * Program refusals to the core's codes, by number and by Anchor's error name, never by
 * message text: the program's own errors by position in one table (`PROGRAM_ERROR_NAMES`),
 * and the few Anchor framework and System Program failures that mean a refusal the core
 * has a word for (a campaign that is not one, a holder who never deposited, a flag that
 * already exists).
 */
import anchor from "@coral-xyz/anchor";
import { SystemProgram } from "@solana/web3.js";
import { PROGRAM_ID } from "./program.js";
import { ANCHOR_ERROR_OFFSET, type CoreErrorCode, PROGRAM_ERROR_NAMES, type ProgramErrorName } from "../core/codes.js";

/** The core code for an Anchor custom error number, or `null` when it is not the program's. */
export function programErrorName(code: number): ProgramErrorName | null {
  return PROGRAM_ERROR_NAMES[code - ANCHOR_ERROR_OFFSET] ?? null;
}

/** The Anchor custom error number of a core program code. */
export function programErrorNumber(name: ProgramErrorName): number {
  return ANCHOR_ERROR_OFFSET + PROGRAM_ERROR_NAMES.indexOf(name);
}

const NOT_THE_ACCOUNT = [
  "AccountNotInitialized",
  "AccountDiscriminatorNotFound",
  "AccountDiscriminatorMismatch",
  "AccountOwnedByWrongProgram",
  "ConstraintSeeds",
] as const;

/**
 * Anchor framework errors (by Anchor's error name) that mean a core refusal, keyed by the
 * account the error names (the IDL's snake_case account name).
 */
export const FRAMEWORK_ERRORS: Readonly<Record<string, Readonly<Record<string, CoreErrorCode>>>> = {
  campaign: Object.fromEntries(NOT_THE_ACCOUNT.map((name) => [name, "CampaignNotFound"])),
  holder_record: Object.fromEntries(NOT_THE_ACCOUNT.map((name) => [name, "NotDeposited"])),
};

/** System Program error 0: `init` found the account already created. */
const SYSTEM_ACCOUNT_ALREADY_IN_USE = 0;

/** The custom error a program's failure line reports (`Program <id> failed: custom program error: 0x<hex>`). */
function failedProgramError(logs: readonly string[], program: string): number | null {
  const failed = `Program ${program} failed: custom program error: 0x`;
  const line = logs.find((l) => l.startsWith(failed));
  return line === undefined ? null : Number.parseInt(line.slice(failed.length), 16);
}

/**
 * Anchor's own parse of an error's logs; `null` when it finds none or cannot read them
 * (it throws on log shapes it does not expect, e.g. a constraint error whose compared keys
 * are missing).
 */
function parseAnchorError(logs: string[]): InstanceType<typeof anchor.AnchorError> | null {
  try {
    return anchor.AnchorError.parse(logs);
  } catch {
    return null;
  }
}

/** The logs a web3.js / Anchor error carries (simulation or confirmation logs). */
export function errorLogs(error: unknown): string[] {
  if (typeof error === "object" && error !== null && "logs" in error) {
    const { logs } = error;
    if (Array.isArray(logs)) return logs.filter((l): l is string => typeof l === "string");
  }
  return [];
}

/**
 * The core's name for the error number that failed `instruction` in a landed transaction,
 * whose status carries no logs: the program's own errors, and the System Program's
 * `AccountAlreadyInUse` under `flag_submit` (no other program it calls has an error 0, and
 * Anchor's own start at 100), which is a flag record made meanwhile.
 */
export function landedErrorOf(custom: number, instruction?: string): CoreErrorCode | null {
  if (custom === SYSTEM_ACCOUNT_ALREADY_IN_USE && instruction === "flag_submit") return "AlreadyFlagged";
  return programErrorName(custom);
}

/**
 * The core code of a failed pepfund transaction, from its logs; `null` when the failure is
 * none the core has a word for. `instruction` (the IDL name) tells what an already-created
 * account means: for `flag_submit` the holder already flagged that submission.
 */
export function coreErrorOf(error: unknown, instruction?: string): CoreErrorCode | null {
  const logs = errorLogs(error);
  const anchorError = error instanceof anchor.AnchorError ? error : parseAnchorError(logs);
  if (anchorError !== null) {
    const { errorCode, origin } = anchorError.error;
    const own = programErrorName(errorCode.number);
    if (own !== null) return own;
    const account = typeof origin === "string" ? origin : "";
    return FRAMEWORK_ERRORS[account]?.[errorCode.code] ?? null;
  }
  // A failed CPI fails its caller with the same number: look at the System Program first.
  const system = failedProgramError(logs, SystemProgram.programId.toBase58());
  if (system === SYSTEM_ACCOUNT_ALREADY_IN_USE && instruction === "flag_submit") return "AlreadyFlagged";
  const own = failedProgramError(logs, PROGRAM_ID.toBase58());
  return own === null ? null : programErrorName(own);
}
