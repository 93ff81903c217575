/**
 * Takes one idempotency key to its final outcome: the journaled attempt is resumed, or the
 * first attempt is signed and journaled before its first broadcast; expired bytes are
 * re-signed only when the caller can sign again (the relayer can, a wallet's signature
 * cannot be remade here). Shared by the relayer and wallet-signed transactions.
 */
import type { TxOutcome } from "../../core/ports.js";
import type { PublicKey } from "@solana/web3.js";
import { ChainUnavailableError } from "../errors.js";
import { PROGRAM_ID, type PepfundProgram } from "../program.js";
import type { RelayAttempt, RelayEntry, RelayJournal } from "./journal.js";
import { type RetryPolicy, withRetries } from "./rpc.js";
import { type SenderOptions, driveToOutcome } from "./sender.js";

/** An input naming no account the instruction needs, or a transaction that is not the expected one; nothing is sent. */
export class RelayInputError extends Error {
  override readonly name = "RelayInputError";
}

/** A program account read with retries; a {@link RelayInputError} when it is not one of type `name`. */
export async function readAccount<T>(
  program: PepfundProgram,
  name: "campaign" | "config",
  address: PublicKey,
  retry: RetryPolicy,
): Promise<T> {
  const { connection } = program.provider;
  const info = await withRetries(`get ${name}`, () => connection.getAccountInfo(address, "confirmed"), retry);
  const notIt = new RelayInputError(`${address.toBase58()} is not a PepFund ${name} account`);
  if (info === null || !info.owner.equals(PROGRAM_ID)) throw notIt;
  try {
    return program.coder.accounts.decode<T>(name, info.data);
  } catch {
    throw notIt;
  }
}

type Failed = Extract<TxOutcome, { status: "failed" }>;

export function failed(code: Failed["code"], message: string, signature: string | null = null): Failed {
  return { status: "failed", signature, code, message };
}

export interface SettleOptions extends SenderOptions {
  readonly journal: RelayJournal;
  /** Fresh signatures allowed after the first expires (0 when `resign` is null). */
  readonly maxResigns: number;
}

/** A newly signed attempt; `simulated` when its instructions were just simulated without an error (see `FirstSend`). */
export type SignedAttempt = RelayAttempt & { readonly simulated?: boolean };

export async function settle(
  options: SettleOptions,
  key: string,
  instruction: string,
  first: () => Promise<SignedAttempt>,
  resign: ((expired: RelayEntry) => Promise<SignedAttempt>) | null,
  sendAfter?: Promise<unknown>,
): Promise<TxOutcome> {
  const { journal } = options;
  let entry: RelayEntry | null = null;
  try {
    // The first attempt is built and signed while the journal is asked: a new key (nearly
    // every one) waits for the slower of the two, not both. A key the journal knows is
    // answered or resumed without waiting for the build, whose attempt is dropped unsent and
    // whose failure, if any, is nobody's concern.
    const built: { attempt?: SignedAttempt } = {};
    const building = first().then((attempt) => (built.attempt = attempt));
    building.catch(() => undefined);
    // What the transaction names is not stored yet (a flag's rationale): it is built and
    // signed meanwhile, and nothing is journaled or sent before; a rejection is the caller's.
    if (sendAfter !== undefined) await sendAfter;
    // Built already (while the caller got ready): `begin` answers a known key as the lookup
    // would, so it is the only round trip.
    entry = built.attempt === undefined ? await journal.get(key) : null;
    if (entry?.outcome) return entry.outcome;
    let fresh: SignedAttempt | null = null;
    if (entry === null) {
      fresh = await building;
      entry = await journal.begin(key, fresh);
      if (entry.outcome) return entry.outcome;
    }
    for (let resigns = 0; ; resigns++) {
      const firstSend = fresh === null || fresh.signature !== entry.signature ? "resumed" : fresh.simulated === true ? "simulated" : "fresh";
      const result = await driveToOutcome(options, entry, instruction, firstSend);
      if (result !== "expired") {
        await journal.finish(key, result);
        return result;
      }
      if (resign === null || resigns >= options.maxResigns) {
        const outcome = failed("TransactionExpired", "the transaction did not land before its blockhash expired", entry.signature);
        await journal.finish(key, outcome);
        return outcome;
      }
      // The old bytes can no longer land: the same instructions under a new blockhash.
      fresh = await resign(entry);
      entry = await journal.replace(key, entry.signature, fresh);
      if (entry.outcome) return entry.outcome;
    }
  } catch (error) {
    // Nothing decided: the entry (if any) stays open and the same key resumes it later.
    if (error instanceof ChainUnavailableError) return failed("ChainUnavailable", error.message, entry?.signature ?? null);
    if (error instanceof RelayInputError) return failed("TransactionFailed", error.message);
    throw error;
  }
}
