/**
 * Announcements, end to end through the real outbox table: one message per following
 * channel, exactly once per cause; delivery marks sent only what the platform took, honours
 * retry_after, backs off on outages keeping each chat's order, keeps refused messages as
 * FAILED, never sends one message twice from two delivering processes, and takes a dead
 * sender's messages over at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryRefusedError, RetryAfterError } from "../../../../bot/core/delivery-errors.js";
import { noticeCampaign, type Notice } from "../../../../bot/core/notices.js";
import type { Store } from "../../../../bot/core/ports.js";
import { announce, announceEvent, notify, subscriptionTarget } from "../../../../bot/core/usecases/announce.js";
import { deliverOutbox, releaseDeadSenders } from "../../../../bot/core/usecases/deliver-outbox.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { campaign as campaignView } from "../../support/campaigns.js";
import { FakeChain, ManualClock, randomAddress } from "../../support/fakes.js";
import { RecordingNotifier } from "../../support/notifiers.js";
import { PLATFORMS } from "../../support/platforms.js";

function released(campaign: string, amount: bigint): Notice {
  return {
    kind: "TrancheReleased",
    campaign: { address: campaign, label: "#0" },
    milestone: { index: 0, title: "M1" },
    amount,
    recipient: randomAddress(),
    releasedTotal: amount,
  };
}

let scope = 5000;

describe.each(databaseKinds)("announce and deliver on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** A campaign followed by one Discord channel and one Telegram forum topic. */
  async function followedCampaign() {
    const campaign = randomAddress();
    scope += 1;
    await store.subscriptions.add({ campaign, platform: "DISCORD", scopeId: String(scope), channelId: `${scope}1`, createdBy: "1" });
    await store.subscriptions.add({ campaign, platform: "TELEGRAM", scopeId: `-100${scope}`, channelId: "7", createdBy: "1" });
    return campaign;
  }

  /** Drains the outbox at `clock`'s time until nothing more is due. */
  async function drain(deps: Parameters<typeof deliverOutbox>[0]) {
    for (let pass = 0; pass < 20; pass += 1) {
      const report = await deliverOutbox(deps, 50);
      if (report.sent + report.retried + report.deferred + report.failed === 0) return;
    }
  }

  it("GIVEN a campaign followed by two channels THEN each gets the notice once, even when the event is announced twice", async () => {
    const campaign = await followedCampaign();
    const clock = new ManualClock();
    const first = await announce({ store, platforms: PLATFORMS }, released(campaign, 300n), `sig1:0`);
    const again = await announce({ store, platforms: PLATFORMS }, released(campaign, 300n), `sig1:0`);
    expect(first).toEqual({ channels: 2, queued: 2 });
    expect(again).toEqual({ channels: 2, queued: 0 });
    const discord = new RecordingNotifier();
    const telegram = new RecordingNotifier();
    await drain({ store, notifiers: { DISCORD: discord, TELEGRAM: telegram }, clock });
    expect(discord.delivered.map((d) => d.target)).toEqual([{ platform: "DISCORD", chatId: `${scope}1` }]);
    expect(telegram.delivered.map((d) => d.target)).toEqual([{ platform: "TELEGRAM", chatId: `-100${scope}`, threadId: "7" }]);
    expect(discord.delivered[0]?.notice).toMatchObject({ kind: "TrancheReleased", amount: 300n });
    // Sent means sent: another pass sends nothing.
    await drain({ store, notifiers: { DISCORD: discord, TELEGRAM: telegram }, clock });
    expect(discord.calls + telegram.calls).toBe(2);
  });

  it("GIVEN a 429 with retry_after THEN nothing is sent before that time, no attempt is counted, and it goes out after", async () => {
    const campaign = await followedCampaign();
    const clock = new ManualClock();
    await announce({ store, platforms: PLATFORMS }, released(campaign, 1n), `ra:${campaign}:1`);
    await announce({ store, platforms: PLATFORMS }, released(campaign, 2n), `ra:${campaign}:2`);
    const discord = new RecordingNotifier();
    discord.failNext(new RetryAfterError(30_000));
    const deps = { store, notifiers: { DISCORD: discord }, clock };
    const report = await deliverOutbox(deps, 50);
    expect(report).toMatchObject({ sent: 0, deferred: 2 });
    clock.advance(29);
    await drain(deps);
    expect(discord.delivered).toHaveLength(0);
    clock.advance(1);
    await drain(deps);
    expect(discord.delivered.map((d) => d.notice.kind === "TrancheReleased" && d.notice.amount)).toEqual([1n, 2n]);
    const rows = await db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: `ra:${campaign}` }, kind: "notice:DISCORD" } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([["SENT", 0], ["SENT", 0]]);
  });

  it("GIVEN the platform is down THEN the message is retried with backoff and the chat's later notices never overtake it", async () => {
    const campaign = await followedCampaign();
    const clock = new ManualClock();
    const discord = new RecordingNotifier();
    const deps = { store, notifiers: { DISCORD: discord }, clock, backoffMs: 1_000 };
    await announce({ store, platforms: PLATFORMS }, released(campaign, 1n), `down:${campaign}:1`);
    discord.failNext(new Error("ECONNRESET"), new Error("ECONNRESET"));
    expect(await deliverOutbox(deps, 50)).toMatchObject({ retried: 1, sent: 0 });
    // A notice queued while the first waits must wait behind it.
    await announce({ store, platforms: PLATFORMS }, released(campaign, 2n), `down:${campaign}:2`);
    expect(await deliverOutbox(deps, 50)).toMatchObject({ sent: 0 });
    clock.advance(1);
    expect(await deliverOutbox(deps, 50)).toMatchObject({ retried: 1, deferred: 1 });
    clock.advance(1);
    expect(await deliverOutbox(deps, 50)).toMatchObject({ sent: 0 });
    clock.advance(1);
    await drain(deps);
    expect(discord.delivered.map((d) => d.notice.kind === "TrancheReleased" && d.notice.amount)).toEqual([1n, 2n]);
    const first = await db.prisma.outboxMessage.findFirstOrThrow({ where: { dedupeKey: { startsWith: `down:${campaign}:1|DISCORD` } } });
    expect([first.status, first.attempts, first.lastError]).toEqual(["SENT", 2, "Error: ECONNRESET"]);
  });

  it("GIVEN the platform refuses for good (bot removed) THEN the message is kept as FAILED and never retried", async () => {
    const campaign = await followedCampaign();
    const clock = new ManualClock();
    // Earlier tests' Telegram messages go out first, so the refusal meets this one.
    await drain({ store, notifiers: { TELEGRAM: new RecordingNotifier() }, clock });
    const telegram = new RecordingNotifier();
    telegram.failNext(new DeliveryRefusedError("Forbidden: bot was kicked from the supergroup chat"));
    await announce({ store, platforms: PLATFORMS }, released(campaign, 1n), `gone:${campaign}`);
    await drain({ store, notifiers: { TELEGRAM: telegram }, clock });
    clock.advance(86_400);
    await drain({ store, notifiers: { TELEGRAM: telegram }, clock });
    expect(telegram.delivered.filter((d) => noticeCampaign(d.notice) === campaign)).toHaveLength(0);
    const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { dedupeKey: { startsWith: `gone:${campaign}|TELEGRAM` } } });
    expect([row.status, row.attempts, row.lastError]).toEqual([
      "FAILED",
      0,
      "DeliveryRefusedError: Forbidden: bot was kicked from the supergroup chat",
    ]);
  });

  it("GIVEN two processes delivering at once THEN each message is sent by one of them, once", async () => {
    const campaign = randomAddress();
    const channels = 30;
    for (let i = 0; i < channels; i += 1) {
      await store.subscriptions.add({ campaign, platform: "DISCORD", scopeId: "1", channelId: `c${campaign}${i}`, createdBy: "1" });
    }
    await announce({ store, platforms: PLATFORMS }, released(campaign, 5n), `race:${campaign}`);
    const clock = new ManualClock();
    const a = new RecordingNotifier();
    const b = new RecordingNotifier();
    await Promise.all([
      deliverOutbox({ store, notifiers: { DISCORD: a }, clock }, 100),
      deliverOutbox({ store, notifiers: { DISCORD: b }, clock }, 100),
    ]);
    await drain({ store, notifiers: { DISCORD: a }, clock });
    const chats = [...a.delivered, ...b.delivered].map((d) => d.target.chatId).filter((c) => c.startsWith(`c${campaign}`));
    expect(chats).toHaveLength(channels);
    expect(new Set(chats).size).toBe(channels);
  });

  it("GIVEN two claimers at once THEN no message is claimed by both and every one is claimed", async () => {
    const campaign = randomAddress();
    const channels = 40;
    for (let i = 0; i < channels; i += 1) {
      await store.subscriptions.add({ campaign, platform: "DISCORD", scopeId: "1", channelId: `k${campaign}${i}`, createdBy: "1" });
    }
    await announce({ store, platforms: PLATFORMS }, released(campaign, 6n), `twin:${campaign}`);
    const now = new Date(Date.now() + 3_600_000);
    const lease = new Date(now.getTime() + 60_000);
    const [a, b] = await Promise.all([
      store.outbox.claim(["notice:DISCORD"], now, 1000, lease),
      store.outbox.claim(["notice:DISCORD"], now, 1000, lease),
    ]);
    const ours = (batch: typeof a) => batch.filter((e) => e.dedupeKey.startsWith(`twin:${campaign}`)).map((e) => e.id);
    const both = [...ours(a), ...ours(b)];
    expect(new Set(both).size).toBe(both.length);
    expect(both).toHaveLength(channels);
  });

  it("GIVEN a process that crashed after claiming THEN the message comes back when the lease ends, not before", async () => {
    const campaign = await followedCampaign();
    const clock = new ManualClock();
    await announce({ store, platforms: PLATFORMS }, released(campaign, 1n), `crash:${campaign}`);
    const claimed = await store.outbox.claim(["notice:DISCORD"], clock.now(), 100, new Date(clock.now().getTime() + 60_000));
    expect(claimed.some((e) => e.dedupeKey.startsWith(`crash:${campaign}`))).toBe(true);
    const discord = new RecordingNotifier();
    await drain({ store, notifiers: { DISCORD: discord }, clock });
    expect(discord.delivered.filter((d) => noticeCampaign(d.notice) === campaign)).toHaveLength(0);
    clock.advance(60);
    await drain({ store, notifiers: { DISCORD: discord }, clock });
    expect(discord.delivered.filter((d) => noticeCampaign(d.notice) === campaign)).toHaveLength(1);
  });

  it("GIVEN a sender that crashed after claiming and is known dead THEN its messages and its chats' later ones go out at once; a live sender's wait for its lease", async () => {
    const [deadChat, liveChat] = [await followedCampaign(), await followedCampaign()];
    const clock = new ManualClock();
    const lease = new Date(clock.now().getTime() + 60_000);
    const ofCampaign = (campaign: string, d: { notice: Notice }) => noticeCampaign(d.notice) === campaign;
    const [dead, live] = [`dead-sender/${deadChat}`, `live-sender/${liveChat}`];
    const mine = (campaign: string) => (e: { dedupeKey: string }) => e.dedupeKey.includes(campaign);
    // Each sender claims its chat's first notice.
    await announce({ store, platforms: PLATFORMS }, released(deadChat, 1n), `dead-first:${deadChat}`);
    expect((await store.outbox.claim(["notice:DISCORD"], clock.now(), 100, lease, dead)).some(mine(deadChat))).toBe(true);
    await announce({ store, platforms: PLATFORMS }, released(liveChat, 1n), `live-first:${liveChat}`);
    expect((await store.outbox.claim(["notice:DISCORD"], clock.now(), 100, lease, live)).some(mine(liveChat))).toBe(true);
    // Each chat gets a second notice, which waits for the first.
    await announce({ store, platforms: PLATFORMS }, released(deadChat, 2n), `dead-second:${deadChat}`);
    await announce({ store, platforms: PLATFORMS }, released(liveChat, 2n), `live-second:${liveChat}`);
    const discord = new RecordingNotifier();
    const deps = { store, notifiers: { DISCORD: discord }, clock, owner: "next-process" };
    await drain(deps);
    expect(discord.delivered.filter((d) => ofCampaign(deadChat, d) || ofCampaign(liveChat, d))).toEqual([]);

    expect(await releaseDeadSenders(deps, (owner) => owner === dead)).toBe(1);
    await drain(deps);
    expect(discord.delivered.filter((d) => ofCampaign(deadChat, d)).map((d) => (d.notice as { amount: bigint }).amount)).toEqual([1n, 2n]);
    expect(discord.delivered.filter((d) => ofCampaign(liveChat, d))).toEqual([]);
    expect(await releaseDeadSenders(deps, (owner) => owner === dead)).toBe(0);
  });

  it("GIVEN a program event THEN followers get its notice with the campaign's label; an event no one follows gives none", async () => {
    const campaign = await followedCampaign();
    const chain = new FakeChain();
    chain.campaigns.set(campaign, campaignView({ address: campaign, id: 4n }));
    const deps = { store, chain, gatewayUrl: "https://arweave.net", platforms: PLATFORMS };
    const submitted = await announceEvent(
      deps,
      {
        name: "MilestoneSubmitted",
        campaign,
        milestoneIndex: 0,
        attempt: 1,
        evidenceType: "Paper",
        evidenceId: "B".repeat(43).replace(/B$/, "A"),
        evidenceHash: "cd".repeat(32),
        windowEnd: 1,
        backerSupplySnapshot: 10n,
        flagThreshold: 1n,
      },
      `evt:${campaign}:0`,
    );
    expect([submitted.notice?.kind, submitted.channels, submitted.queued]).toEqual(["MilestoneSubmitted", 2, 2]);
    expect(submitted.notice !== null && "campaign" in submitted.notice && submitted.notice.campaign.label.startsWith("#4 by ")).toBe(true);
    const silent = await announceEvent(deps, { name: "HolderWithdrew", campaign, owner: randomAddress(), amount: 1n, deposited: 0n }, `evt:${campaign}:1`);
    expect(silent).toEqual({ notice: null, channels: 0, queued: 0 });
  });

  it("GIVEN a direct notice THEN it goes to that chat only, once per key", async () => {
    const target = { platform: "TELEGRAM" as const, chatId: "424242" };
    const notice = released(randomAddress(), 9n);
    expect(await notify({ store }, target, notice, "direct:1")).toBe(true);
    expect(await notify({ store }, target, notice, "direct:1")).toBe(false);
    const telegram = new RecordingNotifier();
    await drain({ store, notifiers: { TELEGRAM: telegram }, clock: new ManualClock() });
    expect(telegram.delivered.filter((d) => d.target.chatId === "424242")).toEqual([{ target, notice }]);
  });
});

describe("subscriptionTarget", () => {
  it("GIVEN a Discord thread THEN it is the chat; GIVEN a Telegram topic THEN the group is the chat and the topic the thread", () => {
    expect(subscriptionTarget(PLATFORMS, { platform: "DISCORD", scopeId: "1", channelId: "2" })).toEqual({ platform: "DISCORD", chatId: "2" });
    expect(subscriptionTarget(PLATFORMS, { platform: "TELEGRAM", scopeId: "-1001", channelId: "" })).toEqual({ platform: "TELEGRAM", chatId: "-1001" });
    expect(subscriptionTarget(PLATFORMS, { platform: "TELEGRAM", scopeId: "-1001", channelId: "5" })).toEqual({
      platform: "TELEGRAM",
      chatId: "-1001",
      threadId: "5",
    });
  });
});
