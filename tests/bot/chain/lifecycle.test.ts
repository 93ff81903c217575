/**
 * A campaign's whole life on the localnet, through the unmodified web3.js `Connection`
 * and the Anchor client of the committed IDL: every `.rpc()` confirms through the
 * WebSocket, state is read with `program.account.*`, refusals arrive as `AnchorError`s
 * with their code and name, events are heard live and parsed from transaction logs.
 */
import type { PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  disputeResolve,
  holderWithdraw,
  refundClaim,
  staleFinalize,
  staleOpen,
  staleSupport,
} from "../../../bot/chain/instructions.js";
import { coreErrorOf } from "../../../bot/chain/program-errors.js";
import { AnchorError, BN } from "../../../bot/chain/program.js";
import { vaultPda } from "../../../bot/chain/pdas.js";
import { CampaignFixture, DAY, USDC, bytes32 } from "./support/campaign.js";
import { listen, transactionEvents } from "./support/events.js";
import { TestChain } from "./support/localnet.js";
import { Protocol } from "./support/protocol.js";

const SHARES = [3_000, 3_500, 3_500];
const LONG = 180_000;

let chain: TestChain;
let protocol: Protocol;

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
}, LONG);

afterAll(async () => {
  await chain?.stop();
});

/** The error a rejected promise carries (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the transaction to be refused");
}

function expectAnchorError(error: unknown, name: string, number: number): void {
  expect(error).toBeInstanceOf(AnchorError);
  const { errorCode } = (error as InstanceType<typeof AnchorError>).error;
  expect({ code: errorCode.code, number: errorCode.number }).toEqual({ code: name, number });
}

function usdc(amount: bigint): BN {
  return new BN((amount * USDC).toString());
}

describe("GIVEN config, an approved and funded campaign, and flags below quorum", () => {
  it(
    "THEN owner and delegate flags count, the window closes, and milestone_finalize pays the researcher 30%",
    async () => {
      const admin = protocol.as(protocol.admin);
      const config = await admin.account.config.all();
      expect(config).toHaveLength(1);
      expect(config[0]!.account.admin.equals(protocol.admin.publicKey)).toBe(true);
      expect(config[0]!.account.usdcMint.equals(protocol.usdcMint)).toBe(true);

      const campaign = await CampaignFixture.draft(protocol, SHARES, 1_000n * USDC);
      expect((await campaign.fetch()).status).toEqual({ draft: {} });
      await campaign.submitForReview();
      expect((await campaign.fetch()).status).toEqual({ pendingReview: {} });
      await campaign.approve();
      expect((await campaign.fetch()).status).toEqual({ fundraising: {} });

      const alice = await campaign.addBacker(500n * USDC);
      const bob = await campaign.addBacker(400n * USDC);
      const carol = await campaign.addBacker(100n * USDC);
      expect(await chain.tokenBalance(vaultPda(campaign.address))).toBe(1_000n * USDC);
      expect(await chain.tokenBalance(campaign.backerUsdc(alice))).toBe(0n);
      expect(await chain.tokenBalance(campaign.backerTokens(alice))).toBe(500n * USDC);
      await campaign.close();
      const active = await campaign.fetch();
      expect(active.status).toEqual({ active: {} });
      expect(active.raised.toString()).toBe((1_000n * USDC).toString());

      await campaign.deposit(alice, 20n * USDC);
      await campaign.deposit(bob, 30n * USDC);
      await campaign.deposit(carol, 10n * USDC);
      await campaign.setDelegate(bob, protocol.relay.publicKey);
      const attempt = await campaign.submitMilestone(0);
      expect(attempt).toBe(1);

      const watcher = protocol.as(protocol.relay);
      const { result: signatures, heard } = await listen(watcher, "flagSubmitted", 2, async () => [
        await campaign.flag(alice, 0, attempt),
        await campaign.flag(bob, 0, attempt, protocol.relay),
      ]);
      expect(heard.map((h) => h.signature).sort()).toEqual([...signatures].sort());
      const weights = heard.map((h) => [(h.data.owner as PublicKey).toBase58(), (h.data.weight as BN).toString()]);
      expect(weights).toEqual(
        expect.arrayContaining([
          [alice.publicKey.toBase58(), (20n * USDC).toString()],
          [bob.publicKey.toBase58(), (30n * USDC).toString()],
        ]),
      );
      const flags = await watcher.account.flagRecord.all([
        { memcmp: { offset: 8, bytes: campaign.address.toBase58() } },
      ]);
      expect(flags.map((f) => f.account.owner.toBase58()).sort()).toEqual(
        [alice.publicKey.toBase58(), bob.publicKey.toBase58()].sort(),
      );
      const underReview = (await campaign.fetch()).milestones[0]!;
      expect(underReview.flagWeight.toString()).toBe((50n * USDC).toString());
      expect(underReview.flagCount).toBe(2);

      // Another rationale, so that these are new bytes (the same bytes would be a duplicate transaction).
      const twice = await rejection(campaign.flag(alice, 0, attempt, alice, bytes32(6)));
      expect(coreErrorOf(twice, "flag_submit")).toBe("AlreadyFlagged");

      const stranger = await chain.fundedKeypair(1);
      const notDeposited = await rejection(campaign.flag(stranger, 0, attempt));
      expectAnchorError(notDeposited, "AccountNotInitialized", 3012);
      expect(coreErrorOf(notDeposited, "flag_submit")).toBe("NotDeposited");

      const early = await rejection(campaign.finalize(0));
      expectAnchorError(early, "WindowOpen", 6026);
      expect(coreErrorOf(early)).toBe("WindowOpen");

      await chain.advanceClock(await campaign.windowLeft(0));
      const late = await rejection(campaign.flag(carol, 0, attempt));
      expectAnchorError(late, "WindowClosed", 6025);

      const finalizeSignature = await campaign.finalize(0);
      expect(await chain.tokenBalance(campaign.researcherUsdc)).toBe(300n * USDC);
      expect(await chain.tokenBalance(vaultPda(campaign.address))).toBe(700n * USDC);
      const released = await campaign.fetch();
      expect(released.milestones[0]!.status).toEqual({ released: {} });
      expect(released.released.toString()).toBe((300n * USDC).toString());

      const events = await transactionEvents(watcher, finalizeSignature);
      expect(events.map((e) => e.name)).toEqual(["windowClosed", "trancheReleased"]);
      expect((events[1]!.data.amount as BN).toString()).toBe((300n * USDC).toString());
      expect(events[0]!.data.quorumReached).toBe(false);
    },
    LONG,
  );
});

describe("GIVEN flags that reach quorum", () => {
  it(
    "THEN a dispute opens; a non-admin cannot resolve it; rejected, re-submitted, flagged again and approved, it pays once",
    async () => {
      const campaign = await CampaignFixture.active(protocol, SHARES, [150n * USDC, 850n * USDC]);
      const [flagger] = campaign.backers;
      await campaign.deposit(flagger!, 150n * USDC);
      const researcher = campaign.researcher.publicKey;
      const resolve = (approve: boolean, reason = bytes32(approve ? 7 : 8)) =>
        disputeResolve(protocol.as(protocol.admin), {
          campaign: campaign.address,
          researcher,
          usdcMint: protocol.usdcMint,
          admin: protocol.admin.publicKey,
          milestoneIndex: 0,
          approve,
          reason,
        }).rpc();

      const first = await campaign.submitMilestone(0);
      const flagSignature = await campaign.flag(flagger!, 0, first);
      const flagEvents = await transactionEvents(protocol.as(flagger!), flagSignature);
      expect(flagEvents.map((e) => e.name)).toEqual(["flagSubmitted", "quorumReached"]);

      await chain.advanceClock(await campaign.windowLeft(0));
      const closeEvents = await transactionEvents(protocol.as(flagger!), await campaign.finalize(0));
      expect(closeEvents.map((e) => e.name)).toEqual(["windowClosed", "disputeOpened"]);
      expect((await campaign.fetch()).milestones[0]!.status).toEqual({ disputed: {} });
      expect(await chain.tokenBalance(campaign.researcherUsdc)).toBe(0n);

      // Not through `.rpc()`: the localnet omits the compared keys Anchor logs after a has_one
      // failure, and Anchor TS's parser throws on that (reported); the refusal is what matters.
      const intruder = await disputeResolve(protocol.as(campaign.researcher), {
        campaign: campaign.address,
        researcher,
        usdcMint: protocol.usdcMint,
        admin: campaign.researcher.publicKey,
        milestoneIndex: 0,
        approve: true,
        reason: bytes32(7),
      }).transaction();
      intruder.feePayer = researcher;
      const simulated = await chain.connection.simulateTransaction(intruder, [campaign.researcher]);
      expect(simulated.value.err).toEqual({ InstructionError: [0, { Custom: 6000 }] });
      expect(coreErrorOf(simulated.value)).toBe("NotAdmin");

      await resolve(false);
      const rejected = await campaign.fetch();
      expect(rejected.milestones[0]!.status).toEqual({ pending: {} });
      expect(rejected.milestones[0]!.rejectionReason).toEqual(bytes32(8));
      expect(await chain.tokenBalance(campaign.researcherUsdc)).toBe(0n);

      // New evidence, as a re-submission brings: the same bytes within one blockhash would be a duplicate.
      const second = await campaign.submitMilestone(0, { id: bytes32(5), hash: bytes32(6) });
      expect(second).toBe(2);
      await campaign.flag(flagger!, 0, second);
      await chain.advanceClock(await campaign.windowLeft(0));
      // Another fee payer than the first finalize: within one blockhash, the same bytes would be a duplicate.
      await campaign.finalize(0, flagger);
      await resolve(true);
      expect(await chain.tokenBalance(campaign.researcherUsdc)).toBe(300n * USDC);
      expectAnchorError(await rejection(resolve(true, bytes32(9))), "NoOpenDispute", 6031);
      expect(await chain.tokenBalance(campaign.researcherUsdc)).toBe(300n * USDC);

      const record = await protocol.as(protocol.admin).account.researcherRecord.all([
        { memcmp: { offset: 8, bytes: researcher.toBase58() } },
      ]);
      expect(record).toHaveLength(1);
      expect(record[0]!.account).toMatchObject({ disputesOpened: 2, submissionsRejected: 1, milestonesReleased: 1 });
    },
    LONG,
  );
});

describe("GIVEN a campaign whose first milestone is 90 days overdue", () => {
  it(
    "THEN a stale review opened by a holder and supported by a delegate abandons it, and refunds return the escrow pro rata",
    async () => {
      const campaign = await CampaignFixture.active(protocol, SHARES, [600n * USDC, 400n * USDC]);
      const [alice, bob] = campaign.backers;
      await campaign.deposit(alice!, 60n * USDC);
      await campaign.deposit(bob!, 50n * USDC);
      await campaign.setDelegate(bob!, protocol.relay.publicKey);
      const { relay } = protocol;
      const vote = (owner: PublicKey, by = relay) => ({
        campaign: campaign.address,
        owner,
        authority: by.publicKey,
        payer: by.publicKey,
        round: 1,
      });

      const early = await rejection(staleOpen(protocol.as(alice!), vote(alice!.publicKey, alice)).rpc());
      expectAnchorError(early, "NotStale", 6032);

      const due = (await campaign.fetch()).milestones[0]!.estimatedCompletion.toNumber();
      await chain.advanceClock(due + 90 * DAY - (await chain.now()));
      await staleOpen(protocol.as(alice!), vote(alice!.publicKey, alice)).rpc();
      await staleSupport(protocol.as(relay), vote(bob!.publicKey)).rpc();
      const review = (await campaign.fetch()).staleReview;
      expect(review).toMatchObject({ round: 1, active: true });
      expect(review.supportWeight.toString()).toBe((110n * USDC).toString());

      const finalize = () =>
        staleFinalize(protocol.as(relay), { campaign: campaign.address, researcher: campaign.researcher.publicKey }).rpc();
      expectAnchorError(await rejection(finalize()), "StaleReviewRunning", 6035);
      await chain.advanceClock(7 * DAY);
      const abandonEvents = await transactionEvents(protocol.as(relay), await finalize());
      expect(abandonEvents.map((e) => e.name)).toEqual(["campaignAbandoned"]);
      expect((await campaign.fetch()).status).toEqual({ abandoned: {} });

      for (const [backer, deposited, tokens] of [
        [alice!, 60n, 600n],
        [bob!, 50n, 400n],
      ] as const) {
        const program = protocol.as(backer);
        await holderWithdraw(program, { campaign: campaign.address, owner: backer.publicKey, amount: usdc(deposited) }).rpc();
        await refundClaim(program, {
          campaign: campaign.address,
          backer: backer.publicKey,
          usdcMint: protocol.usdcMint,
          tokens: usdc(tokens),
        }).rpc();
        expect(await chain.tokenBalance(campaign.backerUsdc(backer))).toBe(tokens * USDC);
        expect(await chain.tokenBalance(campaign.backerTokens(backer))).toBe(0n);
      }
      expect(await chain.tokenBalance(vaultPda(campaign.address))).toBe(0n);
      const refunded = await campaign.fetch();
      expect(refunded.refunded.toString()).toBe((1_000n * USDC).toString());
      const again = await rejection(
        refundClaim(protocol.as(alice!), {
          campaign: campaign.address,
          backer: alice!.publicKey,
          usdcMint: protocol.usdcMint,
          tokens: usdc(1n),
        }).rpc(),
      );
      expectAnchorError(again, "NothingToRefund", 6037);
    },
    LONG,
  );
});
