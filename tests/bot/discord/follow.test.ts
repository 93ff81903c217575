/**
 * Personal follows on Discord through the real discord.js Client and the local Discord
 * server: /follow answers the member alone, the notices a follower cares about arrive as DMs
 * (never in the channel) with their action buttons, and a button pressed in the DM runs its
 * command for the member who pressed it. "All new campaigns" is offered by /subscribe's
 * autocomplete; a new campaign is announced in the channel with a Follow button.
 */
import { describe, expect, it } from "vitest";
import type { Notice } from "../../../bot/core/notices.js";
import { announce } from "../../../bot/core/usecases/announce.js";
import { deliverOutbox } from "../../../bot/core/usecases/deliver-outbox.js";
import { tellFollowers } from "../../../bot/core/usecases/follows.js";
import type { InteractionRecord } from "../../discord-server/server.js";
import { campaign, milestone } from "../support/campaigns.js";
import { harnessPerFile, type Harness } from "./harness.js";

let h: Harness;
harnessPerFile({}, (started) => (h = started));

type Json = Record<string, unknown>;
let keys = 0;

/** What the member finally sees of an interaction's answer, as one text. */
async function finalText(ix: InteractionRecord): Promise<string> {
  await ix.waitFor((c) => (c.kind === "edit-original" && !(typeof c.body.content === "string" && c.body.content.endsWith("…"))) || (c.kind === "callback" && c.type === 4) || c.kind === "followup", 20_000);
  const visible = ix.visible() ?? {};
  const embeds = (visible.embeds as Json[] | undefined) ?? [];
  // Bold is markdown on Discord: compare the words.
  return [visible.content ?? "", ...embeds.flatMap((e) => [e.title, e.description])].join("\n").replaceAll("**", "");
}

function isEphemeral(ix: InteractionRecord): boolean {
  const first = ix.calls.find((c) => c.kind === "callback");
  return (Number((first?.body.data as Json | undefined)?.flags ?? 0) & 64) === 64;
}

/** Queues `notice` for the campaign's followers (and channels) and delivers it through DiscordNotifier. */
async function tellAndDeliver(notice: Notice): Promise<void> {
  keys += 1;
  await tellFollowers(h.deps, notice, `follow-test-${keys}`);
  await announce(h.deps, notice, `follow-test-${keys}`);
  // A second ahead of the database's enqueue time (stored to the millisecond, which may round up).
  h.clock.set(new Date(Math.max(Date.now() + 1_000, h.clock.now().getTime())));
  await deliverOutbox({ store: h.store, notifiers: { DISCORD: h.bot.notifier }, clock: h.clock }, 20);
}

/** Every button of a message: [label, custom_id or url]. */
function buttons(message: Json): [string, string][] {
  return ((message.components as Json[] | undefined) ?? []).flatMap((row) => (row.components as Json[]).map((b): [string, string] => [String(b.label), String(b.custom_id ?? b.url)]));
}

describe("GIVEN a member who follows a campaign", () => {
  it("THEN /follow answers them alone; a submission reaches their DM with Flag and View evidence; Campaign status pressed there answers them", async () => {
    const c = campaign({ title: "Zebrafish heart regeneration", milestones: [milestone(0, { status: "InReview", attempts: 1 }), milestone(1)] });
    h.chain.campaigns.set(c.address, c);
    const backer = h.server.addMember("backer");
    const ix = h.server.slash(backer, "follow", { campaign: c.address });
    expect(await finalText(ix)).toContain("You now follow Zebrafish heart regeneration");
    expect(isEphemeral(ix)).toBe(true);
    expect((await h.store.follows.listByCampaign(c.address)).map((f) => f.userId)).toEqual([backer.id]);
    expect(await finalText(h.server.slash(backer, "following"))).toContain("• Zebrafish heart regeneration");

    const evidence = { id: "e".repeat(43), url: `https://arweave.net/${"e".repeat(43)}` };
    const channelBefore = h.server.channelPosts(h.server.channel.id).length;
    await tellAndDeliver({
      kind: "MilestoneSubmitted",
      campaign: { address: c.address, label: "Zebrafish heart regeneration" },
      milestone: { index: 0, title: "Milestone 1", attempt: 1 },
      evidence: { ...evidence, sha256: "f".repeat(64), type: "Dataset" },
      windowEnd: Math.floor(Date.now() / 1000) + 86_400,
      flagThreshold: 1_000_000n,
      quorumWeight: 90_000_000n,
    });
    const dms = h.server.directMessages(backer.id);
    expect(dms).toHaveLength(1);
    expect(JSON.stringify(dms[0]?.body.embeds)).toContain("Milestone 1 (Milestone 1) submitted");
    expect(buttons(dms[0]?.message ?? {})).toEqual([
      ["View evidence", evidence.url],
      ["Campaign page", `https://pepfund.test/c/${c.address}`],
      ["Flag", `flag|${c.address}|0||1`],
      ["Campaign status", `campaign|${c.address}`],
    ]);
    expect(h.server.channelPosts(h.server.channel.id)).toHaveLength(channelBefore);

    const pressed = h.server.clickButton(backer, dms[0]?.message ?? {}, `campaign|${c.address}`);
    expect(await finalText(pressed)).toContain("Zebrafish heart regeneration");
    expect(pressed.payload.guild_id).toBeUndefined();
  });

  it("THEN a refund notice's Claim refund pressed in the DM runs /refund for that member (no wallet linked: told so), and Contribute runs /contribute for that campaign", async () => {
    const c = campaign({ title: "Axolotl limb atlas", status: "Failed" });
    h.chain.campaigns.set(c.address, c);
    const backer = h.server.addMember("refund-backer");
    await finalText(h.server.slash(backer, "follow", { campaign: c.address }));
    await tellAndDeliver({ kind: "FundraisingClosed", campaign: { address: c.address, label: "Axolotl limb atlas" }, raised: 1n, goal: 2n, succeeded: false });
    const [closed] = h.server.directMessages(backer.id);
    expect(buttons(closed?.message ?? {})).toContainEqual(["Claim refund", `refund|${c.address}`]);
    expect(await finalText(h.server.clickButton(backer, closed?.message ?? {}, `refund|${c.address}`))).toContain("No wallet is linked");

    const opened: Notice = { kind: "FundraisingOpened", campaign: { address: c.address, label: "Axolotl limb atlas" }, goal: 2n, deadline: 1_900_000_000 };
    await h.store.subscriptions.add({ campaign: c.address, platform: "DISCORD", scopeId: h.server.world.guildId, channelId: h.server.channel.id, createdBy: h.manager.id });
    await tellAndDeliver(opened);
    // On the channel's announcement and in the follower's DM alike.
    const post = h.server.channelPosts(h.server.channel.id).at(-1);
    expect(buttons(post?.message ?? {})).toContainEqual(["Contribute", `contribute|${c.address}`]);
    expect(buttons(h.server.directMessages(backer.id).at(-1)?.message ?? {})).toContainEqual(["Contribute", `contribute|${c.address}`]);
    const contribute = h.server.clickButton(h.member, post?.message ?? {}, `contribute|${c.address}`);
    // /contribute runs for the campaign; this one's raise has failed, which it says.
    expect(await finalText(contribute)).toContain("The campaign is not raising money: it is Failed.");
    expect(isEphemeral(contribute)).toBe(true);
  });

  it("THEN /unfollow stops the notices: a later release reaches no DM", async () => {
    const c = campaign({ title: "Tardigrade desiccation" });
    h.chain.campaigns.set(c.address, c);
    const backer = h.server.addMember("leaving-backer");
    await finalText(h.server.slash(backer, "follow", { campaign: c.address }));
    expect(await finalText(h.server.slash(backer, "unfollow", { campaign: c.address }))).toContain("You no longer follow Tardigrade desiccation");
    await tellAndDeliver({ kind: "TrancheReleased", campaign: { address: c.address, label: "Tardigrade desiccation" }, milestone: { index: 0, title: null }, amount: 1n, recipient: c.researcher, releasedTotal: 1n });
    expect(h.server.directMessages(backer.id)).toEqual([]);
  });
});

describe("GIVEN a channel manager", () => {
  it("THEN /subscribe's autocomplete offers all new campaigns first; subscribed, the channel gets each new campaign's creation, and a member follows it from there", async () => {
    const complete = h.server.autocomplete(h.manager, "subscribe", "campaign", { campaign: "ne" });
    const choices = ((await complete.firstResponse()).body.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices[0]).toEqual({ name: "All new campaigns", value: "new" });
    expect(await finalText(h.server.slash(h.manager, "subscribe", { campaign: "new" }))).toContain("now follows all new campaigns");
    const c = campaign({ title: "Coral probiotics", status: "Draft" });
    h.chain.campaigns.set(c.address, c);
    await tellAndDeliver({ kind: "CampaignCreated", campaign: { address: c.address, label: "Coral probiotics" }, researcher: c.researcher, goal: 5n, deadline: 1_900_000_000, milestoneCount: 2 });
    const post = h.server.channelPosts(h.server.channel.id).at(-1);
    expect(JSON.stringify(post?.body.embeds)).toContain("New campaign");
    expect(JSON.stringify(post?.body.embeds)).toContain("Coral probiotics");
    // A member follows it from the announcement: the answer is theirs alone.
    const follow = h.server.clickButton(h.member, post?.message ?? {}, `follow|${c.address}`);
    expect(await finalText(follow)).toContain("You now follow Coral probiotics");
    expect(isEphemeral(follow)).toBe(true);
    expect((await h.store.follows.listByCampaign(c.address)).map((f) => f.userId)).toEqual([h.member.id]);
  });
});
