/**
 * /subscribe and /unsubscribe: admins only, as Telegram says through getChatMember (SECURITY.md
 * "Admin command from a non-admin -> refused"), anonymous admins included, forum topics apart.
 */
import { describe, expect, it } from "vitest";
import { channelSubscriptions } from "../../../bot/core/usecases/subscriptions.js";
import { GROUP_ANONYMOUS_BOT } from "../../telegram-server/server.js";
import { campaign } from "../support/campaigns.js";
import { databaseKinds } from "../support/databases.js";
import { harnessPerBlock, TelegramHarness, user } from "./harness.js";

describe.each(databaseKinds)("Telegram subscriptions on $name", (kind) => {
  let t: TelegramHarness;
  harnessPerBlock(kind, (harness) => (t = harness));

  const follows = (group: number, topic = "") =>
    channelSubscriptions(t.deps, { platform: "TELEGRAM", scopeId: String(group), channelId: topic }).then((l) => l.map((s) => s.campaign));

  it("GIVEN a group admin THEN /subscribe stores it and /unsubscribe removes it", async () => {
    const c = campaign();
    t.chain.campaigns.set(c.address, c);
    const group = t.group();
    const admin = user("Admin");
    t.server.setMember(group, admin.id, "administrator");
    expect(TelegramHarness.text(await t.say(group, admin, `/subscribe ${c.address}`))).toContain("This chat now follows #0 by");
    expect(await follows(group)).toEqual([c.address]);
    expect(TelegramHarness.text(await t.say(group, admin, `/subscribe ${c.address}`))).toContain("already follows");
    expect(TelegramHarness.text(await t.say(group, admin, `/unsubscribe ${c.address}`))).toContain("no longer follows");
    expect(await follows(group)).toEqual([]);
    expect(TelegramHarness.text(await t.say(group, admin, `/unsubscribe ${c.address}`))).toContain("does not follow that campaign");
  });

  it("GIVEN a non-admin member THEN /subscribe and /unsubscribe are refused after asking getChatMember, nothing stored", async () => {
    const c = campaign();
    t.chain.campaigns.set(c.address, c);
    const group = t.group();
    const [creator, member] = [user("Creator"), user("Member")];
    t.server.setMember(group, creator.id, "creator");
    t.server.setMember(group, member.id, "member");
    expect(TelegramHarness.text(await t.say(group, member, `/subscribe ${c.address}`))).toContain("Only an admin of this chat");
    const asked = t.server.callsOf("getChatMember").at(-1);
    expect(asked?.payload).toMatchObject({ chat_id: group, user_id: member.id });
    expect(await follows(group)).toEqual([]);
    await t.say(group, creator, `/subscribe ${c.address}`);
    expect(TelegramHarness.text(await t.say(group, member, `/unsubscribe ${c.address}`))).toContain("Only an admin of this chat");
    expect(await follows(group)).toEqual([c.address]);
  });

  it("GIVEN an anonymous admin (posting as the group) THEN allowed; a linked channel posting in THEN refused", async () => {
    const c = campaign();
    t.chain.campaigns.set(c.address, c);
    const group = t.group();
    const groupChat = t.server.chats.get(group);
    if (groupChat === undefined) throw new Error("group missing");
    expect(
      TelegramHarness.text(await t.say(group, GROUP_ANONYMOUS_BOT, `/subscribe ${c.address}`, { senderChat: groupChat })),
    ).toContain("now follows");
    const channel = { id: -1009999, type: "channel" as const, title: "Announcements" };
    expect(TelegramHarness.text(await t.say(group, GROUP_ANONYMOUS_BOT, `/unsubscribe ${c.address}`, { senderChat: channel }))).toContain(
      "Only an admin of this chat",
    );
    expect(await follows(group)).toEqual([c.address]);
  });

  it("GIVEN a forum topic THEN the subscription is the topic's, not the whole group's", async () => {
    const c = campaign();
    t.chain.campaigns.set(c.address, c);
    const forum = t.group({ forum: true });
    t.server.addTopic(forum, 77);
    const admin = user("Admin");
    t.server.setMember(forum, admin.id, "administrator");
    expect(TelegramHarness.text(await t.say(forum, admin, `/subscribe ${c.address}`, { threadId: 77 }))).toContain("This topic now follows");
    expect(await follows(forum, "77")).toEqual([c.address]);
    expect(await follows(forum)).toEqual([]);
  });

  it("GIVEN an unknown campaign or no address THEN the refusal or the usage with the current list", async () => {
    const group = t.group();
    const admin = user("Admin");
    t.server.setMember(group, admin.id, "administrator");
    expect(TelegramHarness.text(await t.say(group, admin, `/subscribe ${campaign().address}`))).toContain("no PepFund campaign");
    expect(TelegramHarness.text(await t.say(group, admin, "/subscribe"))).toContain("This chat follows no campaign");
  });
});
