/**
 * Unsigned transactions for a signer that is not on this machine: a multisig (Squads v4
 * vault) imports them, its members approve, and the multisig executes. The fee payer is the
 * signer itself (the admin address), never the relayer: a multisig must be able to execute
 * it without a second key. The summary names each instruction, its arguments and its
 * accounts as the IDL does, so members can check what they approve before they sign.
 */
import type { BorshInstructionCoder } from "@coral-xyz/anchor";
import { PublicKey, Transaction, type TransactionInstruction } from "@solana/web3.js";
import bs58 from "bs58";
import { rpcCall } from "./errors.js";
import { BN, PEPFUND_IDL, PROGRAM_ID, type PepfundProgram } from "./program.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID } from "./token.js";

/** An unsigned transaction in the encodings multisig tools import. */
export interface UnsignedTransaction {
  /** The wire bytes with empty signature slots. */
  readonly bytes: Uint8Array;
  readonly base58: string;
  readonly base64: string;
  readonly feePayer: string;
  readonly blockhash: string;
  /** The last block height at which the blockhash is accepted. */
  readonly lastValidBlockHeight: number;
}

/**
 * The instructions as one legacy transaction paid by `feePayer`, with a fresh blockhash.
 * A blockhash lives about 60-90 seconds: a multisig that executes later replaces it (Squads
 * vault transactions carry only the message's instructions and accounts, not the blockhash).
 */
export async function unsignedTransaction(
  program: PepfundProgram,
  instructions: readonly TransactionInstruction[],
  feePayer: PublicKey,
): Promise<UnsignedTransaction> {
  const { blockhash, lastValidBlockHeight } = await rpcCall("getLatestBlockhash", () =>
    program.provider.connection.getLatestBlockhash("confirmed"),
  );
  const tx = new Transaction({ feePayer, blockhash, lastValidBlockHeight }).add(...instructions);
  const bytes = tx.serialize({ requireAllSignatures: false, verifySignatures: false });
  return {
    bytes,
    base58: bs58.encode(bytes),
    base64: Buffer.from(bytes).toString("base64"),
    feePayer: feePayer.toBase58(),
    blockhash,
    lastValidBlockHeight,
  };
}

/** One instruction in words: the program's instruction name, its arguments, its accounts. */
export interface InstructionSummary {
  readonly program: string;
  /** The IDL's instruction name (`campaign_approve`), or `unknown`. */
  readonly name: string;
  readonly args: readonly { readonly name: string; readonly value: string }[];
  readonly accounts: readonly { readonly name: string; readonly address: string; readonly signer: boolean; readonly writable: boolean }[];
}

/** Argument fields holding an Arweave id, shown as Arweave writes it (base64url) instead of bytes. */
const ARWEAVE_ID_FIELDS = new Set(["reason", "metadata", "evidenceId", "rationale"]);

function show(value: unknown, field: string): string {
  if (value instanceof PublicKey) return value.toBase58();
  if (BN.isBN(value)) return value.toString();
  if (Array.isArray(value) && value.every((b) => typeof b === "number")) {
    const bytes = Buffer.from(value);
    return ARWEAVE_ID_FIELDS.has(field) ? `${bytes.toString("base64url")} (Arweave id)` : `0x${bytes.toString("hex")}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => show(v, field)).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    // An IDL enum variant decodes as `{ variantName: {} }`.
    if (entries.length === 1 && JSON.stringify(entries[0]![1]) === "{}") return entries[0]![0];
    return `{ ${entries.map(([k, v]) => `${k}: ${show(v, k)}`).join(", ")} }`;
  }
  return String(value);
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Account names of the Associated Token program's CreateIdempotent (instruction 1), in order. */
const ATA_CREATE_IDEMPOTENT_ACCOUNTS = ["payer", "associated_token", "owner", "mint", "system_program", "token_program"];

/**
 * The one instruction of another program put beside PepFund's (token.ts): opening an
 * account that receives USDC. Members see what it opens and who pays, not "unknown".
 */
function foreignSummary(ix: TransactionInstruction): InstructionSummary | null {
  if (!ix.programId.equals(ASSOCIATED_TOKEN_PROGRAM_ID) || ix.data.length !== 1 || ix.data[0] !== 1) return null;
  return {
    program: `Associated Token Account (${ASSOCIATED_TOKEN_PROGRAM_ID.toBase58()})`,
    name: "create_associated_token_account_idempotent",
    args: [],
    accounts: ix.keys.map((k, i) => ({
      name: ATA_CREATE_IDEMPOTENT_ACCOUNTS[i] ?? `account ${i}`,
      address: k.pubkey.toBase58(),
      signer: k.isSigner,
      writable: k.isWritable,
    })),
  };
}

/** Each instruction of `tx`, in order, as the IDL names it. */
export function summarizeTransaction(program: PepfundProgram, tx: Transaction): InstructionSummary[] {
  // Anchor's Program builds a BorshCoder over its IDL; the port type shows only `encode`.
  const coder = program.coder.instruction as unknown as BorshInstructionCoder;
  return tx.instructions.map((ix) => {
    const foreign = foreignSummary(ix);
    if (foreign !== null) return foreign;
    const decoded = ix.programId.equals(PROGRAM_ID) ? coder.decode(Buffer.from(ix.data)) : null;
    // Account names as the IDL spells them (snake_case, as in the program's source).
    const idlAccounts = decoded === null ? [] : (PEPFUND_IDL.instructions.find((i) => i.name === snake(decoded.name))?.accounts ?? []);
    const data = (decoded?.data ?? {}) as Record<string, unknown>;
    // Struct arguments (`args`) are shown field by field: that is what members check.
    const args = Object.entries(data).flatMap(([name, value]) =>
      typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof PublicKey) && !BN.isBN(value)
        ? Object.entries(value).map(([field, v]) => ({ name: field, value: show(v, field) }))
        : [{ name, value: show(value, name) }],
    );
    return {
      program: ix.programId.equals(PROGRAM_ID) ? `PepFund (${PROGRAM_ID.toBase58()})` : ix.programId.toBase58(),
      name: decoded === null ? "unknown" : snake(decoded.name),
      args,
      accounts: ix.keys.map((k, i) => ({
        name: idlAccounts[i]?.name ?? `account ${i}`,
        address: k.pubkey.toBase58(),
        signer: k.isSigner,
        writable: k.isWritable,
      })),
    };
  });
}
