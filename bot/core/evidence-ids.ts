/**
 * Arweave ids and SHA-256 hashes in the forms people see: an Arweave transaction id is 32
 * bytes in unpadded base64url (43 characters); a hash is 64 lowercase hex digits. The program
 * stores both as `[u8; 32]`.
 */

const ARWEAVE_ID = /^[A-Za-z0-9_-]{43}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True when `id` is a well-formed Arweave transaction id (the last character's spare bits zero). */
export function isArweaveId(id: string): boolean {
  if (!ARWEAVE_ID.test(id)) return false;
  const bytes = arweaveIdToBytes(id);
  return bytes !== null && arweaveIdFromBytes(bytes) === id;
}

/** True when `hash` is 64 lowercase hex digits. */
export function isSha256Hex(hash: string): boolean {
  return SHA256_HEX.test(hash);
}

/** The 32 bytes of an Arweave id, or `null` when it is not one. */
export function arweaveIdToBytes(id: string): Uint8Array | null {
  if (!ARWEAVE_ID.test(id)) return null;
  const bytes = Uint8Array.from(Buffer.from(id, "base64url"));
  return bytes.length === 32 ? bytes : null;
}

/** The Arweave id of 32 raw bytes, as the program stores it. */
export function arweaveIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 32) throw new RangeError("an Arweave id is 32 bytes");
  return Buffer.from(bytes).toString("base64url");
}

/** Lowercase hex of bytes (a SHA-256 as the program stores it). */
export function hexFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** The 32 bytes of a hex SHA-256, or `null` when it is not one. */
export function sha256HexToBytes(hash: string): Uint8Array | null {
  return isSha256Hex(hash) ? Uint8Array.from(Buffer.from(hash, "hex")) : null;
}
