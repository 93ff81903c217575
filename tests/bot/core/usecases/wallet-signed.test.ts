/**
 * Actions the user's own wallet signs: evidence submission (researcher) and dispute
 * resolution of a campaign milestone or a pool's KPI (admin) prepare a signing request; the signing page completes it once. Real
 * database and a real local Arweave; the chain reader and the wallet-transaction sender are
 * doubles at the network edge.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignView, ChatRef, Store } from "../../../../bot/core/ports.js";
import { openDisputes, resolveDispute, type DisputeDeps } from "../../../../bot/core/usecases/disputes.js";
import { resolveKpiDispute, type KpiDisputeDeps } from "../../../../bot/core/usecases/pool-disputes.js";
import {
  completeSigning,
  prepareSigning,
  signingRequestForPage,
} from "../../../../bot/core/usecases/signing-requests.js";
import { prepareSubmission, type SubmissionStage, type SubmitDeps } from "../../../../bot/core/usecases/submit-evidence.js";
import { sha256Hex } from "../../../../bot/evidence/integrity.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { startArlocal, type RunningArlocal } from "../../support/arlocal.js";
import { campaign, kpiMilestone, milestone, pool } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { countingEvidence } from "../../support/evidence.js";
import { FakeChain, FakePools, ManualClock, randomAddress, secureRandom } from "../../support/fakes.js";
import { FakeWalletTransactions } from "../../support/relayer.js";

let arlocal: RunningArlocal;
beforeAll(async () => {
  arlocal = await startArlocal();
}, 60_000);
afterAll(async () => {
  await arlocal.stop();
});

const BASE = "https://pepfund.example";
const MAX = 50_000;
let nextUser = 20_000;

describe.each(databaseKinds)("wallet-signed actions on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const chain = new FakeChain();
  const pools = new FakePools();
  const clock = new ManualClock();
  const now = Math.floor(clock.now().getTime() / 1000);

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  async function linkedUser(address = randomAddress()): Promise<{ chat: ChatRef; address: string }> {
    nextUser += 1;
    const chat: ChatRef = { platform: "DISCORD", userId: String(nextUser), chatId: "555" };
    await store.links.insert({ ...chat, address, challengeNonce: `ws-${nextUser}`, linkedAt: clock.now() });
    return { chat, address };
  }

  function deps() {
    const evidence = countingEvidence(arlocal);
    const submit: SubmitDeps = {
      store,
      chain,
      clock,
      random: secureRandom,
      signing: { baseUrl: BASE, ttlSeconds: 900 },
      evidence: evidence.store,
      maxEvidenceBytes: MAX,
    };
    return { submit, evidence, wallet: new FakeWalletTransactions() };
  }

  /** An active campaign of a linked researcher: milestone 1 released, milestone 2 pending. */
  async function researcherScene(overrides: Partial<CampaignView> = {}) {
    const researcher = await linkedUser();
    const view = campaign({
      researcher: researcher.address,
      milestones: [milestone(0, { status: "Released", attempts: 1 }), milestone(1), milestone(2)],
      ...overrides,
    });
    chain.campaigns.set(view.address, view);
    return { ...researcher, view };
  }

  const pdf = () => ({ kind: "bytes" as const, bytes: new Uint8Array(randomBytes(4_000)), contentType: "application/pdf", name: "report.pdf" });

  describe("prepareSubmission", () => {
    it("GIVEN the researcher and the current milestone THEN the evidence is on Arweave, progress is told, and the wallet gets a signing page for exactly that", async () => {
      const { chat, address, view } = await researcherScene();
      const { submit } = deps();
      const stages: SubmissionStage[] = [];
      const evidence = pdf();
      const result = await prepareSubmission(submit, {
        chat,
        campaign: view.address,
        milestoneIndex: 1,
        evidence,
        onProgress: (stage) => {
          stages.push(stage);
        },
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(stages).toEqual(["uploading", "uploaded", "preparing"]);
      expect(result.value.sha256).toBe(sha256Hex(evidence.bytes));
      expect(result.value.signingUrl).toBe(`${BASE}/sign/${result.value.signingRequestId}`);
      await arlocal.mine();
      const stored = await countingEvidence(arlocal).store.fetch(result.value.evidenceId, result.value.sha256, MAX);
      expect(sha256Hex(stored)).toBe(result.value.sha256);
      const page = await signingRequestForPage({ store, clock }, result.value.signingRequestId);
      expect(page.ok && page.value).toMatchObject({
        signer: address,
        action: { kind: "milestoneSubmit", campaign: view.address, researcher: address, milestoneIndex: 1, evidenceId: result.value.evidenceId, evidenceSha256: result.value.sha256 },
      });
    });

    it("GIVEN an existing Arweave id THEN its hash is read from the authentic bytes; a wrong hash given is EvidenceHashMismatch", async () => {
      const { chat, view } = await researcherScene();
      const { submit } = deps();
      const bytes = new Uint8Array(randomBytes(2_000));
      const { id, sha256 } = await countingEvidence(arlocal).store.upload(bytes, "text/csv");
      await arlocal.mine();
      const withHash = await prepareSubmission(submit, { chat, campaign: view.address, milestoneIndex: 1, evidence: { kind: "arweave", id, sha256: sha256.toUpperCase() } });
      expect(withHash.ok && withHash.value).toMatchObject({ evidenceId: id, sha256 });
      const without = await prepareSubmission(submit, { chat, campaign: view.address, milestoneIndex: 1, evidence: { kind: "arweave", id } });
      expect(without.ok && without.value.sha256).toBe(sha256);
      const wrong = await prepareSubmission(submit, { chat, campaign: view.address, milestoneIndex: 1, evidence: { kind: "arweave", id, sha256: "ab".repeat(32) } });
      expect(wrong).toMatchObject({ ok: false, code: "EvidenceHashMismatch", details: { actual: sha256 } });
    });

    it("GIVEN an Arweave id over the limit or unknown THEN EvidenceTooLarge or EvidenceNotFound", async () => {
      const { chat, view } = await researcherScene();
      const { submit } = deps();
      const { id } = await countingEvidence(arlocal).store.upload(new Uint8Array(randomBytes(MAX + 1)), "application/zip");
      await arlocal.mine();
      expect(await prepareSubmission(submit, { chat, campaign: view.address, milestoneIndex: 1, evidence: { kind: "arweave", id } })).toMatchObject({
        ok: false,
        code: "EvidenceTooLarge",
      });
      const unknown = Buffer.from(randomBytes(32)).toString("base64url");
      expect(await prepareSubmission(submit, { chat, campaign: view.address, milestoneIndex: 1, evidence: { kind: "arweave", id: unknown } })).toEqual({
        ok: false,
        code: "EvidenceNotFound",
      });
    });

    it("GIVEN bad evidence THEN it is refused before anything is read or uploaded", async () => {
      const { chat, view } = await researcherScene();
      const { submit, evidence } = deps();
      const base = { chat, campaign: view.address, milestoneIndex: 1 };
      const cases = [
        [{ ...pdf(), bytes: new Uint8Array(0) }, "EvidenceEmpty"],
        [{ ...pdf(), bytes: new Uint8Array(MAX + 1) }, "EvidenceTooLarge"],
        [{ kind: "arweave", id: "not-an-id" }, "EvidenceMalformed"],
        [{ kind: "arweave", id: Buffer.alloc(32, 1).toString("base64url"), sha256: "xyz" }, "EvidenceMalformed"],
      ] as const;
      for (const [input, code] of cases) {
        const result = await prepareSubmission(submit, { ...base, evidence: input });
        expect(result.ok ? "ok" : result.code).toBe(code);
      }
      expect(evidence.counts).toEqual({ uploads: 0, reads: 0 });
    });

    it("GIVEN each program rule broken THEN milestone_submit's refusal, in its order, and nothing uploaded", async () => {
      const { submit, evidence } = deps();
      const stranger = await linkedUser();
      const { chat, view } = await researcherScene({ status: "Fundraising" });
      const unlinked: ChatRef = { platform: "TELEGRAM", userId: "1", chatId: "1" };
      const attempt = async (who: ChatRef, campaignAddress: string, index: number) => {
        const result = await prepareSubmission(submit, { chat: who, campaign: campaignAddress, milestoneIndex: index, evidence: pdf() });
        return result.ok ? "ok" : result.code;
      };
      expect(await attempt(unlinked, view.address, 1)).toBe("NotLinked");
      expect(await attempt(chat, randomAddress(), 1)).toBe("CampaignNotFound");
      // The researcher account check comes before the campaign's state.
      expect(await attempt(stranger.chat, view.address, 1)).toBe("NotResearcher");
      expect(await attempt(chat, view.address, 1)).toBe("InvalidCampaignState");
      chain.campaigns.set(view.address, { ...view, status: "Active" });
      expect(await attempt(chat, view.address, 3)).toBe("MilestoneNotFound");
      expect(await attempt(chat, view.address, 2)).toBe("MilestoneOutOfOrder");
      expect(await attempt(chat, view.address, 0)).toBe("InvalidMilestoneState");
      chain.campaigns.set(view.address, {
        ...view,
        status: "Active",
        milestones: [milestone(0, { status: "Released" }), milestone(1, { status: "InReview", attempts: 1 }), milestone(2)],
      });
      expect(await attempt(chat, view.address, 1)).toBe("InvalidMilestoneState");
      expect(evidence.counts.uploads).toBe(0);
    });
  });

  describe("signing requests", () => {
    async function issued() {
      const { chat, address, view } = await researcherScene();
      const { submit, wallet } = deps();
      const result = await prepareSubmission(submit, { chat, campaign: view.address, milestoneIndex: 1, evidence: pdf() });
      if (!result.ok) throw new Error(result.code);
      return { id: result.value.signingRequestId, address, wallet };
    }

    it("GIVEN the researcher's signature THEN it is sent once; the same bytes again get its outcome, other bytes are SigningRequestUsed", async () => {
      const { id, address, wallet } = await issued();
      const prepared = await prepareSigning({ store, clock, wallet }, id);
      expect(prepared.ok).toBe(true);
      const first = await completeSigning({ store, clock, wallet }, id, FakeWalletTransactions.signedBy(address));
      expect(first.ok && first.value.status).toBe("confirmed");
      expect(await completeSigning({ store, clock, wallet }, id, FakeWalletTransactions.signedBy(address))).toEqual(first);
      expect(await completeSigning({ store, clock, wallet }, id, FakeWalletTransactions.signedBy(randomAddress()))).toEqual({ ok: false, code: "SigningRequestUsed" });
      expect(wallet.sent.size).toBe(1);
      const row = await db.prisma.signingRequest.findUniqueOrThrow({ where: { id } });
      expect([row.status, row.txSignature]).toEqual(["CONFIRMED", first.ok ? first.value.signature : null]);
    });

    it("GIVEN another wallet's signature THEN nothing is sent and the request stays open for the right wallet", async () => {
      const { id, address, wallet } = await issued();
      const wrong = await completeSigning({ store, clock, wallet }, id, FakeWalletTransactions.signedBy(randomAddress()));
      expect(wrong.ok && wrong.value).toMatchObject({ status: "failed", signature: null });
      expect((await signingRequestForPage({ store, clock }, id)).ok).toBe(true);
      const right = await completeSigning({ store, clock, wallet }, id, FakeWalletTransactions.signedBy(address));
      expect(right.ok && right.value.status).toBe("confirmed");
    });

    it("GIVEN an outage while sending THEN the request reopens and the retry sends once", async () => {
      const { id, address, wallet } = await issued();
      wallet.downBeforeSend = true;
      await expect(completeSigning({ store, clock, wallet }, id, FakeWalletTransactions.signedBy(address))).rejects.toThrow("RPC down");
      const retry = await completeSigning({ store, clock, wallet }, id, FakeWalletTransactions.signedBy(address));
      expect(retry.ok && retry.value.status).toBe("confirmed");
      expect(wallet.sent.size).toBe(1);
    });

    it("GIVEN the same signed bytes completed twice at once (a page retry) THEN one send, both get its outcome", async () => {
      const { id, address, wallet } = await issued();
      const signed = FakeWalletTransactions.signedBy(address);
      const results = await Promise.all([completeSigning({ store, clock, wallet }, id, signed), completeSigning({ store, clock, wallet }, id, signed)]);
      expect(results[0]?.ok && results[0].value.status).toBe("confirmed");
      expect(results[1]).toEqual(results[0]);
      expect(wallet.sent.size).toBe(1);
    });

    it("GIVEN an expired or unknown request THEN SigningRequestExpired or SigningRequestNotFound, and nothing is prepared", async () => {
      const { id, wallet } = await issued();
      const later = new ManualClock(new Date(clock.now().getTime() + 900_000));
      expect(await prepareSigning({ store, clock: later, wallet }, id)).toEqual({ ok: false, code: "SigningRequestExpired" });
      expect(await completeSigning({ store, clock: later, wallet }, id, new Uint8Array(1))).toEqual({ ok: false, code: "SigningRequestExpired" });
      expect(await signingRequestForPage({ store, clock }, "3f1c1b1e-0000-4000-8000-000000000000")).toEqual({ ok: false, code: "SigningRequestNotFound" });
      expect(await signingRequestForPage({ store, clock }, "'; drop table x")).toEqual({ ok: false, code: "SigningRequestNotFound" });
      expect(wallet.prepared).toEqual([]);
    });
  });

  describe("disputes", () => {
    async function disputeScene() {
      const admin = await linkedUser();
      chain.admin = admin.address;
      const view = campaign({
        milestones: [
          milestone(0, { status: "Disputed", attempts: 2, disputeDeadline: now + 7_200, flagWeight: 90n, backerSupplySnapshot: 800n }),
          milestone(1),
        ],
      });
      chain.campaigns.set(view.address, view);
      const { submit, wallet, evidence } = deps();
      const disputeDeps: DisputeDeps = { ...submit, team: { DISCORD: [admin.chat.userId] } };
      return { admin, view, disputeDeps, wallet, evidence };
    }

    it("GIVEN disputed milestones THEN they are listed nearest deadline first with time left", async () => {
      const { view } = await disputeScene();
      const listed = (await openDisputes({ chain, pools, clock })).disputes.filter((d) => d.kind === "campaign" && d.campaign.address === view.address);
      expect(listed).toEqual([
        expect.objectContaining({ milestone: { index: 0, title: "Milestone 1", attempt: 2 }, deadline: now + 7_200, secondsLeft: 7_200, flagWeight: 90n }),
      ]);
    });

    it("GIVEN a team member with the admin wallet THEN the reason is on Arweave and the admin wallet gets a signing page", async () => {
      const { admin, view, disputeDeps, wallet } = await disputeScene();
      const result = await resolveDispute(disputeDeps, {
        chat: admin.chat,
        isTeamMember: true,
        campaign: view.address,
        milestoneIndex: 0,
        approve: false,
        reason: "The flagged figure is indeed fabricated.",
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      await arlocal.mine();
      const reason = await countingEvidence(arlocal).store.read(result.value.reasonId, 10_000);
      expect(new TextDecoder().decode(reason.bytes)).toBe("The flagged figure is indeed fabricated.");
      const page = await signingRequestForPage({ store, clock }, result.value.signingRequestId);
      expect(page.ok && page.value.action).toEqual({
        kind: "disputeResolve",
        campaign: view.address,
        admin: admin.address,
        milestoneIndex: 0,
        approve: false,
        reasonId: result.value.reasonId,
      });
      const done = await completeSigning({ store, clock, wallet }, result.value.signingRequestId, FakeWalletTransactions.signedBy(admin.address));
      expect(done.ok && done.value.status).toBe("confirmed");
    });

    it("GIVEN each refusal THEN its code, team first, the program's order after, and no reason uploaded", async () => {
      const { admin, view, disputeDeps, evidence } = await disputeScene();
      const command = { chat: admin.chat, isTeamMember: true, campaign: view.address, milestoneIndex: 0, approve: true, reason: "ok" };
      const code = async (changes: Partial<typeof command>, deps: DisputeDeps = disputeDeps) => {
        const result = await resolveDispute(deps, { ...command, ...changes });
        return result.ok ? "ok" : result.code;
      };
      expect(await code({ isTeamMember: false })).toBe("NotTeamMember");
      const outsider = await linkedUser();
      expect(await code({ chat: outsider.chat })).toBe("NotTeamMember");
      expect(await code({ reason: "   " })).toBe("ReasonRequired");
      expect(await code({ reason: "x".repeat(2_001) })).toBe("ReasonRequired");
      const openTeam = { ...disputeDeps, team: {} };
      expect(await code({ chat: outsider.chat }, openTeam)).toBe("NotAdmin");
      expect(await code({ chat: { platform: "DISCORD", userId: "999999", chatId: "1" } }, openTeam)).toBe("NotLinked");
      expect(await code({ campaign: randomAddress() })).toBe("CampaignNotFound");
      expect(await code({ milestoneIndex: 5 })).toBe("MilestoneNotFound");
      expect(await code({ milestoneIndex: 1 })).toBe("NoOpenDispute");
      // At the deadline second the dispute can only lapse, as dispute_resolve refuses it then.
      const [disputed, ...rest] = view.milestones;
      const atDeadline = (deadline: number) =>
        chain.campaigns.set(view.address, { ...view, milestones: [{ ...disputed!, disputeDeadline: deadline }, ...rest] });
      atDeadline(now);
      expect(await code({})).toBe("DisputeLapsed");
      atDeadline(now - 1);
      expect(await code({})).toBe("DisputeLapsed");
      chain.campaigns.set(view.address, { ...view, status: "Abandoned" });
      expect(await code({ milestoneIndex: 5 })).toBe("InvalidCampaignState");
      expect(evidence.counts.uploads).toBe(0);
    });
  });

  describe("KPI disputes", () => {
    /** An active pool whose KPI 1 is disputed (flag weight 400,000 of the stake token), and the team's admin. */
    async function kpiDisputeScene(deadlineIn = 3_600) {
      const admin = await linkedUser();
      chain.admin = admin.address;
      const view = pool({
        milestones: [
          kpiMilestone(0, { status: "Disputed", attempts: 1, disputeDeadline: now + deadlineIn, flagWeight: 400_000n, evidenceId: "E".repeat(43) }),
          kpiMilestone(1),
          kpiMilestone(2),
        ],
      });
      pools.pools.set(view.address, view);
      const { submit, wallet, evidence } = deps();
      const disputeDeps: KpiDisputeDeps = { ...submit, pools, team: { DISCORD: [admin.chat.userId] } };
      return { admin, view, disputeDeps, wallet, evidence };
    }

    it("GIVEN a disputed KPI beside disputed milestones THEN it is listed among them by deadline, naming the pool and the KPI's target", async () => {
      const soon = await kpiDisputeScene(3_600);
      const later = campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 1, disputeDeadline: now + 7_000 })] });
      chain.campaigns.set(later.address, later);
      const listed = (await openDisputes({ chain, pools, clock })).disputes.filter(
        (d) => (d.kind === "kpi" && d.pool.address === soon.view.address) || (d.kind === "campaign" && d.campaign.address === later.address),
      );
      expect(listed.map((d) => d.kind)).toEqual(["kpi", "campaign"]);
      expect(listed[0]).toMatchObject({
        pool: { address: soon.view.address, label: `Pool #0 by ${soon.view.sponsor.slice(0, 4)}…${soon.view.sponsor.slice(-4)}` },
        kpi: { index: 0, title: "KPI 1", attempt: 1, metric: "tvl_usd", target: 1_000_000n },
        deadline: now + 3_600,
        secondsLeft: 3_600,
        flagWeight: 400_000n,
      });
    });

    it("GIVEN the pool listing fails THEN the campaign disputes are still listed and the list says the KPI disputes are missing", async () => {
      const soon = await kpiDisputeScene(3_600);
      const disputed = campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 1, disputeDeadline: now + 7_000 })] });
      chain.campaigns.set(disputed.address, disputed);
      const down = { listPools: () => Promise.reject(new Error("429 Too Many Requests")) };
      const { disputes, poolsUnread } = await openDisputes({ chain, pools: down, clock });
      expect(poolsUnread).toBe(true);
      expect(disputes.some((d) => d.kind === "campaign" && d.campaign.address === disputed.address)).toBe(true);
      expect(disputes.some((d) => d.kind === "kpi" && d.pool.address === soon.view.address)).toBe(false);
      expect((await openDisputes({ chain, pools, clock })).poolsUnread).toBe(false);
    });

    it("GIVEN a team member with the admin wallet THEN the reason is on Arweave tagged with the pool, and the admin wallet gets a signing page for pool_dispute_resolve", async () => {
      const { admin, view, disputeDeps, wallet } = await kpiDisputeScene();
      const reason = "The dashboard shows the target was met on the day.";
      const result = await resolveKpiDispute(disputeDeps, { chat: admin.chat, isTeamMember: true, pool: view.address, milestoneIndex: 0, approve: true, reason });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      await arlocal.mine();
      const stored = await countingEvidence(arlocal).store.read(result.value.reasonId, 10_000);
      expect(new TextDecoder().decode(stored.bytes)).toBe(reason);
      const tags = await arlocal.arweave.transactions.get(result.value.reasonId);
      const named = Object.fromEntries(tags.tags.map((t) => [t.get("name", { decode: true, string: true }), t.get("value", { decode: true, string: true })]));
      expect(named).toMatchObject({ Type: "dispute-reason", Pool: view.address, Milestone: "0", Attempt: "1", Decision: "approve" });
      const page = await signingRequestForPage({ store, clock }, result.value.signingRequestId);
      expect(page.ok && page.value).toEqual(
        expect.objectContaining({
          signer: admin.address,
          action: { kind: "poolDisputeResolve", pool: view.address, admin: admin.address, milestoneIndex: 0, approve: true, reasonId: result.value.reasonId },
        }),
      );
      const done = await completeSigning({ store, clock, wallet }, result.value.signingRequestId, FakeWalletTransactions.signedBy(admin.address));
      expect(done.ok && done.value.status).toBe("confirmed");
    });

    it("GIVEN the pool as the chat command just read it THEN it is not read again, and its rules still decide", async () => {
      const { admin, view, disputeDeps } = await kpiDisputeScene();
      let reads = 0;
      const counted: KpiDisputeDeps = { ...disputeDeps, pools: { getPool: async (address) => ((reads += 1), pools.getPool(address)) } };
      const command = { chat: admin.chat, isTeamMember: true, pool: view.address, milestoneIndex: 0, approve: true, reason: "Met on the day." };
      expect((await resolveKpiDispute(counted, { ...command, read: view })).ok).toBe(true);
      expect(reads).toBe(0);
      const lapsed = { ...view, milestones: view.milestones.map((m, i) => (i === 0 ? { ...m, disputeDeadline: now } : m)) };
      const refused = await resolveKpiDispute(counted, { ...command, read: lapsed });
      expect(refused.ok ? "ok" : refused.code).toBe("DisputeLapsed");
      expect(reads).toBe(0);
    });

    it("GIVEN each refusal THEN its code, team first, pool_dispute_resolve's order after, and no reason uploaded", async () => {
      const { admin, view, disputeDeps, evidence } = await kpiDisputeScene();
      const command = { chat: admin.chat, isTeamMember: true, pool: view.address, milestoneIndex: 0, approve: true, reason: "ok" };
      const code = async (changes: Partial<typeof command>, deps: KpiDisputeDeps = disputeDeps) => {
        const result = await resolveKpiDispute(deps, { ...command, ...changes });
        return result.ok ? "ok" : result.code;
      };
      expect(await code({ isTeamMember: false })).toBe("NotTeamMember");
      const outsider = await linkedUser();
      expect(await code({ chat: outsider.chat })).toBe("NotTeamMember");
      expect(await code({ reason: " " })).toBe("ReasonRequired");
      expect(await code({ chat: outsider.chat }, { ...disputeDeps, team: {} })).toBe("NotAdmin");
      expect(await code({ pool: randomAddress() })).toBe("PoolNotFound");
      expect(await code({ milestoneIndex: 5 })).toBe("MilestoneNotFound");
      expect(await code({ milestoneIndex: 1 })).toBe("NoOpenDispute");
      const [disputed, ...rest] = view.milestones;
      pools.pools.set(view.address, { ...view, milestones: [{ ...disputed!, disputeDeadline: now }, ...rest] });
      expect(await code({})).toBe("DisputeLapsed");
      pools.pools.set(view.address, { ...view, status: "Completed" });
      expect(await code({ milestoneIndex: 5 })).toBe("InvalidPoolState");
      expect(evidence.counts.uploads).toBe(0);
    });
  });
});
