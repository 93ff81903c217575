/**
 * Commands that write, through the real discord.js Client and the local Discord: the flag
 * relayed once (real Arweave on arlocal for the rationale, the FakeRelayer at the chain's
 * edge), /submit with an attachment and progress edits, /dispute for the team role only,
 * /stale opening and supporting a review.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { descriptionSha256, encodeCampaignTexts, sha256Hex } from "../../../bot/core/campaign-texts.js";
import type { CampaignView, EvidenceStore } from "../../../bot/core/ports.js";
import { campaign, milestone } from "../support/campaigns.js";
import type { InteractionRecord, MemberRecord } from "../../discord-server/server.js";
import { linkWallet, harnessPerFile, type Harness } from "./harness.js";

let h: Harness;
harnessPerFile({ writes: true }, (started) => (h = started));

const now = (): number => Math.floor(h.clock.now().getTime() / 1000);

async function final(ix: InteractionRecord): Promise<string> {
  // Progress edits end with an ellipsis; the answer does not.
  await ix.waitFor((c) => c.kind === "edit-original" && !(typeof c.body.content === "string" && c.body.content.endsWith("…")), 20_000);
  return JSON.stringify(ix.visible());
}

function inReview(): CampaignView {
  return campaign({
    milestones: [
      milestone(0, { status: "InReview", attempts: 1, windowEnd: now() + 86_400, supplySnapshot: 1_000_000_000n, backerSupplySnapshot: 900_000_000n }),
      milestone(1),
    ],
  });
}

async function holderOf(c: CampaignView): Promise<MemberRecord> {
  const member = h.server.addMember("flagger");
  const wallet = await linkWallet(h, member);
  h.chain.setHolder(c.address, { owner: wallet.address, deposited: 5_000_000n, delegate: h.relayer, lockedUntil: 0 });
  return member;
}

async function flag(member: MemberRecord, c: CampaignView, rationale: string): Promise<InteractionRecord> {
  const opened = h.server.slash(member, "flag", { campaign: c.address, milestone: 0 });
  await opened.firstResponse();
  return h.server.submitModal(member, opened, { rationale });
}

describe("GIVEN /flag with the relay configured", () => {
  it("an eligible holder THEN the rationale is stored on Arweave, the flag relayed once, and the answer has the explorer link", async () => {
    const c = inReview();
    h.chain.campaigns.set(c.address, c);
    const member = await holderOf(c);
    const opened = h.server.slash(member, "flag", { campaign: c.address, milestone: 0 });
    await opened.firstResponse();
    const ix = h.server.submitModal(member, opened, { rationale: "Controls missing <@&223456789012345678>" });
    const text = await final(ix);
    expect(text).toContain("is on-chain");
    expect(text).toContain("https://explorer.solana.com/tx/");
    expect(text).toContain("?cluster=devnet");
    const flags = h.relayerDouble.calls.filter((x) => x.method === "flag" && x.key.startsWith(c.address));
    expect(flags).toHaveLength(1);
    const rationaleUrl = /Rationale: (\S+?)"/.exec(text)?.[1] ?? "";
    await h.arlocal?.mine();
    const stored = await fetch(rationaleUrl.replace(/\\n.*/, ""));
    expect(await stored.text()).toBe("Controls missing <@&223456789012345678>");
  }, 30_000);

  it("double-submitted THEN one transaction: the second answer says it is already asked", async () => {
    const c = inReview();
    h.chain.campaigns.set(c.address, c);
    const member = await holderOf(c);
    const [a, b] = await Promise.all([flag(member, c, "first click"), flag(member, c, "second click")]);
    const texts = [await final(a), await final(b)];
    expect(texts.filter((t) => t.includes("is on-chain"))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("already asked to flag"))).toHaveLength(1);
    expect(h.relayerDouble.calls.filter((x) => x.method === "flag" && x.key.startsWith(c.address))).toHaveLength(1);
  }, 30_000);

  it("the program refuses on-chain THEN the user is told why, in words", async () => {
    const c = inReview();
    h.chain.campaigns.set(c.address, c);
    const member = await holderOf(c);
    h.relayerDouble.failWith = "WindowClosed";
    expect(await final(await flag(member, c, "late"))).toContain("did not go through");
  }, 30_000);

  it("a milestone with a stored description THEN the modal shows it (a Text Display, checked against its hash) above the rationale, and the flag still goes out", async () => {
    const texts = { title: "Zebrafish sleep", summary: "Sleep and memory.", milestones: [{ title: "Pilot", description: "Raw recordings of 20 fish, as CSV." }, { title: "Preprint", description: "A preprint." }] };
    const bytes = encodeCampaignTexts(texts);
    const { id } = await (h.deps.evidence as EvidenceStore).upload(bytes, "application/json");
    await h.arlocal?.mine();
    const base = inReview();
    const c: CampaignView = {
      ...base,
      metadataId: id,
      metadataSha256: sha256Hex(bytes),
      milestones: base.milestones.map((m, i) => ({ ...m, title: texts.milestones[i]?.title ?? "", descriptionSha256: descriptionSha256(texts.milestones[i]?.description ?? "") })),
    };
    h.chain.campaigns.set(c.address, c);
    const member = await holderOf(c);
    const opened = h.server.slash(member, "flag", { campaign: c.address, milestone: 0 });
    const modal = (await opened.firstResponse()).body.data as { components: { type: number; content?: string }[] };
    expect(modal.components[0]?.type).toBe(10);
    expect(modal.components[0]?.content).toContain("Raw recordings of 20 fish, as CSV.");
    expect(modal.components[0]?.content).toContain("matches its on-chain SHA-256");
    const text = await final(h.server.submitModal(member, opened, { rationale: "Only 12 fish" }));
    expect(text).toContain("is on-chain");
  }, 30_000);
});

describe("GIVEN /submit", () => {
  it("the researcher attaches a file THEN progress is shown by editing the reply, the evidence stored, and the signing page given", async () => {
    const researcher = h.server.addMember("researcher");
    const wallet = await linkWallet(h, researcher);
    const c = campaign({ researcher: wallet.address });
    h.chain.campaigns.set(c.address, c);
    const bytes = new TextEncoder().encode("raw data,1,2,3\n");
    const file = h.server.attachment("results @everyone.csv", bytes, "text/csv");
    const ix = h.server.slash(researcher, "submit", { campaign: c.address, milestone: 0, evidence_type: "Dataset", file });
    const text = await final(ix);
    const edits = ix.calls.filter((x) => x.kind === "edit-original").map((x) => String(x.body.content));
    expect(edits.some((e) => e.includes("Storing the evidence on Arweave"))).toBe(true);
    expect(text).toContain(createHash("sha256").update(bytes).digest("hex"));
    expect(text).toContain("https://pepfund.test/sign/");
    expect(text).not.toContain("@everyone");
  }, 30_000);

  it("someone else THEN NotResearcher, nothing uploaded", async () => {
    const other = h.server.addMember("not-researcher");
    await linkWallet(h, other);
    const c = campaign();
    h.chain.campaigns.set(c.address, c);
    const file = h.server.attachment("x.txt", new Uint8Array([1]), "text/plain");
    expect(await final(h.server.slash(other, "submit", { campaign: c.address, milestone: 0, evidence_type: "Other", file }))).toContain("Only the campaign");
  });

  it("neither a file nor an Arweave id THEN a clear answer", async () => {
    const c = campaign();
    h.chain.campaigns.set(c.address, c);
    expect(await final(h.server.slash(h.member, "submit", { campaign: c.address, milestone: 0, evidence_type: "Other" }))).toContain("exactly one of");
  });
});

describe("GIVEN /dispute (team role)", () => {
  function disputed(): CampaignView {
    return campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 1, disputeDeadline: now() + 3600, flagWeight: 100n, evidenceId: "E".repeat(43), evidenceHash: "a".repeat(64) }), milestone(1)] });
  }

  it("Discord hides it from members without Manage Server until the guild grants it", () => {
    expect(() => h.server.slash(h.teamMember, "dispute list")).toThrow(/would not show/);
  });

  it("the guild granted /dispute to everyone THEN a non-team member is refused server-side; the team gets the list with deadlines", async () => {
    h.server.world.commandOverrides.add("dispute");
    try {
      const c = disputed();
      h.chain.campaigns.set(c.address, c);
      const requestsBefore = await h.db.prisma.signingRequest.count();
      expect(await final(h.server.slash(h.member, "dispute list"))).toContain("Only the PepFund team");
      expect(await final(h.server.slash(h.manager, "dispute list"))).toContain("Only the PepFund team");
      const list = await final(h.server.slash(h.teamMember, "dispute list"));
      expect(list).toContain(c.address);
      expect(list).toContain("Decide by");
      // Evidence links go to the configured gateway (arlocal here), never a hard-coded one.
      expect(list).toContain(`${h.arlocal?.url ?? "?"}/${"E".repeat(43)}`);
      expect(list).not.toContain("arweave.net");
      const resolve = { campaign: c.address, milestone: 0, decision: "reject", reason: "Evidence does not match" };
      expect(await final(h.server.slash(h.member, "dispute resolve", resolve))).toContain("Only the PepFund team");
      expect(await h.db.prisma.signingRequest.count()).toBe(requestsBefore);
    } finally {
      h.server.world.commandOverrides.clear();
    }
  });

  it("a team member linked to the admin wallet THEN the reason is stored and the admin signing page given", async () => {
    h.server.world.commandOverrides.add("dispute");
    try {
      const c = disputed();
      h.chain.campaigns.set(c.address, c);
      h.chain.admin = (await linkWallet(h, h.teamMember)).address;
      const text = await final(h.server.slash(h.teamMember, "dispute resolve", { campaign: c.address, milestone: 0, decision: "approve", reason: "Data checks out" }));
      expect(text).toContain("approval");
      expect(text).toContain("https://pepfund.test/sign/");
      // On a phone: link buttons into the three wallets' in-app browsers, carrying the same page, in one row (Discord: 5 at most).
      const components = (JSON.parse(text) as { components: { components: { style: number; label: string; url?: string }[] }[] }).components;
      expect(components).toHaveLength(1);
      const [signHere, ...wallets] = components[0]?.components ?? [];
      expect(signHere?.url).toMatch(/^https:\/\/pepfund\.test\/sign\/[0-9a-f-]{36}$/);
      const encoded = `${encodeURIComponent(signHere?.url ?? "?")}?ref=${encodeURIComponent("https://pepfund.test")}`;
      expect(wallets.slice(0, 3)).toEqual([
        { type: 2, style: 5, label: "Open in Phantom", url: `https://phantom.app/ul/browse/${encoded}` },
        { type: 2, style: 5, label: "Open in Solflare", url: `https://solflare.com/ul/v1/browse/${encoded}` },
        { type: 2, style: 5, label: "Open in Backpack", url: `https://backpack.app/ul/v1/browse/${encoded}` },
      ]);
      // The stored reason at the configured gateway, in the embed only: Discord unfurls links in content, never in embeds.
      expect(text).toMatch(new RegExp(`stored on Arweave: ${(h.arlocal?.url ?? "?").replaceAll(".", "\\.")}/[A-Za-z0-9_-]{43}`));
      expect((JSON.parse(text) as { content: string }).content).not.toContain(h.arlocal?.url ?? "?");
      expect(text).not.toContain("arweave.net");
    } finally {
      h.server.world.commandOverrides.clear();
    }
  }, 30_000);
});

describe("GIVEN /review and /approve (team role)", () => {
  it("a roadmap of 10 milestones with long descriptions THEN one embed within Discord's limits, and Approve gives the admin's signing page", async () => {
    h.server.world.commandOverrides.add("review");
    h.server.world.commandOverrides.add("approve");
    try {
      const texts = { title: "Big plan", summary: "S".repeat(4_000), milestones: Array.from({ length: 10 }, (_, i) => ({ title: `Step ${i + 1}`, description: `${i + 1}`.repeat(4_000) })) };
      const bytes = encodeCampaignTexts(texts);
      const { id } = await (h.deps.evidence as EvidenceStore).upload(bytes, "application/json");
      await h.arlocal?.mine();
      const base = campaign({ status: "PendingReview", deadline: now() + 86_400 });
      const c: CampaignView = {
        ...base,
        metadataId: id,
        metadataSha256: sha256Hex(bytes),
        milestones: texts.milestones.map((m, i) => milestone(i, { title: m.title, shareBps: 1_000, descriptionSha256: descriptionSha256(m.description) })),
      };
      h.chain.campaigns.set(c.address, c);
      h.chain.admin = (await linkWallet(h, h.teamMember)).address;
      const list = await final(h.server.slash(h.teamMember, "review"));
      expect(list).toContain("Campaigns waiting for review");
      expect(list).toContain("Step 10");
      expect(list).toContain(`approve|${c.address}`);
      const approve = await final(h.server.slash(h.teamMember, "approve", { campaign: c.address }));
      expect(approve).toContain("Sign the approval");
      expect(approve).toContain("https://pepfund.test/sign/");
      expect(await final(h.server.slash(h.member, "approve", { campaign: c.address }))).toContain("Only the PepFund team");
    } finally {
      h.server.world.commandOverrides.clear();
    }
  }, 30_000);
});

describe("GIVEN /stale", () => {
  it("a stale campaign THEN the holder opens review 1; again THEN AlreadySupported", async () => {
    const c = campaign({ milestones: [milestone(0, { estimatedCompletion: now() - 100 * 86_400 }), milestone(1)] });
    h.chain.campaigns.set(c.address, c);
    const member = await holderOf(c);
    const text = await final(h.server.slash(member, "stale", { campaign: c.address }));
    expect(text).toContain("Your wallet opened stale review round 1");
    expect(h.relayerDouble.calls.filter((x) => x.method === "staleOpen")).toHaveLength(1);
    const wallet = (await h.store.links.findByUser("DISCORD", member.id))?.address ?? "";
    h.chain.staleVotes.add(`${c.address}:1:${wallet}`);
    expect(await final(h.server.slash(member, "stale", { campaign: c.address }))).toContain("already support");
  }, 30_000);

  it("a campaign that is not stale THEN NotStale in words", async () => {
    const c = campaign();
    h.chain.campaigns.set(c.address, c);
    const member = await holderOf(c);
    expect(await final(h.server.slash(member, "stale", { campaign: c.address }))).toContain("not stale");
  });
});
