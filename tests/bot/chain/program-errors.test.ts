import { describe, expect, it } from "vitest";
import { coreErrorOf, programErrorName, programErrorNumber } from "../../../bot/chain/program-errors.js";
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

describe("coreErrorOf", () => {
  const PEPFUND = "FuDBEgJaaW65A2ckDrqFtV67A36ZzWxYXU7ZxqmqikzN";
  const SYSTEM = "11111111111111111111111111111111";
  const failure = (logs: string[]) => ({ logs });

  it("GIVEN an AnchorError log line of a program error THEN its core code by number", () => {
    const logs = [
      `Program ${PEPFUND} invoke [1]`,
      "Program log: Instruction: MilestoneFinalize",
      "Program log: AnchorError thrown in programs/pepfund/src/instructions/milestone_finalize.rs:49. Error Code: WindowOpen. Error Number: 6026. Error Message: The review window is still open.",
      `Program ${PEPFUND} failed: custom program error: 0x178a`,
    ];
    expect(coreErrorOf(failure(logs))).toBe("WindowOpen");
  });

  it("GIVEN Anchor's AccountNotInitialized on holder_record or campaign THEN NotDeposited / CampaignNotFound", () => {
    const line = (account: string) =>
      `Program log: AnchorError caused by account: ${account}. Error Code: AccountNotInitialized. Error Number: 3012. Error Message: The program expected this account to be already initialized.`;
    expect(coreErrorOf(failure([line("holder_record")]))).toBe("NotDeposited");
    expect(coreErrorOf(failure([line("campaign")]))).toBe("CampaignNotFound");
    expect(coreErrorOf(failure([line("flag_record")]))).toBeNull();
  });

  it("GIVEN a has_one failure whose compared keys are missing (Anchor's parser throws) THEN the failure line still gives NotAdmin", () => {
    const logs = [
      `Program ${PEPFUND} invoke [1]`,
      "Program log: Instruction: DisputeResolve",
      "Program log: AnchorError caused by account: config. Error Code: NotAdmin. Error Number: 6000. Error Message: Only the admin authority may do this.",
      "Program log: Left:",
      "Program log: Right:",
      `Program ${PEPFUND} failed: custom program error: 0x1770`,
    ];
    expect(coreErrorOf(failure(logs))).toBe("NotAdmin");
  });

  it("GIVEN the System Program's 'already in use' inside flag_submit THEN AlreadyFlagged; elsewhere no code", () => {
    const logs = [
      `Program ${PEPFUND} invoke [1]`,
      "Program log: Instruction: FlagSubmit",
      `Program ${SYSTEM} invoke [2]`,
      "Allocate: account Address { address: 9x, base: None } already in use",
      `Program ${SYSTEM} failed: custom program error: 0x0`,
      `Program ${PEPFUND} failed: custom program error: 0x0`,
    ];
    expect(coreErrorOf(failure(logs), "flag_submit")).toBe("AlreadyFlagged");
    expect(coreErrorOf(failure(logs), "stale_support")).toBeNull();
  });

  it("GIVEN no logs (a network error) THEN null", () => {
    expect(coreErrorOf(new Error("fetch failed"))).toBeNull();
  });
});
