/** Arweave ids and hashes between the program's `[u8; 32]` and the forms people see. */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  arweaveIdFromBytes,
  arweaveIdToBytes,
  hexFromBytes,
  isArweaveId,
  isSha256Hex,
  sha256HexToBytes,
} from "../../../bot/core/evidence-ids.js";

describe("evidence ids", () => {
  it("GIVEN 32 bytes THEN the 43-character id round-trips to the same bytes", () => {
    const bytes = new Uint8Array(randomBytes(32));
    const id = arweaveIdFromBytes(bytes);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isArweaveId(id)).toBe(true);
    expect(arweaveIdToBytes(id)).toEqual(bytes);
  });

  it("GIVEN an id whose last character has spare bits set THEN not an id (two spellings of one key are refused)", () => {
    const id = arweaveIdFromBytes(new Uint8Array(32));
    expect(id.endsWith("A")).toBe(true);
    expect(isArweaveId(`${id.slice(0, 42)}B`)).toBe(false);
  });

  it("GIVEN other lengths or alphabets THEN not an id, and no bytes", () => {
    for (const bad of ["", "A".repeat(42), "A".repeat(44), `${"A".repeat(42)}=`, `${"A".repeat(42)}/`]) {
      expect(isArweaveId(bad)).toBe(false);
      expect(arweaveIdToBytes(bad)).toBeNull();
    }
    expect(() => arweaveIdFromBytes(new Uint8Array(31))).toThrow(RangeError);
  });

  it("GIVEN a hash THEN lowercase hex of 64 digits only, round-tripping", () => {
    const bytes = new Uint8Array(randomBytes(32));
    const hex = hexFromBytes(bytes);
    expect(isSha256Hex(hex)).toBe(true);
    expect(sha256HexToBytes(hex)).toEqual(bytes);
    expect(isSha256Hex(hex.toUpperCase())).toBe(false);
    expect(sha256HexToBytes("ab")).toBeNull();
  });
});
