/**
 * The campaign directory's use cases over the real table (PGlite and PostgreSQL): pickers,
 * searches and typed names answer from the table (a chain whose getProgramAccounts throws
 * proves no keystroke reaches it), campaigns sharing a title are told apart, a fresh
 * database's directory is filled from the chain once, and titles are read from Arweave (arlocal) apart
 * from the indexer: filled when the texts match, retried after an outage, cleared on edit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { choicesFor } from "../../../../bot/chat/choices.js";
import { campaignCommand } from "../../../../bot/chat/commands/campaign.js";
import { encodeCampaignTexts, sha256Hex } from "../../../../bot/core/campaign-texts.js";
import type { ParamSpec } from "../../../../bot/chat/command.js";
import type { CampaignView, ChainReader, Store } from "../../../../bot/core/ports.js";
import {
  campaignsInGroup,
  listCampaigns,
  resolveCampaignName,
  searchCampaigns,
  syncDirectoryOnce,
} from "../../../../bot/core/usecases/campaign-directory.js";
import { TextsCache } from "../../../../bot/core/usecases/campaign-texts.js";
import { campaignStatus } from "../../../../bot/core/usecases/campaign-status.js";
import { campaignLabel } from "../../../../bot/core/labels.js";
import { fillTitles } from "../../../../bot/core/usecases/campaign-titles.js";
import { titledChain } from "../../../../bot/core/usecases/titled-chain.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { startArlocal, type RunningArlocal } from "../../support/arlocal.js";
import { startArweaveProxy, type ArweaveProxy } from "../../support/arweave-proxy.js";
import { campaign, milestone } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { countingEvidence } from "../../support/evidence.js";
import { FakeChain, FakePools, ManualClock, randomAddress } from "../../support/fakes.js";

/** A chain that refuses to list: any path calling getProgramAccounts fails the test. */
function noListing(): ChainReader {
  const chain = new FakeChain();
  chain.listCampaigns = () => Promise.reject(new Error("listCampaigns called on a keystroke path"));
  return chain;
}

for (const kind of databaseKinds) {
  describe(`campaign directory on ${kind.name}`, () => {
    let db: TestDatabase;
    let store: Store;
    const researcher = randomAddress();
    const active = campaign({ id: 2n, researcher, milestones: [milestone(0, { title: "Mouse cohort" }), milestone(1)] });
    const raising = campaign({ id: 1n, status: "Fundraising", milestones: [milestone(0, { title: "Assay design" }), milestone(1)] });
    const done = campaign({ id: 0n, status: "Completed", milestones: [milestone(0, { title: "Pilot" }), milestone(1)] });
    const twinA = campaign({ id: 7n, status: "Fundraising" });
    const twinB = campaign({ id: 7n, status: "Fundraising" });
    beforeAll(async () => {
      db = await kind.open();
      store = prismaStore(db.prisma);
      for (const c of [done, raising, active]) await store.campaigns.upsert({ view: c, slot: 5n, at: new Date() });
      await store.campaigns.setTitle(raising.address, raising.metadataSha256, "Sleep in zebrafish");
      for (const c of [twinA, twinB]) await store.campaigns.upsert({ view: c, slot: 5n, at: new Date(), title: "Malaria vaccine" });
    }, 60_000);
    afterAll(async () => {
      await db.dispose();
    });

    it("GIVEN campaigns in several states THEN active ones come first, named by title when known", async () => {
      const list = await listCampaigns({ store }, 10);
      expect(list[0]?.address).toBe(active.address);
      expect(list[0]?.label).toBe(`#2 by ${researcher.slice(0, 4)}…${researcher.slice(-4)} — Mouse cohort`);
      expect(list.find((c) => c.address === raising.address)?.label).toBe("Sleep in zebrafish");
      expect(list.at(-1)?.address).toBe(done.address);
      expect(await listCampaigns({ store }, 1)).toHaveLength(1);
    });

    it("GIVEN title words, #id or an address prefix THEN only the matching campaigns", async () => {
      expect((await searchCampaigns({ store }, "ZEBRA sleep", 10)).map((c) => c.address)).toEqual([raising.address]);
      expect((await searchCampaigns({ store }, "#0", 10)).map((c) => c.address)).toEqual([done.address]);
      expect((await searchCampaigns({ store }, active.address.slice(0, 8), 10)).map((c) => c.address)).toEqual([active.address]);
      expect((await searchCampaigns({ store }, researcher.slice(0, 8), 10)).map((c) => c.address)).toEqual([active.address]);
      expect(await searchCampaigns({ store }, "no such words", 10)).toEqual([]);
      expect(await searchCampaigns({ store }, "  ", 10)).toHaveLength(5);
    });

    it("GIVEN two campaigns with the same title THEN each choice names its researcher", async () => {
      const twins = await searchCampaigns({ store }, "malaria", 10);
      expect(twins.map((c) => c.label).sort()).toEqual(
        [twinA, twinB].map((c) => `Malaria vaccine — by ${c.researcher.slice(0, 4)}…${c.researcher.slice(-4)}`).sort(),
      );
      // A typed exact title (any case) means both: the user picks.
      expect((await resolveCampaignName({ store }, "malaria VACCINE", 10)).map((c) => c.address).sort()).toEqual([twinA.address, twinB.address].sort());
      expect((await resolveCampaignName({ store }, "sleep in zebrafish", 10)).map((c) => c.address)).toEqual([raising.address]);
    });

    it("GIVEN a chain whose getProgramAccounts throws THEN autocomplete, pickers and /campaigns still answer", async () => {
      const chain = noListing();
      const deps = { store, chain, pools: new FakePools(), clock: new ManualClock(new Date()) };
      const spec = campaignCommand.params.campaign as ParamSpec;
      const choices = await choicesFor(deps, spec, "zebra", {});
      expect(choices.map((c) => c.value)).toEqual([raising.address]);
      expect((await choicesFor(deps, spec, "", {})).length).toBe(5);
      const page = await campaignsInGroup(deps, "raising", { offset: 0, limit: 10 });
      expect(page.total).toBe(3);
      expect(page.campaigns.map((c) => c.title)).toContain("Sleep in zebrafish");
    });

    it("GIVEN a titled campaign THEN its status view carries the title; WHEN its texts changed on-chain THEN not the old one", async () => {
      const chain = new FakeChain();
      chain.campaigns.set(raising.address, raising);
      const deps = { chain, clock: new ManualClock(new Date()), store };
      const status = await campaignStatus(deps, raising.address);
      expect(status.ok && status.value.campaign.title).toBe("Sleep in zebrafish");
      chain.campaigns.set(raising.address, { ...raising, metadataSha256: "cd".repeat(32) });
      const edited = await campaignStatus(deps, raising.address);
      expect(edited.ok && campaignLabel(edited.value.campaign)).toMatch(/^#1 by /);
    });

    it("GIVEN the titled chain THEN campaigns read from the chain carry their directory titles (replies, signing pages, scheduler notices)", async () => {
      const chain = new FakeChain();
      for (const c of [raising, done]) chain.campaigns.set(c.address, c);
      const named = titledChain(chain, store);
      expect((await named.getCampaign(raising.address))?.title).toBe("Sleep in zebrafish");
      expect((await named.getCampaign(done.address))?.title ?? null).toBeNull();
      const listed = await named.listCampaigns();
      expect(listed.find((c) => c.address === raising.address)?.title).toBe("Sleep in zebrafish");
      expect(await named.getCampaign(randomAddress())).toBeNull();
    });

    it("GIVEN a database never synced THEN the directory is filled from the chain once, and an indexer read is never overwritten", async () => {
      const other = await kind.open();
      try {
        const fresh = prismaStore(other.prisma);
        const chain = new FakeChain();
        for (const c of [active, raising]) chain.campaigns.set(c.address, c);
        // The indexer stored a new campaign before the first sync: the old ones are still synced.
        await fresh.campaigns.upsert({ view: { ...raising, raised: 42n }, slot: 9n, at: new Date() });
        expect(await syncDirectoryOnce({ store: fresh, chain, clock: new ManualClock(new Date()) }, 0n)).toBe(1);
        expect((await listCampaigns({ store: fresh }, 10)).map((c) => c.address).sort()).toEqual([active.address, raising.address].sort());
        expect((await fresh.campaigns.find(raising.address))?.view.raised).toBe(42n);
        // Done once: later starts do not read the chain.
        expect(await syncDirectoryOnce({ store: fresh, chain: noListing(), clock: new ManualClock(new Date()) }, 0n)).toBeNull();
      } finally {
        await other.dispose();
      }
    });
  });
}

describe("campaign titles from Arweave", () => {
  let arlocal: RunningArlocal;
  let proxy: ArweaveProxy;
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    arlocal = await startArlocal();
    proxy = await startArweaveProxy(arlocal.url);
    const kind = databaseKinds.at(-1);
    if (kind === undefined) throw new Error("no database kind");
    db = await kind.open();
    store = prismaStore(db.prisma);
  }, 60_000);
  afterAll(async () => {
    await db.dispose();
    await proxy.stop();
    await arlocal.stop();
  });
  beforeEach(() => {
    proxy.mode = "pass";
  });

  async function withTexts(title: string, overrides: Partial<CampaignView> = {}): Promise<CampaignView> {
    const bytes = encodeCampaignTexts({ title, summary: "What we study.", milestones: [{ title: "Pilot", description: "Raw data." }] });
    const { id } = await countingEvidence(arlocal).store.upload(bytes, "application/json", { Type: "campaign-texts" });
    await arlocal.mine();
    return campaign({ metadataId: id, metadataSha256: sha256Hex(bytes), ...overrides });
  }

  const deps = () => ({ store, evidence: countingEvidence({ ...arlocal, url: proxy.url }).store, cache: new TextsCache() });

  it("GIVEN an Arweave outage THEN the title waits; WHEN Arweave is back THEN it is filled and searchable", async () => {
    const c = await withTexts(`Bee navigation ${randomAddress().slice(0, 6)}`);
    await store.campaigns.upsert({ view: c, slot: 1n, at: new Date() });
    proxy.mode = "down";
    const skip = new Set<string>();
    expect(await fillTitles(deps(), 10, skip)).toMatchObject({ titled: 0, unavailable: 1 });
    expect((await store.campaigns.find(c.address))?.title).toBeNull();
    proxy.mode = "pass";
    expect(await fillTitles(deps(), 10, skip)).toMatchObject({ titled: 1 });
    const entry = await store.campaigns.find(c.address);
    expect(entry?.title).toMatch(/^Bee navigation/);
    expect((await searchCampaigns({ store }, "bee NAVIGATION", 5)).map((x) => x.address)).toEqual([c.address]);
  });

  it("GIVEN texts that do not match the on-chain hash THEN no title, and they are not read again", async () => {
    const c = await withTexts("Forged title", { metadataSha256: "ab".repeat(32) });
    await store.campaigns.upsert({ view: c, slot: 1n, at: new Date() });
    const skip = new Set<string>();
    expect(await fillTitles(deps(), 10, skip)).toMatchObject({ titled: 0, unverifiable: 1 });
    expect((await store.campaigns.find(c.address))?.title).toBeNull();
    expect(await fillTitles(deps(), 10, skip)).toMatchObject({ titled: 0, unverifiable: 0, unavailable: 0 });
  });

  it("GIVEN a titled campaign WHEN its texts are edited THEN the old title is cleared and the new one filled", async () => {
    const c = await withTexts("First title");
    await store.campaigns.upsert({ view: c, slot: 1n, at: new Date() });
    await fillTitles(deps(), 10, new Set());
    expect((await store.campaigns.find(c.address))?.title).toBe("First title");
    const edited = await withTexts("Second title", { address: c.address, researcher: c.researcher });
    await store.campaigns.upsert({ view: edited, slot: 2n, at: new Date() });
    expect((await store.campaigns.find(c.address))?.title).toBeNull();
    await fillTitles(deps(), 10, new Set());
    expect((await store.campaigns.find(c.address))?.title).toBe("Second title");
  });
});
