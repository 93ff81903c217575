import nacl from "tweetnacl";
import { describe, expect, it } from "vitest";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";

describe("naclVerifier", () => {
  const keys = nacl.sign.keyPair();
  const message = new TextEncoder().encode("hello");
  const signature = nacl.sign.detached(message, keys.secretKey);

  it("GIVEN the key's signature over the bytes THEN true", () => {
    expect(naclVerifier.verify(message, signature, keys.publicKey)).toBe(true);
  });
  it("GIVEN other bytes or another key THEN false", () => {
    expect(naclVerifier.verify(new TextEncoder().encode("hellp"), signature, keys.publicKey)).toBe(false);
    expect(naclVerifier.verify(message, signature, nacl.sign.keyPair().publicKey)).toBe(false);
  });
  it("GIVEN wrong-sized signature or key THEN false instead of tweetnacl's throw", () => {
    expect(naclVerifier.verify(message, signature.subarray(0, 63), keys.publicKey)).toBe(false);
    expect(naclVerifier.verify(message, signature, keys.publicKey.subarray(0, 31))).toBe(false);
  });
});
