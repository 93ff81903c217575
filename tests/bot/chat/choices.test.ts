/**
 * The choices the chat layer offers (Discord's autocomplete, the console's tab completion,
 * Telegram's pickers) where a command takes a reward pool's address in place of a campaign:
 * /flag and /subscribe offer the matching pools beside the campaigns, named as pools; /flag's
 * milestone, once a pool is chosen, offers that pool's KPIs with the one under review first.
 * Commands that take campaigns only never offer a pool.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { choicesFor, POOL_CHOICES_BUDGET_MS, POOL_LISTING_FRESH_MS } from "../../../bot/chat/choices.js";
import type { AnyCommand, ParamSpec, ParamSpecs } from "../../../bot/chat/command.js";
import { findCommand } from "../../../bot/chat/commands/index.js";
import { plain } from "../../../bot/chat/text.js";
import type { PoolReader, PoolView } from "../../../bot/core/pools.js";
import { campaign, kpiMilestone, pool } from "../support/campaigns.js";
import { type FakePools, randomAddress } from "../support/fakes.js";
import { startChat, type ChatFixture } from "./fixture.js";

let f: ChatFixture;
let pools: FakePools;
beforeAll(async () => {
  f = await startChat();
  pools = f.deps.pools as FakePools;
});
afterAll(async () => {
  await f.stop();
});

const command = (name: string): AnyCommand => {
  const c = findCommand(name);
  if (c === undefined) throw new Error(`no /${name}`);
  return c;
};
const param = (name: string, p: string): ParamSpec => {
  const spec = (command(name).params as ParamSpecs)[p];
  if (spec === undefined) throw new Error(`/${name} has no ${p}`);
  return spec;
};
const short = (a: string) => `${a.slice(0, 4)}…${a.slice(-4)}`;

// One campaign "Zebrafish sleep" and two pools (#7 Active, #8 Funding), shared by the tests below.
const zebrafish = campaign({ title: "Zebrafish sleep" });
const sponsor = randomAddress();
const active = pool({
  id: 7n,
  sponsor,
  milestones: [
    kpiMilestone(0, { title: "Mainnet", status: "Released" }),
    kpiMilestone(1, { title: "TVL", status: "InReview", attempts: 1, kpi: { metric: "tvl_usd", target: 5_000_000n, dataSource: "https://defillama.com" } }),
    kpiMilestone(2, { title: "Audit" }),
  ],
});
const funding = pool({ id: 8n, sponsor, status: "Funding" });

beforeAll(() => {
  f.chain.campaigns.set(zebrafish.address, zebrafish);
  pools.pools.set(active.address, active);
  pools.pools.set(funding.address, funding);
});

describe("GIVEN a campaign and two reward pools", () => {
  it("WHEN /flag's campaign is typed empty THEN the campaign and both pools are offered, each pool named as a reward pool with its status", async () => {
    const choices = await choicesFor(f.deps, param("flag", "campaign"), "", {});
    expect(choices.map((c) => c.value)).toContain(zebrafish.address);
    expect(choices.filter((c) => c.value === active.address || c.value === funding.address)).toEqual([
      { label: `Reward pool #7 by ${short(sponsor)} (Active)`, value: active.address },
      { label: `Reward pool #8 by ${short(sponsor)} (Funding)`, value: funding.address },
    ]);
    // Campaigns are never labelled as pools.
    expect(choices.find((c) => c.value === zebrafish.address)?.label).not.toMatch(/pool/i);
  });

  it("WHEN /flag's campaign is typed as a pool's number, a pool's address prefix, or a campaign's title THEN only what matches", async () => {
    const flag = param("flag", "campaign");
    expect((await choicesFor(f.deps, flag, "#7", {})).map((c) => c.value)).toEqual([active.address]);
    expect((await choicesFor(f.deps, flag, funding.address.slice(0, 10), {})).map((c) => c.value)).toEqual([funding.address]);
    const byTitle = await choicesFor(f.deps, flag, "zebrafish", {});
    expect(byTitle.map((c) => c.value)).toEqual([zebrafish.address]);
  });

  it("WHEN /subscribe's campaign is typed THEN 'All new campaigns' first, then the campaigns, then the pools; /unsubscribe offers them too", async () => {
    const choices = await choicesFor(f.deps, param("subscribe", "campaign"), "", {});
    expect(choices[0]).toEqual({ label: "All new campaigns", value: "new" });
    const at = (address: string) => choices.findIndex((c) => c.value === address);
    expect(at(zebrafish.address)).toBeGreaterThan(0);
    expect(at(active.address)).toBeGreaterThan(at(zebrafish.address));
    expect(choices[at(active.address)]?.label).toBe(`Reward pool #7 by ${short(sponsor)} (Active)`);
    expect((await choicesFor(f.deps, param("subscribe", "campaign"), "reward pool #8", {})).map((c) => c.value)).toEqual([funding.address]);
    expect((await choicesFor(f.deps, param("unsubscribe", "campaign"), "#8", {})).map((c) => c.value)).toContain(funding.address);
  });

  it("WHEN a command that takes campaigns only (/campaign, /refund) is typed THEN no pool is offered", async () => {
    for (const name of ["campaign", "refund", "evidence"]) {
      const values = (await choicesFor(f.deps, param(name, "campaign"), "", {})).map((c) => c.value);
      expect(values, `/${name}`).toContain(zebrafish.address);
      expect(values, `/${name}`).not.toContain(active.address);
    }
  });

  it("WHEN /flag's milestone follows a pool's address THEN the pool's KPIs, the one under review first and marked; after a campaign's address its milestones", async () => {
    const kpis = await choicesFor(f.deps, param("flag", "milestone"), "", { campaign: active.address });
    expect(kpis).toEqual([
      { label: "KPI 2. TVL: tvl_usd ≥ 5000000 (in review, can be flagged)", value: 1 },
      { label: "KPI 1. Mainnet: tvl_usd ≥ 1000000 (Released)", value: 0 },
      { label: "KPI 3. Audit: tvl_usd ≥ 1000000 (Pending)", value: 2 },
    ]);
    const milestones = await choicesFor(f.deps, param("flag", "milestone"), "", { campaign: zebrafish.address });
    expect(milestones.map((c) => c.label)).toEqual(zebrafish.milestones.map((m) => `${m.index + 1}. ${m.title} (${m.status})`));
    // A command about campaigns only offers nothing for a pool's address.
    expect(await choicesFor(f.deps, param("evidence", "milestone"), "", { campaign: active.address })).toEqual([]);
  });

  it("WHEN /dispute resolve's milestone follows a pool's address THEN its disputed KPI first, marked as the one to decide", async () => {
    const now = Math.floor(f.clock.now().getTime() / 1000);
    const disputed = pool({
      id: 9n,
      sponsor,
      milestones: [kpiMilestone(0, { title: "Mainnet", status: "Released" }), kpiMilestone(1, { title: "TVL", status: "Disputed", disputeDeadline: now + 3_600 }), kpiMilestone(2, { title: "Audit" })],
    });
    pools.pools.set(disputed.address, disputed);
    try {
      expect(await choicesFor(f.deps, param("dispute resolve", "milestone"), "", { campaign: disputed.address })).toEqual([
        { label: "KPI 2. TVL: tvl_usd ≥ 1000000 (disputed, to decide)", value: 1 },
        { label: "KPI 1. Mainnet: tvl_usd ≥ 1000000 (Released)", value: 0 },
        { label: "KPI 3. Audit: tvl_usd ≥ 1000000 (Pending)", value: 2 },
      ]);
      // /flag's choices for the same pool keep roadmap order: no KPI of it is in review.
      expect((await choicesFor(f.deps, param("flag", "milestone"), "", { campaign: disputed.address })).map((c) => c.value)).toEqual([0, 1, 2]);
    } finally {
      pools.pools.delete(disputed.address);
    }
  });

  it("WHEN the console completes `/flag <pool> ` THEN the KPI numbers, counted from 1, the one under review first", async () => {
    const { completeLine } = await import("../../../bot/console/complete.js");
    expect(await completeLine(f.deps, [], `/flag ${active.address} `)).toEqual([["2", "1", "3"], ""]);
    const [pooled] = await completeLine(f.deps, [], "/subscribe #7");
    expect(pooled).toContain(active.address);
  });

  it("WHEN /flag <pool> is typed without the KPI by a linked staker THEN a picker of the pool's KPIs, carrying the pool", async () => {
    const who = f.caller();
    await f.deps.store.links.insert({ platform: "TELEGRAM", userId: who.chat.userId, address: randomAddress(), chatId: who.chat.chatId, challengeNonce: randomAddress(), linkedAt: f.clock.now() });
    const answer = await f.run(command("flag"), who, { campaign: active.address });
    expect(answer.lines.map(plain)).toEqual(["Which KPI?"]);
    expect(answer.buttons.map((b) => b.run)).toEqual([1, 0, 2].map((milestone) => ({ command: "flag", params: { campaign: active.address, milestone } })));
    expect(answer.buttons[0]?.label).toMatch(/^KPI 2\. TVL/);
  });
});

describe("GIVEN the pool listing fails or is slow", () => {
  const withPools = (reader: Pick<PoolReader, "listPools">) => ({ ...f.deps, pools: { getPool: (a: string) => pools.getPool(a), listPools: () => reader.listPools() } as unknown as PoolReader });

  it("THEN /flag's campaign choices still offer the campaigns, without pools", async () => {
    const failing = withPools({ listPools: () => Promise.reject(new Error("429 Too Many Requests")) });
    const values = (await choicesFor(failing, param("flag", "campaign"), "", {})).map((c) => c.value);
    expect(values).toContain(zebrafish.address);
    expect(values).not.toContain(active.address);
  });

  it("THEN the campaigns come once the pools' budget is spent, well inside Discord's deadline", async () => {
    const never = withPools({ listPools: () => new Promise<PoolView[]>(() => undefined) });
    const started = Date.now();
    const values = (await choicesFor(never, param("flag", "campaign"), "zebra", {})).map((c) => c.value);
    expect(values).toEqual([zebrafish.address]);
    expect(Date.now() - started).toBeLessThan(POOL_CHOICES_BUDGET_MS + 600);
  });

  it("THEN a pool whose KPIs are many still fits Discord's limits (at most 25 choices of at most 100 characters)", async () => {
    const wordy = pool({ milestones: Array.from({ length: 10 }, (_, i) => kpiMilestone(i, { title: "x".repeat(120) })) });
    pools.pools.set(wordy.address, wordy);
    const kpis = await choicesFor(f.deps, param("flag", "milestone"), "", { campaign: wordy.address });
    expect(kpis).toHaveLength(10);
    expect(Math.max(...kpis.map((c) => c.label.length))).toBeLessThanOrEqual(100);
    pools.pools.delete(wordy.address);
  });
});

describe("GIVEN a member typing a pool's name, keystroke after keystroke", () => {
  it("THEN the pools are listed once per freshness period, keystrokes at once share one listing, and a failed listing is asked for again at once", async () => {
    let listings = 0;
    let down = false;
    const counting = {
      ...f.deps,
      pools: {
        getPool: (a: string) => pools.getPool(a),
        listPools: () => {
          listings += 1;
          return down ? Promise.reject(new Error("429 Too Many Requests")) : pools.listPools();
        },
      } as unknown as PoolReader,
    };
    const offered = async (name: string, p: string, typed: string) => (await choicesFor(counting, param(name, p), typed, {})).map((c) => c.value);
    const keystrokes = await Promise.all(["r", "re", "rew", "rewa"].map((typed) => offered("flag", "campaign", typed)));
    expect(keystrokes.every((values) => values.includes(active.address))).toBe(true);
    expect(await offered("subscribe", "campaign", "reward pool #8")).toEqual([funding.address]);
    expect(await offered("stake", "pool", "#7")).toEqual([active.address]);
    expect(listings).toBe(1);

    f.clock.advance(POOL_LISTING_FRESH_MS / 1000);
    expect(await offered("flag", "campaign", "reward")).toContain(active.address);
    expect(listings).toBe(2);

    f.clock.advance(POOL_LISTING_FRESH_MS / 1000);
    down = true;
    expect(await offered("flag", "campaign", "")).not.toContain(active.address);
    down = false;
    expect(await offered("flag", "campaign", "")).toContain(active.address);
    expect(listings).toBe(4);
  });
});
