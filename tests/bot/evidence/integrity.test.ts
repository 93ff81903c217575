import { describe, expect, it } from "vitest";
import { assertEvidenceMatches, EvidenceIntegrityError, isArweaveId, sha256Hex } from "../../../bot/evidence/integrity.js";

describe("evidence integrity", () => {
  it("GIVEN a 43-character base64url id of 32 bytes THEN valid; other shapes THEN invalid", () => {
    const id = Buffer.alloc(32, 7).toString("base64url");
    expect(isArweaveId(id)).toBe(true);
    expect(isArweaveId(`${id}A`)).toBe(false);
    expect(isArweaveId(id.replace(/.$/, "+"))).toBe(false);
  });
  it("GIVEN bytes matching the on-chain hash THEN accepted; other bytes THEN EvidenceIntegrityError", () => {
    const bytes = new TextEncoder().encode("dataset v1");
    expect(() => assertEvidenceMatches(bytes, sha256Hex(bytes))).not.toThrow();
    expect(() => assertEvidenceMatches(new TextEncoder().encode("dataset v2"), sha256Hex(bytes))).toThrow(EvidenceIntegrityError);
    expect(() => assertEvidenceMatches(bytes, "zz")).toThrow(EvidenceIntegrityError);
  });
});
