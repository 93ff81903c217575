/**
 * The campaign directory, timelines and follows (bot/store/campaign-tables.ts) on PGlite and
 * the real PostgreSQL: a newer read replaces an older one and never the reverse, a title
 * stays with the texts it was read from, searches match title words and the researcher,
 * a timeline entry is recorded once per cause, a follow once per user and campaign.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignNotice } from "../../../bot/core/notices.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import type { Store } from "../../../bot/core/ports.js";
import { campaign } from "../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
const address = (n: number) => `Camp${String(n).padStart(40, "1")}`;

for (const kind of databaseKinds) {
  describe(`campaign tables on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      db = await kind.open();
      store = prismaStore(db.prisma);
    }, 60_000);
    afterAll(async () => {
      await db.dispose();
    });

    it("GIVEN reads at several slots THEN the latest slot's view is kept and an older read changes nothing", async () => {
      const c = campaign({ address: address(1), status: "Fundraising", raised: 5n });
      expect(await store.campaigns.upsert({ view: c, slot: 10n, at: at(0) })).toBe(true);
      expect(await store.campaigns.upsert({ view: { ...c, raised: 9n }, slot: 12n, at: at(1) })).toBe(true);
      expect(await store.campaigns.upsert({ view: { ...c, raised: 7n }, slot: 11n, at: at(2) })).toBe(false);
      const found = await store.campaigns.find(c.address);
      expect(found?.view.raised).toBe(9n);
      expect(found?.slot).toBe(12n);
      expect(found?.view.milestones[0]?.supplySnapshot).toBe(c.milestones[0]?.supplySnapshot);
    });

    it("GIVEN a verified title WHEN the texts change THEN the title is cleared until read again", async () => {
      const c = campaign({ address: address(2), status: "Draft", metadataId: "t".repeat(43), metadataSha256: "aa".repeat(32) });
      await store.campaigns.upsert({ view: c, slot: 1n, at: at(0) });
      await store.campaigns.setTitle(c.address, "aa".repeat(32), "Protein folding at scale");
      await store.campaigns.upsert({ view: { ...c, raised: 0n }, slot: 2n, at: at(1) });
      expect((await store.campaigns.find(c.address))?.title).toBe("Protein folding at scale");
      expect((await store.campaigns.search(["folding", "protein"], 5)).map((e) => e.view.address)).toEqual([c.address]);
      expect((await store.campaigns.findByTitle("protein FOLDING at scale")).map((e) => e.view.address)).toEqual([c.address]);
      await store.campaigns.upsert({ view: { ...c, metadataSha256: "bb".repeat(32) }, slot: 3n, at: at(2) });
      expect((await store.campaigns.find(c.address))?.title).toBeNull();
      // A title read from the old texts is not applied to the new ones.
      await store.campaigns.setTitle(c.address, "aa".repeat(32), "Stale title");
      expect((await store.campaigns.find(c.address))?.title).toBeNull();
      expect((await store.campaigns.untitled(10)).map((e) => e.view.address)).toContain(c.address);
    });

    it("GIVEN campaigns in several states THEN a page lists only the asked states, active before raising, with the total", async () => {
      await store.campaigns.upsert({ view: campaign({ address: address(3), status: "Fundraising" }), slot: 1n, at: at(0), title: "B raise" });
      await store.campaigns.upsert({ view: campaign({ address: address(4), status: "Active" }), slot: 1n, at: at(0), title: "A active" });
      await store.campaigns.upsert({ view: campaign({ address: address(5), status: "Failed" }), slot: 1n, at: at(0), title: "C failed" });
      const page = await store.campaigns.page(["Active", "Fundraising"], { offset: 0, limit: 10 });
      expect(page.entries.map((e) => e.view.address).slice(0, 2)).toEqual([address(4), address(3)]);
      expect(page.total).toBe(page.entries.length);
      expect(page.entries.every((e) => e.view.status === "Active" || e.view.status === "Fundraising")).toBe(true);
      expect((await store.campaigns.page(["Active", "Fundraising"], { offset: 1, limit: 1 })).entries.map((e) => e.view.address)).toEqual([address(3)]);
      // A LIKE wildcard typed by a user matches itself only.
      expect(await store.campaigns.search(["%"], 10)).toEqual([]);
    });

    it("GIVEN a notice recorded twice under one key THEN the timeline holds it once, newest first", async () => {
      const ref = { address: address(6), label: "Six" };
      const first = { kind: "FundraisingOpened", campaign: ref, goal: 10n, deadline: 5 } as unknown as CampaignNotice;
      const second = { kind: "FundraisingClosed", campaign: ref, succeeded: true, raised: 10n, goal: 10n } as unknown as CampaignNotice;
      expect(await store.timeline.record({ key: "sig1:0", notice: first, at: at(0) })).toBe(true);
      expect(await store.timeline.record({ key: "sig1:0", notice: first, at: at(1) })).toBe(false);
      expect(await store.timeline.record({ key: "sig2:0", notice: second, at: at(2) })).toBe(true);
      const latest = await store.timeline.latest(ref.address, 10);
      expect(latest.map((e) => e.notice.kind)).toEqual(["FundraisingClosed", "FundraisingOpened"]);
      expect((latest[1]?.notice as { goal: bigint }).goal).toBe(10n);
    });

    it("GIVEN an entry recorded late (an indexer catching up) THEN it lists by when it happened; entries of one moment in recording order", async () => {
      const ref = { address: address(8), label: "Eight" };
      const notice = (kind: string) => ({ kind, campaign: ref }) as unknown as CampaignNotice;
      await store.timeline.record({ key: "sig-a:0", notice: notice("MilestoneSubmitted"), at: at(1) });
      await store.timeline.record({ key: "reminder", notice: notice("ReviewWindowClosingSoon"), at: at(9) });
      // The backlog: a flag and the quorum it reached, one transaction, one block time, earlier than the reminder.
      await store.timeline.record({ key: "sig-b:0", notice: notice("FlagSubmitted"), at: at(5) });
      await store.timeline.record({ key: "sig-b:1", notice: notice("QuorumReached"), at: at(5) });
      expect((await store.timeline.latest(ref.address, 10)).map((e) => e.notice.kind)).toEqual([
        "ReviewWindowClosingSoon",
        "QuorumReached",
        "FlagSubmitted",
        "MilestoneSubmitted",
      ]);
      expect((await store.timeline.latest(ref.address, 2)).map((e) => e.key)).toEqual(["reminder", "sig-b:1"]);
    });

    it("GIVEN a follow THEN it is added once, listed by campaign and user, and removed once", async () => {
      const follow = { platform: "TELEGRAM" as const, userId: "42", chatId: "42", campaign: address(7) };
      expect(await store.follows.add(follow)).toBe(true);
      expect(await store.follows.add(follow)).toBe(false);
      expect(await store.follows.listByCampaign(address(7))).toEqual([follow]);
      expect(await store.follows.listByUser("TELEGRAM", "42")).toEqual([follow]);
      expect(await store.follows.remove({ platform: "TELEGRAM", userId: "42", campaign: address(7) })).toBe(true);
      expect(await store.follows.remove({ platform: "TELEGRAM", userId: "42", campaign: address(7) })).toBe(false);
    });
  });
}
