import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PROGRAM_ERROR_NAMES } from "../../../bot/core/codes.js";

const ERRORS_RS = new URL("../../../programs/pepfund/src/errors.rs", import.meta.url);

/** Variant names of `enum PepfundError`, in declaration order. */
function variantsOf(source: string): string[] {
  const body = /pub enum PepfundError\s*\{([\s\S]*?)\n\}/.exec(source)?.[1] ?? "";
  return body
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => !line.startsWith("//") && !line.startsWith("#") && line !== "")
    .map((line) => /^([A-Z][A-Za-z0-9]*)\s*,?$/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

describe("program error table", () => {
  it("GIVEN errors.rs THEN the core's list names every variant in the same order (Anchor code = 6000 + index)", () => {
    const variants = variantsOf(readFileSync(ERRORS_RS, "utf8"));
    expect(variants.length).toBeGreaterThan(10);
    expect([...PROGRAM_ERROR_NAMES]).toEqual(variants);
  });

  it("GIVEN a reordered enum THEN the parser sees the drift", () => {
    const reordered = "pub enum PepfundError {\n    NotPendingAdmin,\n    NotAdmin,\n}";
    expect(variantsOf(reordered)).toEqual(["NotPendingAdmin", "NotAdmin"]);
    expect(variantsOf(reordered)).not.toEqual(PROGRAM_ERROR_NAMES.slice(0, 2));
  });
});
