/**
 * What the relayer may sign, checked on the compiled message just before signing, so no
 * builder bug can slip past it: only pepfund and compute-budget instructions, and a fee
 * payer that appears in no instruction at all. (Solana always marks the fee payer
 * writable in the message header, because the fee is debited from it; what matters is that
 * no instruction can touch it, so it pays fees and nothing else.)
 *
 * A wallet-signed action may also open the signer's own token account (a contribution opens
 * the backer-token account): only the Associated Token program's idempotent create, paid by
 * the signing wallet, and only when the caller allows it. The fee payer still pays no rent.
 */
import { ComputeBudgetProgram, type PublicKey, type Transaction, type TransactionInstruction } from "@solana/web3.js";
import { PROGRAM_ID } from "../program.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID } from "../token.js";

/** A transaction the relay policy refuses to sign; always a bug in the caller. */
export class RelayPolicyError extends Error {
  override readonly name = "RelayPolicyError";
}

const ALLOWED_PROGRAMS = [PROGRAM_ID, ComputeBudgetProgram.programId];

/** The Associated Token program's CreateIdempotent instruction index. */
const CREATE_IDEMPOTENT = 1;

/** What the caller allows beyond pepfund and compute-budget instructions. */
export interface RelayAllowance {
  /** The signer may open its own associated token accounts, paying their rent itself. */
  readonly signerOpensAccounts?: boolean;
}

/** Whether `ix` is an idempotent ATA create paid by `authority` (its first account). */
function isSignerPaidAccountOpen(ix: TransactionInstruction, authority: PublicKey): boolean {
  return (
    ix.programId.equals(ASSOCIATED_TOKEN_PROGRAM_ID) &&
    ix.data.length === 1 &&
    ix.data[0] === CREATE_IDEMPOTENT &&
    ix.keys[0]?.pubkey.equals(authority) === true &&
    ix.keys[0].isSigner
  );
}

/** Throws {@link RelayPolicyError} unless `tx` is relayable with `feePayer` paying only fees. */
export function assertRelayable(tx: Transaction, feePayer: PublicKey, authority: PublicKey, allow: RelayAllowance = {}): void {
  if (!tx.feePayer?.equals(feePayer)) throw new RelayPolicyError("the fee payer must be the relayer's fee key");
  for (const [i, ix] of tx.instructions.entries()) {
    const accountOpen = allow.signerOpensAccounts === true && isSignerPaidAccountOpen(ix, authority);
    if (!accountOpen && !ALLOWED_PROGRAMS.some((p) => p.equals(ix.programId))) {
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
