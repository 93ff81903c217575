/**
 * Announcements end to end: the core queues a notice for every subscribed channel, the
 * outbox delivers it through DiscordNotifier to the local Discord. Mention-like text never
 * pings (allowed_mentions empty-parse on the wire), buttons work, 429s are waited out or
 * handed back to the outbox, Discord being down loses nothing, and a redelivery after a crash
 * between the post and the SENT mark posts nothing (nonce + enforce_nonce).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Notice } from "../../../bot/core/notices.js";
import type { CampaignView } from "../../../bot/core/ports.js";
import { announce } from "../../../bot/core/usecases/announce.js";
import { deliverOutbox } from "../../../bot/core/usecases/deliver-outbox.js";
import { campaign, milestone } from "../support/campaigns.js";
import { randomAddress } from "../support/fakes.js";
import { discordPlatform } from "../../../bot/discord/platform.js";
import { linkWallet, startHarness, type Harness } from "./harness.js";

type Json = Record<string, unknown>;

let h: Harness;
let c: CampaignView;
let keys = 0;

/** Every mention form users could smuggle into a title or label. */
const INJECTION = "@everyone @here <@123456789012345678> <@!123456789012345678> <@&223456789012345678>";

beforeAll(async () => {
  // A 429 asking for more than 1.5 s is handed back to the outbox instead of waited for.
  // With the relayer and evidence store, so the Flag button's flag can be relayed.
  h = await startHarness({ maxRateLimitWaitMs: 1500, writes: true });
}, 60_000);

afterAll(async () => {
  await h.stop();
});

afterEach(() => {
  expect(h.server.failed).toEqual([]);
  expect(h.errors).toEqual([]);
});

beforeEach(async () => {
  const now = Math.floor(h.clock.now().getTime() / 1000);
  c = campaign({
    milestones: [
      milestone(0, { title: `Assay ${INJECTION}`, status: "InReview", attempts: 2, windowEnd: now + 86_400, supplySnapshot: 1_000_000_000n, backerSupplySnapshot: 900_000_000n }),
      milestone(1),
    ],
  });
  h.chain.campaigns.set(c.address, c);
  await h.store.subscriptions.add({ campaign: c.address, platform: "DISCORD", scopeId: h.server.world.guildId, channelId: h.server.channel.id, createdBy: h.manager.id });
});

function submitted(): Notice {
  return {
    kind: "MilestoneSubmitted",
    campaign: { address: c.address, label: `#0 by someone — Assay ${INJECTION}` },
    milestone: { index: 0, title: `Assay ${INJECTION}`, attempt: 2 },
    evidence: { id: "e".repeat(43), url: `https://arweave.net/${"e".repeat(43)}`, sha256: "f".repeat(64), type: "Dataset" },
    windowEnd: Math.floor(h.clock.now().getTime() / 1000) + 86_400,
    flagThreshold: 1_000_000n,
    quorumWeight: 90_000_000n,
  };
}

/** Delivers what is due; the clock never runs behind the database's own `now()` of enqueueing. */
function deliver(): ReturnType<typeof deliverOutbox> {
  h.clock.set(new Date(Math.max(Date.now(), h.clock.now().getTime())));
  return deliverOutbox({ store: h.store, notifiers: { DISCORD: h.bot.notifier }, clock: h.clock }, 10);
}

async function announceAndDeliver(notice: Notice): Promise<Awaited<ReturnType<typeof deliverOutbox>>> {
  keys += 1;
  await announce(h.deps, notice, `test-${keys}`);
  return deliver();
}

function postsFor(address: string) {
  return h.server.channelPosts(h.server.channel.id).filter((p) => JSON.stringify(p.body).includes(address));
}

describe("GIVEN a subscribed channel", () => {
  it("a submission with @everyone/@here/<@id>/<@&id> in its title THEN one embed, allowed_mentions empty-parse on the wire, nobody pinged, mentions shown inert", async () => {
    const report = await announceAndDeliver(submitted());
    expect(report.sent).toBe(1);
    const [post] = postsFor(c.address);
    expect(post?.body.allowed_mentions).toEqual({ parse: [] });
    expect(post?.pings).toEqual({ everyone: false, users: [], roles: [] });
    expect(post?.message.mention_everyone).toBe(false);
    const text = JSON.stringify(post?.body.embeds);
    expect(text).not.toMatch(/@everyone|@here|<@\d|<@!\d|<@&\d/);
    expect(text).toContain("f".repeat(64));
    const buttons = ((post?.body.components as Json[])[0]?.components as Json[]).map((b) => b.custom_id ?? b.url);
    // Links first (the evidence, the campaign's public page), then the Flag button naming the
    // submission (attempt 2); custom_ids are the invocations they run.
    expect(buttons).toEqual([`https://arweave.net/${"e".repeat(43)}`, `https://pepfund.test/c/${c.address}`, `flag|${c.address}|0||2`, `campaign|${c.address}`]);
    const labels = ((post?.body.components as Json[])[0]?.components as Json[]).map((b) => b.label);
    expect(labels[1]).toBe("Campaign page");
  });

  it("every notice kind renders within Discord's limits (the server refuses anything over them)", async () => {
    const ref = { address: c.address, label: `Label ${INJECTION}` };
    const m = { index: 0, title: "T".repeat(64), attempt: 1 };
    const link = { id: "r".repeat(43), url: `https://arweave.net/${"r".repeat(43)}` };
    const notices: Notice[] = [
      { kind: "CampaignCreated", campaign: ref, researcher: randomAddress(), goal: 10n ** 12n, deadline: 1_900_000_000, milestoneCount: 3 },
      { kind: "FundraisingOpened", campaign: ref, goal: 1n, deadline: 1_900_000_000 },
      { kind: "FundraisingClosed", campaign: ref, raised: 1n, goal: 2n, succeeded: false },
      { kind: "FlagSubmitted", campaign: ref, milestone: m, flagger: randomAddress(), weight: 5n, totalWeight: 50n, quorumWeight: 90n, rationale: link },
      { kind: "QuorumReached", campaign: ref, milestone: m, totalWeight: 90n },
      { kind: "WindowClosed", campaign: ref, milestone: m, flagWeight: 1n, quorumReached: false },
      { kind: "TrancheReleased", campaign: ref, milestone: m, amount: 300_000_000n, recipient: randomAddress(), releasedTotal: 300_000_000n },
      { kind: "DisputeOpened", campaign: ref, milestone: m, deadline: 1_900_000_000 },
      { kind: "DisputeResolved", campaign: ref, milestone: m, approved: true, reason: link },
      { kind: "DisputeDeadlineNear", campaign: ref, milestone: m, deadline: 1_900_000_000 },
      { kind: "BehindSchedule", campaign: ref, milestone: m, estimatedCompletion: 1_800_000_000, staleAt: 1_900_000_000 },
      { kind: "StaleEligible", campaign: ref, milestone: m, staleAt: 1_900_000_000 },
      { kind: "StaleReviewOpened", campaign: ref, round: 1, milestone: m, endsAt: 1_900_000_000, quorumWeight: 90n },
      { kind: "StaleSupportAdded", campaign: ref, round: 1, supporter: randomAddress(), weight: 5n, supportWeight: 10n, quorumWeight: 90n },
      { kind: "StaleReviewEnded", campaign: ref, round: 1, outcome: "rejected", supportWeight: 10n },
      { kind: "CampaignAbandoned", campaign: ref, round: 1, escrow: 700_000_000n, backerSupply: 900n },
      { kind: "RefundsSummary", campaign: ref, refundedTotal: 1n, refundable: 2n },
      { kind: "CampaignCompleted", campaign: ref, releasedTotal: 10n },
      { kind: "ResearcherUpdate", campaign: ref, text: "News @everyone <@&223456789012345678>", stored: link },
      { kind: "FlagOutcome", campaign: ref, milestone: m, outcome: { status: "failed", code: "WindowClosed", signature: null } },
    ];
    // One channel per notice: Discord allows 5 messages per 5 s per channel.
    for (const notice of notices) {
      const channel = h.server.world.addChannel(`notice-${notice.kind}`);
      await h.bot.notifier.send({ platform: "DISCORD", chatId: channel.id }, notice, `kinds|${notice.kind}`);
      const posts = h.server.channelPosts(channel.id);
      expect(posts).toHaveLength(1);
      expect(posts[0]?.body.allowed_mentions).toEqual({ parse: [] });
      expect(posts[0]?.pings).toEqual({ everyone: false, users: [], roles: [] });
      expect(JSON.stringify(posts[0]?.body.embeds)).not.toMatch(/@everyone|@here|<@\d|<@!\d|<@&\d/);
    }
  });

  it("more than Discord's 5 messages per 5 s in one channel THEN the sixth goes back to the outbox with retry_after and out after it", async () => {
    const channel = h.server.world.addChannel("busy");
    await h.store.subscriptions.add({ campaign: c.address, platform: "DISCORD", scopeId: h.server.world.guildId, channelId: channel.id, createdBy: h.manager.id });
    await h.store.subscriptions.remove({ campaign: c.address, platform: "DISCORD", scopeId: h.server.world.guildId, channelId: h.server.channel.id });
    const reports = [];
    for (let i = 0; i < 6; i += 1) reports.push(await announceAndDeliver(submitted()));
    expect(reports.map((r) => r.sent)).toEqual([1, 1, 1, 1, 1, 0]);
    expect(reports[5]?.deferred).toBe(1);
    expect(h.server.limiter.given.filter((g) => g.route.includes(channel.id))).toEqual([]); // discord.js never overran the bucket
    await new Promise((r) => setTimeout(r, 5200));
    h.clock.advance(6);
    expect((await deliver()).sent).toBe(1);
    expect(h.server.channelPosts(channel.id)).toHaveLength(6);
  }, 20_000);

  it("the Flag button THEN a modal for that submission (attempt 2) and the flag request carries it", async () => {
    await announceAndDeliver(submitted());
    const post = postsFor(c.address).at(-1);
    const holder = h.server.addMember("button-holder");
    const wallet = await linkWallet(h, holder);
    h.chain.setHolder(c.address, { owner: wallet.address, deposited: 10_000_000n, delegate: h.relayer, lockedUntil: 0 });
    const click = h.server.clickButton(holder, post?.message ?? {}, `flag|${c.address}|0||2`);
    expect((await click.firstResponse()).type).toBe(9);
    const submit = h.server.submitModal(holder, click, { rationale: "No raw data" });
    await submit.waitFor((x) => x.kind === "edit-original" && !(typeof x.body.content === "string" && x.body.content.endsWith("…")), 20_000);
    expect(JSON.stringify(submit.visible())).toContain("is on-chain");
    const stored = await h.db.prisma.flagRequest.findMany({ where: { campaign: c.address } });
    expect(stored.map((r) => r.attempt)).toEqual([2]);
  });

  it("the Campaign status button THEN the status to the clicker only", async () => {
    await announceAndDeliver(submitted());
    const post = postsFor(c.address).at(-1);
    const click = h.server.clickButton(h.member, post?.message ?? {}, `campaign|${c.address}`);
    await click.waitFor((x) => x.kind === "edit-original");
    expect(Number((click.calls[0]?.body.data as Json).flags) & 64).toBe(64);
    expect(JSON.stringify(click.visible())).toContain("Assay");
  });
});

describe("GIVEN a personal outcome notice", () => {
  it("a flag's outcome addressed to the flagger THEN it reaches them in a DM, never the channel", async () => {
    const flagger = h.server.addMember("dm-flagger");
    const outcome: Notice = {
      kind: "FlagOutcome",
      campaign: { address: c.address, label: "Assay" },
      milestone: { index: 0, title: "Assay", attempt: 2 },
      outcome: { status: "failed", code: "WindowClosed", signature: null },
    };
    const before = postsFor(c.address).length;
    await h.bot.notifier.send(discordPlatform.directTarget(flagger.id) ?? { platform: "DISCORD", chatId: "" }, outcome, "dm-test|1");
    await h.bot.notifier.send(discordPlatform.directTarget(flagger.id) ?? { platform: "DISCORD", chatId: "" }, outcome, "dm-test|2");
    const dms = h.server.directMessages(flagger.id);
    expect(dms).toHaveLength(2);
    expect(dms[0]?.message.guild_id).toBeUndefined();
    expect(dms[0]?.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(dms[0]?.body.embeds)).toContain("review window of this submission has closed");
    expect(postsFor(c.address)).toHaveLength(before);
  });
});

describe("GIVEN Discord rate limits or outages", () => {
  it("a short 429 (retry_after 1 s) THEN discord.js waits it out and the notice is posted once", async () => {
    h.server.limiter.inject({ route: /^POST \/channels\/\d+\/messages$/, count: 1, retryAfter: 1 });
    const started = Date.now();
    const report = await announceAndDeliver(submitted());
    expect(report.sent).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(postsFor(c.address)).toHaveLength(1);
  });

  it("a long 429 (retry_after 5 s) THEN RetryAfter to the outbox, the notice stays pending, and goes out once after the wait", async () => {
    h.server.limiter.inject({ route: /^POST \/channels\/\d+\/messages$/, count: 1, retryAfter: 5, global: true });
    const first = await announceAndDeliver(submitted());
    expect(first).toMatchObject({ sent: 0, deferred: 1 });
    const pending = await h.db.prisma.outboxMessage.findMany({ where: { status: "PENDING", dedupeKey: { startsWith: `test-${keys}|` } } });
    expect(pending).toHaveLength(1);
    expect(pending[0]?.availableAt.getTime()).toBeGreaterThanOrEqual(h.clock.now().getTime() + 5000);
    expect(postsFor(c.address)).toHaveLength(0);
    h.clock.advance(6);
    await new Promise((r) => setTimeout(r, 5200)); // discord.js's own global wait
    const second = await deliver();
    expect(second.sent).toBe(1);
    expect(postsFor(c.address)).toHaveLength(1);
  }, 20_000);

  it("Discord down (503) THEN the notice is retried later, not lost, and posted once when Discord is back", async () => {
    h.server.down = true;
    const first = await announceAndDeliver(submitted());
    h.server.down = false;
    expect(first).toMatchObject({ sent: 0, retried: 1 });
    expect(postsFor(c.address)).toHaveLength(0);
    h.clock.advance(60);
    const second = await deliver();
    expect(second.sent).toBe(1);
    expect(postsFor(c.address)).toHaveLength(1);
  }, 20_000);

  it("a deleted channel (10003 Unknown Channel) THEN the notice is kept as FAILED and not retried", async () => {
    await h.store.subscriptions.add({ campaign: c.address, platform: "DISCORD", scopeId: h.server.world.guildId, channelId: "999999999999999999", createdBy: h.manager.id });
    const report = await announceAndDeliver(submitted());
    expect(report).toMatchObject({ sent: 1, failed: 1 });
    const failed = await h.db.prisma.outboxMessage.findMany({ where: { status: "FAILED", dedupeKey: { startsWith: `test-${keys}|` } } });
    expect(failed).toHaveLength(1);
  });
});

describe("GIVEN a bot that died after Discord posted a notice but before the outbox marked it sent", () => {
  it("the redelivery after the lease THEN Discord hands back the first message (same nonce, enforce_nonce): one post, the outbox row SENT", async () => {
    // A channel of its own: the shared one's 5-per-5 s bucket is spent by earlier tests.
    const channel = h.server.world.addChannel("crash-window");
    await h.store.subscriptions.add({ campaign: c.address, platform: "DISCORD", scopeId: h.server.world.guildId, channelId: channel.id, createdBy: h.manager.id });
    await h.store.subscriptions.remove({ campaign: c.address, platform: "DISCORD", scopeId: h.server.world.guildId, channelId: h.server.channel.id });
    keys += 1;
    await announce(h.deps, submitted(), `test-${keys}`);
    h.clock.set(new Date(Math.max(Date.now(), h.clock.now().getTime())));
    // The dying process's SENT write never happens; its claim stays leased for 60 s.
    const dying = { ...h.store.outbox, markSent: () => Promise.resolve() };
    await deliverOutbox({ store: { outbox: dying }, notifiers: { DISCORD: h.bot.notifier }, clock: h.clock, leaseMs: 60_000 }, 10);
    expect(h.server.channelPosts(channel.id)).toHaveLength(1);
    h.clock.advance(61);
    expect((await deliver()).sent).toBe(1);
    expect(h.server.channelPosts(channel.id)).toHaveLength(1);
    const creates = h.server.rest.calls.filter((call) => call.method === "POST" && call.path === `/channels/${channel.id}/messages`);
    expect(creates.map((call) => call.status)).toEqual([200, 200]);
    const [first, second] = creates.map((call) => call.body as Json);
    expect(first?.enforce_nonce).toBe(true);
    expect(second?.nonce).toBe(first?.nonce);
    expect(String(first?.nonce)).toMatch(/^[\w-]{25}$/);
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: `test-${keys}|` } } });
    expect(rows.map((row) => row.status)).toEqual(["SENT"]);
  });
});
