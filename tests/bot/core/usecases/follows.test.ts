/**
 * Personal follows and what followers hear, on PGlite and on the real PostgreSQL. Following
 * needs a campaign that exists; each change is in the audit log. The indexer's step queues,
 * for every follower, the notices a backer cares about (the raise opening, a submission, quorum, a dispute's
 * outcome, a release, a stale review, a refund becoming available) at their private chat
 * (Telegram: their private chat; Discord: a DM), once per (cause, follower), and none of the
 * others (each flag, the window closing, allocations). Channels following all new campaigns
 * get every campaign's creation and the opening of its raise, and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProgramEvent } from "../../../../bot/core/events.js";
import type { Store } from "../../../../bot/core/ports.js";
import { announceEvent } from "../../../../bot/core/usecases/announce.js";
import { deliverOutbox } from "../../../../bot/core/usecases/deliver-outbox.js";
import { follow, followedCampaigns, unfollow, type FollowDeps } from "../../../../bot/core/usecases/follows.js";
import { ALL_NEW_CAMPAIGNS } from "../../../../bot/core/usecases/subscriptions.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { campaign } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { FakeChain, ManualClock, randomAddress } from "../../support/fakes.js";
import { RecordingNotifier } from "../../support/notifiers.js";
import { PLATFORMS } from "../../support/platforms.js";

const GATEWAY = "https://arweave.net";
const id = (c: string) => c.repeat(42) + "A";

/** A campaign's life in events: each kind a follower cares about, and the chatter they do not. */
function life(address: string): ProgramEvent[] {
  const m = { campaign: address, milestoneIndex: 0, attempt: 1 };
  return [
    { name: "CampaignCreated", campaign: address, researcher: randomAddress(), id: 0n, goal: 1n, deadline: 1_900_000_000, milestoneCount: 3 },
    { name: "CampaignApproved", campaign: address, admin: randomAddress() },
    { name: "FundraisingClosed", campaign: address, raised: 9n, goal: 9n, status: "Active" },
    { name: "AllocationClaimed", campaign: address, recipient: randomAddress(), amount: 5n, protocol: false },
    { ...m, name: "MilestoneSubmitted", evidenceType: "Paper", evidenceId: id("E"), evidenceHash: "ab".repeat(32), windowEnd: 1_900_000_000, backerSupplySnapshot: 100n, flagThreshold: 1n },
    { ...m, name: "FlagSubmitted", owner: randomAddress(), weight: 11n, rationale: id("F"), totalWeight: 11n, quorumWeight: 10n },
    { ...m, name: "QuorumReached", totalWeight: 11n },
    { ...m, name: "WindowClosed", flagWeight: 11n, quorumReached: true },
    { ...m, name: "DisputeOpened", deadline: 1_900_000_000 },
    { ...m, name: "DisputeResolved", approved: false, reason: id("R"), resolver: randomAddress() },
    { ...m, attempt: 2, name: "DisputeLapsed", deadline: 1_900_100_000 },
    { name: "TrancheReleased", campaign: address, milestoneIndex: 0, amount: 4n, recipient: randomAddress(), releasedTotal: 4n },
    { name: "StaleReviewOpened", campaign: address, round: 1, milestoneIndex: 1, endsAt: 1_900_000_000, backerSupplySnapshot: 100n },
    { name: "StaleSupportAdded", campaign: address, round: 1, owner: randomAddress(), weight: 11n, supportWeight: 11n },
    { name: "CampaignAbandoned", campaign: address, round: 1, escrow: 5n, backerSupply: 100n },
    { name: "RefundClaimed", campaign: address, backer: randomAddress(), tokensBurned: 1n, amount: 1n, refundedTotal: 1n },
  ];
}

/** What a follower of {@link life} hears, in order. */
const FOLLOWER_KINDS = ["FundraisingOpened", "MilestoneSubmitted", "QuorumReached", "DisputeResolved", "DisputeLapsed", "TrancheReleased", "StaleReviewOpened", "CampaignAbandoned"];

describe.each(databaseKinds)("follows on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  let deps: FollowDeps;
  const chain = new FakeChain();
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
    deps = { store, chain, clock, platforms: PLATFORMS };
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** The indexer's step over `events`, each in its own transaction; how many follower messages were new. */
  async function index(events: readonly ProgramEvent[], signature: string): Promise<number> {
    let followers = 0;
    for (const [i, event] of events.entries()) {
      const result = await store.transaction((tx) => announceEvent({ store: tx, chain, gatewayUrl: GATEWAY, platforms: PLATFORMS }, event, `${signature}:${i}`));
      followers += result.followers ?? 0;
    }
    return followers;
  }

  /** Delivers everything queued; what each platform's notifier was asked to send. */
  async function deliver(): Promise<{ telegram: RecordingNotifier; discord: RecordingNotifier }> {
    // Queued messages are due from the database's time; the manual clock stands a little behind it.
    clock.set(new Date(Date.now() + 60_000));
    const telegram = new RecordingNotifier();
    const discord = new RecordingNotifier();
    await deliverOutbox({ store, notifiers: { TELEGRAM: telegram, DISCORD: discord }, clock }, 500);
    return { telegram, discord };
  }

  it("GIVEN a campaign on-chain THEN anyone follows it, once; following a missing campaign or with malformed ids is refused; unfollow removes; each change audited", async () => {
    const c = campaign();
    chain.campaigns.set(c.address, c);
    const me = { platform: "TELEGRAM" as const, userId: "5551001", chatId: "5551001" };
    expect(await follow(deps, { ...me, campaign: c.address })).toMatchObject({ ok: true, value: { added: true } });
    expect(await follow(deps, { ...me, campaign: c.address })).toMatchObject({ ok: true, value: { added: false } });
    expect(await follow(deps, { ...me, campaign: randomAddress() })).toEqual({ ok: false, code: "CampaignNotFound" });
    expect(await follow(deps, { ...me, campaign: "not-an-address" })).toEqual({ ok: false, code: "CampaignNotFound" });
    expect(await follow(deps, { ...me, userId: "'; drop table follow; --", campaign: c.address })).toEqual({ ok: false, code: "MalformedInput" });
    expect((await followedCampaigns(deps, me)).map((f) => f.campaign)).toEqual([c.address]);
    expect(await unfollow(deps, { ...me, campaign: c.address })).toEqual({ ok: true, value: { removed: true } });
    expect(await unfollow(deps, { ...me, campaign: c.address })).toEqual({ ok: true, value: { removed: false } });
    expect(await followedCampaigns(deps, me)).toEqual([]);
    expect((await store.audit.listBySubject(c.address)).map((a) => [a.action, a.platform, a.userId])).toEqual([
      ["follow.added", "TELEGRAM", "5551001"],
      ["follow.removed", "TELEGRAM", "5551001"],
    ]);
  });

  it("GIVEN followers on Telegram and Discord THEN each gets, privately and in order, exactly the kinds a backer cares about, once, replays included", async () => {
    const c = campaign({ status: "Fundraising" });
    chain.campaigns.set(c.address, c);
    await follow(deps, { platform: "TELEGRAM", userId: "5552001", chatId: "-1005552", campaign: c.address });
    await follow(deps, { platform: "DISCORD", userId: "223456789012345001", chatId: "323456789012345001", campaign: c.address });
    const signature = randomAddress();
    expect(await index(life(c.address), signature)).toBe(2 * FOLLOWER_KINDS.length);
    expect(await index(life(c.address), signature)).toBe(0);

    const { telegram, discord } = await deliver();
    // Telegram's private chat is the user id (not the group they followed from); Discord's a DM.
    expect(telegram.delivered.filter((d) => d.target.chatId === "5552001").map((d) => d.notice.kind)).toEqual(FOLLOWER_KINDS);
    expect(telegram.delivered.filter((d) => d.target.chatId === "-1005552")).toEqual([]);
    expect(discord.delivered.filter((d) => d.target.chatId === "dm:223456789012345001").map((d) => d.notice.kind)).toEqual(FOLLOWER_KINDS);
  });

  it("GIVEN a raise that missed its goal THEN followers are told (refunds open); a met goal tells them nothing", async () => {
    const c = campaign({ status: "Failed" });
    chain.campaigns.set(c.address, c);
    await follow(deps, { platform: "TELEGRAM", userId: "5553001", chatId: "5553001", campaign: c.address });
    const failed: ProgramEvent = { name: "FundraisingClosed", campaign: c.address, raised: 1n, goal: 9n, status: "Failed" };
    const met: ProgramEvent = { ...failed, raised: 9n, status: "Active" };
    expect(await index([failed], randomAddress())).toBe(1);
    expect(await index([met], randomAddress())).toBe(0);
  });

  it("GIVEN a follower who is also the campaign's researcher THEN a release they hear as both comes once", async () => {
    const c = campaign();
    chain.campaigns.set(c.address, c);
    const researcher = { platform: "TELEGRAM" as const, userId: "5554001", chatId: "5554001" };
    await store.links.insert({ ...researcher, address: c.researcher, challengeNonce: randomAddress(), linkedAt: clock.now() });
    await follow(deps, { ...researcher, campaign: c.address });
    await index([{ name: "TrancheReleased", campaign: c.address, milestoneIndex: 0, amount: 4n, recipient: c.researcher, releasedTotal: 4n }], randomAddress());
    const { telegram } = await deliver();
    expect(telegram.delivered.filter((d) => d.target.chatId === "5554001").map((d) => d.notice.kind)).toEqual(["TrancheReleased"]);
  });

  it("GIVEN channels following all new campaigns THEN each gets every creation and raise opening once (also when it follows the campaign too), nothing else", async () => {
    const c = campaign({ status: "Fundraising" });
    chain.campaigns.set(c.address, c);
    const everyNew = { campaign: ALL_NEW_CAMPAIGNS, platform: "TELEGRAM" as const, scopeId: "-1005555", channelId: "", createdBy: "1" };
    await store.subscriptions.add(everyNew);
    await store.subscriptions.add({ ...everyNew, platform: "DISCORD", scopeId: "423456789012345001", channelId: "523456789012345001" });
    await store.subscriptions.add({ ...everyNew, platform: "DISCORD", scopeId: "423456789012345001", channelId: "523456789012345001", campaign: c.address });
    const signature = randomAddress();
    // The creation reaches two channels (the Discord one follows both ways): two messages, not three.
    const created = await store.transaction((tx) => announceEvent({ store: tx, chain, gatewayUrl: GATEWAY, platforms: PLATFORMS }, life(c.address)[0]!, `${signature}:0`));
    expect([created.channels, created.queued]).toEqual([2, 2]);
    await index(life(c.address), signature);
    const { telegram, discord } = await deliver();
    expect(telegram.delivered.filter((d) => d.target.chatId === "-1005555").map((d) => d.notice.kind)).toEqual(["CampaignCreated", "FundraisingOpened"]);
    const channel = discord.delivered.filter((d) => d.target.chatId === "523456789012345001").map((d) => d.notice.kind);
    expect(channel.filter((k) => k === "CampaignCreated" || k === "FundraisingOpened")).toEqual(["CampaignCreated", "FundraisingOpened"]);
    // Following the campaign too: one message per event of its life, the creation and opening not twice.
    expect(channel).toHaveLength(life(c.address).length);
  });
});
