/**
 * /evidence's use case against a real local Arweave gateway (arlocal), alone and behind a
 * faulty proxy: the bytes matching the on-chain SHA-256 are "verified"; bytes that do not
 * (stored under the id, or served by a lying gateway) are a mismatch; a gateway that is down
 * or does not know the id is never a verdict; over the limit nothing is downloaded.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CampaignView, MilestoneView } from "../../../../bot/core/ports.js";
import { verifyEvidence, type VerifyEvidenceDeps } from "../../../../bot/core/usecases/verify-evidence.js";
import { arweaveEvidenceStore } from "../../../../bot/evidence/arweave-store.js";
import { startArlocal, type RunningArlocal } from "../../support/arlocal.js";
import { startArweaveProxy, type ArweaveProxy } from "../../support/arweave-proxy.js";
import { campaign, milestone } from "../../support/campaigns.js";
import { FakeChain, randomAddress } from "../../support/fakes.js";

let arlocal: RunningArlocal;
let proxy: ArweaveProxy;
const chain = new FakeChain();
const GATEWAY = "https://gateway.pepfund.test/";

beforeAll(async () => {
  arlocal = await startArlocal();
  proxy = await startArweaveProxy(arlocal.url);
}, 60_000);
afterAll(async () => {
  await proxy.stop();
  await arlocal.stop();
});
beforeEach(() => {
  proxy.mode = "pass";
  proxy.requests.length = 0;
});

/** The use case reading through the proxy (one round, so a dead gateway fails fast). */
function deps(maxEvidenceBytes = 1_000_000): VerifyEvidenceDeps {
  const evidence = arweaveEvidenceStore({ gateways: [proxy.url], wallet: arlocal.wallet, rounds: 1, backoffMs: 10, timeoutMs: 5_000 });
  return { chain, evidence, maxEvidenceBytes, gatewayUrl: GATEWAY };
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Uploads `bytes` straight to arlocal and mines them. */
async function upload(bytes: Uint8Array, contentType: string): Promise<string> {
  const direct = arweaveEvidenceStore({ gateways: [arlocal.url], wallet: arlocal.wallet, rounds: 1, backoffMs: 10 });
  const { id } = await direct.upload(bytes, contentType, { Type: "milestone-evidence" });
  await arlocal.mine();
  return id;
}

/** A campaign whose milestone 2 (index 1) is in review with the given on-chain evidence. */
function inReview(evidence: Partial<MilestoneView>): CampaignView {
  const c = campaign({
    milestones: [
      milestone(0, { status: "Released", attempts: 1, evidenceId: "R".repeat(43), evidenceHash: "0".repeat(64) }),
      milestone(1, { title: "Assay results", status: "InReview", attempts: 2, evidenceType: "Dataset", ...evidence }),
      milestone(2),
    ],
  });
  chain.campaigns.set(c.address, c);
  return c;
}

describe("GIVEN the milestone under review with evidence on Arweave", () => {
  it("THEN bytes matching the on-chain SHA-256 are verified, with size, declared content type and the configured gateway's plain link", async () => {
    const bytes = new Uint8Array(randomBytes(3_000));
    const id = await upload(bytes, "text/html");
    const c = inReview({ evidenceId: id, evidenceHash: sha256(bytes) });
    const result = await verifyEvidence(deps(), { campaign: c.address });
    expect(result).toEqual({
      ok: true,
      value: {
        outcome: "verified",
        size: 3_000,
        contentType: "text/html",
        campaign: { address: c.address, label: expect.stringContaining("#0") as unknown },
        milestone: { index: 1, title: "Assay results", attempt: 2, status: "InReview" },
        evidence: { id, url: `https://gateway.pepfund.test/${id}`, sha256: sha256(bytes), type: "Dataset" },
      },
    });
    // Downloaded through the store: header first, then the data.
    expect(proxy.requests).toEqual([`GET /tx/${id}`, `GET /${id}`]);
  }, 30_000);

  it("THEN a gateway serving other bytes is a mismatch (served), never verified", async () => {
    const bytes = new Uint8Array(randomBytes(2_000));
    const id = await upload(bytes, "application/pdf");
    const c = inReview({ evidenceId: id, evidenceHash: sha256(bytes) });
    proxy.mode = "swap-data";
    const result = await verifyEvidence(deps(), { campaign: c.address });
    expect(result).toMatchObject({ ok: true, value: { outcome: "mismatch", cause: "served", actualSha256: null } });
  }, 30_000);

  it("THEN authentic bytes that are not what the researcher committed on-chain are a mismatch (stored) with their real SHA-256", async () => {
    const bytes = new Uint8Array(randomBytes(2_000));
    const id = await upload(bytes, "application/pdf");
    const committed = sha256(new TextEncoder().encode("the data the researcher promised"));
    const c = inReview({ evidenceId: id, evidenceHash: committed });
    const result = await verifyEvidence(deps(), { campaign: c.address });
    expect(result).toMatchObject({ ok: true, value: { outcome: "mismatch", cause: "stored", actualSha256: sha256(bytes), evidence: { sha256: committed } } });
  }, 30_000);

  it("THEN a gateway that is down is 'unavailable' (try again), never verified", async () => {
    const bytes = new Uint8Array(randomBytes(1_000));
    const id = await upload(bytes, "application/pdf");
    const c = inReview({ evidenceId: id, evidenceHash: sha256(bytes) });
    proxy.mode = "down";
    const result = await verifyEvidence(deps(), { campaign: c.address });
    expect(result).toMatchObject({ ok: true, value: { outcome: "unavailable" } });
    expect(proxy.requests.length).toBeGreaterThan(0);
  }, 30_000);

  it("THEN an id no gateway knows is 'notFound'", async () => {
    const unknown = Buffer.from(randomBytes(32)).toString("base64url");
    const c = inReview({ evidenceId: unknown, evidenceHash: "a".repeat(64) });
    expect(await verifyEvidence(deps(), { campaign: c.address })).toMatchObject({ ok: true, value: { outcome: "notFound" } });
  }, 30_000);

  it("THEN evidence over the limit is 'tooLarge' from the verified header, and its data is never requested", async () => {
    const bytes = new Uint8Array(randomBytes(5_000));
    const id = await upload(bytes, "application/pdf");
    const c = inReview({ evidenceId: id, evidenceHash: sha256(bytes) });
    const result = await verifyEvidence(deps(4_999), { campaign: c.address });
    expect(result).toMatchObject({ ok: true, value: { outcome: "tooLarge", size: 5_000, limit: 4_999 } });
    expect(proxy.requests).toEqual([`GET /tx/${id}`]);
  }, 30_000);
});

describe("GIVEN which milestone to check", () => {
  it("THEN a named milestone is checked even when another one is in review", async () => {
    const c = inReview({ evidenceId: "A".repeat(43), evidenceHash: "b".repeat(64) });
    proxy.mode = "down";
    const result = await verifyEvidence(deps(), { campaign: c.address, milestoneIndex: 0 });
    expect(result).toMatchObject({ ok: true, value: { milestone: { index: 0, status: "Released" }, evidence: { id: "R".repeat(43) } } });
  });

  it("THEN a disputed milestone is the default when none is in review", async () => {
    const c = campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 1, evidenceId: "D".repeat(43), evidenceHash: "c".repeat(64) }), milestone(1)] });
    chain.campaigns.set(c.address, c);
    proxy.mode = "down";
    expect(await verifyEvidence(deps(), { campaign: c.address })).toMatchObject({ ok: true, value: { milestone: { index: 0 }, outcome: "unavailable" } });
  });

  it("THEN no milestone in review and none named is NothingInReview; a milestone never submitted is NoEvidenceSubmitted", async () => {
    const c = campaign();
    chain.campaigns.set(c.address, c);
    expect(await verifyEvidence(deps(), { campaign: c.address })).toEqual({ ok: false, code: "NothingInReview" });
    expect(await verifyEvidence(deps(), { campaign: c.address, milestoneIndex: 1 })).toEqual({ ok: false, code: "NoEvidenceSubmitted", details: { milestone: "2" } });
    expect(proxy.requests).toEqual([]);
  });

  it("THEN an unknown or malformed campaign is CampaignNotFound and a milestone past the roadmap MilestoneNotFound", async () => {
    expect(await verifyEvidence(deps(), { campaign: randomAddress() })).toEqual({ ok: false, code: "CampaignNotFound" });
    expect(await verifyEvidence(deps(), { campaign: "not-an-address" })).toEqual({ ok: false, code: "CampaignNotFound" });
    const c = campaign();
    chain.campaigns.set(c.address, c);
    expect(await verifyEvidence(deps(), { campaign: c.address, milestoneIndex: 3 })).toEqual({ ok: false, code: "MilestoneNotFound" });
  });
});
