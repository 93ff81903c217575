/**
 * What the relayer may sign, checked on the compiled message just before signing, so no
 * builder bug can slip past it: only pepfund and compute-budget instructions, and a fee
 * payer that appears in no instruction at all. (Solana always marks the fee payer
 * writable in the message header, because the fee is debited from it; what matters is that
 * no instruction can touch it, so it pays fees and nothing else.)
 *
 * Compute budget: exactly the two instructions compute-budget.ts adds, each at most once, with
 * no accounts: a unit limit within the runtime's maximum and a unit price within the cap
 * (the fee payer pays price x limit, so an uncapped price would drain it). Heap frames and
 * loaded-data limits are refused.
 *
 * When the caller allows it, a transaction may also open an associated token account: only the
 * Associated Token program's idempotent create, paid by the signer (a wallet-signed
 * contribution opens the backer's backer-token account; the finalize crank's relay authority
 * opens a researcher's USDC account to release a tranche into). The fee payer still pays no rent.
 */
import { ComputeBudgetProgram, type PublicKey, type Transaction, type TransactionInstruction } from "@solana/web3.js";
import { PROGRAM_ID } from "../program.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID } from "../token.js";
import { DEFAULT_MAX_PRIORITY_FEE, MAX_COMPUTE_UNITS } from "./compute-budget.js";

/** A transaction the relay policy refuses to sign; always a bug in the caller. */
export class RelayPolicyError extends Error {
  override readonly name = "RelayPolicyError";
}

const ALLOWED_PROGRAMS = [PROGRAM_ID, ComputeBudgetProgram.programId];

/** Compute-budget instruction tags (the first data byte) and their data lengths. */
const SET_COMPUTE_UNIT_LIMIT = { tag: 2, length: 5 } as const;
const SET_COMPUTE_UNIT_PRICE = { tag: 3, length: 9 } as const;

/** The Associated Token program's CreateIdempotent instruction index. */
const CREATE_IDEMPOTENT = 1;

/** What the caller allows beyond pepfund and compute-budget instructions. */
export interface RelayAllowance {
  /** The signer may open its own associated token accounts, paying their rent itself. */
  readonly signerOpensAccounts?: boolean;
  /** The highest compute-unit price (micro-lamports) allowed; default {@link DEFAULT_MAX_PRIORITY_FEE}. */
  readonly maxComputeUnitPrice?: number;
}

/** Checks the compute-budget instructions of `tx`: limit and price at most once each, within bounds. */
function assertComputeBudget(tx: Transaction, maxPrice: number): void {
  const seen = new Set<number>();
  for (const [i, ix] of tx.instructions.entries()) {
    if (!ix.programId.equals(ComputeBudgetProgram.programId)) continue;
    const tag = ix.data[0];
    const kind = tag === SET_COMPUTE_UNIT_LIMIT.tag ? SET_COMPUTE_UNIT_LIMIT : tag === SET_COMPUTE_UNIT_PRICE.tag ? SET_COMPUTE_UNIT_PRICE : null;
    if (kind === null || ix.data.length !== kind.length || ix.keys.length !== 0) {
      throw new RelayPolicyError(`instruction ${i} is a compute-budget instruction other than a unit limit or price`);
    }
    if (seen.has(kind.tag)) throw new RelayPolicyError(`instruction ${i} repeats a compute-budget instruction`);
    seen.add(kind.tag);
    const data = Buffer.from(ix.data);
    if (kind === SET_COMPUTE_UNIT_LIMIT && data.readUInt32LE(1) > MAX_COMPUTE_UNITS) {
      throw new RelayPolicyError(`instruction ${i} asks for ${data.readUInt32LE(1)} compute units, above the ${MAX_COMPUTE_UNITS} maximum`);
    }
    if (kind === SET_COMPUTE_UNIT_PRICE && data.readBigUInt64LE(1) > BigInt(maxPrice)) {
      throw new RelayPolicyError(`instruction ${i} sets a compute-unit price of ${data.readBigUInt64LE(1)} micro-lamports, above the ${maxPrice} cap`);
    }
  }
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
  assertComputeBudget(tx, allow.maxComputeUnitPrice ?? DEFAULT_MAX_PRIORITY_FEE);
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
