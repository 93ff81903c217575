/**
 * The public campaign page over a real web server, a real store (PGlite) and a real Arweave
 * gateway (arlocal): the texts document and the evidence are uploaded there, so the page's
 * checks compare real bytes with the hashes in the campaign view. The chain is the FakeChain
 * holding views as the program records them; the clock stands at 2030-01-01.
 *
 * Two campaigns: `active`, whose first milestone is in review with real evidence, two flags
 * weighing 30 of the 100 tokens of quorum, a hostile title, and two announcements on its
 * timeline; `raising`, fundraising 250 of 1,000 USDC for five more days, not indexed yet
 * (the page reads the chain).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import { descriptionSha256, encodeCampaignTexts, type CampaignTexts } from "../../../bot/core/campaign-texts.js";
import type { CampaignView, EvidenceStore } from "../../../bot/core/ports.js";
import { announceEvent } from "../../../bot/core/usecases/announce.js";
import { EvidenceVerdictCache } from "../../../bot/core/usecases/campaign-page.js";
import { TextsCache } from "../../../bot/core/usecases/campaign-texts.js";
import { openDatabase } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import type { CampaignWebDeps } from "../../../bot/web/campaign-page.js";
import { webHandler } from "../../../bot/web/server.js";
import { startArlocal } from "../support/arlocal.js";
import { campaign, milestone } from "../support/campaigns.js";
import { countingEvidence } from "../support/evidence.js";
import { FakeChain, ManualClock, randomAddress, secureRandom } from "../support/fakes.js";
import { PLATFORMS } from "../support/platforms.js";

export const HOSTILE_TITLE = `<script>alert("x")</script> & <b>Protein</b> assay`;
export const NOW = 1_893_456_000; // 2030-01-01T00:00:00Z
const TOKEN = 1_000_000n;

/** Uploads the texts document for `milestones` and returns the view fields binding it. */
async function uploadTexts(evidence: EvidenceStore, arlocal: { mine(): Promise<void> }, texts: CampaignTexts) {
  const uploaded = await evidence.upload(encodeCampaignTexts(texts), "application/json");
  await arlocal.mine();
  return { metadataId: uploaded.id, metadataSha256: uploaded.sha256 };
}

export async function startCampaignPageWeb(options: { readonly evidence?: "arlocal" | "down" | "hangs" } = {}) {
  const database = await openDatabase({ kind: "pglite" });
  const store = prismaStore(database.prisma);
  const arlocal = await startArlocal();
  const real = countingEvidence(arlocal);
  // "down": a gateway nobody listens on, so every Arweave read is an outage.
  const down: EvidenceStore = { ...real.store, read: () => Promise.reject(new Error("connect ECONNREFUSED")) };
  // "hangs": a gateway that accepts the connection and never answers.
  const hangs: EvidenceStore = { ...real.store, read: () => new Promise(() => undefined) };
  const evidence = options.evidence === "down" ? down : options.evidence === "hangs" ? hangs : real.store;
  const chain = new FakeChain();
  const clock = new ManualClock(new Date(NOW * 1000));

  const descriptions = ["Run the assay on 200 samples.", "Publish the dataset.", "Write the paper."];
  const texts: CampaignTexts = {
    title: HOSTILE_TITLE,
    summary: "We measure <i>protein</i> folding & share every result.",
    milestones: descriptions.map((d, i) => ({ title: `Milestone ${i + 1}`, description: d })),
  };
  const bound = await uploadTexts(real.store, arlocal, texts);
  const proof = await real.store.upload(new TextEncoder().encode("assay results v1"), "text/plain");
  await arlocal.mine();
  const researcher = randomAddress();
  const milestones = descriptions.map((d, i) => milestone(i, { descriptionSha256: descriptionSha256(d) }));
  const active: CampaignView = campaign({
    researcher,
    id: 7n,
    ...bound,
    status: "Active",
    goal: 1_000_000_000n,
    raised: 1_000_000_000n,
    escrow: 1_000_000_000n,
    milestones: [
      {
        ...(milestones[0] ?? milestone(0)),
        status: "InReview",
        attempts: 1,
        submittedAt: NOW - 86_400,
        windowEnd: NOW + 2 * 86_400 + 3 * 3_600,
        supplySnapshot: 1_100n * TOKEN,
        backerSupplySnapshot: 1_000n * TOKEN,
        flagWeight: 30n * TOKEN,
        flagCount: 2,
        evidenceId: proof.id,
        evidenceHash: proof.sha256,
      },
      ...milestones.slice(1),
    ],
  });
  const raising: CampaignView = campaign({ id: 8n, status: "Fundraising", goal: 1_000_000_000n, raised: 250_000_000n, escrow: 250_000_000n, deadline: NOW + 5 * 86_400 });
  chain.campaigns.set(active.address, active);
  chain.campaigns.set(raising.address, raising);
  chain.researchers.set(researcher, {
    researcher,
    campaignsCreated: 3,
    campaignsCompleted: 1,
    campaignsAbandoned: 0,
    milestonesReleased: 4,
    disputesOpened: 1,
    submissionsRejected: 2,
  });
  // The indexer has stored the active campaign with its verified title; `raising` is not indexed yet.
  await store.campaigns.upsert({ view: active, slot: 10n, at: clock.now(), title: HOSTILE_TITLE });

  // The timeline, as the indexer writes it: the submission, then a flag an hour later.
  const submitted = { name: "MilestoneSubmitted" as const, campaign: active.address, milestoneIndex: 0, attempt: 1, evidenceType: "Paper" as const, evidenceId: proof.id, evidenceHash: proof.sha256, windowEnd: NOW + 2 * 86_400 + 3 * 3_600, backerSupplySnapshot: 1_000n * TOKEN, flagThreshold: 1_100_000n };
  const flagged = { name: "FlagSubmitted" as const, campaign: active.address, milestoneIndex: 0, attempt: 1, owner: randomAddress(), weight: 30n * TOKEN, rationale: "F".repeat(42) + "A", totalWeight: 30n * TOKEN, quorumWeight: 100n * TOKEN };
  const announce = { store, chain, gatewayUrl: arlocal.url, platforms: PLATFORMS };
  await store.transaction((tx) => announceEvent({ ...announce, store: tx }, submitted, "sig-submit:0", new Date((NOW - 86_400) * 1000)));
  await store.transaction((tx) => announceEvent({ ...announce, store: tx }, flagged, "sig-flag:0", new Date((NOW - 82_800) * 1000)));

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const page: CampaignWebDeps = {
    page: { store, chain, clock, texts: { evidence, cache: new TextsCache() }, evidence, maxEvidenceBytes: 1_000_000, verdicts: new EvidenceVerdictCache() },
    settings: { explorer: { cluster: "devnet" }, publicBaseUrl: base, gatewayUrl: arlocal.url },
  };
  const link = { store, clock, random: secureRandom, verifier: naclVerifier, settings: { domain: new URL(base).host, baseUrl: base, chainId: "devnet" as const, ttlSeconds: 600 }, platforms: PLATFORMS };
  server.on("request", webHandler(link, { page }));
  return {
    base,
    store,
    chain,
    clock,
    active,
    raising,
    researcher,
    proof,
    reads: real.counts,
    gateway: arlocal.url,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await arlocal.stop();
      await database.close();
    },
  };
}
