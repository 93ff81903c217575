/**
 * Campaign form links and their submissions, on the real store (PGlite and PostgreSQL) and a
 * real Arweave gateway (arlocal); the chain reader is the FakeChain. What a researcher cares
 * about: who may open which form, that the form cannot be used twice, that one click uploads
 * the texts once, and that the signing request is exactly the program's action.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignAddress } from "../../../../bot/chain/pdas.js";
import { descriptionSha256, encodeCampaignTexts, sha256Hex } from "../../../../bot/core/campaign-texts.js";
import type { CampaignView, ChatRef, Store, WalletAction } from "../../../../bot/core/ports.js";
import { draftFormView } from "../../../../bot/core/usecases/campaign-draft-form.js";
import { checkDraftForLink, submitDraft, submitLinkedCampaignForReview, type DraftSubmitDeps } from "../../../../bot/core/usecases/campaign-draft-submit.js";
import { draftTokenKey, issueDraftLink, openDraftLink, type DraftLinkDeps } from "../../../../bot/core/usecases/campaign-drafts.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { startArlocal, type RunningArlocal } from "../../support/arlocal.js";
import { campaign, milestone } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { countingEvidence } from "../../support/evidence.js";
import { FakeChain, ManualClock, randomAddress, secureRandom } from "../../support/fakes.js";

const BASE = "https://pepfund.example";
let nextUser = 70_000;
let arlocal: RunningArlocal;

beforeAll(async () => {
  arlocal = await startArlocal();
}, 60_000);
afterAll(async () => {
  await arlocal?.stop();
});

/** A draft the program accepts after 2030-01-01 (the ManualClock's start). */
function draftJson(title = "Sleep and memory in zebrafish"): Record<string, unknown> {
  return {
    title,
    summary: "Does sleep consolidate memory in larval zebrafish?",
    goal: "25,000.5",
    deadline: "2030-02-01",
    milestones: [
      { title: "Pilot", description: "Recordings of 20 fish, as CSV.", evidenceType: "dataset", share: "40%", estimatedCompletion: "2030-03-01" },
      { title: "Main study", description: "200 fish.", evidenceType: "protocol-log", share: "30%", estimatedCompletion: "2030-06-01" },
      { title: "Paper", description: "A preprint.", evidenceType: "paper", share: "30%", estimatedCompletion: "2030-09-01" },
    ],
  };
}

function tokenOf(url: string): string {
  return url.split("/").pop() ?? "";
}

describe.each(databaseKinds)("campaign form links on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const chain = new FakeChain();
  const clock = new ManualClock();
  let evidence: ReturnType<typeof countingEvidence>;

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma, { relayRateLimits: { perUser: 4, perWallet: 4, windowSeconds: 3_600 } });
    evidence = countingEvidence(arlocal);
  });
  afterAll(async () => {
    await db.dispose();
  });

  const linkDeps = (): DraftLinkDeps => ({ store, chain, clock, random: secureRandom, drafts: { baseUrl: `${BASE}/`, ttlSeconds: 7_200 } });
  const submitDeps = (): DraftSubmitDeps => ({ store, chain, clock, random: secureRandom, evidence: evidence.store, signing: { baseUrl: BASE, ttlSeconds: 900 }, campaignAddress });

  function researcher(): { chat: ChatRef; wallet: string } {
    nextUser += 1;
    return { chat: { platform: "TELEGRAM", userId: String(nextUser), chatId: String(nextUser) }, wallet: randomAddress() };
  }

  async function link(who = researcher(), campaignAddress?: string): Promise<{ token: string; who: typeof who }> {
    const issued = await issueDraftLink(linkDeps(), { chat: who.chat, researcher: who.wallet, ...(campaignAddress === undefined ? {} : { campaign: campaignAddress }) });
    if (!issued.ok) throw new Error(issued.code);
    return { token: tokenOf(issued.value.url), who };
  }

  function draftCampaign(wallet: string, overrides: Partial<CampaignView> = {}): CampaignView {
    const view = campaign({ researcher: wallet, status: "Draft", ...overrides });
    chain.campaigns.set(view.address, view);
    return view;
  }

  async function actionOf(signingUrl: string): Promise<WalletAction> {
    const request = await store.signingRequests.find(signingUrl.split("/").pop() ?? "");
    if (request === null) throw new Error("no signing request");
    return request.action;
  }

  it("GIVEN a researcher THEN a link to /create/<43-character token> open for the TTL, stored only by the token's SHA-256", async () => {
    const who = researcher();
    const issued = await issueDraftLink(linkDeps(), { chat: who.chat, researcher: who.wallet });
    if (!issued.ok) throw new Error(issued.code);
    expect(issued.value.url).toMatch(/^https:\/\/pepfund\.example\/create\/[A-Za-z0-9_-]{43}$/);
    expect(issued.value.expiresAt.getTime() - clock.now().getTime()).toBe(7_200_000);
    const token = tokenOf(issued.value.url);
    expect(await store.draftLinks.find(token)).toBeNull();
    expect(await store.draftLinks.find(draftTokenKey(token))).toMatchObject({ researcher: who.wallet, campaign: null, ...who.chat, signing: null });
  });

  it("GIVEN an edit link THEN only the campaign's researcher gets one, and only before approval (RoadmapLocked after)", async () => {
    const who = researcher();
    const mine = draftCampaign(who.wallet);
    const ask = (address: string) => issueDraftLink(linkDeps(), { chat: who.chat, researcher: who.wallet, campaign: address });
    expect((await ask(mine.address)).ok).toBe(true);
    expect((await ask(draftCampaign(who.wallet, { status: "PendingReview" }).address)).ok).toBe(true);
    expect(await ask(draftCampaign(randomAddress()).address)).toEqual({ ok: false, code: "NotResearcher" });
    expect(await ask(draftCampaign(who.wallet, { status: "Fundraising" }).address)).toEqual({ ok: false, code: "RoadmapLocked", details: { status: "Fundraising" } });
    expect(await ask(randomAddress())).toEqual({ ok: false, code: "CampaignNotFound" });
    expect(await ask("not an address")).toEqual({ ok: false, code: "CampaignNotFound" });
    expect(await issueDraftLink(linkDeps(), { chat: who.chat, researcher: "0OIl" })).toEqual({ ok: false, code: "MalformedInput" });
  });

  it("GIVEN links asked for in a burst THEN the rate limit of relayed actions refuses the fifth, shared with signing requests", async () => {
    const who = researcher();
    for (let i = 0; i < 4; i += 1) expect((await issueDraftLink(linkDeps(), { chat: who.chat, researcher: who.wallet })).ok).toBe(true);
    const refused = await issueDraftLink(linkDeps(), { chat: who.chat, researcher: who.wallet });
    expect(refused).toMatchObject({ ok: false, code: "RateLimited" });
    expect(Number(refused.ok ? 0 : refused.details?.waitSeconds)).toBeGreaterThan(0);
    // Another chat account on the same wallet gets no second allowance.
    const other = researcher();
    expect(await issueDraftLink(linkDeps(), { chat: other.chat, researcher: who.wallet })).toMatchObject({ ok: false, code: "RateLimited" });
  });

  it("GIVEN a link THEN unknown, malformed and expired tokens are refused at the exact second", async () => {
    const { token } = await link();
    expect((await openDraftLink({ store, clock }, token)).ok).toBe(true);
    expect(await openDraftLink({ store, clock }, "A".repeat(43))).toEqual({ ok: false, code: "DraftLinkNotFound" });
    expect(await openDraftLink({ store, clock }, "../etc/passwd")).toEqual({ ok: false, code: "DraftLinkNotFound" });
    const late = new ManualClock(clock.now());
    late.advance(7_199);
    expect((await openDraftLink({ store, clock: late }, token)).ok).toBe(true);
    late.advance(1);
    expect(await openDraftLink({ store, clock: late }, token)).toEqual({ ok: false, code: "DraftLinkExpired" });
    expect(await checkDraftForLink({ store, clock: late }, token, draftJson())).toEqual({ ok: false, code: "DraftLinkExpired" });
  });

  it("GIVEN a broken draft THEN DraftInvalid with every problem and nothing uploaded; the shares' total is what could be read", async () => {
    const { token } = await link();
    const broken = draftJson();
    (broken.milestones as Record<string, unknown>[])[2]!.share = "29.99%";
    const checked = await checkDraftForLink({ store, clock }, token, broken);
    expect(checked).toEqual({ ok: true, value: { problems: [{ code: "SharesNotFull", at: "milestones", details: { total: "9999" } }], shareTotalBps: 9_999 } });
    const uploads = evidence.counts.uploads;
    const submitted = await submitDraft(submitDeps(), token, { json: broken, submit: false });
    expect(submitted).toMatchObject({ ok: false, code: "DraftInvalid", problems: [{ code: "SharesNotFull" }] });
    expect(evidence.counts.uploads).toBe(uploads);
  });

  it("GIVEN a valid new draft THEN the texts are stored once and the researcher's wallet is asked to sign campaignCreate with id = campaigns created; a repeat gets the same page, another draft is refused", async () => {
    const { token, who } = await link();
    chain.researchers.set(who.wallet, { researcher: who.wallet, campaignsCreated: 2, campaignsCompleted: 0, campaignsAbandoned: 0, milestonesReleased: 0, disputesOpened: 0, submissionsRejected: 0 });
    const uploads = evidence.counts.uploads;
    const first = await submitDraft(submitDeps(), token, { json: draftJson(), submit: true });
    if (!first.ok) throw new Error(first.code);
    expect(first.value.signingUrl).toMatch(/^https:\/\/pepfund\.example\/sign\/[0-9a-f-]{36}$/);
    const action = await actionOf(first.value.signingUrl);
    const texts = encodeCampaignTexts({ title: "Sleep and memory in zebrafish", summary: "Does sleep consolidate memory in larval zebrafish?", milestones: (draftJson().milestones as { title: string; description: string }[]).map(({ title, description }) => ({ title, description })) });
    expect(action).toMatchObject({ kind: "campaignCreate", researcher: who.wallet, id: 2n, campaign: campaignAddress(who.wallet, 2n), submit: true });
    if (action.kind !== "campaignCreate") throw new Error(action.kind);
    expect(action.terms).toMatchObject({ metadataSha256: sha256Hex(texts), goal: 25_000_500_000n, deadline: Date.parse("2030-02-01T00:00:00Z") / 1000 });
    expect(action.terms.milestones.map((m) => [m.title, m.shareBps, m.evidenceType, m.descriptionSha256])).toEqual([
      ["Pilot", 4_000, "Dataset", descriptionSha256("Recordings of 20 fish, as CSV.")],
      ["Main study", 3_000, "ProtocolLog", descriptionSha256("200 fish.")],
      ["Paper", 3_000, "Paper", descriptionSha256("A preprint.")],
    ]);
    // What the researcher signs binds exactly the bytes Arweave serves.
    await arlocal.mine();
    expect((await evidence.store.read(action.terms.metadataId, 1 << 20)).sha256).toBe(action.terms.metadataSha256);
    expect(evidence.counts.uploads).toBe(uploads + 1);

    // The page retried (a double click, a lost answer): the same page, nothing uploaded.
    expect(await submitDraft(submitDeps(), token, { json: draftJson(), submit: true })).toEqual(first);
    expect(evidence.counts.uploads).toBe(uploads + 1);
    // Another draft, or the same draft without review, through a used link: refused.
    expect(await submitDraft(submitDeps(), token, { json: draftJson("Another title"), submit: true })).toEqual({ ok: false, code: "DraftLinkUsed", details: { signingUrl: first.value.signingUrl } });
    expect(await submitDraft(submitDeps(), token, { json: draftJson(), submit: false })).toMatchObject({ ok: false, code: "DraftLinkUsed" });
    expect(await checkDraftForLink({ store, clock }, token, draftJson())).toMatchObject({ ok: false, code: "DraftLinkUsed" });
  });

  it("GIVEN two clicks at once THEN one upload and one signing request; the other click is told to wait or gets the same page", async () => {
    const { token } = await link();
    const uploads = evidence.counts.uploads;
    const signingBefore = await db.prisma.signingRequest.count();
    const [a, b] = await Promise.all([submitDraft(submitDeps(), token, { json: draftJson(), submit: false }), submitDraft(submitDeps(), token, { json: draftJson(), submit: false })]);
    // Either the second click found the first one running, or finished: never a second page.
    const pages = new Set([a, b].flatMap((r) => (r.ok ? [r.value.signingUrl] : [])));
    expect(pages.size).toBe(1);
    for (const r of [a, b]) if (!r.ok) expect(r.code).toBe("DraftInProgress");
    expect(evidence.counts.uploads).toBe(uploads + 1);
    expect(await db.prisma.signingRequest.count()).toBe(signingBefore + 1);
  });

  it("GIVEN the signing request is rate-limited after the texts were stored THEN the link is given back and the retry of the same draft uploads nothing", async () => {
    const who = researcher();
    const { token } = await link(who);
    // Three more relayed actions by this wallet: the signing request will be the fifth.
    for (let i = 0; i < 3; i += 1) await link({ chat: researcher().chat, wallet: who.wallet });
    const uploads = evidence.counts.uploads;
    expect(await submitDraft(submitDeps(), token, { json: draftJson(), submit: false })).toMatchObject({ ok: false, code: "RateLimited" });
    expect(evidence.counts.uploads).toBe(uploads + 1);
    const later = new ManualClock(clock.now());
    // The rate window (an hour) has passed; the link (two hours) is still open.
    later.advance(3_601);
    const retried = await submitDraft({ ...submitDeps(), clock: later }, token, { json: draftJson(), submit: false });
    expect(retried.ok).toBe(true);
    expect(evidence.counts.uploads).toBe(uploads + 1);
  });

  it("GIVEN an edit link THEN campaignEdit of that campaign; once approved meanwhile THEN RoadmapLocked and nothing uploaded", async () => {
    const who = researcher();
    const view = draftCampaign(who.wallet, { status: "PendingReview" });
    const { token } = await link(who, view.address);
    const edited = await submitDraft(submitDeps(), token, { json: draftJson("Edited"), submit: false });
    if (!edited.ok) throw new Error(edited.code);
    expect(await actionOf(edited.value.signingUrl)).toMatchObject({ kind: "campaignEdit", campaign: view.address, researcher: who.wallet, submit: false });

    const { token: second } = await link(who, view.address);
    chain.campaigns.set(view.address, { ...view, status: "Fundraising" });
    const uploads = evidence.counts.uploads;
    expect(await submitDraft(submitDeps(), second, { json: draftJson(), submit: true })).toEqual({ ok: false, code: "RoadmapLocked", details: { status: "Fundraising" } });
    expect(evidence.counts.uploads).toBe(uploads);
  });

  it("GIVEN an edit link THEN submitting the campaign as it stands is campaignSubmitForReview, only from a Draft", async () => {
    const who = researcher();
    const view = draftCampaign(who.wallet);
    const { token } = await link(who, view.address);
    const review = await submitLinkedCampaignForReview(submitDeps(), token);
    if (!review.ok) throw new Error(review.code);
    expect(await actionOf(review.value.signingUrl)).toEqual({ kind: "campaignSubmitForReview", campaign: view.address, researcher: who.wallet });

    const pending = draftCampaign(who.wallet, { status: "PendingReview" });
    const { token: other } = await link(who, pending.address);
    expect(await submitLinkedCampaignForReview(submitDeps(), other)).toEqual({ ok: false, code: "InvalidCampaignState", details: { status: "PendingReview" } });
    const { token: create } = await link(who);
    expect(await submitLinkedCampaignForReview(submitDeps(), create)).toEqual({ ok: false, code: "CampaignNotFound" });
  });

  it("GIVEN an edit link THEN the form is prefilled from the chain and from texts that match their hashes; texts that do not match are left out", async () => {
    const who = researcher();
    const texts = { title: "Zebrafish", summary: "Sleep.", milestones: [{ title: "One", description: "First." }, { title: "Two", description: "Second." }] };
    const bytes = encodeCampaignTexts(texts);
    const stored = await evidence.store.upload(bytes, "application/json");
    await arlocal.mine();
    const milestones = [
      milestone(0, { title: "One", descriptionSha256: descriptionSha256("First."), evidenceType: "Dataset", shareBps: 4_000, estimatedCompletion: Date.parse("2030-03-01T00:00:00Z") / 1000 }),
      milestone(1, { title: "Two", descriptionSha256: descriptionSha256("Second."), evidenceType: "EthicsApproval", shareBps: 6_000 - 1_000 - 33, estimatedCompletion: Date.parse("2030-06-01T12:30:00Z") / 1000 }),
    ];
    const view = draftCampaign(who.wallet, { metadataId: stored.id, metadataSha256: stored.sha256, goal: 12_345_670_000n, deadline: Date.parse("2030-02-01T00:00:00Z") / 1000, milestones });
    const formDeps = { store, chain, clock, evidence: evidence.store };
    const { token } = await link(who, view.address);
    const shown = await draftFormView(formDeps, token);
    if (!shown.ok) throw new Error(shown.code);
    expect(shown.value).toMatchObject({ researcher: who.wallet, campaign: { address: view.address, status: "Draft" }, texts: "verified" });
    expect(shown.value.prefill).toEqual({
      title: "Zebrafish",
      summary: "Sleep.",
      goal: "12345.67",
      deadline: "2030-02-01",
      milestones: [
        { title: "One", description: "First.", evidenceType: "dataset", share: "40%", estimatedCompletion: "2030-03-01" },
        { title: "Two", description: "Second.", evidenceType: "ethics-approval", share: "49.67%", estimatedCompletion: "2030-06-01T12:30:00Z" },
      ],
    });

    chain.campaigns.set(view.address, { ...view, metadataSha256: "ab".repeat(32) });
    const mismatch = await draftFormView(formDeps, token);
    if (!mismatch.ok) throw new Error(mismatch.code);
    expect(mismatch.value.texts).toBe("mismatch");
    expect(mismatch.value.prefill).toMatchObject({ title: "", summary: "", goal: "12345.67", milestones: [{ title: "One", description: "" }, { title: "Two", description: "" }] });

    const { token: fresh } = await link(who);
    expect(await draftFormView(formDeps, fresh)).toMatchObject({ ok: true, value: { campaign: null, prefill: null, texts: "none" } });
  });
});
