/**
 * Which one an address names, for commands that take a campaign or a reward pool: a campaign the
 * reader read lately is answered without asking the pool reader; otherwise the campaign is read
 * beside the pool only when the caller asks (`/flag`, whose checks then find it read lately).
 */
import { describe, expect, it } from "vitest";
import { poolAt } from "../../../../bot/core/usecases/pool-at.js";
import { campaign, pool } from "../../support/campaigns.js";
import { FakeChain, FakePools } from "../../support/fakes.js";

function world() {
  const chain = new FakeChain();
  const pools = new FakePools();
  const asked: string[] = [];
  const campaignsRead: string[] = [];
  const counting = { getPool: (address: string) => (asked.push(address), pools.getPool(address)) };
  const reading = {
    recentCampaign: (address: string) => chain.recentCampaign(address),
    getCampaign: (address: string) => (campaignsRead.push(address), chain.getCampaign(address)),
  };
  return { chain, pools, asked, campaignsRead, deps: { chain: reading, pools: counting } };
}

describe("poolAt", () => {
  it("GIVEN a reward pool's address THEN the pool", async () => {
    const { pools, deps } = world();
    const p = pool();
    pools.pools.set(p.address, p);
    expect(await poolAt(deps, p.address)).toEqual(p);
  });

  it("GIVEN a campaign not read lately AND the caller asks for it THEN none, and the campaign is now read lately; asked again THEN the pool reader is not", async () => {
    const { chain, asked, deps } = world();
    const c = campaign();
    chain.campaigns.set(c.address, c);
    expect(await poolAt(deps, c.address, { readCampaign: true })).toBeNull();
    expect(chain.recentCampaign(c.address)).toEqual(c);
    expect(asked).toEqual([c.address]);
    expect(await poolAt(deps, c.address)).toBeNull();
    expect(asked).toEqual([c.address]);
  });

  it("GIVEN a campaign not read lately AND the caller does not ask for it (/dispute) THEN none, and the campaign is not read", async () => {
    const { chain, campaignsRead, deps } = world();
    const c = campaign();
    chain.campaigns.set(c.address, c);
    expect(await poolAt(deps, c.address)).toBeNull();
    expect(campaignsRead).toEqual([]);
    expect(chain.recentCampaign(c.address)).toBeNull();
  });
});
