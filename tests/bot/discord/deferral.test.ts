/**
 * The 3-second rule under a slow backend: a chain reader taking 5 s still gets every
 * interaction acknowledged (deferred) within 3 s, and the answer is edited in afterwards.
 * Campaign autocomplete reads the campaign directory, not the chain, so it still answers.
 * And whatever the user typed, no reply pings anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChainReader } from "../../../bot/core/ports.js";
import { AUTOCOMPLETE_DEADLINE_MS } from "../../../bot/discord/router.js";
import { campaign, milestone } from "../support/campaigns.js";
import type { FakeChain } from "../support/fakes.js";
import { startHarness, type Harness } from "./harness.js";

const SLOW_MS = 5000;

/** The FakeChain behind a 5-second delay on every read. */
function slow(fake: FakeChain): ChainReader {
  const delay = <T>(value: Promise<T>): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), SLOW_MS));
  return {
    getCampaign: (a) => delay(fake.getCampaign(a)),
    recentCampaign: (a) => fake.recentCampaign(a),
    getHolder: (c, o) => delay(fake.getHolder(c, o)),
    hasFlagged: (c, i, at, o) => delay(fake.hasFlagged(c, i, at, o)),
    hasSupportedStale: (c, r, o) => delay(fake.hasSupportedStale(c, r, o)),
    listCampaigns: () => delay(fake.listCampaigns()),
    getResearcher: (r) => delay(fake.getResearcher(r)),
    getBackerBalance: (c, o) => delay(fake.getBackerBalance(c, o)),
    getAdmin: () => delay(fake.getAdmin()),
    getBackerFunds: (c, o) => delay(fake.getBackerFunds(c, o)),
  };
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ chain: slow });
}, 60_000);

afterAll(async () => {
  await h.stop();
});

describe("GIVEN a chain that takes 5 s per read", () => {
  it("/campaign THEN deferred within 3 s, then the status edited in after the read; never 'interaction failed'", async () => {
    const c = campaign({ milestones: [milestone(0, { title: "<@&223456789012345678> @everyone results" }), milestone(1)] });
    h.chain.campaigns.set(c.address, c);
    const ix = h.server.slash(h.member, "campaign", { campaign: c.address });
    const first = await ix.firstResponse();
    expect(first.type).toBe(5);
    expect(first.afterMs).toBeLessThan(3000);
    const edit = await ix.waitFor((x) => x.kind === "edit-original", 15_000);
    expect(edit.afterMs).toBeGreaterThanOrEqual(SLOW_MS);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    const text = JSON.stringify(edit.body.embeds);
    expect(text).toContain("results");
    expect(text).not.toMatch(/@everyone|<@&\d/);
    expect(h.server.failed).toEqual([]);
  }, 20_000);

  it("20 slow commands at once THEN all deferred within 3 s and all answered", async () => {
    const c = campaign();
    h.chain.campaigns.set(c.address, c);
    const all = Array.from({ length: 20 }, () => h.server.slash(h.member, "milestones", { campaign: c.address }));
    const firsts = await Promise.all(all.map((ix) => ix.firstResponse()));
    expect(Math.max(...firsts.map((f) => f.afterMs))).toBeLessThan(3000);
    await Promise.all(all.map((ix) => ix.waitFor((x) => x.kind === "edit-original", 15_000)));
    expect(h.server.failed).toEqual([]);
  }, 20_000);

  it("milestone autocomplete (a chain read) THEN an empty answer before the deadline instead of a failure", async () => {
    const c = campaign();
    h.chain.campaigns.set(c.address, c);
    const ix = h.server.autocomplete(h.member, "flag", "milestone", { campaign: c.address, milestone: 0 });
    const first = await ix.firstResponse();
    expect(first.type).toBe(8);
    expect(first.afterMs).toBeLessThan(AUTOCOMPLETE_DEADLINE_MS + 500);
    expect((first.body.data as { choices: unknown[] }).choices).toEqual([]);
    expect(h.server.failed).toEqual([]);
  }, 10_000);

  it("campaign autocomplete THEN the choices from the campaign directory, in time: the slow chain is not read", async () => {
    const c = campaign({ milestones: [milestone(0, { title: "Xenopus limb regrowth" }), milestone(1)] });
    h.chain.campaigns.set(c.address, c);
    const ix = h.server.autocomplete(h.member, "campaign", "campaign", { campaign: "xenopus" });
    const first = await ix.firstResponse();
    expect(first.type).toBe(8);
    expect(first.afterMs).toBeLessThan(AUTOCOMPLETE_DEADLINE_MS);
    expect((first.body.data as { choices: { value: string }[] }).choices.map((x) => x.value)).toEqual([c.address]);
  }, 10_000);

  it("every message the bot sent in this run went out with allowed_mentions empty-parse and pinged nobody", () => {
    expect(h.server.rest.sent.length).toBeGreaterThan(0);
    for (const sent of h.server.rest.sent) {
      expect(sent.body.allowed_mentions).toEqual({ parse: [] });
      expect(sent.pings).toEqual({ everyone: false, users: [], roles: [] });
    }
  });
});
