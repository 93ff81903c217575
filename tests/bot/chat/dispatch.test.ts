/**
 * dispatch: where a command may run, its parameters, who may run it, whether this bot can
 * write, what is asked for when something is missing, and outages, for every adapter alike.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineCommand } from "../../../bot/chat/command.js";
import { findCommand } from "../../../bot/chat/commands/index.js";
import { plain } from "../../../bot/chat/text.js";
import { discordPlatform } from "../../../bot/discord/platform.js";
import { campaign, milestone } from "../support/campaigns.js";
import { startChat, type ChatFixture } from "./fixture.js";

let scene: ChatFixture;
beforeAll(async () => {
  scene = await startChat();
});
afterAll(async () => {
  await scene.stop();
});

function command(name: string) {
  const found = findCommand(name);
  if (found === undefined) throw new Error(`no /${name}`);
  return found;
}

describe("dispatch", () => {
  it("GIVEN /subscribe in a private chat THEN WrongPlace, naming the group", async () => {
    const answer = await scene.run(command("subscribe"), scene.caller(), { campaign: campaign().address });
    expect(answer.refusal).toEqual({ code: "WrongPlace", details: { place: "group" } });
  });

  it("GIVEN a milestone that is not a number THEN ParameterInvalid with the command's usage", async () => {
    const answer = await scene.run(command("evidence"), scene.caller(), { campaign: campaign().address, milestone: "two" });
    expect(answer.refusal?.code).toBe("ParameterInvalid");
    expect(answer.refusal?.details).toEqual({ param: "milestone", usage: "/evidence <campaign address> [milestone number]" });
    expect(plain(answer.lines[0] ?? [])).toContain("/evidence <campaign address> [milestone number]");
  });

  it("GIVEN /deposit in a group THEN WrongPlace where the platform cannot answer one member privately (Telegram), and it runs where it can (Discord)", async () => {
    const view = campaign();
    scene.chain.campaigns.set(view.address, view);
    const inTelegramGroup = scene.caller({ group: "-100778" });
    expect((await scene.run(command("deposit"), inTelegramGroup, { campaign: view.address })).refusal).toEqual({ code: "WrongPlace", details: { place: "private" } });
    const inDiscordChannel = { ...inTelegramGroup, platform: discordPlatform };
    // Past the place check: the core answers (the member has no linked wallet).
    expect((await scene.run(command("deposit"), inDiscordChannel, { campaign: view.address })).refusal?.code).toBe("NotLinked");
  });

  it("GIVEN a member who is not a chat admin THEN /subscribe is refused NotChatAdmin and nothing is stored", async () => {
    const view = campaign();
    scene.chain.campaigns.set(view.address, view);
    const caller = scene.caller({ group: "-100777" });
    const answer = await scene.run(command("subscribe"), caller, { campaign: view.address });
    expect(answer.refusal?.code).toBe("NotChatAdmin");
    expect(await scene.deps.store.subscriptions.listByChannel("TELEGRAM", "-100777", "")).toEqual([]);
  });

  it("GIVEN someone outside the team THEN /dispute list is refused NotTeamMember", async () => {
    expect((await scene.run(command("dispute list"), scene.caller())).refusal?.code).toBe("NotTeamMember");
  });

  it("GIVEN a bot without relayer or evidence store THEN a write command is refused WritesNotConfigured before it runs", async () => {
    const readOnly = await startChat();
    try {
      const view = campaign();
      readOnly.chain.campaigns.set(view.address, view);
      const answer = await readOnly.run(command("stale"), readOnly.caller(), { campaign: view.address });
      expect(answer.refusal?.code).toBe("WritesNotConfigured");
      expect(readOnly.progress).toEqual([]);
    } finally {
      await readOnly.stop();
    }
  });

  it("GIVEN a use case that throws THEN an Outage reply, and the failure is logged", async () => {
    const broken = defineCommand({
      name: "broken",
      description: "fails",
      params: {},
      audience: "everyone",
      place: "both",
      private: true,
      run: () => Promise.reject(new Error("database went away")),
    });
    const answer = await scene.run(broken, scene.caller());
    expect(answer.refusal?.code).toBe("Outage");
    expect(answer.visibility).toBe("private");
    expect(scene.errors.some((e) => e.includes("/broken") && e.includes("database went away"))).toBe(true);
  });

  it("GIVEN a campaign named #<id> THEN it resolves to that campaign's address", async () => {
    const view = campaign({ id: 4242n });
    scene.chain.campaigns.set(view.address, view);
    const answer = await scene.run(command("campaign"), scene.caller(), { campaign: "#4242" });
    expect(answer.refusal).toBeUndefined();
    expect(JSON.stringify(answer, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).toContain(view.address);
  });

  it("GIVEN a typed campaign '<address>|3' or '<address>:3' THEN it is a name no campaign has, never that address with milestone 3", async () => {
    const view = campaign();
    scene.chain.campaigns.set(view.address, view);
    for (const typed of [`${view.address}|3`, `${view.address}:3`]) {
      const answer = await scene.run(command("evidence"), scene.caller(), { campaign: typed });
      expect(answer.refusal?.code).toBe("CampaignNotFound");
    }
  });

  it("GIVEN a name several campaigns match THEN a picker whose buttons name each campaign by address, keeping the other values", async () => {
    const title = "Zebrafish regeneration assay";
    const a = campaign({ milestones: [milestone(0, { title }), milestone(1)] });
    const b = campaign({ milestones: [milestone(0, { title }), milestone(1)] });
    scene.chain.campaigns.set(a.address, a);
    scene.chain.campaigns.set(b.address, b);
    const answer = await scene.run(command("evidence"), scene.caller(), { campaign: "zebrafish regeneration", milestone: "2" });
    expect(answer.pick).toBe(true);
    // One order on both sides (code units): localeCompare and sort() disagree on mixed case.
    const byCampaign = (x: { campaign?: unknown }, y: { campaign?: unknown }) => (String(x.campaign) < String(y.campaign) ? -1 : 1);
    expect(answer.buttons.map((x) => x.run.params).sort(byCampaign)).toEqual(
      [a.address, b.address].map((address) => ({ campaign: address, milestone: 1 })).sort(byCampaign),
    );
  });
});
