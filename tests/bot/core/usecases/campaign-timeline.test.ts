/**
 * The campaign timeline, on PGlite and on the real PostgreSQL: every notice announced for a
 * campaign is recorded once per cause, in the announcing transaction, whether or not any
 * channel follows the campaign, dated when it happened; the page lists it newest first.
 * Account notices (no campaign) are not recorded; a rolled-back announcement leaves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProgramEvent } from "../../../../bot/core/events.js";
import type { Store } from "../../../../bot/core/ports.js";
import { announce, announceEvent } from "../../../../bot/core/usecases/announce.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { campaign } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { FakeChain, randomAddress } from "../../support/fakes.js";
import { PLATFORMS } from "../../support/platforms.js";

const GATEWAY = "https://arweave.net";
const T0 = Date.UTC(2030, 0, 1);

describe.each(databaseKinds)("campaign timeline on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const chain = new FakeChain();
  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  const indexed = (event: ProgramEvent, key: string, at: number) =>
    store.transaction((tx) => announceEvent({ store: tx, chain, gatewayUrl: GATEWAY, platforms: PLATFORMS }, event, key, new Date(at)));

  it("GIVEN a campaign nobody follows THEN each announced event is on its timeline once, newest first, at its block time", async () => {
    const c = campaign({ status: "Fundraising" });
    chain.campaigns.set(c.address, c);
    const opened: ProgramEvent = { name: "CampaignApproved", campaign: c.address, admin: randomAddress() };
    const released: ProgramEvent = { name: "TrancheReleased", campaign: c.address, milestoneIndex: 0, amount: 300_000_000n, recipient: randomAddress(), releasedTotal: 300_000_000n };
    expect((await indexed(opened, "sigA:0", T0)).channels).toBe(0);
    await indexed(released, "sigB:0", T0 + 60_000);
    // The indexer replays the same transactions after a restart: nothing is recorded twice.
    await indexed(opened, "sigA:0", T0 + 120_000);
    await indexed(released, "sigB:0", T0 + 120_000);

    const entries = await store.timeline.latest(c.address, 10);
    expect(entries.map((e) => [e.key, e.notice.kind, e.at.toISOString()])).toEqual([
      ["sigB:0", "TrancheReleased", new Date(T0 + 60_000).toISOString()],
      ["sigA:0", "FundraisingOpened", new Date(T0).toISOString()],
    ]);
    expect(await store.timeline.latest(c.address, 1)).toHaveLength(1);
  });

  it("GIVEN a followed campaign THEN the timeline entry and the channel's message are written together", async () => {
    const c = campaign();
    chain.campaigns.set(c.address, c);
    await store.subscriptions.add({ platform: "TELEGRAM", scopeId: "-100777", channelId: "", campaign: c.address, createdBy: "1" });
    const result = await indexed({ name: "CampaignCompleted", campaign: c.address, releasedTotal: 1n }, "sigC:0", T0);
    expect(result.queued).toBe(1);
    expect((await store.timeline.latest(c.address, 10)).map((e) => e.notice.kind)).toEqual(["CampaignCompleted"]);
  });

  it("GIVEN the announcing transaction rolls back THEN no timeline entry remains", async () => {
    const c = campaign();
    chain.campaigns.set(c.address, c);
    await expect(
      store.transaction(async (tx) => {
        await announceEvent({ store: tx, chain, gatewayUrl: GATEWAY, platforms: PLATFORMS }, { name: "CampaignCompleted", campaign: c.address, releasedTotal: 1n }, "sigD:0", new Date(T0));
        throw new Error("the cursor write failed");
      }),
    ).rejects.toThrow("the cursor write failed");
    expect(await store.timeline.latest(c.address, 10)).toEqual([]);
  });

  it("GIVEN an account notice THEN nothing is recorded and nothing announced", async () => {
    expect(await announce({ store, platforms: PLATFORMS }, { kind: "WalletLinked", address: randomAddress() }, "link:1", new Date(T0))).toEqual({ channels: 0, queued: 0 });
  });
});
