/**
 * The lifecycle cranks on the localnet, with two scheduler replicas passing at once over one
 * database (the real relay journal) and the real ChainRelayer and AnchorChainReader: a raise
 * whose deadline passed is closed (goal met: Active; missed: Failed), the allocations of a
 * successful raise are claimed, a dispute past its deadline lapses; each lands once and the
 * indexer announces each once.
 */
import { Keypair, type PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrankRetries, schedulerPass } from "../../../bot/app/scheduler.js";
import { refundClaim } from "../../../bot/chain/instructions.js";
import { BN, pepfundProgram } from "../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { ChainRelayer } from "../../../bot/chain/relayer/relayer.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";
import { prismaRelayJournal } from "../../../bot/store/relay-journal.js";
import { CampaignFixture, USDC } from "../chain/support/campaign.js";
import { eventually, IndexerHarness } from "../chain/support/indexer.js";
import { TestChain } from "../chain/support/localnet.js";
import { Protocol, PROTOCOL_ALLOCATION_BPS, RESEARCHER_ALLOCATION_BPS } from "../chain/support/protocol.js";
import { PLATFORMS } from "../support/platforms.js";
import { MemoryLogger } from "../telegram/harness.js";

let chain: TestChain;
let protocol: Protocol;
let h: IndexerHarness;

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  h = await IndexerHarness.open(chain);
}, 180_000);

afterAll(async () => {
  await h?.close();
  await chain?.stop();
});

/** One scheduler replica: its own fee payer and connection, the shared database journal. */
async function replica(log: MemoryLogger) {
  const feePayer = await chain.fundedKeypair();
  const connection = relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl });
  const relayer = new ChainRelayer({
    program: pepfundProgram(connection, feePayer),
    feePayer,
    authority: protocol.relay,
    journal: prismaRelayJournal(h.db.prisma),
    pollIntervalMs: 100,
  });
  const retries: CrankRetries = new Map();
  return () =>
    schedulerPass({
      store: h.store,
      chain: new AnchorChainReader(pepfundProgram(connection, Keypair.generate())),
      relayer,
      now: () => chain.now(),
      teamChats: [],
      gatewayUrl: "https://arweave.net",
      platforms: PLATFORMS,
      log,
      retries,
    });
}

/** Successful transactions of `campaign` whose logs name `instruction`, and failed ones that landed. */
async function landed(campaign: PublicKey, instruction: string): Promise<{ ok: number; failed: number }> {
  const signatures = await chain.connection.getSignaturesForAddress(campaign, undefined, "confirmed");
  let ok = 0;
  let failed = 0;
  for (const { signature } of signatures) {
    const tx = await chain.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    if (!tx?.meta?.logMessages?.includes(`Program log: Instruction: ${instruction}`)) continue;
    if (tx.meta.err === null) ok += 1;
    else failed += 1;
  }
  return { ok, failed };
}

describe("GIVEN two scheduler replicas passing at once", () => {
  it("THEN raises are closed at their deadline, allocations claimed and an overdue dispute lapsed, each once and announced once", async () => {
    // Met: contributions reach the goal but nobody closes early. Missed: half the goal.
    const met = await CampaignFixture.fundraising(protocol, [4_000, 3_000, 3_000], 200n * USDC);
    await met.addBacker(200n * USDC);
    const missed = await CampaignFixture.fundraising(protocol, [4_000, 3_000, 3_000], 200n * USDC);
    const backer = await missed.addBacker(100n * USDC);
    // Disputed: backer 0's 100 USDC of flags are exactly the 10% quorum of 1,000.
    const disputed = await CampaignFixture.active(protocol, [4_000, 3_000, 3_000], [100n * USDC, 900n * USDC]);
    const flagger = disputed.backers[0]!;
    await disputed.deposit(flagger, 100n * USDC);
    const attempt = await disputed.submitMilestone(0);
    await disputed.flag(flagger, 0, attempt);
    await chain.advanceClock(await disputed.windowLeft(0));
    await disputed.finalize(0);
    const deadline = (await disputed.fetch()).milestones[0]!.disputeDeadline.toNumber();
    for (const c of [met, missed, disputed]) await h.follow(c.address.toBase58());

    const researcherTokens = await met.openAllocationAccount(met.researcher);
    const treasuryTokens = await met.openAllocationAccount(protocol.treasury);
    // The disputed campaign's researcher never opens one: its claim waits, nothing is sent.

    // Past every fundraising deadline (30 days), past the dispute deadline, and past the disputed
    // milestone's estimated completion (its campaign was created last): the milestone the lapse
    // leaves pending is behind schedule from the first pass that sees it, not from whichever
    // later second the clock happens to cross its date (that made "nothing new" flaky).
    const metDeadline = (await met.fetch()).deadline.toNumber();
    const due = (await disputed.fetch()).milestones[0]!.estimatedCompletion.toNumber();
    await chain.advanceClock(Math.max(metDeadline, deadline, due) + 1 - (await chain.now()));

    const log = new MemoryLogger();
    const [a, b] = await Promise.all([replica(log), replica(log)]);
    // First passes close the raises and lapse the dispute; the allocations of the raise that
    // just became active are due from the next pass on.
    await Promise.all([a(), b()]);
    await Promise.all([a(), b()]);
    await Promise.all([a(), b()]);

    expect(Object.keys((await met.fetch()).status)).toEqual(["active"]);
    expect(Object.keys((await missed.fetch()).status)).toEqual(["failed"]);
    const milestone = (await disputed.fetch()).milestones[0]!;
    expect(Object.keys(milestone.status)).toEqual(["pending"]);
    expect(await chain.tokenBalance(researcherTokens)).toBe((200n * USDC * BigInt(RESEARCHER_ALLOCATION_BPS)) / 10_000n);
    expect(await chain.tokenBalance(treasuryTokens)).toBe((200n * USDC * BigInt(PROTOCOL_ALLOCATION_BPS)) / 10_000n);
    // Each crank landed once, and no duplicate landed to be refused.
    expect(await landed(met.address, "FundraisingClose")).toEqual({ ok: 1, failed: 0 });
    expect(await landed(missed.address, "FundraisingClose")).toEqual({ ok: 1, failed: 0 });
    expect(await landed(met.address, "AllocationClaim")).toEqual({ ok: 2, failed: 0 });
    expect(await landed(disputed.address, "DisputeLapse")).toEqual({ ok: 1, failed: 0 });
    expect(await landed(disputed.address, "AllocationClaim")).toEqual({ ok: 0, failed: 0 });
    expect(log.lines.join("\n")).toContain("has no allocation-token account");

    // The backer of the missed raise takes all of it back, as the announcement says.
    await refundClaim(protocol.as(backer), {
      campaign: missed.address,
      backer: backer.publicKey,
      usdcMint: protocol.usdcMint,
      tokens: new BN((100n * USDC).toString()),
    }).rpc();
    expect(await chain.tokenBalance(missed.backerUsdc(backer))).toBe(100n * USDC);

    const indexer = h.indexer();
    // Allocation claims and the refund move money: announced once rooted, after the others.
    // Waiting for the refund's notice too keeps it out of the "nothing new" check below.
    const wanted = (rows: { kind: string; campaign: string }[]) =>
      rows.filter((r) => r.kind === "AllocationClaimed").length >= 2 && rows.some((r) => r.kind === "RefundsSummary" && r.campaign === missed.address.toBase58());
    const outbox = await eventually(
      async () => {
        await indexer.pass();
        return h.outbox();
      },
      wanted,
      30_000,
    );
    const announced = (campaign: CampaignFixture, kind: string) =>
      outbox.filter((r) => r.campaign === campaign.address.toBase58() && r.kind === kind);
    expect(announced(met, "FundraisingClosed")).toHaveLength(1);
    expect(announced(met, "FundraisingClosed")[0]!.notice).toMatchObject({ succeeded: true });
    expect(announced(missed, "FundraisingClosed")).toHaveLength(1);
    expect(announced(missed, "FundraisingClosed")[0]!.notice).toMatchObject({ succeeded: false });
    expect(announced(met, "AllocationClaimed").map((r) => (r.notice as { protocol: boolean }).protocol).sort()).toEqual([false, true]);
    expect(announced(disputed, "DisputeLapsed")).toHaveLength(1);
    expect(announced(disputed, "DisputeLapsed")[0]!.notice).toMatchObject({ milestone: { index: 0, attempt }, deadline });
    expect(announced(disputed, "BehindSchedule")).toHaveLength(1);
    expect(announced(missed, "RefundsSummary")).toHaveLength(1);
    // Another pass of both replicas and the indexer: nothing new.
    await Promise.all([a(), b()]);
    await indexer.pass();
    expect((await h.outbox()).length).toBe(outbox.length);
  }, 300_000);
});

