/** /profile in the chat layer: a researcher's counts and campaigns; an unknown address refused by code. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { profileCommand } from "../../../bot/chat/commands/profile.js";
import { plain } from "../../../bot/chat/text.js";
import { campaign } from "../support/campaigns.js";
import { randomAddress } from "../support/fakes.js";
import { startChat, type ChatFixture } from "./fixture.js";

let f: ChatFixture;
beforeAll(async () => {
  f = await startChat();
});
afterAll(async () => {
  await f.stop();
});

describe("GIVEN /profile", () => {
  it("THEN a researcher's record as facts, their campaigns with addresses, and a button to each", async () => {
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    f.chain.researchers.set(c.researcher, {
      researcher: c.researcher, campaignsCreated: 3, campaignsCompleted: 1, campaignsAbandoned: 1, milestonesReleased: 4, disputesOpened: 2, submissionsRejected: 1,
    });
    const answer = await f.run(profileCommand, f.caller(), { researcher: c.researcher });
    expect(answer.visibility).toBe("public");
    expect(answer.facts.map((x) => `${x.label}: ${plain(x.value)}`)).toEqual([
      "Campaigns: 3 created — 1 completed — 1 abandoned",
      "Milestones: 4 released — 2 disputed — 1 submissions rejected",
    ]);
    expect(answer.sections[0]?.lines.map(plain).join("\n")).toContain(c.address);
    expect(answer.buttons.map((b) => b.run)).toEqual([{ command: "campaign", params: { campaign: c.address } }]);
  });

  it("THEN an unknown address is ResearcherNotFound; none at all, with no campaign listed, the usage", async () => {
    expect((await f.run(profileCommand, f.caller(), { researcher: randomAddress() })).refusal?.code).toBe("ResearcherNotFound");
    const empty = await startChat();
    try {
      expect((await empty.run(profileCommand, empty.caller())).refusal).toEqual({ code: "ParameterInvalid", details: { param: "researcher", usage: "/profile <researcher address>" } });
    } finally {
      await empty.stop();
    }
  });

  it("WHEN no address is given and campaigns are listed THEN a picker of their researchers, each button running /profile", async () => {
    const c = campaign({ title: "Hydra ageing study" });
    f.chain.campaigns.set(c.address, c);
    const answer = await f.run(profileCommand, f.caller());
    expect(answer.pick).toBe(true);
    const button = answer.buttons.find((b) => b.label.includes("Hydra ageing study"));
    expect(button?.run).toEqual({ command: "profile", params: { researcher: c.researcher } });
  });
});
