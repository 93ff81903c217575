/** A campaign draft's problems in words, beside their field (the CLI and the web form share them). */
import { describe, expect, it } from "vitest";
import { checkCampaignDraft } from "../../../bot/core/campaign-draft.js";
import { plain } from "../../../bot/chat/text.js";
import { draftFieldPath, draftProblemWords } from "../../../bot/chat/words/draft.js";

const NOW = Date.parse("2026-01-01T00:00:00Z") / 1000;

function printed(json: unknown): string[] {
  return checkCampaignDraft(json, NOW).problems.map((p) => `${draftFieldPath(p.at)}: ${plain(draftProblemWords(p))}`);
}

const milestone = (share: string, date: string) => ({ title: "M", description: "Done when published.", evidenceType: "dataset", share, estimatedCompletion: date });

describe("draft problem words", () => {
  it("GIVEN shares adding up to 90% THEN the total is named, at milestones", () => {
    const lines = printed({ title: "T", summary: "S", goal: "100", deadline: "2026-02-01", milestones: [milestone("40", "2026-03-01"), milestone("50", "2026-04-01")] });
    expect(lines).toEqual(["milestones: Milestone shares must add up to 100%; they add up to 90%."]);
  });

  it("GIVEN a date before the deadline and one out of order THEN each is named at its milestone", () => {
    const lines = printed({ title: "T", summary: "S", goal: "100", deadline: "2026-02-01", milestones: [milestone("40", "2026-03-01"), milestone("30", "2026-01-15"), milestone("30", "2026-05-01")] });
    expect(lines).toEqual([
      "milestones[1].estimatedCompletion: Milestone dates must be in order: this one is before the previous milestone's.",
      "milestones[1].estimatedCompletion: The estimated date must be on or after the fundraising deadline, and before 2100.",
    ]);
  });

  it("GIVEN nothing at all THEN every required field says Required, none says the unknown-code fallback", () => {
    const lines = printed({});
    expect(lines).toEqual(["title: Required.", "summary: Required.", "goal: Required.", "deadline: Required.", "milestones: Required."]);
  });

  it("GIVEN a summary over its limit and a past deadline THEN the limit, the length and the chain's clock are named", () => {
    const lines = printed({ title: "T", summary: "x".repeat(4_001), goal: "100", deadline: "2025-12-31", milestones: [milestone("40", "2026-03-01"), milestone("60", "2026-04-01")] });
    expect(lines).toContain("summary: At most 4000 characters; this has 4001.");
    expect(lines).toContain("deadline: The fundraising deadline must be in the future (by the chain's clock).");
    expect(lines).toContain("milestones[1].share: No milestone may take more than 50%.");
    expect(lines.join("\n")).not.toContain("refused this");
  });
});
