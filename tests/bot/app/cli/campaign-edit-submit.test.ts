/**
 * `campaign edit` and `campaign submit` as a child process against the localnet and arlocal:
 * a researcher's draft (made with `campaign create`) takes new terms bound to new texts,
 * goes to review, is edited back and forth, and is locked once approved; every refusal
 * (another wallet, a broken file, an approved roadmap, a second submit) stores and sends nothing.
 */
import type { Keypair } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnchorChainReader } from "../../../../bot/chain/reader.js";
import { decodeCampaignTexts, descriptionSha256, sha256Hex } from "../../../../bot/core/campaign-texts.js";
import { USDC } from "../../chain/support/campaign.js";
import type { TestChain } from "../../chain/support/localnet.js";
import type { Protocol } from "../../chain/support/protocol.js";
import type { RunningArlocal } from "../../support/arlocal.js";
import { type CliStack, type Files, field, runPepfund , DAY, iso, startCliStack } from "./support.js";


let stack: CliStack | undefined;
let chain: TestChain;
let protocol: Protocol;
let arlocal: RunningArlocal;
let files: Files;
let env: Record<string, string>;
let reader: AnchorChainReader;
let researcher: Keypair;
let researcherFile: string;
let campaign: string;

function firstRoadmap(now: number) {
  return {
    title: "Peptide stability, first draft",
    summary: "Half-lives of 200 peptides in serum.",
    goal: "25000",
    deadline: iso(now + 30 * DAY),
    milestones: [
      { title: "Assay protocol", description: "Protocol and QC.", evidenceType: "protocol-log", share: "30%", estimatedCompletion: iso(now + 90 * DAY) },
      { title: "Measurements", description: "Triplicate half-lives.", evidenceType: "dataset", share: "40%", estimatedCompletion: iso(now + 180 * DAY) },
      { title: "Preprint", description: "Preprint with the DOI.", evidenceType: "paper", share: "30%", estimatedCompletion: iso(now + 300 * DAY) },
    ],
  };
}

/** Different in every term: goal, deadline, number of milestones, titles, shares, types, texts. */
function editedRoadmap(now: number, title = "Peptide stability, reviewed scope") {
  return {
    title,
    summary: "Half-lives of 120 peptides in serum and plasma, raw traces published.",
    goal: "18000.5",
    deadline: iso(now + 40 * DAY),
    milestones: [
      { title: "Plasma assay", description: "Plasma protocol validated against serum.", evidenceType: "protocol-log", share: "40%", estimatedCompletion: iso(now + 100 * DAY) },
      { title: "Full dataset", description: "Every trace, with the analysis notebook.", evidenceType: "computational-results", share: "50%", estimatedCompletion: iso(now + 200 * DAY) },
      { title: "Ethics", description: "Donor consent approvals.", evidenceType: "ethics-approval", share: "10%", estimatedCompletion: iso(now + 210 * DAY) },
    ],
  };
}

async function arweaveBalance(): Promise<string> {
  return arlocal.arweave.wallets.getBalance(arlocal.walletAddress);
}

async function onChain() {
  const view = await reader.getCampaign(campaign);
  if (view === null) throw new Error("no campaign");
  return view;
}

/** The campaign's terms on-chain are the roadmap's, and its hashes bind the texts arlocal serves. */
async function expectTerms(draft: ReturnType<typeof editedRoadmap>, goal: bigint) {
  const view = await onChain();
  expect(view.goal).toBe(goal);
  expect(view.deadline).toBe(Date.parse(draft.deadline) / 1000);
  expect(view.milestones.map((m) => [m.title, m.shareBps])).toEqual(draft.milestones.map((m) => [m.title, Math.round(Number.parseFloat(m.share) * 100)]));
  expect(view.milestones.map((m) => m.descriptionSha256)).toEqual(draft.milestones.map((m) => descriptionSha256(m.description)));
  await arlocal.mine();
  const served = new Uint8Array(await (await fetch(`${arlocal.url}/${view.metadataId}`)).arrayBuffer());
  expect(sha256Hex(served)).toBe(view.metadataSha256);
  const texts = decodeCampaignTexts(served);
  expect(texts.ok && [texts.value.title, texts.value.summary]).toEqual([draft.title, draft.summary]);
}

/** Runs a command that must be refused with `code` before anything is stored or sent. */
async function expectRefused(args: readonly string[], code: string, signer: Keypair = researcher) {
  const [balance, lamports, before] = await Promise.all([arweaveBalance(), chain.connection.getBalance(signer.publicKey), onChain()]);
  const run = await runPepfund(args, env);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(new RegExp(`\\(${code}\\)$`, "m"));
  expect(run.stdout).toBe("");
  expect(await arweaveBalance()).toBe(balance);
  expect(await chain.connection.getBalance(signer.publicKey)).toBe(lamports);
  expect(await onChain()).toEqual(before);
}

beforeAll(async () => {
  stack = await startCliStack();
  ({ chain, protocol, arlocal, files, env, reader } = stack);
  researcher = await chain.fundedKeypair();
  researcherFile = await files.keypair("researcher", researcher);
  const created = await runPepfund(["campaign", "create", await files.write("first.json", JSON.stringify(firstRoadmap(await chain.now()))), "--keypair", researcherFile], env);
  expect(created.code).toBe(0);
  campaign = field(created.stdout, "Campaign");
});

afterAll(async () => {
  await stack?.stop();
});

describe("npm run pepfund -- campaign edit / campaign submit", () => {
  it("GIVEN another wallet THEN edit is refused with NotResearcher, exit 1, nothing stored or sent", async () => {
    const stranger = await chain.fundedKeypair();
    const file = await files.write("stranger.json", JSON.stringify(editedRoadmap(await chain.now())));
    await expectRefused(["campaign", "edit", campaign, file, "--keypair", await files.keypair("stranger", stranger)], "NotResearcher", stranger);
  });

  it("GIVEN an edited file breaking a rule THEN the problem is printed beside its field, exit 1, nothing stored or sent", async () => {
    const draft = editedRoadmap(await chain.now());
    const broken = { ...draft, milestones: [draft.milestones[0], { ...draft.milestones[1], share: "60%" }] };
    const balance = await arweaveBalance();
    const before = await onChain();
    const run = await runPepfund(["campaign", "edit", campaign, await files.write("broken.json", JSON.stringify(broken)), "--keypair", researcherFile], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("  milestones[1].share: No milestone may take more than 50%.");
    expect(await arweaveBalance()).toBe(balance);
    expect(await onChain()).toEqual(before);
  });

  it("GIVEN the researcher's draft THEN edit replaces every term and the texts, and it stays a draft", async () => {
    const draft = editedRoadmap(await chain.now());
    const run = await runPepfund(["campaign", "edit", campaign, await files.write("edited.json", JSON.stringify(draft)), "--keypair", researcherFile], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Uploading the campaign's texts to Arweave");
    expect(field(run.stdout, "Campaign")).toBe(campaign);
    expect(field(run.stdout, "Id")).toBe("0");
    const signature = field(run.stdout, "Signature");
    expect(field(run.stdout, "Explorer")).toMatch(new RegExp(`^https://explorer\\.solana\\.com/tx/${signature}\\?cluster=custom&customUrl=`));
    expect(field(run.stdout, "Status")).toBe("Draft");
    expect((await onChain()).status).toBe("Draft");
    await expectTerms(draft, 18_000n * USDC + 500_000n);
  });

  it("GIVEN the draft THEN submit sends it to PepFund's review", async () => {
    const run = await runPepfund(["campaign", "submit", campaign, "--keypair", researcherFile], env);
    expect(run.code).toBe(0);
    expect(field(run.stdout, "Campaign")).toBe(campaign);
    expect(field(run.stdout, "Signature")).toMatch(/^\w{80,90}$/);
    expect(field(run.stdout, "Status")).toBe("PendingReview");
    expect((await onChain()).status).toBe("PendingReview");
  });

  it("GIVEN a campaign already waiting for review THEN a second submit is refused with InvalidCampaignState, nothing sent", async () => {
    await expectRefused(["campaign", "submit", campaign, "--keypair", researcherFile], "InvalidCampaignState");
  });

  it("GIVEN a campaign waiting for review THEN edit --submit changes its terms and asks for review again in one transaction", async () => {
    const draft = editedRoadmap(await chain.now(), "Peptide stability, final scope");
    const run = await runPepfund(["campaign", "edit", campaign, await files.write("final.json", JSON.stringify(draft)), "--keypair", researcherFile, "--submit"], env);
    expect(run.code).toBe(0);
    expect(field(run.stdout, "Status")).toBe("PendingReview");
    const signature = field(run.stdout, "Signature");
    const tx = await chain.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(tx?.meta?.logMessages?.filter((l) => /Instruction: Campaign(Edit|SubmitForReview)$/.test(l))).toEqual([
      "Program log: Instruction: CampaignEdit",
      "Program log: Instruction: CampaignSubmitForReview",
    ]);
    expect((await onChain()).status).toBe("PendingReview");
    await expectTerms(draft, 18_000n * USDC + 500_000n);
  });

  it("GIVEN the campaign approved THEN edit is refused with RoadmapLocked before anything is stored or sent", async () => {
    const approve = await runPepfund(["admin", "approve", campaign, "--keypair", await files.keypair("admin", protocol.admin)], env);
    expect(approve.code).toBe(0);
    expect((await onChain()).status).toBe("Fundraising");
    const file = await files.write("late.json", JSON.stringify(editedRoadmap(await chain.now(), "Changed after approval")));
    await expectRefused(["campaign", "edit", campaign, file, "--keypair", researcherFile], "RoadmapLocked");
    await expectRefused(["campaign", "edit", campaign, file, "--keypair", researcherFile, "--submit"], "RoadmapLocked");
  });

  it("GIVEN an approved campaign THEN submit is refused with InvalidCampaignState", async () => {
    await expectRefused(["campaign", "submit", campaign, "--keypair", researcherFile], "InvalidCampaignState");
  });
});
