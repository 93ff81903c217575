/**
 * Campaign texts in chat, read from a real local Arweave gateway (arlocal) behind a proxy
 * that can go down: /campaign shows the title and summary, /milestones each description,
 * each "verified" only when it hashes to what is bound on-chain. A document or a description
 * that does not match is shown plainly as NOT matching; a gateway that is down makes the
 * texts "unavailable" without blocking the answer, and is not cached; a verified document is
 * read once. The flag form shows the description the evidence is judged against, and
 * /campaign a rejected submission's written reasons.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { campaignCommand, milestonesCommand } from "../../../bot/chat/commands/campaign.js";
import { flagCommand } from "../../../bot/chat/commands/flag.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { dispatch } from "../../../bot/chat/dispatch.js";
import type { AnyCommand } from "../../../bot/chat/command.js";
import type { RawValue } from "../../../bot/chat/params.js";
import { urlsOf, type Reply } from "../../../bot/chat/reply.js";
import { plain } from "../../../bot/chat/text.js";
import { descriptionSha256, encodeCampaignTexts, sha256Hex, type CampaignTexts } from "../../../bot/core/campaign-texts.js";
import type { CampaignView } from "../../../bot/core/ports.js";
import { startArlocal, type RunningArlocal } from "../support/arlocal.js";
import { startArweaveProxy, type ArweaveProxy } from "../support/arweave-proxy.js";
import { campaign, milestone } from "../support/campaigns.js";
import { countingEvidence } from "../support/evidence.js";
import { randomAddress } from "../support/fakes.js";
import { FakeRelayer } from "../support/relayer.js";
import { startChat, type ChatFixture } from "./fixture.js";

let arlocal: RunningArlocal;
let proxy: ArweaveProxy;
let f: ChatFixture;
let deps: ChatDeps;
let reads: { reads: number };

beforeAll(async () => {
  arlocal = await startArlocal();
  proxy = await startArweaveProxy(arlocal.url);
  f = await startChat();
  const { store, counts } = countingEvidence({ ...arlocal, url: proxy.url });
  reads = counts;
  const relayer = new FakeRelayer();
  deps = { ...f.deps, evidence: store, gatewayUrl: proxy.url, writes: { relayer, evidence: store, gatewayUrl: proxy.url }, relayAuthority: relayer.authority };
}, 60_000);
afterAll(async () => {
  await f.stop();
  await proxy.stop();
  await arlocal.stop();
});
beforeEach(() => {
  proxy.mode = "pass";
});

const run = (command: AnyCommand, raw: Record<string, RawValue>): Promise<Reply> => dispatch(deps, f.caller(), { command, raw, typed: true });
const all = (r: Reply): string =>
  [r.title ?? [], ...r.lines, ...r.facts.map((x) => x.value), ...r.sections.flatMap((s) => [s.title, ...s.lines])].map(plain).join("\n");

/** Fresh texts each time, so no test reads another's cached document. */
function texts(): CampaignTexts {
  const tag = randomAddress().slice(0, 8);
  return {
    title: `Zebrafish sleep ${tag}`,
    summary: `We test whether sleep consolidates memory in zebrafish larvae (${tag}).`,
    milestones: [
      { title: "Pilot", description: `Raw recordings of 20 fish, as CSV (${tag}).` },
      { title: "Preprint", description: `A preprint on bioRxiv with every figure (${tag}).` },
    ],
  };
}

async function store(bytes: Uint8Array): Promise<string> {
  const direct = countingEvidence(arlocal).store;
  const { id } = await direct.upload(bytes, "application/json", { Type: "campaign-texts" });
  await arlocal.mine();
  return id;
}

/** A campaign whose texts document is stored, bound by `documentSha` and each description's hash (overridable). */
async function withTexts(t: CampaignTexts, options: { documentSha?: string; descriptionShas?: string[]; overrides?: Partial<CampaignView> } = {}): Promise<CampaignView> {
  const bytes = encodeCampaignTexts(t);
  const id = await store(bytes);
  const c = campaign({
    metadataId: id,
    metadataSha256: options.documentSha ?? sha256Hex(bytes),
    milestones: t.milestones.map((m, i) => milestone(i, { title: m.title, descriptionSha256: options.descriptionShas?.[i] ?? descriptionSha256(m.description) })),
    ...options.overrides,
  });
  f.chain.campaigns.set(c.address, c);
  return c;
}

describe("GIVEN a texts document that matches every hash bound on-chain", () => {
  it("THEN /campaign shows its title and summary as verified, /milestones each description as matching, and Arweave is read once", async () => {
    const t = texts();
    const c = await withTexts(t);
    const before = reads.reads;
    const status = all(await run(campaignCommand, { campaign: c.address }));
    expect(status).toContain("✅ Texts verified");
    expect(status).toContain(t.title);
    expect(status).toContain(t.summary);
    expect(status).not.toContain("NOT match");
    const milestones = all(await run(milestonesCommand, { campaign: c.address }));
    for (const m of t.milestones) expect(milestones).toContain(m.description);
    expect(milestones.match(/✅ Description \(matches its on-chain SHA-256\)/g)).toHaveLength(2);
    expect(urlsOf(await run(milestonesCommand, { campaign: c.address }))).toContain(`${proxy.url}/${c.metadataId ?? ""}`);
    expect(reads.reads - before).toBe(1);
    // Both answers link the campaign's public page, as its announcements do.
    const page = { kind: "page", label: "Campaign page", url: `${deps.link.baseUrl}/c/${c.address}` };
    expect((await run(campaignCommand, { campaign: c.address })).links).toContainEqual(page);
    expect((await run(milestonesCommand, { campaign: c.address })).links).toContainEqual(page);
  });
});

describe("GIVEN texts that do not match", () => {
  it("a document whose bytes are not the SHA-256 bound on-chain THEN its texts are shown plainly as NOT matching", async () => {
    const t = texts();
    const c = await withTexts(t, { documentSha: sha256Hex("what the researcher committed") });
    const status = all(await run(campaignCommand, { campaign: c.address }));
    expect(status).toContain("❌ The texts document does NOT match the SHA-256 bound on-chain");
    expect(status).toContain(`❌ NOT matching: “${t.title}”`);
    expect(status).not.toContain("✅ Texts verified");
  });

  it("milestone 2's description not hashing to its on-chain hash THEN /milestones says milestone 2's description does NOT match, milestone 1's matches", async () => {
    const t = texts();
    const c = await withTexts(t, { descriptionShas: [descriptionSha256(t.milestones[0]?.description ?? ""), descriptionSha256("the promised preprint")] });
    const answer = await run(milestonesCommand, { campaign: c.address });
    const [first, second] = answer.sections.map((s) => s.lines.map(plain).join("\n"));
    expect(first).toContain("✅ Description (matches its on-chain SHA-256)");
    expect(second).toContain("❌ Milestone 2's description does NOT match its on-chain SHA-256");
    expect(second).toContain(t.milestones[1]?.description);
    expect(all(answer)).toContain("❌ Some texts do NOT match the hashes bound on-chain");
  });

  it("the flag form THEN shows the description the evidence is judged against, with its check, in the form itself", async () => {
    const t = texts();
    const c = await withTexts(t, { descriptionShas: [descriptionSha256(t.milestones[0]?.description ?? ""), descriptionSha256("something else")] });
    f.chain.campaigns.set(c.address, { ...c, milestones: c.milestones.map((m, i) => (i === 1 ? { ...m, status: "InReview", attempts: 1 } : m)) });
    // The form opens only for a linked holder (beforeForm refuses the others first).
    const who = f.caller();
    await f.deps.store.links.insert({ platform: "TELEGRAM", userId: who.chat.userId, address: randomAddress(), chatId: who.chat.chatId, challengeNonce: randomAddress(), linkedAt: f.clock.now() });
    const answer = await dispatch(deps, who, { command: flagCommand, raw: { campaign: c.address, milestone: "2" }, typed: true });
    expect(answer.form?.field.name).toBe("rationale");
    const context = (answer.form?.context ?? []).map(plain).join("\n");
    expect(context).toContain(`Milestone 2 “Preprint”`);
    expect(context).toContain(t.milestones[1]?.description);
    expect(context).toContain("does NOT match its on-chain SHA-256");
    // Telegram and the console print the reply's lines above their prompt.
    expect(answer.lines.map(plain).join("\n")).toContain(t.milestones[1]?.description);
  });
});

describe("GIVEN Arweave is down", () => {
  it("THEN /campaign still answers with the chain's facts and says the texts are unavailable; once it is back the texts are verified (the outage was not cached)", async () => {
    const t = texts();
    const c = await withTexts(t);
    proxy.mode = "down";
    const down = await run(campaignCommand, { campaign: c.address });
    expect(down.refusal).toBeUndefined();
    expect(all(down)).toContain("could not be read now: Arweave could not be reached");
    expect(all(down)).toContain(c.address);
    expect(all(down)).not.toContain(t.summary);
    proxy.mode = "pass";
    expect(all(await run(campaignCommand, { campaign: c.address }))).toContain("✅ Texts verified");
  });

  it("a campaign with no texts document THEN says so and reads nothing", async () => {
    const c = campaign();
    f.chain.campaigns.set(c.address, c);
    const before = reads.reads;
    expect(all(await run(campaignCommand, { campaign: c.address }))).toContain("no texts document on-chain");
    expect(reads.reads).toBe(before);
  });
});

describe("GIVEN a milestone whose last submission was rejected", () => {
  it("THEN /campaign links the written reasons and shows their short text", async () => {
    const reason = "The dataset covers 12 fish, not the 20 the milestone promises.";
    const id = await store(new TextEncoder().encode(reason));
    const c = campaign({ milestones: [milestone(0, { attempts: 1, rejectionReasonId: id }), milestone(1)] });
    f.chain.campaigns.set(c.address, c);
    const answer = await run(campaignCommand, { campaign: c.address });
    const section = answer.sections.find((s) => plain(s.title).includes("Milestone 1: last submission rejected"));
    expect(section?.lines.map(plain).join("\n")).toContain(`“${reason}”`);
    expect(urlsOf(answer)).toContain(`${proxy.url}/${id}`);
  });
});
