import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { IDL_JSON_PATH } from "../../../../bot/chain/idl/generate.js";
import * as rules from "../../../../bot/core/rules/constants.js";

interface IdlConstant {
  name: string;
  type: string;
  value: string;
}

/** Bounds of the on-chain integer types, not rules: the program has no constant for them. */
const TYPE_BOUNDS = new Set(["U64_MAX", "I64_MAX"]);

/** The rule constants as the IDL build evaluated them from constants.rs (`#[constant]`). */
function idlRules(): Map<string, bigint> {
  const idl = JSON.parse(readFileSync(IDL_JSON_PATH, "utf8")) as { constants: IdlConstant[] };
  return new Map(idl.constants.filter((c) => !c.name.startsWith("SEED_")).map((c) => [c.name, BigInt(c.value)]));
}

/** The bot's mirror, every numeric export of bot/core/rules/constants.ts. */
function botRules(): Map<string, bigint> {
  return new Map(
    Object.entries(rules)
      .filter(([name, value]) => !TYPE_BOUNDS.has(name) && (typeof value === "number" || typeof value === "bigint"))
      .map(([name, value]) => [name, BigInt(value)]),
  );
}

describe("rule constants", () => {
  it("GIVEN constants.rs (through the committed IDL) THEN bot/core/rules has every rule constant with the same value, and no other", () => {
    const program = idlRules();
    // The windows, thresholds, quorum, stale periods, dispute deadline and limits are all there.
    for (const name of ["QUORUM_BPS", "STALE_SUPPORT_BPS", "FLAG_MIN_HOLDING_BPS", "FIRST_REVIEW_WINDOW_SECS", "STALE_AFTER_SECS", "DISPUTE_RESOLUTION_SECS", "MAX_MILESTONES"]) {
      expect(program.has(name), name).toBe(true);
    }
    expect(new Map([...botRules()].sort())).toEqual(new Map([...program].sort()));
  });

  it("GIVEN a drifted mirror THEN the comparison sees it", () => {
    const drifted = new Map(botRules()).set("QUORUM_BPS", 999n);
    expect(new Map([...drifted].sort())).not.toEqual(new Map([...idlRules()].sort()));
  });
});
