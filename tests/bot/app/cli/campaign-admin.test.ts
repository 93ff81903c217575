/**
 * `npm run pepfund` against the localnet and arlocal, as a child process with the
 * documented environment: a researcher creates a campaign from roadmap.json, an invalid
 * file is refused field by field with nothing stored, and the admin's unsigned approval,
 * signed elsewhere with the admin key, opens fundraising.
 */
import { Keypair, Transaction } from "@solana/web3.js";
import bs58 from "bs58";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignPda } from "../../../../bot/chain/pdas.js";
import type { AnchorChainReader } from "../../../../bot/chain/reader.js";
import { decodeCampaignTexts, descriptionSha256, sha256Hex } from "../../../../bot/core/campaign-texts.js";
import type { RunningArlocal } from "../../support/arlocal.js";
import type { TestChain } from "../../chain/support/localnet.js";
import type { Protocol } from "../../chain/support/protocol.js";
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

function roadmap(now: number, overrides: Record<string, unknown> = {}) {
  return {
    title: "Serum stability of 200 peptides",
    summary: "Half-lives of 200 peptides in human serum, every raw trace published.",
    goal: "25000",
    deadline: iso(now + 30 * DAY),
    milestones: [
      { title: "Assay protocol", description: "Protocol and synthesis QC for all 200 peptides.", evidenceType: "protocol-log", share: "30%", estimatedCompletion: iso(now + 90 * DAY) },
      { title: "Measurements", description: "Triplicate half-lives with raw LC-MS files.", evidenceType: "dataset", share: "40%", estimatedCompletion: iso(now + 180 * DAY) },
      { title: "Preprint", description: "Preprint with methods, results and the dataset DOI.", evidenceType: "paper", share: "30%", estimatedCompletion: iso(now + 300 * DAY) },
    ],
    ...overrides,
  };
}

async function arweaveBalance(): Promise<string> {
  return arlocal.arweave.wallets.getBalance(arlocal.walletAddress);
}

beforeAll(async () => {
  stack = await startCliStack();
  ({ chain, protocol, arlocal, files, env, reader } = stack);
  researcher = await chain.fundedKeypair();
  researcherFile = await files.keypair("researcher", researcher);
});

afterAll(async () => {
  await stack?.stop();
});

describe("npm run pepfund", () => {
  it("GIVEN --help anywhere THEN it prints the commands or the command's usage and exits 0", async () => {
    const top = await runPepfund(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("campaign create");
    expect(top.stdout).toContain("admin approve");
    const one = await runPepfund(["admin", "resolve", "--help"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain("Usage: npm run pepfund -- admin resolve <campaign> <milestone> <decision> --reason <text|@file>");
    expect(one.stdout).toContain("--unsigned");
  });

  it("GIVEN a keypair file that does not exist THEN a clear error naming it, exit 1, no stack trace", async () => {
    const roadmapFile = await files.write("ok.json", JSON.stringify(roadmap(await chain.now())));
    const run = await runPepfund(["campaign", "create", roadmapFile, "--keypair", `${files.dir}/missing.json`], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`--keypair ${files.dir}/missing.json: cannot read the keypair file (ENOENT)`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("GIVEN a keypair file that is not a keypair THEN it says so without printing the file's bytes", async () => {
    const secret = JSON.stringify(Array.from({ length: 63 }, (_, i) => 200 + (i % 50)));
    const bad = await files.write("bad-key.json", secret);
    const run = await runPepfund(["admin", "approve", campaignPda(researcher.publicKey, 99n).toBase58(), "--keypair", bad], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("a keypair is a JSON array of 64 bytes");
    expect(run.stderr).not.toContain("200,201");
  });

  it("GIVEN a roadmap breaking several rules THEN every problem is printed beside its field, exit 1, nothing uploaded or created", async () => {
    const now = await chain.now();
    const good = roadmap(now);
    const bad = roadmap(now, {
      summary: "",
      goal: "12.3456789",
      milestones: [
        { ...good.milestones[0], share: "45%" },
        { ...good.milestones[1], share: "55%", evidenceType: "video" },
        { ...good.milestones[2], share: "0", estimatedCompletion: "next year" },
      ],
    });
    const file = await files.write("bad.json", JSON.stringify(bad));
    const balance = await arweaveBalance();
    const run = await runPepfund(["campaign", "create", file, "--keypair", researcherFile], env);
    expect(run.code).toBe(1);
    const problems = run.stderr.split("\n").filter((l) => l.startsWith("  "));
    expect(problems).toEqual(
      expect.arrayContaining([
        "  summary: The summary is missing.",
        "  goal: That is not a valid goal: write an amount of USDC like 25000 or 25,000.50 (at most 6 decimals).",
        "  milestones[0].share: The first milestone may take at most 40%.",
        "  milestones[1].share: No milestone may take more than 50%.",
        "  milestones[1].evidenceType: That is not a valid evidence type: write one of dataset, paper, protocol-log, computational-results, ethics-approval, other.",
        "  milestones[2].share: Every milestone needs a share above zero.",
        expect.stringMatching(/^ {2}milestones\[2\]\.estimatedCompletion: That is not a valid estimated completion date: write a day like 2027-03-01/),
      ]),
    );
    expect(problems).toHaveLength(7);
    expect(run.stderr).toContain("has 7 problems; nothing was uploaded or sent");
    expect(await arweaveBalance()).toBe(balance);
    expect(await chain.connection.getAccountInfo(campaignPda(researcher.publicKey, 0n))).toBeNull();
    expect(await reader.getResearcher(researcher.publicKey.toBase58())).toBeNull();
  });

  it("GIVEN a researcher's keypair holding no SOL THEN create says so before anything is uploaded, exit 1", async () => {
    const poor = Keypair.generate();
    const file = await files.write("poor-roadmap.json", JSON.stringify(roadmap(await chain.now())));
    const balance = await arweaveBalance();
    const run = await runPepfund(["campaign", "create", file, "--keypair", await files.keypair("poor", poor)], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Error: ${poor.publicKey.toBase58()} holds no SOL to pay the transaction's fee: fund it first. Nothing was uploaded or sent.`);
    expect(run.stderr).not.toContain("Uploading");
    expect(await arweaveBalance()).toBe(balance);
  });

  it("GIVEN a keypair short of the new accounts' rent THEN create says how much it holds and needs before anything is uploaded", async () => {
    const short = Keypair.generate();
    const lamports = 1_000_000;
    const signature = await chain.connection.requestAirdrop(short.publicKey, lamports);
    await chain.connection.confirmTransaction({ signature, ...(await chain.connection.getLatestBlockhash()) }, "confirmed");
    const file = await files.write("short-roadmap.json", JSON.stringify(roadmap(await chain.now())));
    const balance = await arweaveBalance();
    const run = await runPepfund(["campaign", "create", file, "--keypair", await files.keypair("short", short)], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The signing wallet holds 0\.000995 SOL after the fee, and the new accounts' rent is 0\.0\d+ SOL: fund it and run the command again\./);
    expect(run.stderr).not.toContain("Uploading");
    expect(await arweaveBalance()).toBe(balance);
    expect(await chain.connection.getBalance(short.publicKey)).toBe(lamports);
  });

  let campaign: string;

  it("GIVEN a valid roadmap and --submit THEN the campaign is PendingReview on-chain, bound to the texts arlocal serves", async () => {
    const draft = roadmap(await chain.now());
    const file = await files.write("roadmap.json", JSON.stringify(draft));
    const balance = BigInt(await arweaveBalance());
    const run = await runPepfund(["campaign", "create", file, "--keypair", researcherFile, "--submit"], env);
    expect(run.stderr).toContain("Uploading the campaign's texts to Arweave");
    expect(run.code).toBe(0);
    campaign = field(run.stdout, "Campaign");
    expect(campaign).toBe(campaignPda(researcher.publicKey, 0n).toBase58());
    expect(field(run.stdout, "Id")).toBe("0");
    // The upload is paid: the measure the invalid-file test relies on moves when texts are stored.
    expect(BigInt(await arweaveBalance())).toBeLessThan(balance);
    expect(field(run.stdout, "Explorer")).toMatch(/^https:\/\/explorer\.solana\.com\/tx\/\w+\?cluster=custom&customUrl=/);

    const view = await reader.getCampaign(campaign);
    expect(view?.status).toBe("PendingReview");
    expect(view?.goal).toBe(25_000_000_000n);
    expect(view?.milestones.map((m) => m.shareBps)).toEqual([3_000, 4_000, 3_000]);
    await arlocal.mine();
    const served = new Uint8Array(await (await fetch(`${arlocal.url}/${view!.metadataId}`)).arrayBuffer());
    expect(sha256Hex(served)).toBe(view!.metadataSha256);
    const texts = decodeCampaignTexts(served);
    expect(texts.ok && texts.value.summary).toBe(draft.summary);
    expect(view!.milestones.map((m) => m.descriptionSha256)).toEqual(draft.milestones.map((m) => descriptionSha256(m.description)));
    expect(texts.ok && texts.value.milestones.map((m) => m.description)).toEqual(draft.milestones.map((m) => m.description));
  });

  it("GIVEN the created campaign THEN campaign show prints its texts, checked against their hashes", async () => {
    const run = await runPepfund(["campaign", "show", campaign], env);
    expect(run.code).toBe(0);
    expect(field(run.stdout, "Status")).toBe("PendingReview");
    expect(field(run.stdout, "Summary")).toBe("Half-lives of 200 peptides in human serum, every raw trace published.");
    expect(run.stdout).toContain("  Triplicate half-lives with raw LC-MS files.");
  });

  it("GIVEN a keypair that is not the admin THEN approve is refused with NotAdmin and nothing is sent", async () => {
    const run = await runPepfund(["admin", "approve", campaign, "--keypair", researcherFile], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Only the PepFund admin wallet may do this. (NotAdmin)");
    expect((await reader.getCampaign(campaign))?.status).toBe("PendingReview");
  });

  it("GIVEN --unsigned approve THEN base58 and base64 are the same transaction, which the admin's signature makes open fundraising", async () => {
    const admin = protocol.admin;
    const run = await runPepfund(["admin", "approve", campaign, "--unsigned", "--admin", admin.publicKey.toBase58()], env);
    expect(run.code).toBe(0);
    const fromBase58 = bs58.decode(field(run.stdout, "base58"));
    const fromBase64 = new Uint8Array(Buffer.from(field(run.stdout, "base64"), "base64"));
    expect(Buffer.from(fromBase58).equals(Buffer.from(fromBase64))).toBe(true);
    expect(run.stdout).toContain("campaign_approve on PepFund");
    expect(run.stdout).toMatch(new RegExp(`admin +${admin.publicKey.toBase58()} \\(writable, signer, fee payer\\)`));
    // Nothing was sent: the campaign waits for the multisig.
    expect((await reader.getCampaign(campaign))?.status).toBe("PendingReview");

    const tx = Transaction.from(fromBase58);
    expect(tx.feePayer?.equals(admin.publicKey)).toBe(true);
    expect(tx.signatures.every((s) => s.signature === null)).toBe(true);
    tx.sign(admin);
    const signature = await chain.connection.sendRawTransaction(tx.serialize());
    await chain.connection.confirmTransaction({ signature, blockhash: tx.recentBlockhash!, lastValidBlockHeight: Number.MAX_SAFE_INTEGER }, "confirmed");
    expect((await reader.getCampaign(campaign))?.status).toBe("Fundraising");
  });

  it("GIVEN --unsigned without --admin THEN a usage error, exit 2", async () => {
    const run = await runPepfund(["admin", "approve", campaign, "--unsigned"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--unsigned needs --admin <address>");
  });
});
