/**
 * The text fields of a wallet action as the program's arguments (addresses, 32-byte ids and
 * hashes): a malformed one is an input error (`RelayInputError`), never a crash. Shared by the
 * campaign and pool halves of the action instructions.
 */
import { PublicKey } from "@solana/web3.js";
import { RelayInputError } from "./settle.js";

/** A base58 address as a key. */
export function addressKey(address: string): PublicKey {
  try {
    return new PublicKey(address);
  } catch {
    throw new RelayInputError(`${address} is not a Solana address`);
  }
}

/** 32 bytes written as base64url (an Arweave id) or hex (a SHA-256); `what` names the field in the error. */
export function bytes32(text: string, encoding: "base64url" | "hex", what: string): number[] {
  const bytes = Buffer.from(text, encoding);
  if (bytes.length !== 32 || bytes.toString(encoding) !== text) throw new RelayInputError(`${what} is not 32 bytes of ${encoding}`);
  return [...bytes];
}
