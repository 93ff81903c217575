import { describe, expect, it } from "vitest";
import { checkCampaignDraft, parseDate, parseSharePercent, parseUsdc } from "../../../bot/core/campaign-draft.js";

const NOW = Date.parse("2027-01-01T00:00:00Z") / 1000;

/** A roadmap.json the program would accept (40/30/30 after a deadline in February). */
function valid(): Record<string, unknown> {
  return {
    title: "Sleep and memory in zebrafish",
    summary: "Does sleep consolidate memory in larval zebrafish?",
    goal: "25,000.50",
    deadline: "2027-02-01",
    milestones: [
      { title: "Pilot", description: "Recordings of 20 fish.", evidenceType: "dataset", share: "40%", estimatedCompletion: "2027-03-01" },
      { title: "Main study", description: "200 fish.", evidenceType: "protocol-log", share: 30, estimatedCompletion: "2027-06-01" },
      { title: "Paper", description: "Preprint.", evidenceType: "Paper", share: "30.00", estimatedCompletion: "2027-09-01T12:00:00Z" },
    ],
  };
}

describe("campaign drafts (roadmap.json and the web form)", () => {
  it("GIVEN a valid draft THEN it is read exactly: USDC base units, basis points, Unix seconds", () => {
    const result = checkCampaignDraft(valid(), NOW);
    expect(result.problems).toEqual([]);
    if (!result.ok) throw new Error("refused");
    expect(result.value.goal).toBe(25_000_500_000n);
    expect(result.value.deadline).toBe(Date.parse("2027-02-01T00:00:00Z") / 1000);
    expect(result.value.milestones.map((m) => [m.evidenceType, m.shareBps])).toEqual([["Dataset", 4000], ["ProtocolLog", 3000], ["Paper", 3000]]);
    expect(result.value.milestones[2]?.estimatedCompletion).toBe(Date.parse("2027-09-01T12:00:00Z") / 1000);
  });

  it("GIVEN unreadable fields THEN each is named once, beside its field, with the rules of the rest still checked", () => {
    const draft = valid();
    draft.goal = "12.3456789";
    draft.deadline = "2027-02-30";
    const milestones = draft.milestones as Record<string, unknown>[];
    milestones[0]!.share = "40.5.1%";
    milestones[1]!.evidenceType = "video";
    milestones[2]!.title = "";
    milestones[2]!.share = "51%";
    const result = checkCampaignDraft(draft, NOW);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      { code: "FieldMalformed", at: "goal" },
      { code: "FieldMalformed", at: "deadline" },
      { code: "FieldMalformed", at: { milestone: 0, field: "share" } },
      { code: "FieldMalformed", at: { milestone: 1, field: "evidenceType" } },
      { code: "InvalidTitle", at: { milestone: 2, field: "title" } },
      { code: "ShareTooLarge", at: { milestone: 2, field: "share" } },
      { code: "SharesNotFull", at: "milestones", details: { total: "8100" } },
    ]);
  });

  it("GIVEN texts over their limits THEN TextTooLong with the limit", () => {
    const draft = valid();
    draft.summary = "x".repeat(4_001);
    const result = checkCampaignDraft(draft, NOW);
    expect(result.problems).toEqual([{ code: "TextTooLong", at: "summary", details: { limit: "4000", length: "4001" } }]);
  });

  it("GIVEN a deadline not after now THEN DeadlineInPast (the program's rule, at chain time)", () => {
    const draft = { ...valid(), deadline: NOW };
    expect(checkCampaignDraft(draft, NOW).problems).toEqual([{ code: "DeadlineInPast", at: "deadline" }]);
    expect(checkCampaignDraft({ ...draft, deadline: NOW + 1 }, NOW).problems.map((p) => p.code)).not.toContain("DeadlineInPast");
  });

  it("GIVEN eleven milestones THEN TooManyMilestones (and not a thousand problems for a thousand)", () => {
    const one = (valid().milestones as object[])[1];
    const result = checkCampaignDraft({ ...valid(), milestones: Array.from({ length: 1000 }, () => one) }, NOW);
    expect(result.problems.filter((p) => p.code === "TooManyMilestones")).toHaveLength(1);
    expect(result.problems.length).toBeLessThan(30);
  });

  it("GIVEN amounts, shares and dates at their edges THEN read exactly or refused", () => {
    expect(parseUsdc("0.000001")).toBe(1n);
    expect(parseUsdc("18446744073709.551615")).toBe((1n << 64n) - 1n);
    expect(parseUsdc("18446744073709.551616")).toBeNull();
    expect(parseUsdc("-1")).toBeNull();
    expect(parseSharePercent("33.33%")).toBe(3333);
    expect(parseSharePercent("33.333")).toBeNull();
    expect(parseSharePercent(12.5)).toBe(1250);
    expect(parseDate("2027-03-01T00:00")).toBeNull();
    expect(parseDate("2028-02-29")).toBe(Date.parse("2028-02-29T00:00:00Z") / 1000);
    expect(parseDate("2027-02-29")).toBeNull();
  });
});
