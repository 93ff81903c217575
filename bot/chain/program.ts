/**
 * The Anchor client of the committed IDL: `Program<Pepfund>` over any RPC connection.
 * Anchor TS is CommonJS, so its values come from the default import (Node's ESM loader
 * does not see its re-exported names).
 */
import anchor, { type BN as AnchorBN, type Program as AnchorProgram, type Wallet as AnchorWallet } from "@coral-xyz/anchor";
import { type Connection, type Keypair, PublicKey } from "@solana/web3.js";
import idlJson from "../../programs/pepfund/idl/pepfund.json" with { type: "json" };
import type { Pepfund } from "./idl/pepfund.js";

export type { Pepfund } from "./idl/pepfund.js";

/** The PepFund program client. */
export type PepfundProgram = AnchorProgram<Pepfund>;

/** The IDL exactly as committed (snake_case); `Program` converts names itself. */
export const PEPFUND_IDL = idlJson as unknown as Pepfund;

/** The program id the IDL (and `declare_id!`) names. */
export const PROGRAM_ID = new PublicKey(idlJson.address);

/** Anchor TS values (BN, EventParser, AnchorError, ...), re-exported for the adapter and tests. */
export const { AnchorProvider, AnchorError, BN, EventParser, Program, Wallet } = anchor;
/** A bn.js integer, as Anchor encodes and decodes u64/i64. */
export type BN = AnchorBN;

/**
 * A client that reads through `connection` and signs with `payer` (the provider wallet
 * pays fees for `.rpc()`; a read-only client may use any keypair, it never signs).
 */
export function pepfundProgram(connection: Connection, payer: Keypair): PepfundProgram {
  const wallet: AnchorWallet = new Wallet(payer);
  const provider = new AnchorProvider(connection, wallet, { commitment: "confirmed" });
  return new Program<Pepfund>(PEPFUND_IDL, provider);
}
