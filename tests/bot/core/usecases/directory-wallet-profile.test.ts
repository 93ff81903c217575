/**
 * Read-only views: a wallet's holdings, a researcher's record (the campaign picker is in
 * campaign-directory.test.ts). The chain is an in-memory double of the ChainReader port; the
 * link comes from the real store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../../../bot/core/ports.js";
import { researcherProfile } from "../../../../bot/core/usecases/researcher-profile.js";
import { walletOverview } from "../../../../bot/core/usecases/wallet-overview.js";
import { openDatabase, type Database } from "../../../../bot/store/database.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { campaign } from "../../support/campaigns.js";
import { FakeChain, randomAddress } from "../../support/fakes.js";

describe("wallet overview", () => {
  let db: Database;
  let store: Store;
  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite" });
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.close();
  });

  it("GIVEN an unlinked user THEN NotLinked", async () => {
    expect(await walletOverview({ store, chain: new FakeChain() }, { platform: "DISCORD", userId: "1" })).toEqual({
      ok: false,
      code: "NotLinked",
    });
  });

  it("GIVEN a linked wallet with deposits and loose tokens THEN each campaign's holding and share of the backer supply", async () => {
    const wallet = randomAddress();
    await store.links.insert({ platform: "TELEGRAM", userId: "77", address: wallet, chatId: "77", challengeNonce: "NonceNonceNonce77", linkedAt: new Date() });
    const chain = new FakeChain();
    const a = campaign({ raised: 1_000_000n });
    const b = campaign({ raised: 5_000n, backerSupply: 4_000n, status: "Failed" });
    const none = campaign();
    for (const c of [a, b, none]) chain.campaigns.set(c.address, c);
    chain.setHolder(a.address, { owner: wallet, deposited: 2_500n, delegate: randomAddress(), lockedUntil: 0 });
    chain.backerBalances.set(`${a.address}:${wallet}`, 500n);
    chain.backerBalances.set(`${b.address}:${wallet}`, 1_000n);
    const result = await walletOverview({ store, chain }, { platform: "TELEGRAM", userId: "77" });
    expect(result.ok && result.value.address).toBe(wallet);
    const holdings = result.ok ? [...result.value.holdings].sort((x, y) => Number(x.backerSupply - y.backerSupply)) : [];
    expect(holdings.map((h) => [h.campaign, h.deposited, h.undeposited, h.backerSupply, h.shareBps])).toEqual([
      [b.address, 0n, 1_000n, 4_000n, 2_500],
      [a.address, 2_500n, 500n, 1_000_000n, 30],
    ]);
  });
});

describe("researcher profile", () => {
  let db: Database;
  let store: Store;
  beforeAll(async () => {
    db = await openDatabase({ kind: "pglite" });
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.close();
  });

  it("GIVEN a researcher with a record THEN the record and their campaigns, newest first", async () => {
    const chain = new FakeChain();
    const researcher = randomAddress();
    const older = campaign({ researcher, id: 0n, status: "Completed" });
    const newer = campaign({ researcher, id: 1n });
    const other = campaign();
    for (const c of [older, newer, other]) chain.campaigns.set(c.address, c);
    const record = {
      researcher,
      campaignsCreated: 2,
      campaignsCompleted: 1,
      campaignsAbandoned: 0,
      milestonesReleased: 3,
      disputesOpened: 1,
      submissionsRejected: 1,
    };
    chain.researchers.set(researcher, record);
    // The campaigns come from the directory the indexer keeps, titled where a title was read.
    for (const c of [older, newer, other]) await store.campaigns.upsert({ view: c, slot: 1n, at: new Date() });
    await store.campaigns.setTitle(newer.address, newer.metadataSha256, "Mouse cohort study");
    const result = await researcherProfile({ chain, store }, ` ${researcher} `);
    expect(result.ok && result.value.record).toEqual(record);
    expect(result.ok && result.value.campaigns.map((c) => [c.address, c.status])).toEqual([
      [newer.address, "Active"],
      [older.address, "Completed"],
    ]);
    expect(result.ok && result.value.campaigns[0]?.label).toBe("Mouse cohort study");
  });

  it("GIVEN an address with no record, or not an address THEN ResearcherNotFound", async () => {
    const chain = new FakeChain();
    expect(await researcherProfile({ chain, store }, randomAddress())).toEqual({ ok: false, code: "ResearcherNotFound" });
    expect(await researcherProfile({ chain, store }, "not-an-address")).toEqual({ ok: false, code: "ResearcherNotFound" });
  });
});
