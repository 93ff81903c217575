/**
 * One campaign's whole life, step by step, on a world builder's chain: created and reviewed
 * through the CLI, funded and flagged with the wallet actions' instructions, disputed and
 * rejected by the admin's CLI, re-submitted, released when the review window closes, then
 * abandoned as stale (90 days past a milestone's estimate) with the escrow refunded.
 * Each step prints what happened and the balances; the end returns the final balances.
 */
import { Keypair, PublicKey } from "@solana/web3.js";
import { ADMIN_COMMANDS } from "../app/cli/admin-commands.js";
import { flagSubmit, milestoneFinalize, staleFinalize, staleOpen } from "../chain/instructions.js";
import { pepfundProgram } from "../chain/program.js";
import { AnchorChainReader } from "../chain/reader.js";
import { vaultPda } from "../chain/pdas.js";
import { associatedTokenAddress, createAssociatedTokenAccountIdempotent } from "../chain/token.js";
import { STALE_AFTER_SECS, STALE_REVIEW_SECS } from "../core/rules/constants.js";
import type { CampaignView } from "../core/views.js";
import { USDC, type WorldBuilder } from "./world.js";
import type { DemoRoadmap } from "./roadmaps.js";

/** The campaign the demo lives through. */
export const LIFE: DemoRoadmap = {
  title: "Open GHK-Cu skin repair study",
  summary: "A blinded study of topical GHK-Cu on skin repair, every measurement published.",
  goal: "1000",
  raiseDays: 20,
  milestones: [
    { title: "Protocol and pilot", description: "The blinded protocol, ethics approval and a pilot of 10 subjects.", share: "40%" },
    { title: "Full study", description: "All 60 subjects measured, raw images and scores published.", share: "30%" },
    { title: "Preprint", description: "A preprint with methods, results and the dataset's DOI.", share: "30%" },
  ],
};

/** USDC base units of each party at the end (and at every step). */
export interface Balances {
  readonly researcher: bigint;
  readonly escrow: bigint;
  readonly treasury: bigint;
  readonly backers: readonly bigint[];
}

/** What the rules say the demo ends with: 40% released, the remaining 60% refunded pro rata. */
export function expectedFinalBalances(start: bigint, contributions: readonly bigint[]): Balances {
  const raised = contributions.reduce((a, b) => a + b, 0n);
  const released = (raised * 4_000n) / 10_000n;
  const left = raised - released;
  return {
    researcher: released,
    escrow: 0n,
    treasury: 0n,
    backers: contributions.map((c) => start - c + (c * left) / raised),
  };
}

export interface Narrator {
  /** A step's headline. */
  step(title: string): void;
  /** A line under the current step. */
  line(text: string): void;
}

const usdc = (units: bigint) => {
  const whole = units / USDC;
  const fraction = (units % USDC).toString().padStart(6, "0").replace(/0+$/, "");
  return `${whole}${fraction === "" ? "" : `.${fraction}`} USDC`;
};

/** Lives through the campaign; returns its address and the final balances. */
export async function liveCampaign(builder: WorldBuilder, narrate: Narrator, usdcMint: PublicKey): Promise<{ campaign: string; balances: Balances }> {
  const { researcher, admin, treasury, backers } = builder.wallets;
  const [b1, b2, b3] = backers;
  if (b1 === undefined || b2 === undefined || b3 === undefined) throw new Error("demo backers missing");
  const program = pepfundProgram(builder.connection, Keypair.generate());
  const reader = new AnchorChainReader(program);
  const contributions = [400n * USDC, 300n * USDC, 300n * USDC];

  const tokenBalance = async (owner: PublicKey) => {
    const info = await builder.connection.getAccountInfo(associatedTokenAddress(owner, usdcMint), "confirmed");
    if (info === null) return 0n;
    return BigInt((await builder.connection.getTokenAccountBalance(associatedTokenAddress(owner, usdcMint), "confirmed")).value.amount);
  };
  let address = "";
  const view = async (): Promise<CampaignView> => {
    const c = await reader.getCampaign(address);
    if (c === null) throw new Error(`campaign ${address} not found`);
    return c;
  };
  const balances = async (): Promise<Balances> => {
    const vault = await builder.connection.getAccountInfo(vaultPda(new PublicKey(address)), "confirmed");
    const escrow = vault === null ? 0n : BigInt((await builder.connection.getTokenAccountBalance(vaultPda(new PublicKey(address)), "confirmed")).value.amount);
    const [r, t, ...bs] = await Promise.all([researcher, treasury, ...backers].map((w) => tokenBalance(w.publicKey)));
    return { researcher: r ?? 0n, escrow, treasury: t ?? 0n, backers: bs };
  };
  const showBalances = async () => {
    const b = await balances();
    narrate.line(
      `balances: researcher ${usdc(b.researcher)} | escrow ${usdc(b.escrow)} | treasury ${usdc(b.treasury)} | ` +
        b.backers.map((x, i) => `backer ${i + 1} ${usdc(x)}`).join(" | "),
    );
  };
  const milestone = async (i: number) => {
    const m = (await view()).milestones[i];
    if (m === undefined) throw new Error(`no milestone ${i + 1}`);
    return m;
  };
  const send = (signer: Keypair, instruction: Parameters<WorldBuilder["send"]>[1][number], label: string) => builder.send(signer, [instruction], label);

  narrate.step(`1. Create: the researcher runs campaign create roadmap.json --submit ("${LIFE.title}")`);
  address = await builder.createApproved(LIFE);
  const campaign = new PublicKey(address);
  narrate.line(`campaign ${address}: texts on Arweave, reviewed and approved by the admin (admin approve); status ${(await view()).status}`);

  narrate.step("2. Fund: three backers contribute; the goal is met and the researcher closes the raise");
  for (const [i, backer] of [b1, b2, b3].entries()) {
    await builder.contribute(backer, address, contributions[i] ?? 0n);
    narrate.line(`backer ${i + 1} contributes ${usdc(contributions[i] ?? 0n)}`);
  }
  await builder.closeRaise(address, researcher);
  // The researcher's USDC account receives the tranches (a wallet opens it; the crank does not pay rent).
  await send(researcher, createAssociatedTokenAccountIdempotent(researcher.publicKey, researcher.publicKey, usdcMint), "open_usdc_account");
  narrate.line(`status ${(await view()).status}: ${usdc((await view()).raised)} raised`);
  await showBalances();

  narrate.step("3. Submit evidence: milestone 1's evidence goes to Arweave and on-chain; the review window opens");
  // Backers deposit their tokens to flag (and, later, to vote the campaign stale).
  await builder.act(b2, { kind: "holderDeposit", campaign: address, owner: b2.publicKey.toBase58(), amount: contributions[1] ?? 0n }, "holder_deposit");
  await builder.act(b3, { kind: "holderDeposit", campaign: address, owner: b3.publicKey.toBase58(), amount: 50n * USDC }, "holder_deposit");
  await builder.act(b1, { kind: "holderDeposit", campaign: address, owner: b1.publicKey.toBase58(), amount: contributions[0] ?? 0n }, "holder_deposit");
  const evidenceId = await builder.submitEvidence(address, 0, "Pilot of 10 subjects: scores attached. (The blinding log is missing.)");
  narrate.line(`evidence ${evidenceId}; milestone 1 ${(await milestone(0)).status}, attempt ${(await milestone(0)).attempts}`);

  narrate.step("4. Flags to quorum: backers flag the evidence (quorum: 10% of the supply)");
  const flag = async (owner: Keypair, n: number) => {
    const m = await milestone(0);
    await send(owner, await flagSubmit(program, { campaign, owner: owner.publicKey, authority: owner.publicKey, payer: owner.publicKey, milestoneIndex: 0, attempt: m.attempts, rationale: [...Buffer.alloc(32, n)] }).instruction(), "flag_submit");
    const after = await milestone(0);
    narrate.line(`backer ${n} flags: weight ${usdc(after.flagWeight).replace(" USDC", "")} of ${usdc(after.supplySnapshot).replace(" USDC", "")}; milestone 1 ${after.status}`);
  };
  await flag(b3, 3);
  await flag(b2, 2);

  narrate.step("5. Dispute and rejection: the window closes with quorum, a dispute opens; the admin rejects (admin resolve ... reject, reasons on Arweave)");
  narrate.line("(moving the local chain's clock past the review window)");
  await builder.advanceClock((await milestone(0)).windowEnd - (await builder.chainNow()) + 60);
  await send(admin, await milestoneFinalize(program, { campaign, researcher: researcher.publicKey, usdcMint, milestoneIndex: 0 }).instruction(), "milestone_finalize");
  narrate.line(`finalized with quorum: milestone 1 ${(await milestone(0)).status}`);
  await builder.cli(ADMIN_COMMANDS, "resolve", [address, "1", "reject", "--reason", "The protocol promised blinding; the blinding log is missing. Re-submit with it.", "--keypair", builder.keyFile("upgrade-authority")]);
  narrate.line(`milestone 1 ${(await milestone(0)).status}; rejection reasons ${(await milestone(0)).rejectionReasonId ?? "none"}`);
  await showBalances();

  narrate.step("6. Re-submission: the researcher adds the blinding log; nobody flags it");
  await builder.submitEvidence(address, 0, "Pilot of 10 subjects: scores and the blinding log attached.");
  const resubmitted = await milestone(0);
  narrate.line(`milestone 1 ${resubmitted.status}, attempt ${resubmitted.attempts}; the window closes in ${Math.round((resubmitted.windowEnd - (await builder.chainNow())) / 86_400)} days`);

  narrate.step("7. Release: the window passes without quorum; anyone finalizes and the tranche is paid");
  narrate.line("(moving the local chain's clock past the review window)");
  await builder.advanceClock((await milestone(0)).windowEnd - (await builder.chainNow()) + 60);
  await send(admin, await milestoneFinalize(program, { campaign, researcher: researcher.publicKey, usdcMint, milestoneIndex: 0 }).instruction(), "milestone_finalize");
  narrate.line(`milestone 1 ${(await milestone(0)).status}: ${usdc((await milestone(0)).releasedAmount)} paid to the researcher`);
  await showBalances();

  narrate.step("8. Stale: milestone 2 is 90 days past its estimate with no evidence; backers vote, the campaign is abandoned, refunds open");
  const m2 = await milestone(1);
  const now = await builder.chainNow();
  const staleAt = m2.estimatedCompletion + STALE_AFTER_SECS + 60;
  narrate.line(`(moving the clock ${Math.round((staleAt - now) / 86_400)} days forward)`);
  await builder.advanceClock(staleAt - now);
  const round = (await view()).staleReview.round + 1;
  await send(b1, await staleOpen(program, { campaign, owner: b1.publicKey, authority: b1.publicKey, payer: b1.publicKey, round }).instruction(), "stale_open");
  narrate.line(`backer 1 opens the stale review (round ${round}); support ${usdc((await view()).staleReview.supportWeight).replace(" USDC", "")} tokens`);
  narrate.line("(moving the clock past the 7-day stale review)");
  await builder.advanceClock(STALE_REVIEW_SECS + 60);
  await send(admin, await staleFinalize(program, { campaign, researcher: researcher.publicKey }).instruction(), "stale_finalize");
  narrate.line(`status ${(await view()).status}`);
  const deposits = [contributions[0] ?? 0n, contributions[1] ?? 0n, 50n * USDC];
  for (const [i, backer] of [b1, b2, b3].entries()) {
    const tokens = contributions[i] ?? 0n;
    const withdraw = deposits[i] ?? 0n;
    await builder.act(backer, { kind: "refundClaim", campaign: address, owner: backer.publicKey.toBase58(), tokens, withdraw }, "refund_claim");
    narrate.line(`backer ${i + 1} claims the refund of ${usdc(tokens).replace(" USDC", "")} backer tokens`);
  }
  await showBalances();
  return { campaign: address, balances: await balances() };
}
