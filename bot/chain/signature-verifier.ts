/**
 * Ed25519 verification with tweetnacl, the core's `SignatureVerifier`. Lengths are checked
 * before tweetnacl sees the bytes: it throws on a wrong-sized key or signature, and a
 * malformed paste must be a refusal, never a crash.
 */
import nacl from "tweetnacl";
import type { SignatureVerifier } from "../core/ports.js";

/** Verifies detached ed25519 signatures. */
export const naclVerifier: SignatureVerifier = {
  verify(message, signature, publicKey) {
    if (signature.length !== nacl.sign.signatureLength || publicKey.length !== nacl.sign.publicKeyLength) {
      return false;
    }
    return nacl.sign.detached.verify(message, signature, publicKey);
  },
};
