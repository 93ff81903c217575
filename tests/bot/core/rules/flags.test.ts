import { describe, expect, it } from "vitest";
import { U64_MAX } from "../../../../bot/core/rules/constants.js";
import {
  checkFlagWeight,
  flagThreshold,
  quorumReached,
  reachesBps,
  staleSupportConfirmed,
  weightToQuorum,
} from "../../../../bot/core/rules/flags.js";

describe("flag threshold: max(1, ceil(supply * 10 / 10000))", () => {
  it("GIVEN supply 1,000,000 THEN 1,000; GIVEN 1,000,001 THEN 1,001 (rounded up)", () => {
    expect(flagThreshold(1_000_000n)).toBe(1_000n);
    expect(flagThreshold(1_000_001n)).toBe(1_001n);
  });
  it("GIVEN tiny supplies where 0.1% rounds to zero, and supply 0 THEN at least 1", () => {
    expect(flagThreshold(0n)).toBe(1n);
    expect(flagThreshold(1n)).toBe(1n);
    expect(flagThreshold(999n)).toBe(1n);
    expect(flagThreshold(1_001n)).toBe(2n);
  });
  it("GIVEN u64::MAX THEN exact (no float)", () => {
    expect(flagThreshold(U64_MAX)).toBe((U64_MAX * 10n + 9_999n) / 10_000n);
  });
  it("GIVEN exactly 0.1% THEN eligible; one unit below THEN BelowFlagThreshold; none THEN NoDeposit", () => {
    expect(checkFlagWeight(1_000n, 1_000_000n)).toMatchObject({ ok: true, value: { weight: 1_000n } });
    expect(checkFlagWeight(999n, 1_000_000n)).toMatchObject({ ok: false, code: "BelowFlagThreshold" });
    expect(checkFlagWeight(0n, 1_000_000n)).toMatchObject({ ok: false, code: "NoDeposit" });
  });
});

describe("quorum: weight > 0 && weight * 10000 >= backer supply * 1000", () => {
  it("GIVEN exactly 10%, 10% minus one unit, plus one THEN reached, not, reached", () => {
    expect(quorumReached(100_000n, 1_000_000n)).toBe(true);
    expect(quorumReached(99_999n, 1_000_000n)).toBe(false);
    expect(quorumReached(100_001n, 1_000_000n)).toBe(true);
  });
  it("GIVEN supply zero THEN zero weight never reaches, one unit does (no division)", () => {
    expect(quorumReached(0n, 0n)).toBe(false);
    expect(quorumReached(1n, 0n)).toBe(true);
  });
  it("GIVEN values near u64::MAX THEN exact as calc::reaches_bps", () => {
    expect(reachesBps(U64_MAX / 10n + 1n, U64_MAX, 1_000n)).toBe(true);
    expect(reachesBps(U64_MAX / 10n, U64_MAX, 1_000n)).toBe(false);
  });
  it("GIVEN a weight THEN what is missing to quorum, 0 once reached", () => {
    expect(weightToQuorum(0n, 1_000_000n)).toBe(100_000n);
    expect(weightToQuorum(99_999n, 1_000_000n)).toBe(1n);
    expect(weightToQuorum(100_000n, 1_000_000n)).toBe(0n);
    expect(weightToQuorum(0n, 0n)).toBe(1n);
  });
  it("GIVEN stale support THEN the same 10% rule", () => {
    expect(staleSupportConfirmed(100n, 1_000n)).toBe(true);
    expect(staleSupportConfirmed(99n, 1_000n)).toBe(false);
  });
});
