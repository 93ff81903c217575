/**
 * The check that makes evidence trustworthy: an Arweave id is 32 bytes in unpadded
 * base64url (43 characters), and the downloaded bytes must hash to the SHA-256 recorded
 * on-chain. Anything else is refused before it is shown.
 */
import { createHash } from "node:crypto";

const ARWEAVE_ID = /^[A-Za-z0-9_-]{43}$/;

/** True when `id` is a well-formed Arweave transaction id. */
export function isArweaveId(id: string): boolean {
  return ARWEAVE_ID.test(id) && Buffer.from(id, "base64url").length === 32;
}

/** Hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Evidence bytes that do not match the hash recorded on-chain. */
export class EvidenceIntegrityError extends Error {
  override readonly name = "EvidenceIntegrityError";
}

/** Throws {@link EvidenceIntegrityError} unless `bytes` hash to `expectedSha256` (hex). */
export function assertEvidenceMatches(bytes: Uint8Array, expectedSha256: string): void {
  if (!/^[0-9a-f]{64}$/.test(expectedSha256)) throw new EvidenceIntegrityError("expected hash is not 64 hex digits");
  if (sha256Hex(bytes) !== expectedSha256) throw new EvidenceIntegrityError("evidence bytes do not match the on-chain hash");
}
