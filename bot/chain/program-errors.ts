/**
 * Anchor error numbers to the core's codes, by position in one table
 * (`PROGRAM_ERROR_NAMES`), never by message text.
 */
import { ANCHOR_ERROR_OFFSET, PROGRAM_ERROR_NAMES, type ProgramErrorName } from "../core/codes.js";

/** The core code for an Anchor custom error number, or `null` when it is not the program's. */
export function programErrorName(code: number): ProgramErrorName | null {
  return PROGRAM_ERROR_NAMES[code - ANCHOR_ERROR_OFFSET] ?? null;
}

/** The Anchor custom error number of a core program code. */
export function programErrorNumber(name: ProgramErrorName): number {
  return ANCHOR_ERROR_OFFSET + PROGRAM_ERROR_NAMES.indexOf(name);
}
