/** What a relayed transaction's failure means to the core, by error number, never by text. */
import { SendTransactionError, type TransactionError } from "@solana/web3.js";
import { PROGRAM_ERROR_NAMES, type ProgramErrorName } from "../../core/codes.js";
import type { TxOutcome } from "../../core/ports.js";
import { coreErrorOf, landedErrorOf } from "../program-errors.js";

type Failed = Extract<TxOutcome, { status: "failed" }>;

/**
 * A transaction of `instruction` that landed with an error (`getSignatureStatuses`' `err`).
 * As for a preflight refusal, a refusal the core names otherwise (`AlreadyFlagged`) is
 * `TransactionFailed` with that name as the message.
 */
export function landedFailure(signature: string, err: TransactionError, instruction?: string): Failed {
  const custom = customCode(err);
  const name = custom === null ? null : landedErrorOf(custom, instruction);
  if (name !== null && isProgramErrorName(name)) return { status: "failed", signature, code: name, message: JSON.stringify(err) };
  return { status: "failed", signature, code: "TransactionFailed", message: name ?? JSON.stringify(err) };
}

function customCode(err: TransactionError): number | null {
  if (typeof err !== "object" || err === null || !("InstructionError" in err)) return null;
  const [, inner] = (err as { InstructionError: [number, unknown] }).InstructionError;
  if (typeof inner === "object" && inner !== null && "Custom" in inner) {
    const { Custom } = inner;
    return typeof Custom === "number" ? Custom : null;
  }
  return null;
}

/**
 * True when the node simulated the transaction and the program refused it (the error
 * carries the simulation's logs): retrying the same bytes cannot change that answer.
 */
export function isPreflightRefusal(error: unknown): error is SendTransactionError {
  return error instanceof SendTransactionError && (error.logs?.length ?? 0) > 0;
}

/**
 * A refusal in simulation: nothing was broadcast. A program error keeps its code; a
 * refusal the core names otherwise (e.g. `AlreadyFlagged`) is `TransactionFailed` with that
 * name as the message.
 */
export function preflightFailure(error: SendTransactionError, instruction: string): Failed {
  const code = coreErrorOf(error, instruction);
  return {
    status: "failed",
    signature: null,
    code: code !== null && isProgramErrorName(code) ? code : "TransactionFailed",
    message: code ?? error.transactionError.message,
  };
}

function isProgramErrorName(code: string): code is ProgramErrorName {
  return (PROGRAM_ERROR_NAMES as readonly string[]).includes(code);
}
