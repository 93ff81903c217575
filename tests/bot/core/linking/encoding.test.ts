import { describe, expect, it } from "vitest";
import { base58Decode, base58Encode, decodeAddress, decodeSignature } from "../../../../bot/core/linking/encoding.js";

describe("base58", () => {
  it("GIVEN known vectors THEN encode and decode agree with Bitcoin's alphabet", () => {
    expect(base58Encode(new TextEncoder().encode("hello world"))).toBe("StV1DL6CwTryKyV");
    expect(base58Encode(Uint8Array.from([0, 0, 1]))).toBe("112");
    expect([...(base58Decode("112") ?? [])]).toEqual([0, 0, 1]);
  });
  it("GIVEN the system program id THEN 32 zero bytes", () => {
    expect(decodeAddress("11111111111111111111111111111111")).toEqual(new Uint8Array(32));
  });
  it("GIVEN random bytes THEN they round-trip", () => {
    for (let i = 0; i < 50; i++) {
      const bytes = Uint8Array.from({ length: 1 + (i % 64) }, (_, j) => (i * 31 + j * 7) % 256);
      expect(base58Decode(base58Encode(bytes), 200)).toEqual(bytes);
    }
  });
  it("GIVEN 0, O, I, l or a too-long text THEN null", () => {
    expect(base58Decode("0")).toBeNull();
    expect(base58Decode("2".repeat(129))).toBeNull();
  });
  it("GIVEN signatures in base58 and base64 THEN 64 bytes; other lengths THEN null", () => {
    const sig = Uint8Array.from({ length: 64 }, (_, i) => i);
    expect(decodeSignature(base58Encode(sig))).toEqual(sig);
    expect(decodeSignature(Buffer.from(sig).toString("base64"))).toEqual(sig);
    expect(decodeSignature(Buffer.from(sig.subarray(1)).toString("base64"))).toBeNull();
  });
});
