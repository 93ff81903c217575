/**
 * How the evidence store reports what the core must tell apart. Thrown by `EvidenceStore`
 * implementations; use cases turn them into refusal codes. Anything else is an outage.
 */

/** The bytes do not match the hash recorded on-chain (or given), or the gateway served other bytes. */
export class EvidenceIntegrityError extends Error {
  override readonly name = "EvidenceIntegrityError";
}

/** The evidence is over the size limit; found out before its bytes were read. */
export class EvidenceTooLargeError extends Error {
  override readonly name = "EvidenceTooLargeError";
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`evidence of ${size} bytes is over the ${limit}-byte limit`);
  }
}

/** No gateway knows the id. */
export class EvidenceNotFoundError extends Error {
  override readonly name = "EvidenceNotFoundError";
}

/** Not an Arweave id; refused before any request. */
export class EvidenceIdError extends Error {
  override readonly name = "EvidenceIdError";
}
