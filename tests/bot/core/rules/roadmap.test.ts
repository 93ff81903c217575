import { describe, expect, it } from "vitest";
import { roadmapProblems, validateRoadmap, type MilestoneDraft } from "../../../../bot/core/rules/roadmap.js";

const m = (shareBps: number, title = "Milestone", estimatedCompletion = 1_000): MilestoneDraft => ({
  title,
  shareBps,
  estimatedCompletion,
});
/** Fundraising deadline of the roadmaps below: every date used here falls after it. */
const DEADLINE = 0;
const code = (r: ReturnType<typeof validateRoadmap>) => (r.ok ? "ok" : r.code);

describe("validateRoadmap (validate_roadmap in state/milestone.rs)", () => {
  it("GIVEN 40/30/30 THEN ok", () => expect(code(validateRoadmap([m(4000), m(3000), m(3000)], DEADLINE))).toBe("ok"));
  it("GIVEN one milestone THEN TooFewMilestones", () => expect(code(validateRoadmap([m(10000)], DEADLINE))).toBe("TooFewMilestones"));
  it("GIVEN none THEN TooFewMilestones", () => expect(code(validateRoadmap([], DEADLINE))).toBe("TooFewMilestones"));
  it("GIVEN 10 milestones of 10% THEN ok; 11 THEN TooManyMilestones", () => {
    expect(code(validateRoadmap(Array.from({ length: 10 }, () => m(1000)), DEADLINE))).toBe("ok");
    expect(code(validateRoadmap(Array.from({ length: 11 }, () => m(1000)), DEADLINE))).toBe("TooManyMilestones");
  });
  it("GIVEN a first share of 4000 THEN ok; 4001 THEN FirstShareTooLarge", () => {
    expect(code(validateRoadmap([m(4000), m(5000), m(1000)], DEADLINE))).toBe("ok");
    expect(code(validateRoadmap([m(4001), m(5000), m(999)], DEADLINE))).toBe("FirstShareTooLarge");
  });
  it("GIVEN a later share of 5000 THEN ok; 5001 THEN ShareTooLarge", () => {
    expect(code(validateRoadmap([m(1000), m(5000), m(4000)], DEADLINE))).toBe("ok");
    expect(code(validateRoadmap([m(1000), m(5001), m(3999)], DEADLINE))).toBe("ShareTooLarge");
  });
  it("GIVEN a zero share THEN ShareZero, checked before the first-share limit", () => {
    expect(code(validateRoadmap([m(0), m(5000), m(5000)], DEADLINE))).toBe("ShareZero");
  });
  it("GIVEN shares summing 9999 or 10001 THEN SharesNotFull", () => {
    expect(code(validateRoadmap([m(4000), m(3000), m(2999)], DEADLINE))).toBe("SharesNotFull");
    expect(code(validateRoadmap([m(4000), m(3000), m(3001)], DEADLINE))).toBe("SharesNotFull");
  });
  it("GIVEN titles of 0, 64 and 65 UTF-8 bytes THEN InvalidTitle, ok, InvalidTitle", () => {
    expect(code(validateRoadmap([m(5000, ""), m(5000)], DEADLINE))).toBe("InvalidTitle");
    expect(code(validateRoadmap([m(4000, "é".repeat(32)), m(3000), m(3000)], DEADLINE))).toBe("ok");
    expect(code(validateRoadmap([m(4000, `${"é".repeat(32)}a`), m(3000), m(3000)], DEADLINE))).toBe("InvalidTitle");
  });
  it("GIVEN equal dates THEN ok; a date going back THEN DatesOutOfOrder", () => {
    expect(code(validateRoadmap([m(4000, "a", 5), m(3000, "b", 5), m(3000, "c", 6)], DEADLINE))).toBe("ok");
    expect(code(validateRoadmap([m(4000, "a", 5), m(3000, "b", 4), m(3000, "c", 6)], DEADLINE))).toBe("DatesOutOfOrder");
  });
  it("GIVEN several faults THEN the program's first: count, then per milestone in order, then the sum", () => {
    expect(code(validateRoadmap([m(6000, "")], DEADLINE))).toBe("TooFewMilestones");
    expect(code(validateRoadmap([m(4001, "a", 9), m(0, "", 1)], DEADLINE))).toBe("FirstShareTooLarge");
    expect(code(validateRoadmap([m(100, "a", 9), m(6000, "b", 1)], DEADLINE))).toBe("ShareTooLarge");
    expect(code(validateRoadmap([m(100, "a", 9), m(100, "b", 1)], DEADLINE))).toBe("DatesOutOfOrder");
  });
  it("GIVEN a fault THEN the 1-based milestone is named", () => {
    expect(validateRoadmap([m(1000), m(5001), m(3999)], DEADLINE)).toMatchObject({ details: { milestone: "2" } });
  });
  it("GIVEN a date one second before the deadline THEN DateOutOfRange, at the deadline THEN ok", () => {
    expect(code(validateRoadmap([m(4000, "a", 499), m(3000), m(3000)], 500))).toBe("DateOutOfRange");
    expect(code(validateRoadmap([m(4000, "a", 500), m(3000), m(3000)], 500))).toBe("ok");
  });
  it("GIVEN a date after 2100-01-01 THEN DateOutOfRange, exactly at it THEN ok", () => {
    expect(code(validateRoadmap([m(4000), m(3000), m(3000, "c", 4_102_444_801)], DEADLINE))).toBe("DateOutOfRange");
    expect(code(validateRoadmap([m(4000), m(3000), m(3000, "c", 4_102_444_800)], DEADLINE))).toBe("ok");
  });
});

describe("roadmapProblems (every broken rule, beside its field, for forms)", () => {
  const terms = { goal: 1n, deadline: 500 };
  it("GIVEN a valid create THEN no problem", () => {
    expect(roadmapProblems(terms, [m(4000, "a", 500), m(3000, "b", 600), m(3000, "c", 600)], 499)).toEqual([]);
  });
  it("GIVEN a goal of 0 and a deadline not after now THEN GoalZero at the goal and DeadlineInPast at the deadline", () => {
    const problems = roadmapProblems({ goal: 0n, deadline: 500 }, [m(4000, "a", 500), m(3000, "b", 600), m(3000, "c", 600)], 500);
    expect(problems).toEqual([
      { code: "GoalZero", at: "goal" },
      { code: "DeadlineInPast", at: "deadline" },
    ]);
  });
  it("GIVEN several broken milestones THEN each problem at its milestone and field, and the total at the roadmap", () => {
    const problems = roadmapProblems(terms, [m(4001, "", 600), m(0, "b", 599), m(5001, "c", 400)], 0);
    expect(problems).toEqual([
      { code: "InvalidTitle", at: { milestone: 0, field: "title" } },
      { code: "FirstShareTooLarge", at: { milestone: 0, field: "share" } },
      { code: "ShareZero", at: { milestone: 1, field: "share" } },
      { code: "DatesOutOfOrder", at: { milestone: 1, field: "estimatedCompletion" } },
      { code: "ShareTooLarge", at: { milestone: 2, field: "share" } },
      { code: "DatesOutOfOrder", at: { milestone: 2, field: "estimatedCompletion" } },
      { code: "DateOutOfRange", at: { milestone: 2, field: "estimatedCompletion" } },
      { code: "SharesNotFull", at: "milestones", details: { total: "9002" } },
    ]);
  });
  it("GIVEN any roadmap THEN validateRoadmap's refusal is the first roadmap problem listed", () => {
    const roadmap = [m(100, "a", 9), m(6000, "", 1)];
    const first = roadmapProblems({ goal: 1n, deadline: 0 }, roadmap, -1)[0];
    expect(validateRoadmap(roadmap, 0)).toMatchObject({ ok: false, code: first?.code, details: { milestone: "2" } });
  });
});
