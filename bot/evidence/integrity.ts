/**
 * The check that makes evidence trustworthy: an Arweave id is 32 bytes in unpadded
 * base64url (43 characters), and the downloaded bytes must hash to the SHA-256 recorded
 * on-chain. Anything else is refused before it is shown.
 */
import { createHash } from "node:crypto";
import { EvidenceIntegrityError } from "../core/evidence-errors.js";
import { isSha256Hex } from "../core/evidence-ids.js";

export { isArweaveId } from "../core/evidence-ids.js";
export { EvidenceIntegrityError } from "../core/evidence-errors.js";

/** Hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Throws {@link EvidenceIntegrityError} unless `bytes` hash to `expectedSha256` (hex). */
export function assertEvidenceMatches(bytes: Uint8Array, expectedSha256: string): void {
  if (!isSha256Hex(expectedSha256)) throw new EvidenceIntegrityError("expected hash is not 64 hex digits");
  if (sha256Hex(bytes) !== expectedSha256) throw new EvidenceIntegrityError("evidence bytes do not match the on-chain hash");
}
