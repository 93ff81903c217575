/**
 * /follow, /unfollow and /following in the chat layer: anyone may follow a campaign that
 * exists (by address or by name), the answers are private and name the campaign, following
 * twice or unfollowing what one does not follow changes nothing and says so, an unknown
 * campaign is refused with nothing stored, and on Telegram they run in the private chat the
 * notices go to.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followCommand, followingCommand, unfollowCommand } from "../../../bot/chat/commands/follow.js";
import type { Reply } from "../../../bot/chat/reply.js";
import { plain } from "../../../bot/chat/text.js";
import { followedCampaigns } from "../../../bot/core/usecases/follows.js";
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

const text = (r: Reply): string => r.lines.map(plain).join("\n");
const followed = (userId: string) => followedCampaigns(f.deps, { platform: "TELEGRAM", userId }).then((l) => l.map((x) => x.campaign));

describe("GIVEN a user in their private chat", () => {
  it("THEN /follow names the campaign and what will come privately; again: already; /following lists it; /unfollow stops it", async () => {
    const c = campaign({ title: "Zebrafish heart regeneration" });
    f.chain.campaigns.set(c.address, c);
    const me = f.caller();
    const added = await f.run(followCommand, me, { campaign: c.address });
    expect(added.visibility).toBe("private");
    expect(added.tone).toBe("good");
    expect(text(added)).toContain("You now follow Zebrafish heart regeneration: the raise opening, each submission to review, a review window closing within a day");
    expect(text(added)).toContain("will come to you privately");
    expect(await followed(me.chat.userId)).toEqual([c.address]);

    expect(text(await f.run(followCommand, me, { campaign: c.address }))).toContain("You already follow Zebrafish heart regeneration");
    expect(await followed(me.chat.userId)).toEqual([c.address]);

    const list = await f.run(followingCommand, me);
    expect(text(list)).toContain("• Zebrafish heart regeneration");
    expect(list.buttons.map((b) => b.run)).toEqual([{ command: "unfollow", params: { campaign: c.address } }]);
    expect((await f.run(unfollowCommand, me)).buttons.map((b) => b.run)).toEqual([{ command: "unfollow", params: { campaign: c.address } }]);

    expect(text(await f.run(unfollowCommand, me, { campaign: c.address }))).toContain("You no longer follow Zebrafish heart regeneration");
    expect(await followed(me.chat.userId)).toEqual([]);
    expect(text(await f.run(unfollowCommand, me, { campaign: c.address }))).toContain("You did not follow Zebrafish heart regeneration");
    expect(text(await f.run(followingCommand, me))).toContain("You follow no campaign.");
  });

  it("THEN a campaign given by its title is followed; the audit log records who followed and who stopped", async () => {
    const c = campaign({ title: "Axolotl limb atlas" });
    f.chain.campaigns.set(c.address, c);
    const me = f.caller();
    expect(text(await f.run(followCommand, me, { campaign: "axolotl limb" }))).toContain("You now follow Axolotl limb atlas");
    await f.run(unfollowCommand, me, { campaign: c.address });
    const audit = await f.deps.store.audit.listBySubject(c.address);
    expect(audit.map((a) => [a.action, a.userId])).toEqual([
      ["follow.added", me.chat.userId],
      ["follow.removed", me.chat.userId],
    ]);
  });
});

describe("GIVEN refusals", () => {
  it("THEN an unknown campaign is CampaignNotFound, a Telegram group WrongPlace (the private chat is where notices go); nothing stored", async () => {
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    const me = f.caller();
    expect((await f.run(followCommand, me, { campaign: randomAddress() })).refusal?.code).toBe("CampaignNotFound");
    const inGroup = f.caller({ userId: me.chat.userId, group: "-1007001" });
    expect((await f.run(followCommand, inGroup, { campaign: c.address })).refusal).toEqual({ code: "WrongPlace", details: { place: "private" } });
    expect(await followed(me.chat.userId)).toEqual([]);
  });

  it("THEN /follow without a campaign offers the campaigns to pick", async () => {
    const c = campaign({ title: "Tardigrade desiccation" });
    f.chain.campaigns.set(c.address, c);
    const picker = await f.run(followCommand, f.caller());
    expect(picker.buttons.map((b) => b.run)).toContainEqual({ command: "follow", params: { campaign: c.address } });
  });
});
