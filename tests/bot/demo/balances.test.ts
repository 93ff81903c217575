/**
 * What the demo checks its end against: the rules' final balances (40% released, 60%
 * refunded pro rata) and, when the chain ends elsewhere, each wrong balance named.
 */
import { describe, expect, it } from "vitest";
import { differences, expectedFinalBalances, usdc } from "../../../bot/demo/balances.js";

const START = 10_000_000_000n;
const CONTRIBUTIONS = [400_000_000n, 300_000_000n, 300_000_000n];

describe("the demo's balance check", () => {
  it("GIVEN 1,000 USDC raised THEN the rules say 400 to the researcher and 600 back pro rata", () => {
    expect(expectedFinalBalances(START, CONTRIBUTIONS)).toEqual({
      researcher: 400_000_000n,
      escrow: 0n,
      treasury: 0n,
      backers: [9_840_000_000n, 9_880_000_000n, 9_880_000_000n],
    });
  });

  it("GIVEN the expected balances THEN nothing differs", () => {
    const expected = expectedFinalBalances(START, CONTRIBUTIONS);
    expect(differences(expected, expected)).toEqual([]);
  });

  it("GIVEN USDC left in escrow and a backer short THEN each wrong balance is named", () => {
    const expected = expectedFinalBalances(START, CONTRIBUTIONS);
    const actual = { ...expected, escrow: 240_000_000n, backers: [9_600_000_000n, 9_880_000_000n, 9_880_000_000n] };
    expect(differences(actual, expected)).toEqual(["escrow: 240000000 base units, expected 0", "backer 1: 9600000000 base units, expected 9840000000"]);
  });

  it("GIVEN base units THEN the narration shows USDC without trailing zeros", () => {
    expect(usdc(400_000_000n)).toBe("400 USDC");
    expect(usdc(12_500_000n)).toBe("12.5 USDC");
  });
});
