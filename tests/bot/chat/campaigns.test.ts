/**
 * /campaigns: campaigns by state, a page at a time, read from the chain: raising ones with
 * progress to the goal, active ones with the milestone under review, ended ones apart;
 * drafts never listed; a next-page button while more remain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignsCommand } from "../../../bot/chat/commands/campaigns.js";
import { plain } from "../../../bot/chat/text.js";
import { campaign, milestone } from "../support/campaigns.js";
import { startChat, type ChatFixture } from "./fixture.js";

let f: ChatFixture;
beforeAll(async () => {
  f = await startChat();
  const now = Math.floor(f.clock.now().getTime() / 1000);
  for (let i = 0; i < 12; i += 1) {
    const c = campaign({ status: "Fundraising", goal: 1_000_000_000n, raised: BigInt(i) * 50_000_000n, deadline: now + 86_400 * (i + 1) });
    f.chain.campaigns.set(c.address, c);
  }
  const active = campaign({
    status: "Active",
    milestones: [milestone(0, { title: "Protein assay", status: "InReview", windowEnd: now + 3 * 86_400 }), milestone(1)],
  });
  f.chain.campaigns.set(active.address, active);
  const ended = campaign({ status: "Abandoned" });
  f.chain.campaigns.set(ended.address, ended);
  const draft = campaign({ status: "Draft" });
  f.chain.campaigns.set(draft.address, draft);
});
afterAll(async () => {
  await f.stop();
});

const text = (r: Awaited<ReturnType<ChatFixture["run"]>>): string =>
  [r.title ?? [], ...r.lines, ...r.sections.flatMap((s) => [s.title, ...s.lines])].map(plain).join("\n");

describe("GIVEN campaigns in every state", () => {
  it("THEN /campaigns lists the raising ones, ten a page, with progress to the goal and a next-page button", async () => {
    const first = await f.run(campaignsCommand, f.caller());
    expect(first.refusal).toBeUndefined();
    expect(plain(first.title ?? [])).toBe("Raising campaigns (12)");
    expect(first.sections).toHaveLength(10);
    expect(first.bars).toHaveLength(10);
    expect(first.bars.every((b) => b.whole === 1_000_000_000n)).toBe(true);
    expect(first.buttons.at(-1)?.run).toEqual({ command: "campaigns", params: { state: "raising", page: 2 } });
    const second = await f.run(campaignsCommand, f.caller(), { state: "raising", page: "2" });
    expect(second.sections).toHaveLength(2);
    expect(second.buttons.some((b) => b.run.command === "campaigns")).toBe(false);
  });

  it("THEN active ones show the milestone under review, ended ones how they ended, drafts never", async () => {
    const active = text(await f.run(campaignsCommand, f.caller(), { state: "active" }));
    expect(active).toContain("Active campaigns (1)");
    expect(active).toContain("Milestone 1 (Protein assay) in review until");
    const ended = text(await f.run(campaignsCommand, f.caller(), { state: "ended" }));
    expect(ended).toContain("Completed, failed or abandoned campaigns (1)");
    expect(ended).toContain("Abandoned");
  });

  it("THEN a state that is not one of the three is refused with the usage", async () => {
    expect((await f.run(campaignsCommand, f.caller(), { state: "drafts" })).refusal?.code).toBe("ParameterInvalid");
  });
});
