import { describe, expect, it } from "vitest";
import { legacyEnvelope, messageFormat, v0Envelope } from "../../../../bot/core/linking/offchain.js";

describe("off-chain message envelopes", () => {
  it("GIVEN 'Test Message' THEN the exact bytes of solana-offchain-message 2.2's own test vector", () => {
    const expected = [
      255, 115, 111, 108, 97, 110, 97, 32, 111, 102, 102, 99, 104, 97, 105, 110, 0, 0, 12, 0, 84, 101, 115, 116, 32, 77,
      101, 115, 115, 97, 103, 101,
    ];
    expect([...legacyEnvelope(new TextEncoder().encode("Test Message"))]).toEqual(expected);
  });
  it("GIVEN a UTF-8 text THEN format 1 and the byte length, as the Rust vector (35 bytes)", () => {
    const body = new TextEncoder().encode("Тестовое сообщение");
    const bytes = legacyEnvelope(body);
    expect([...bytes.subarray(16, 20)]).toEqual([0, 1, 35, 0]);
  });
  it("GIVEN a multi-line message THEN limited UTF-8 (a newline is not restricted ASCII)", () => {
    expect(messageFormat(new TextEncoder().encode("a\nb"))).toBe(1);
    expect(messageFormat(new TextEncoder().encode("ab"))).toBe(0);
  });
  it("GIVEN a v0 envelope THEN zero application domain, one signer, then the length", () => {
    const signer = new Uint8Array(32).fill(7);
    const bytes = v0Envelope(new TextEncoder().encode("hi"), signer);
    expect(bytes.length).toBe(16 + 1 + 32 + 1 + 1 + 32 + 2 + 2);
    expect(bytes[17 + 32]).toBe(0);
    expect(bytes[17 + 33]).toBe(1);
    expect([...bytes.subarray(17 + 34, 17 + 66)]).toEqual([...signer]);
  });
  it("GIVEN an empty body THEN it refuses to build an envelope", () => {
    expect(() => legacyEnvelope(new Uint8Array())).toThrow(RangeError);
  });
});
