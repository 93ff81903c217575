/**
 * The few SPL Token facts the adapter needs, without the spl-token package: associated
 * token addresses, the idempotent create-ATA instruction, and a token account's amount.
 */
import { PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";

export const TOKEN_PROGRAM_ID = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
export const ASSOCIATED_TOKEN_PROGRAM_ID = new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");

/** Byte offset of `amount` (u64 LE) in an SPL token account: after mint and owner. */
const AMOUNT_OFFSET = 64;
/** Size of an SPL Token account. */
export const TOKEN_ACCOUNT_SIZE = 165;

/** The associated token account of `owner` for `mint` (of SPL Token unless `tokenProgram` says Token-2022). */
export function associatedTokenAddress(owner: PublicKey, mint: PublicKey, tokenProgram: PublicKey = TOKEN_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync(
    [owner.toBytes(), tokenProgram.toBytes(), mint.toBytes()],
    ASSOCIATED_TOKEN_PROGRAM_ID,
  )[0];
}

/** Creates `owner`'s ATA for `mint` unless it exists (ATA program instruction 1). */
export function createAssociatedTokenAccountIdempotent(
  payer: PublicKey,
  owner: PublicKey,
  mint: PublicKey,
  tokenProgram: PublicKey = TOKEN_PROGRAM_ID,
): TransactionInstruction {
  return new TransactionInstruction({
    programId: ASSOCIATED_TOKEN_PROGRAM_ID,
    keys: [
      { pubkey: payer, isSigner: true, isWritable: true },
      { pubkey: associatedTokenAddress(owner, mint, tokenProgram), isSigner: false, isWritable: true },
      { pubkey: owner, isSigner: false, isWritable: false },
      { pubkey: mint, isSigner: false, isWritable: false },
      { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
      { pubkey: tokenProgram, isSigner: false, isWritable: false },
    ],
    data: Buffer.from([1]),
  });
}

/** The amount held by a raw SPL token account. */
export function tokenAmount(data: Uint8Array): bigint {
  if (data.length < TOKEN_ACCOUNT_SIZE) throw new TypeError("not an SPL token account");
  return Buffer.from(data).readBigUInt64LE(AMOUNT_OFFSET);
}
