/**
 * /subscribe, /unsubscribe and /subscriptions in the chat layer: admins only (NotChatAdmin
 * otherwise, nothing stored), groups only (WrongPlace), the confirmation names the
 * campaign's label, a forum topic follows apart from its group, without a campaign the
 * list with buttons to pick, and `new` follows every new campaign.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeCommand, subscriptionsCommand, unsubscribeCommand } from "../../../bot/chat/commands/subscriptions.js";
import type { Reply } from "../../../bot/chat/reply.js";
import { plain } from "../../../bot/chat/text.js";
import { campaignLabel } from "../../../bot/core/labels.js";
import { ALL_NEW_CAMPAIGNS, channelSubscriptions } from "../../../bot/core/usecases/subscriptions.js";
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

let nextGroup = -1009000;
const text = (r: Reply): string => r.lines.map(plain).join("\n");
const follows = (group: string, topic = "") =>
  channelSubscriptions(f.deps, { platform: "TELEGRAM", scopeId: group, channelId: topic }).then((l) => l.map((s) => s.campaign));

describe("GIVEN a chat admin in a group", () => {
  it("THEN /subscribe confirms with the label, twice AlreadySubscribed; /subscriptions lists it; /unsubscribe removes it", async () => {
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    const group = String(nextGroup--);
    const admin = f.caller({ group, admin: true });
    const added = await f.run(subscribeCommand, admin, { campaign: c.address });
    expect(added.visibility).toBe("public");
    expect(text(added)).toContain(`This chat now follows ${campaignLabel(c)}; it now gets announcements`);
    expect(await follows(group)).toEqual([c.address]);
    expect((await f.run(subscribeCommand, admin, { campaign: c.address })).refusal?.code).toBe("AlreadySubscribed");
    expect(text(await f.run(subscriptionsCommand, f.caller({ group })))).toContain(campaignLabel(c));
    const bare = await f.run(unsubscribeCommand, admin);
    expect(bare.buttons.map((b) => b.run)).toEqual([{ command: "unsubscribe", params: { campaign: c.address } }]);
    expect(text(await f.run(unsubscribeCommand, admin, { campaign: c.address }))).toContain(`This chat no longer follows ${campaignLabel(c)}`);
    expect(await follows(group)).toEqual([]);
    expect((await f.run(unsubscribeCommand, admin, { campaign: c.address })).refusal?.code).toBe("NotSubscribed");
  });

  it("THEN a forum topic follows apart from its group; /subscribe alone lists nothing yet and offers the campaigns", async () => {
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    const group = String(nextGroup--);
    const inTopic = f.caller({ group, topic: "77", admin: true });
    const bare = await f.run(subscribeCommand, inTopic);
    expect(text(bare)).toContain("This topic follows no campaign.");
    expect(bare.buttons.map((b) => b.run)).toContainEqual({ command: "subscribe", params: { campaign: c.address } });
    expect(text(await f.run(subscribeCommand, inTopic, { campaign: c.address }))).toContain("This topic now follows");
    expect(await follows(group, "77")).toEqual([c.address]);
    expect(await follows(group)).toEqual([]);
  });
});

describe("GIVEN all new campaigns", () => {
  it("THEN /subscribe new follows them (even with a campaign titled New…), /subscriptions lists them, /unsubscribe new stops them", async () => {
    f.chain.campaigns.set("x", campaign({ title: "New coral probiotics" }));
    const group = String(nextGroup--);
    const admin = f.caller({ group, admin: true });
    expect((await f.run(subscribeCommand, admin)).buttons[0]?.run).toEqual({ command: "subscribe", params: { campaign: "new" } });
    const added = await f.run(subscribeCommand, admin, { campaign: "NEW" });
    expect(text(added)).toContain("This chat now follows all new campaigns: it gets every new campaign's creation and the opening of its raise here.");
    expect(await follows(group)).toEqual([ALL_NEW_CAMPAIGNS]);
    expect((await f.run(subscribeCommand, admin, { campaign: "new" })).refusal?.code).toBe("AlreadySubscribed");
    expect(text(await f.run(subscriptionsCommand, f.caller({ group })))).toContain("• All new campaigns");
    expect((await f.run(unsubscribeCommand, admin)).buttons.map((b) => b.run)).toEqual([{ command: "unsubscribe", params: { campaign: "new" } }]);
    expect((await f.run(subscribeCommand, f.caller({ group }), { campaign: "new" })).refusal?.code).toBe("NotChatAdmin");
    expect(text(await f.run(unsubscribeCommand, admin, { campaign: "new" }))).toContain("This chat no longer follows all new campaigns.");
    expect(await follows(group)).toEqual([]);
    f.chain.campaigns.delete("x");
  });
});

describe("GIVEN refusals", () => {
  it("THEN a member who is not an admin is NotChatAdmin, a private chat WrongPlace, an unknown campaign CampaignNotFound; nothing stored", async () => {
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    const group = String(nextGroup--);
    expect((await f.run(subscribeCommand, f.caller({ group }), { campaign: c.address })).refusal?.code).toBe("NotChatAdmin");
    expect((await f.run(subscribeCommand, f.caller({ admin: true }), { campaign: c.address })).refusal).toEqual({ code: "WrongPlace", details: { place: "group" } });
    expect((await f.run(subscribeCommand, f.caller({ group, admin: true }), { campaign: randomAddress() })).refusal?.code).toBe("CampaignNotFound");
    expect(await follows(group)).toEqual([]);
  });
});
