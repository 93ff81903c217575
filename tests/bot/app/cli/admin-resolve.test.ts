/**
 * `admin resolve` as a child process against the localnet and arlocal. The disputes are set
 * up with the chain fixtures (contributions, a flag carrying the 10% quorum, the window
 * closed); the CLI then decides them: approve pays the tranche to the researcher, reject
 * keeps it in escrow with the reasons' Arweave id on-chain, --unsigned prints what a multisig
 * executes, and every refusal (no open dispute, not the admin, a lapsed dispute, no reason)
 * stores nothing on Arweave and sends nothing.
 */
import { type Keypair, Transaction, TransactionInstruction } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnchorChainReader } from "../../../../bot/chain/reader.js";
import { TOKEN_PROGRAM_ID } from "../../../../bot/chain/token.js";
import { CampaignFixture, USDC } from "../../chain/support/campaign.js";
import type { TestChain } from "../../chain/support/localnet.js";
import type { Protocol } from "../../chain/support/protocol.js";
import type { RunningArlocal } from "../../support/arlocal.js";
import { type CliStack, type Files, field, runPepfund, signAndSendPrinted, unsignedOutput, startCliStack } from "./support.js";

let stack: CliStack | undefined;
let chain: TestChain;
let protocol: Protocol;
let arlocal: RunningArlocal;
let files: Files;
let env: Record<string, string>;
let reader: AnchorChainReader;
let adminFile: string;

/** One campaign per case, each with milestone 1 (40% of 1,000 USDC) disputed. */
let approved: CampaignFixture;
let rejected: CampaignFixture;
let multisig: CampaignFixture;
let lapsing: CampaignFixture;
let unopened: CampaignFixture;

const TRANCHE = 400n * USDC;
/** SPL Token's CloseAccount instruction tag. */
const SPL_TOKEN_CLOSE_ACCOUNT = 9;

/** A raise of 1,000 USDC whose first submission is flagged by the backer holding exactly the 10% quorum. */
async function flaggedCampaign(): Promise<CampaignFixture> {
  const campaign = await CampaignFixture.active(protocol, [4_000, 3_000, 3_000], [100n * USDC, 900n * USDC]);
  const flagger = campaign.backers[0]!;
  await campaign.deposit(flagger, 100n * USDC);
  await campaign.flag(flagger, 0, await campaign.submitMilestone(0));
  return campaign;
}

async function arweaveBalance(): Promise<string> {
  return arlocal.arweave.wallets.getBalance(arlocal.walletAddress);
}

async function milestone(campaign: CampaignFixture, index: number) {
  const view = await reader.getCampaign(campaign.address.toBase58());
  return { ...view!.milestones[index]!, escrow: view!.escrow };
}

/** What the reasons' Arweave id serves once mined. */
async function served(id: string): Promise<string> {
  await arlocal.mine();
  return (await fetch(`${arlocal.url}/${id}`)).text();
}

beforeAll(async () => {
  stack = await startCliStack();
  ({ chain, protocol, arlocal, files, env, reader } = stack);
  adminFile = await files.keypair("admin", protocol.admin);
  // All four windows close with one clock move: a later move would lapse the earlier disputes.
  const campaigns = [];
  for (let i = 0; i < 5; i++) campaigns.push(await flaggedCampaign());
  [approved, rejected, multisig, lapsing, unopened] = campaigns as [CampaignFixture, CampaignFixture, CampaignFixture, CampaignFixture, CampaignFixture];
  await chain.advanceClock(Math.max(...(await Promise.all(campaigns.map((c) => c.windowLeft(0))))));
  for (const c of campaigns) await c.finalize(0);
  for (const c of campaigns) expect((await milestone(c, 0)).status).toBe("Disputed");
});

afterAll(async () => {
  await stack?.stop();
});

/** Runs `admin resolve` and checks it was refused with `code` before anything was stored or sent. */
async function expectRefusedBeforeUpload(args: readonly string[], code: string, signer: Keypair = protocol.admin) {
  const [balance, lamports] = await Promise.all([arweaveBalance(), chain.connection.getBalance(signer.publicKey)]);
  const run = await runPepfund(["admin", "resolve", ...args], env);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(new RegExp(`\\(${code}\\)$`, "m"));
  expect(run.stderr).not.toContain("Uploading");
  expect(run.stdout).toBe("");
  expect(await arweaveBalance()).toBe(balance);
  expect(await chain.connection.getBalance(signer.publicKey)).toBe(lamports);
}

describe("npm run pepfund -- admin resolve", () => {
  it("GIVEN a milestone with no open dispute THEN NoOpenDispute, exit 1, nothing stored or sent", async () => {
    await expectRefusedBeforeUpload([approved.address.toBase58(), "2", "approve", "--reason", "Looks fine.", "--keypair", adminFile], "NoOpenDispute");
    expect((await milestone(approved, 1)).status).toBe("Pending");
  });

  it("GIVEN the researcher's keypair THEN NotAdmin, exit 1, nothing stored or sent, the dispute still open", async () => {
    const researcherFile = await files.keypair("researcher", approved.researcher);
    await expectRefusedBeforeUpload(
      [approved.address.toBase58(), "1", "approve", "--reason", "I did it.", "--keypair", researcherFile],
      "NotAdmin",
      approved.researcher,
    );
    expect((await milestone(approved, 0)).status).toBe("Disputed");
  });

  it("GIVEN a blank reason THEN ReasonRequired, exit 1, nothing stored or sent", async () => {
    await expectRefusedBeforeUpload([approved.address.toBase58(), "1", "reject", "--reason", "   ", "--keypair", adminFile], "ReasonRequired");
  });

  it("GIVEN approve with --reason text THEN the tranche moves from escrow to the researcher and the output names the reasons and the transaction", async () => {
    const usdcBefore = await chain.tokenBalance(approved.researcherUsdc);
    const reason = "The dataset matches the protocol; the flags concern formatting only.";
    const run = await runPepfund(["admin", "resolve", approved.address.toBase58(), "1", "approve", "--reason", reason, "--keypair", adminFile], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Uploading the reasons to Arweave");
    const signature = field(run.stdout, "Signature");
    expect(field(run.stdout, "Explorer")).toMatch(new RegExp(`^https://explorer\\.solana\\.com/tx/${signature}\\?cluster=custom&customUrl=`));
    expect(await served(field(run.stdout, "Reasons"))).toBe(reason);

    expect(await chain.tokenBalance(approved.researcherUsdc)).toBe(usdcBefore + TRANCHE);
    const after = await milestone(approved, 0);
    expect(after.status).toBe("Released");
    expect(after.releasedAmount).toBe(TRANCHE);
    expect(after.escrow).toBe(1_000n * USDC - TRANCHE);
  });

  it("GIVEN reject with --reason @file THEN the tranche stays in escrow, the milestone is open to re-submission and names the stored reasons", async () => {
    const reason = "The uploaded file is the protocol of milestone 2, not the synthesis QC.\nPlease submit the HPLC traces.";
    const reasonFile = await files.write("reasons.txt", `${reason}\n`);
    const usdcBefore = await chain.tokenBalance(rejected.researcherUsdc);
    const run = await runPepfund(["admin", "resolve", rejected.address.toBase58(), "1", "reject", "--reason", `@${reasonFile}`, "--keypair", adminFile], env);
    expect(run.code).toBe(0);
    const reasonId = field(run.stdout, "Reasons");
    expect(await served(reasonId)).toBe(reason);
    expect(field(run.stdout, "Signature")).toMatch(/^\w{80,90}$/);

    const after = await milestone(rejected, 0);
    expect(after.status).toBe("Pending");
    expect(after.rejectionReasonId).toBe(reasonId);
    expect(after.releasedAmount).toBe(0n);
    expect(after.escrow).toBe(1_000n * USDC);
    expect(await chain.tokenBalance(rejected.researcherUsdc)).toBe(usdcBefore);
    expect((await reader.getResearcher(rejected.researcher.publicKey.toBase58()))?.submissionsRejected).toBe(1);
  });

  it("GIVEN a reason file that does not exist THEN a clear error naming it, exit 1", async () => {
    const run = await runPepfund(["admin", "resolve", multisig.address.toBase58(), "1", "reject", "--reason", `@${files.dir}/nope.txt`, "--keypair", adminFile], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot read the reason file ${files.dir}/nope.txt (ENOENT)`);
  });

  it("GIVEN resolve --unsigned THEN base58 and base64 are one transaction paid by --admin, which released the tranche once signed and sent", async () => {
    const admin = protocol.admin.publicKey.toBase58();
    const usdcBefore = await chain.tokenBalance(multisig.researcherUsdc);
    const run = await runPepfund(["admin", "resolve", multisig.address.toBase58(), "1", "approve", "--reason", "Evidence verified by two reviewers.", "--unsigned", "--admin", admin], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("dispute_resolve on PepFund");
    const { fromBase58, fromBase64, tx } = unsignedOutput(run.stdout);
    expect(fromBase58.equals(fromBase64)).toBe(true);
    expect(tx.feePayer?.toBase58()).toBe(admin);
    expect(tx.signatures.every((s) => s.signature === null)).toBe(true);
    expect((await milestone(multisig, 0)).status).toBe("Disputed");

    await signAndSendPrinted(chain.connection, tx, protocol.admin);
    expect((await milestone(multisig, 0)).status).toBe("Released");
    expect(await chain.tokenBalance(multisig.researcherUsdc)).toBe(usdcBefore + TRANCHE);
  });

  it("GIVEN a researcher without a USDC account THEN approve opens it (the admin pays its rent) and the tranche arrives", async () => {
    // A researcher's wallet need never have held USDC: the fixture's empty account is closed.
    const close = new TransactionInstruction({
      programId: TOKEN_PROGRAM_ID,
      keys: [
        { pubkey: unopened.researcherUsdc, isSigner: false, isWritable: true },
        { pubkey: unopened.researcher.publicKey, isSigner: false, isWritable: true },
        { pubkey: unopened.researcher.publicKey, isSigner: true, isWritable: false },
      ],
      data: Buffer.from([SPL_TOKEN_CLOSE_ACCOUNT]),
    });
    await protocol.as(unopened.researcher).provider.sendAndConfirm!(new Transaction().add(close));
    expect(await chain.connection.getAccountInfo(unopened.researcherUsdc)).toBeNull();

    // A multisig is shown what it opens and that it pays: the vault is the payer.
    const admin = protocol.admin.publicKey.toBase58();
    const printed = await runPepfund(["admin", "resolve", unopened.address.toBase58(), "1", "approve", "--reason", "Verified.", "--unsigned", "--admin", admin], env);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain("1. create_associated_token_account_idempotent on Associated Token Account");
    expect(printed.stdout).toMatch(new RegExp(`payer +${admin} \\(writable, signer, fee payer\\)`));
    expect(printed.stdout).toMatch(new RegExp(`associated_token +${unopened.researcherUsdc.toBase58()} \\(writable\\)`));
    expect(printed.stdout).toContain("2. dispute_resolve on PepFund");
    expect(unsignedOutput(printed.stdout).tx.instructions).toHaveLength(2);

    const run = await runPepfund(["admin", "resolve", unopened.address.toBase58(), "1", "approve", "--reason", "Verified.", "--keypair", adminFile], env);
    expect(run.stderr).not.toContain("Error");
    expect(run.stderr).toContain(`The researcher has no USDC account yet: the transaction opens ${unopened.researcherUsdc.toBase58()}`);
    expect(run.code).toBe(0);
    expect((await milestone(unopened, 0)).status).toBe("Released");
    expect(await chain.tokenBalance(unopened.researcherUsdc)).toBe(TRANCHE);
  });

  it("GIVEN a dispute past its 72-hour deadline THEN DisputeLapsed, exit 1, nothing stored or sent", async () => {
    const { disputeDeadline } = await milestone(lapsing, 0);
    await chain.advanceClock(disputeDeadline - (await chain.now()));
    await expectRefusedBeforeUpload([lapsing.address.toBase58(), "1", "approve", "--reason", "Too late.", "--keypair", adminFile], "DisputeLapsed");
    expect((await milestone(lapsing, 0)).status).toBe("Disputed");
  });
});
