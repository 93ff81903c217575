/**
 * What the relayer may sign, checked on the compiled message just before signing, so no
 * builder bug can slip past it: only pepfund and compute-budget instructions, and a fee
 * payer that appears in no instruction at all. (Solana always marks the fee payer
 * writable in the message header, because the fee is debited from it; what matters is that
 * no instruction can touch it, so it pays fees and nothing else.)
 */
import { ComputeBudgetProgram, type PublicKey, type Transaction } from "@solana/web3.js";
import { PROGRAM_ID } from "../program.js";

/** A transaction the relay policy refuses to sign; always a bug in the caller. */
export class RelayPolicyError extends Error {
  override readonly name = "RelayPolicyError";
}

const ALLOWED_PROGRAMS = [PROGRAM_ID, ComputeBudgetProgram.programId];

/** Throws {@link RelayPolicyError} unless `tx` is relayable with `feePayer` paying only fees. */
export function assertRelayable(tx: Transaction, feePayer: PublicKey, authority: PublicKey): void {
  if (!tx.feePayer?.equals(feePayer)) throw new RelayPolicyError("the fee payer must be the relayer's fee key");
  for (const [i, ix] of tx.instructions.entries()) {
    if (!ALLOWED_PROGRAMS.some((p) => p.equals(ix.programId))) {
      throw new RelayPolicyError(`instruction ${i} calls ${ix.programId.toBase58()}, which the relayer never signs for`);
    }
    for (const meta of ix.keys) {
      if (meta.pubkey.equals(feePayer)) {
        throw new RelayPolicyError(`instruction ${i} names the fee payer: it may pay fees and nothing else`);
      }
      if (meta.isSigner && !meta.pubkey.equals(authority)) {
        throw new RelayPolicyError(`instruction ${i} needs a signature from ${meta.pubkey.toBase58()}`);
      }
    }
  }
}
