/**
 * Personal follows on Telegram through the real grammY bot and the local Bot API server:
 * /follow in the private chat (in a group it says to use the private chat, where the notices
 * go), the notices a follower cares about arrive in that private chat with their action
 * buttons, and a button pressed there runs its command for the user who pressed it. A group
 * admin subscribes the group to all new campaigns with /subscribe new.
 */
import { describe, expect, it } from "vitest";
import type { Notice } from "../../../bot/core/notices.js";
import { announce } from "../../../bot/core/usecases/announce.js";
import { deliverOutbox } from "../../../bot/core/usecases/deliver-outbox.js";
import { tellFollowers } from "../../../bot/core/usecases/follows.js";
import { ALL_NEW_CAMPAIGNS, channelSubscriptions } from "../../../bot/core/usecases/subscriptions.js";
import { TelegramNotifier } from "../../../bot/telegram/notifier.js";
import { campaign } from "../support/campaigns.js";
import { databaseKinds } from "../support/databases.js";
import { harnessPerBlock, TelegramHarness, user } from "./harness.js";

const kind = databaseKinds[0];
if (kind === undefined) throw new Error("no database kind");

describe("Telegram follows", () => {
  let t: TelegramHarness;
  harnessPerBlock(kind, (harness) => (t = harness));
  let keys = 0;

  /** Queues `notice` for followers and channels and delivers it through the real TelegramNotifier. */
  async function tellAndDeliver(notice: Notice): Promise<void> {
    keys += 1;
    await tellFollowers(t.deps, notice, `tg-follow-${keys}`);
    await announce(t.deps, notice, `tg-follow-${keys}`);
    t.clock.set(new Date(Date.now() + 60_000));
    const notifier = new TelegramNotifier(t.server.token, { apiRoot: t.server.apiRoot });
    await deliverOutbox({ store: t.deps.store, notifiers: { TELEGRAM: notifier }, clock: t.clock }, 20);
  }
  const inChat = (chatId: number) => t.server.sentMessages().filter((m) => m.chat.id === chatId);

  it("GIVEN a user THEN /follow in a group points to the private chat; there it follows; a submission arrives there with Flag and View evidence; Campaign status pressed answers them", async () => {
    const c = campaign({ title: "Zebrafish heart regeneration" });
    t.chain.campaigns.set(c.address, c);
    const ada = user("Ada");
    const group = t.group();
    expect(TelegramHarness.text(await t.say(group, ada, `/follow ${c.address}`))).toContain("private chat");
    expect(await t.deps.store.follows.listByCampaign(c.address)).toEqual([]);

    const chat = t.privateChat(ada);
    expect(TelegramHarness.text(await t.say(chat, ada, `/follow ${c.address}`))).toContain("You now follow Zebrafish heart regeneration");
    expect(TelegramHarness.text(await t.say(chat, ada, "/following"))).toContain("• Zebrafish heart regeneration");

    const evidenceUrl = `https://arweave.net/${"e".repeat(43)}`;
    const before = inChat(chat).length;
    await tellAndDeliver({
      kind: "MilestoneSubmitted",
      campaign: { address: c.address, label: "Zebrafish heart regeneration" },
      milestone: { index: 0, title: "Milestone 1", attempt: 1 },
      evidence: { id: "e".repeat(43), url: evidenceUrl, sha256: "f".repeat(64), type: "Dataset" },
      windowEnd: 1_900_000_000,
      flagThreshold: 1_000_000n,
      quorumWeight: 90_000_000n,
    });
    const notice = inChat(chat).at(-1);
    expect(inChat(chat)).toHaveLength(before + 1);
    expect(notice?.text).toContain("Milestone 1 (Milestone 1) submitted");
    expect(TelegramHarness.buttons(notice)).toEqual([
      { text: "View evidence", url: evidenceUrl },
      { text: "Flag", data: `flag|${c.address}|0||1` },
      { text: "Campaign status", data: `campaign|${c.address}` },
    ]);
    expect(inChat(group).filter((m) => m.text?.includes("submitted"))).toEqual([]);
    const pressed = await t.press(ada, notice!, `campaign|${c.address}`);
    expect(TelegramHarness.text(pressed)).toContain("Zebrafish heart regeneration");
    expect(pressed.every((m) => m.chat.id === chat)).toBe(true);
  });

  it("GIVEN a follower THEN Claim refund pressed runs /refund for them (no wallet linked: told so); Contribute answers clearly; /unfollow stops the notices", async () => {
    const c = campaign({ title: "Axolotl limb atlas", status: "Failed" });
    t.chain.campaigns.set(c.address, c);
    const ben = user("Ben");
    const chat = t.privateChat(ben);
    await t.say(chat, ben, `/follow ${c.address}`);
    await tellAndDeliver({ kind: "FundraisingClosed", campaign: { address: c.address, label: "Axolotl limb atlas" }, raised: 1n, goal: 2n, succeeded: false });
    const closed = inChat(chat).at(-1);
    expect(TelegramHarness.buttons(closed)).toContainEqual({ text: "Claim refund", data: `refund|${c.address}` });
    expect(TelegramHarness.text(await t.press(ben, closed!, `refund|${c.address}`))).toContain("No wallet is linked");

    const opened: Notice = { kind: "FundraisingOpened", campaign: { address: c.address, label: "Axolotl limb atlas" }, goal: 2n, deadline: 1_900_000_000 };
    await tellAndDeliver(opened);
    const raising = inChat(chat).at(-1);
    expect(TelegramHarness.buttons(raising)).toContainEqual({ text: "Contribute", data: `contribute|${c.address}` });
    // /contribute runs for the campaign; this one's raise has failed, which it says.
    expect(TelegramHarness.text(await t.press(ben, raising!, `contribute|${c.address}`))).toContain("The campaign is not raising money: it is Failed.");

    expect(TelegramHarness.text(await t.say(chat, ben, `/unfollow ${c.address}`))).toContain("You no longer follow Axolotl limb atlas");
    const count = inChat(chat).length;
    await tellAndDeliver({ kind: "CampaignAbandoned", campaign: { address: c.address, label: "Axolotl limb atlas" }, round: 1, escrow: 1n, backerSupply: 1n });
    expect(inChat(chat)).toHaveLength(count);
  });

  it("GIVEN a group admin THEN /subscribe new makes the group get every new campaign's creation", async () => {
    const group = t.group();
    const admin = user("Admin");
    t.server.setMember(group, admin.id, "administrator");
    expect(TelegramHarness.text(await t.say(group, admin, "/subscribe new"))).toContain("This chat now follows all new campaigns");
    expect((await channelSubscriptions(t.deps, { platform: "TELEGRAM", scopeId: String(group), channelId: "" })).map((s) => s.campaign)).toEqual([ALL_NEW_CAMPAIGNS]);
    const c = campaign({ title: "Coral probiotics", status: "Draft" });
    t.chain.campaigns.set(c.address, c);
    await tellAndDeliver({ kind: "CampaignCreated", campaign: { address: c.address, label: "Coral probiotics" }, researcher: c.researcher, goal: 5n, deadline: 1_900_000_000, milestoneCount: 2 });
    expect(inChat(group).at(-1)?.text).toContain("New campaign");
    expect(inChat(group).at(-1)?.text).toContain("Coral probiotics");
  });
});
