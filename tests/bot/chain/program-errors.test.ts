import { describe, expect, it } from "vitest";
import { programErrorName, programErrorNumber } from "../../../bot/chain/program-errors.js";
import { PROGRAM_ERROR_NAMES } from "../../../bot/core/codes.js";

describe("Anchor error numbers", () => {
  it("GIVEN 6000 THEN NotAdmin; GIVEN the last index THEN the last variant", () => {
    expect(programErrorName(6000)).toBe("NotAdmin");
    expect(programErrorName(6000 + PROGRAM_ERROR_NAMES.length - 1)).toBe(PROGRAM_ERROR_NAMES.at(-1));
  });
  it("GIVEN a number outside the program's range THEN null", () => {
    expect(programErrorName(5999)).toBeNull();
    expect(programErrorName(6000 + PROGRAM_ERROR_NAMES.length)).toBeNull();
  });
  it("GIVEN every name THEN number and name round-trip", () => {
    for (const name of PROGRAM_ERROR_NAMES) expect(programErrorName(programErrorNumber(name))).toBe(name);
  });
});
