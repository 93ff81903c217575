/**
 * The indexer keeps the campaign directory (table `campaign`) on the localnet: every campaign
 * an event names is stored as read, at the slot the RPC read it, in the same database
 * transaction as the announcements; a later state replaces an earlier one; notices name the
 * campaign by the directory's verified title.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { listCampaigns, searchCampaigns } from "../../../bot/core/usecases/campaign-directory.js";
import { CampaignFixture, USDC } from "./support/campaign.js";
import { IndexerHarness } from "./support/indexer.js";
import { TestChain } from "./support/localnet.js";
import { Protocol } from "./support/protocol.js";

const LONG = 240_000;

let chain: TestChain;
let protocol: Protocol;
let h: IndexerHarness;

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  h = await IndexerHarness.open(chain);
}, LONG);

afterAll(async () => {
  await h?.close();
  await chain?.stop();
});

it(
  "GIVEN a raise THEN the directory holds it as read at its slot; WHEN it closes THEN Active, and the notice is named by the title",
  async () => {
    const campaign = await CampaignFixture.fundraising(protocol, [4_000, 3_000, 3_000], 1_000n * USDC);
    const address = campaign.address.toBase58();
    await campaign.addBacker(600n * USDC);
    const before = BigInt(await chain.connection.getSlot("confirmed"));
    await h.indexer().pass();

    const raising = await h.store.campaigns.find(address);
    expect(raising?.view.status).toBe("Fundraising");
    expect(raising?.view.raised).toBe(600n * USDC);
    expect(raising?.slot).toBeGreaterThanOrEqual(before);
    // Listed and found with no chain listing: the directory is the source.
    expect((await listCampaigns({ store: h.store }, 10)).map((c) => c.address)).toContain(address);
    expect((await searchCampaigns({ store: h.store }, address.slice(0, 6), 10)).map((c) => c.address)).toContain(address);

    // The title worker has read the texts (here stored directly).
    await h.store.campaigns.setTitle(address, raising?.view.metadataSha256 ?? "", "Coral bleaching recovery");
    await campaign.addBacker(400n * USDC);
    await campaign.close();
    await h.follow(address);
    await h.indexer().pass();

    const active = await h.store.campaigns.find(address);
    expect(active?.view.status).toBe("Active");
    expect(active?.view.raised).toBe(1_000n * USDC);
    expect(active?.slot).toBeGreaterThan(raising?.slot ?? 0n);
    expect(active?.title).toBe("Coral bleaching recovery");
    const closed = (await h.outbox()).find((m) => m.kind === "FundraisingClosed" && m.campaign === address);
    expect(closed?.notice).toMatchObject({ campaign: { address, label: "Coral bleaching recovery" } });
  },
  LONG,
);
