/**
 * Every Discord command through the real discord.js Client, the local Discord server, the
 * real core use cases and a real database: success and refusal paths, permissions checked
 * server-side, autocomplete, the /flag modal, and the 3-second rule on every interaction.
 */
import { describe, expect, it } from "vitest";
import type { CampaignView } from "../../../bot/core/ports.js";
import { campaign, kpiMilestone, milestone, pool } from "../support/campaigns.js";
import { type FakePools, randomAddress } from "../support/fakes.js";
import type { InteractionRecord } from "../../discord-server/server.js";
import { linkWallet, harnessPerFile, type Harness } from "./harness.js";

let h: Harness;
// With the relayer and evidence store: without them the write commands are refused (WritesNotConfigured).
harnessPerFile({ writes: true }, (started) => (h = started));

type Json = Record<string, unknown>;

/** What the user finally sees: content plus embed titles and descriptions, as one text. */
async function finalText(ix: InteractionRecord): Promise<string> {
  // Progress edits (plain content ending with an ellipsis) are not the answer.
  await ix.waitFor((c) => (c.kind === "edit-original" && !(typeof c.body.content === "string" && c.body.content.endsWith("…"))) || (c.kind === "callback" && c.type === 4) || c.kind === "followup", 20_000);
  const visible = ix.visible() ?? {};
  const embeds = (visible.embeds as Json[] | undefined) ?? [];
  return [visible.content ?? "", ...embeds.flatMap((e) => [e.title, e.description, ...((e.fields as Json[] | undefined) ?? []).map((f) => `${String(f.name)}: ${String(f.value)}`)])].join("\n");
}

function isEphemeral(ix: InteractionRecord): boolean {
  const first = ix.calls.find((c) => c.kind === "callback");
  return (Number((first?.body.data as Json | undefined)?.flags ?? 0) & 64) === 64;
}

/** An active campaign whose first milestone is under review now, with a holder able to flag. */
function campaignInReview(now: number, overrides: Partial<CampaignView> = {}): CampaignView {
  return campaign({
    milestones: [
      milestone(0, {
        title: "Protein assay",
        status: "InReview",
        attempts: 1,
        submittedAt: now - 3600,
        windowEnd: now + 5 * 86_400,
        supplySnapshot: 1_000_000_000n,
        backerSupplySnapshot: 900_000_000n,
        evidenceId: "a".repeat(43),
        evidenceHash: "b".repeat(64),
      }),
      milestone(1),
      milestone(2),
    ],
    ...overrides,
  });
}

const nowSeconds = (): number => Math.floor(h.clock.now().getTime() / 1000);

describe("GIVEN /help, /link, /unlink, /wallet", () => {
  it("/help lists every command, ephemeral, deferred first", async () => {
    const ix = h.server.slash(h.member, "help");
    const text = await finalText(ix);
    expect(ix.calls[0]?.type).toBe(5);
    expect(isEphemeral(ix)).toBe(true);
    for (const name of ["/link", "/flag", "/submit", "/subscribe", "/dispute", "/stale"]) expect(text).toContain(name);
  });

  it("/link with a wallet THEN the signing page and the exact message, to the user only", async () => {
    const address = randomAddress();
    const ix = h.server.slash(h.member, "link", { address });
    const text = await finalText(ix);
    expect(isEphemeral(ix)).toBe(true);
    expect(text).toMatch(/https:\/\/pepfund\.test\/link\/\w+/);
    expect(text).toContain(address);
    expect(text).toContain("Discord");
    expect(text).toContain(h.member.id);
  });

  it("/link with a malformed address THEN a clear refusal and no challenge stored", async () => {
    const ix = h.server.slash(h.member, "link", { address: "0".repeat(40) });
    expect(await finalText(ix)).toContain("not a valid address");
  });

  it("/wallet before and after linking, then /unlink", async () => {
    const user = h.server.addMember("linker");
    expect(await finalText(h.server.slash(user, "wallet"))).toContain("No wallet is linked");
    const wallet = await linkWallet(h, user);
    expect(await finalText(h.server.slash(user, "wallet"))).toContain(wallet.address);
    expect(await finalText(h.server.slash(user, "unlink"))).toContain(`Unlinked wallet \`${wallet.address}\``);
    expect(await finalText(h.server.slash(user, "unlink"))).toContain("No wallet is linked");
  });
});

describe("GIVEN /wallet with holdings and /profile", () => {
  it("a linked holder THEN each campaign's deposited weight, wallet balance and share, to them only", async () => {
    const user = h.server.addMember("backer");
    const wallet = await linkWallet(h, user);
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    h.chain.setHolder(c.address, { owner: wallet.address, deposited: 2_500_000n, delegate: h.relayer, lockedUntil: 0 });
    h.chain.backerBalances.set(`${c.address}:${wallet.address}`, 1_000_000n);
    const ix = h.server.slash(user, "wallet");
    const text = await finalText(ix);
    expect(isEphemeral(ix)).toBe(true);
    expect(text).toContain("Deposited (flag weight): 2.5");
    expect(text).toContain("In wallet: 1");
    expect(text).toContain("relayer is your delegate");
  });

  it("/profile of a researcher THEN their record and campaigns; an unknown address THEN ResearcherNotFound", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    h.chain.researchers.set(c.researcher, { researcher: c.researcher, campaignsCreated: 3, campaignsCompleted: 1, campaignsAbandoned: 1, milestonesReleased: 4, disputesOpened: 2, submissionsRejected: 1 });
    const text = await finalText(h.server.slash(h.member, "profile", { researcher: c.researcher }));
    expect(text).toContain("3 created — 1 completed — 1 abandoned");
    expect(text).toContain("2 disputed");
    expect(text).toContain("Protein assay");
    expect(await finalText(h.server.slash(h.member, "profile", { researcher: randomAddress() }))).toContain("No researcher record");
  });
});

describe("GIVEN /campaign and /milestones", () => {
  it("an existing campaign THEN a public embed with milestones, window, flag weight against quorum and escrow", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    const ix = h.server.slash(h.member, "campaign", { campaign: c.address });
    const text = await finalText(ix);
    expect(isEphemeral(ix)).toBe(false);
    expect(text).toContain("Protein assay");
    expect(text).toContain("in review");
    expect(text).toContain("quorum");
    expect(text).toContain("Escrow: 1,000 USDC");
  });

  it("an unknown campaign THEN CampaignNotFound in words", async () => {
    expect(await finalText(h.server.slash(h.member, "campaign", { campaign: randomAddress() }))).toContain("no PepFund campaign at that address");
    expect(await finalText(h.server.slash(h.member, "milestones", { campaign: "not-an-address" }))).toContain("no PepFund campaign at that address");
  });

  it("/milestones lists each milestone with its share and estimate", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    const text = await finalText(h.server.slash(h.member, "milestones", { campaign: c.address }));
    expect(text).toContain("1. Protein assay");
    expect(text).toContain("3. Milestone 3");
    expect(text).toContain("35% of the raise");
  });
});

describe("GIVEN autocomplete", () => {
  it("typing part of a title THEN matching campaigns by label, value the address, within 3 s", async () => {
    const c = campaignInReview(nowSeconds(), { milestones: [milestone(0, { title: "Zebrafish cohort" }), milestone(1)] });
    h.chain.campaigns.set(c.address, c);
    const ix = h.server.autocomplete(h.member, "campaign", "campaign", { campaign: "zebrafish" });
    const call = await ix.firstResponse();
    expect(call.type).toBe(8);
    const choices = (call.body.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices).toEqual([{ name: expect.stringContaining("Zebrafish cohort") as string, value: c.address }]);
    expect(choices[0]?.name).toContain("(Active)");
  });

  it("the researcher option of /profile THEN researchers of campaigns matching the title, value the address", async () => {
    const c = campaign({ title: "Tardigrade desiccation study" });
    h.chain.campaigns.set(c.address, c);
    const call = await h.server.autocomplete(h.member, "profile", "researcher", { researcher: "tardigrade" }).firstResponse();
    const choices = (call.body.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices).toEqual([{ name: `${c.researcher.slice(0, 4)}…${c.researcher.slice(-4)} — Tardigrade desiccation study`, value: c.researcher }]);
  });

  it("the milestone option THEN the chosen campaign's milestones, value the index", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    const ix = h.server.autocomplete(h.member, "flag", "milestone", { campaign: c.address, milestone: 0 });
    const call = await ix.firstResponse();
    const choices = (call.body.data as { choices: { name: string; value: number }[] }).choices;
    expect(choices.map((x) => x.value)).toEqual([0, 1, 2]);
    expect(choices[0]?.name).toBe("1. Protein assay (InReview)");
  });
});

describe("GIVEN reward pools", () => {
  it("/stake's pool option, /flag's campaign and then its milestone THEN the pools, named as pools, and the chosen pool's KPIs under review first", async () => {
    const p = pool({ id: 4n, milestones: [kpiMilestone(0, { status: "Released" }), kpiMilestone(1, { status: "InReview", attempts: 1 })] });
    (h.deps.pools as FakePools).pools.set(p.address, p);
    const label = `Pool #4 by ${p.sponsor.slice(0, 4)}…${p.sponsor.slice(-4)} (Active)`;
    const choices = async (command: string, focused: string, values: Record<string, string | number>) =>
      ((await h.server.autocomplete(h.member, command, focused, values).firstResponse()).body.data as { choices: { name: string; value: string | number }[] }).choices;
    expect(await choices("stake", "pool", { pool: "#4" })).toEqual([{ name: label, value: p.address }]);
    // Beside campaigns, a pool is named as a reward pool.
    expect(await choices("flag", "campaign", { campaign: "reward pool #4" })).toEqual([{ name: `Reward ${label.replace("Pool", "pool")}`, value: p.address }]);
    expect((await choices("flag", "milestone", { campaign: p.address, milestone: 0 })).map((c) => [c.value, c.name])).toEqual([
      [1, "KPI 2. KPI 2: tvl_usd ≥ 1000000 (in review, can be flagged)"],
      [0, "KPI 1. KPI 1: tvl_usd ≥ 1000000 (Released)"],
    ]);
  });
});

describe("GIVEN /subscribe and /unsubscribe (admin commands)", () => {
  it("a member with Manage Server THEN the channel follows the campaign; twice THEN AlreadySubscribed", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    expect(await finalText(h.server.slash(h.manager, "subscribe", { campaign: c.address }))).toContain("now gets announcements");
    expect(await h.store.subscriptions.listByCampaign(c.address)).toHaveLength(1);
    expect(await finalText(h.server.slash(h.manager, "subscribe", { campaign: c.address }))).toContain("already follows");
    expect(await finalText(h.server.slash(h.manager, "unsubscribe", { campaign: c.address }))).toContain("no longer gets");
    expect(await h.store.subscriptions.listByCampaign(c.address)).toHaveLength(0);
    expect(await finalText(h.server.slash(h.manager, "unsubscribe", { campaign: c.address }))).toContain("does not follow");
  });

  it("the default permission is Manage Server THEN Discord hides the command from a plain member", () => {
    expect(() => h.server.slash(h.member, "subscribe", { campaign: randomAddress() })).toThrow(/would not show/);
  });

  it("a guild that removed the default permission THEN a plain member is refused server-side and nothing is stored", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    h.server.world.commandOverrides.add("subscribe");
    h.server.world.commandOverrides.add("unsubscribe");
    try {
      expect(await finalText(h.server.slash(h.member, "subscribe", { campaign: c.address }))).toContain("members with Manage Server");
      expect(await h.store.subscriptions.listByCampaign(c.address)).toHaveLength(0);
      // The configured manager role is enough without Manage Server.
      expect(await finalText(h.server.slash(h.roleManager, "subscribe", { campaign: c.address }))).toContain("now gets announcements");
      expect(await finalText(h.server.slash(h.member, "unsubscribe", { campaign: c.address }))).toContain("members with Manage Server");
      expect(await h.store.subscriptions.listByCampaign(c.address)).toHaveLength(1);
    } finally {
      h.server.world.commandOverrides.clear();
    }
  });
});

describe("GIVEN /flag (modal flow)", () => {
  async function eligibleHolder(c: CampaignView, deposited = 5_000_000n): Promise<{ member: ReturnType<typeof h.server.addMember>; wallet: string }> {
    const member = h.server.addMember("holder");
    const wallet = (await linkWallet(h, member)).address;
    h.chain.setHolder(c.address, { owner: wallet, deposited, delegate: h.relayer, lockedUntil: 0 });
    return { member, wallet };
  }

  async function flagVia(member: ReturnType<typeof h.server.addMember>, c: CampaignView, rationale: string): Promise<InteractionRecord> {
    const opened = h.server.slash(member, "flag", { campaign: c.address, milestone: 0 });
    const first = await opened.firstResponse();
    expect(first.type).toBe(9);
    const modal = first.body.data as Json;
    expect(modal.custom_id).toBe(`flag|${c.address}|0`);
    return h.server.submitModal(member, opened, { rationale });
  }

  it("an eligible holder THEN the modal opens at once (max 2,000 stated), the submit is deferred ephemeral and the request stored once", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    const { member } = await eligibleHolder(c);
    const opened = h.server.slash(member, "flag", { campaign: c.address, milestone: 0 });
    const modalCall = await opened.firstResponse();
    // Above the input row, a Text Display says what the milestone's description is (here: none bound).
    const rows = (modalCall.body.data as Json).components as { type: number; content?: string; components: Json[] }[];
    expect(rows[0]?.content).toContain("no texts document on-chain");
    const input = rows.find((r) => r.type === 1)?.components[0];
    expect(input?.max_length).toBe(2000);
    expect(String(input?.label)).toContain("2,000");
    const submit = h.server.submitModal(member, opened, { rationale: "The assay lacks controls @everyone" });
    // The flag is relayed at once: the answer says it landed, with the holder's weight.
    expect(await finalText(submit)).toContain("is on-chain (weight 5)");
    expect(isEphemeral(submit)).toBe(true);
    expect(await h.db.prisma.flagRequest.count({ where: { campaign: c.address } })).toBe(1);
  });

  it("double-submitted THEN the second gets a clear answer and still one request", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    const { member } = await eligibleHolder(c);
    const [a, b] = await Promise.all([flagVia(member, c, "first"), flagVia(member, c, "second")]);
    const texts = [await finalText(a), await finalText(b)];
    expect(texts.filter((t) => t.includes("is on-chain"))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("already asked to flag"))).toHaveLength(1);
    expect(await h.db.prisma.flagRequest.count({ where: { campaign: c.address } })).toBe(1);
  });

  it("an unlinked member THEN no modal: an ephemeral NotLinked answer at once", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    const ix = h.server.slash(h.server.addMember("stranger"), "flag", { campaign: c.address, milestone: 0 });
    const first = await ix.firstResponse();
    expect(first.type).toBe(4);
    expect(isEphemeral(ix)).toBe(true);
    expect(await finalText(ix)).toContain("No wallet is linked");
  });

  it("below 0.1% of supply THEN BelowFlagThreshold in words and nothing stored", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    const { member } = await eligibleHolder(c, 999_999n);
    expect(await finalText(await flagVia(member, c, "weak"))).toContain("below 0.1%");
    expect(await h.db.prisma.flagRequest.count({ where: { campaign: c.address } })).toBe(0);
  });

  it("after the window THEN WindowClosed in words and nothing stored", async () => {
    const c = campaignInReview(nowSeconds());
    const closed: CampaignView = { ...c, milestones: c.milestones.map((m) => (m.index === 0 ? { ...m, windowEnd: nowSeconds() - 1 } : m)) };
    h.chain.campaigns.set(c.address, closed);
    const { member } = await eligibleHolder(closed);
    expect(await finalText(await flagVia(member, closed, "late"))).toContain("review window of this submission has closed");
    expect(await h.db.prisma.flagRequest.count({ where: { campaign: c.address } })).toBe(0);
  });

  it("already flagged on-chain THEN AlreadyFlagged in words", async () => {
    const c = campaignInReview(nowSeconds());
    h.chain.campaigns.set(c.address, c);
    const { member, wallet } = await eligibleHolder(c);
    h.chain.flags.add(`${c.address}:0:1:${wallet}`);
    expect(await finalText(await flagVia(member, c, "again"))).toContain("already on-chain");
  });
});
