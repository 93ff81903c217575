/** AnchorChainReader on real program state: every method, on accounts made by the real instructions. */
import { Connection, Keypair } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChainUnavailableError } from "../../../bot/chain/errors.js";
import { staleOpen } from "../../../bot/chain/instructions.js";
import { configPda, holderPda } from "../../../bot/chain/pdas.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { CampaignFixture, DAY, USDC } from "./support/campaign.js";
import { TestChain } from "./support/localnet.js";
import { Protocol } from "./support/protocol.js";

const LONG = 180_000;
const EVIDENCE_ID = Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const EVIDENCE_HASH = Array.from({ length: 32 }, (_, i) => 255 - i);

let chain: TestChain;
let protocol: Protocol;
let reader: AnchorChainReader;
let adminBeforeInit: string | null;
let active: CampaignFixture;
let draft: CampaignFixture;

beforeAll(async () => {
  chain = await TestChain.start();
  reader = new AnchorChainReader(pepfundProgram(chain.connection, Keypair.generate()));
  adminBeforeInit = await reader.getAdmin();
  protocol = await Protocol.init(chain);
  active = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC]);
  const [alice, bob] = active.backers;
  await active.deposit(alice!, 20n * USDC);
  await active.deposit(bob!, 30n * USDC);
  await active.setDelegate(bob!, protocol.relay.publicKey);
  await active.submitMilestone(0, { id: EVIDENCE_ID, hash: EVIDENCE_HASH });
  await active.flag(alice!, 0, 1);
  draft = await CampaignFixture.draft(protocol, [4_000, 3_000, 3_000], 5_000n * USDC);
}, LONG);

afterAll(async () => {
  await chain?.stop();
});

describe("AnchorChainReader", () => {
  it("GIVEN an active campaign under review THEN getCampaign shows every field as the core expects", async () => {
    const view = await reader.getCampaign(active.address.toBase58());
    const account = await active.fetch();
    const submittedAt = account.milestones[0]!.submittedAt.toNumber();
    expect(view).toMatchObject({
      address: active.address.toBase58(),
      researcher: active.researcher.publicKey.toBase58(),
      id: active.id,
      metadataId: Buffer.alloc(32, 9).toString("base64url"),
      metadataSha256: Buffer.alloc(32, 19).toString("hex"),
      status: "Active",
      goal: 1_000n * USDC,
      deadline: account.deadline.toNumber(),
      raised: 1_000n * USDC,
      released: 0n,
      refunded: 0n,
      escrow: 1_000n * USDC,
      staleReview: { round: 0, active: false, milestoneIndex: 0, endsAt: 0, supportWeight: 0n, backerSupplySnapshot: 0n },
      // 5% and 2% of the raise, fixed when fundraising closed, not minted yet.
      allocations: { researcher: { amount: 50n * USDC, claimed: false }, protocol: { amount: 20n * USDC, claimed: false } },
    });
    expect(view!.metadataId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(view!.milestones).toHaveLength(3);
    expect(view!.milestones[0]).toEqual({
      index: 0,
      title: "Deliverable 1",
      descriptionSha256: "01".repeat(32),
      evidenceType: "Dataset",
      shareBps: 3_000,
      estimatedCompletion: account.milestones[0]!.estimatedCompletion.toNumber(),
      status: "InReview",
      attempts: 1,
      submittedAt,
      windowEnd: submittedAt + 7 * DAY,
      supplySnapshot: 1_000n * USDC,
      backerSupplySnapshot: 1_000n * USDC,
      flagWeight: 20n * USDC,
      flagCount: 1,
      disputeDeadline: 0,
      evidenceId: Buffer.from(EVIDENCE_ID).toString("base64url"),
      evidenceHash: Buffer.from(EVIDENCE_HASH).toString("hex"),
      releasedAmount: 0n,
      rejectionReasonId: null,
    });
    expect(view!.milestones[1]).toMatchObject({ index: 1, status: "Pending", attempts: 0, evidenceId: null, evidenceHash: null });
  });

  it("GIVEN addresses that are not campaigns THEN getCampaign is null, never a throw", async () => {
    const alice = active.backers[0]!.publicKey;
    for (const address of [
      holderPda(active.address, alice).toBase58(), // another account type of the program
      configPda().toBase58(),
      protocol.usdcMint.toBase58(), // another program's account
      Keypair.generate().publicKey.toBase58(), // nothing there
      "not-a-key",
    ]) {
      expect(await reader.getCampaign(address)).toBeNull();
    }
  });

  it("GIVEN campaigns read THEN recentCampaign answers each as read (synchronously: no node call); one never read is null", async () => {
    const fresh = new AnchorChainReader(pepfundProgram(chain.connection, Keypair.generate()));
    const [activeAddress, draftAddress] = [active.address.toBase58(), draft.address.toBase58()];
    expect(fresh.recentCampaign(activeAddress)).toBeNull();
    const [activeRead, draftRead] = [await fresh.getCampaign(activeAddress), await fresh.getCampaign(draftAddress)];
    expect(activeRead?.status).toBe("Active");
    expect(fresh.recentCampaign(activeAddress)).toEqual(activeRead);
    expect(fresh.recentCampaign(draftAddress)).toEqual(draftRead);
    expect(fresh.recentCampaign(Keypair.generate().publicKey.toBase58())).toBeNull();
  });

  it("GIVEN campaigns read by getCampaignsAt (the indexer's read) THEN recentCampaign answers them too", async () => {
    const fresh = new AnchorChainReader(pepfundProgram(chain.connection, Keypair.generate()));
    const [activeAddress, draftAddress] = [active.address.toBase58(), draft.address.toBase58()];
    const [activeRead, draftRead] = await fresh.getCampaignsAt([activeAddress, draftAddress]);
    expect(activeRead?.view?.status).toBe("Active");
    expect(fresh.recentCampaign(activeAddress)).toEqual(activeRead?.view);
    expect(fresh.recentCampaign(draftAddress)).toEqual(draftRead?.view);
  });

  it("GIVEN deposits, a delegate and a flag THEN getHolder, hasFlagged and getBackerBalance read them", async () => {
    const [alice, bob] = active.backers.map((b) => b.publicKey.toBase58());
    const campaign = active.address.toBase58();
    const windowEnd = (await active.fetch()).milestones[0]!.windowEnd.toNumber();
    expect(await reader.getHolder(campaign, bob!)).toEqual({
      owner: bob,
      deposited: 30n * USDC,
      delegate: protocol.relay.publicKey.toBase58(),
      lockedUntil: 0,
    });
    expect(await reader.getHolder(campaign, alice!)).toEqual({
      owner: alice,
      deposited: 20n * USDC,
      delegate: null,
      lockedUntil: windowEnd,
    });
    expect(await reader.getHolder(campaign, Keypair.generate().publicKey.toBase58())).toBeNull();

    expect(await reader.hasFlagged(campaign, 0, 1, alice!)).toBe(true);
    expect(await reader.hasFlagged(campaign, 0, 1, bob!)).toBe(false);
    expect(await reader.hasFlagged(campaign, 0, 2, alice!)).toBe(false);
    expect(await reader.hasFlagged(campaign, 1, 1, alice!)).toBe(false);

    expect(await reader.getBackerBalance(campaign, alice!)).toBe(580n * USDC);
    expect(await reader.getBackerBalance(campaign, bob!)).toBe(370n * USDC);
    expect(await reader.getBackerBalance(campaign, Keypair.generate().publicKey.toBase58())).toBe(0n);
    expect(await reader.getBackerBalance(draft.address.toBase58(), alice!)).toBe(0n);
  });

  it("GIVEN wallets with and without USDC, SOL and a backer-token account THEN getBackerFunds reads what a contribution needs", async () => {
    const [alice] = active.backers;
    const tokenAccountRent = BigInt(await chain.connection.getMinimumBalanceForRentExemption(165));
    // Alice put all her USDC in: her USDC account exists and is empty; her backer-token account exists.
    expect(await reader.getBackerFunds(active.address.toBase58(), alice!.publicKey.toBase58())).toEqual({
      usdc: 0n,
      lamports: BigInt(await chain.connection.getBalance(alice!.publicKey)),
      backerAccountRent: 0n,
    });
    // In another campaign her backer-token account is still to open.
    expect((await reader.getBackerFunds(draft.address.toBase58(), alice!.publicKey.toBase58())).backerAccountRent).toBe(tokenAccountRent);
    const funded = await chain.fundedKeypair(2);
    await chain.mintTo(protocol.usdcMint, funded.publicKey, 5n * USDC);
    expect(await reader.getBackerFunds(active.address.toBase58(), funded.publicKey.toBase58())).toEqual({ usdc: 5n * USDC, lamports: 2_000_000_000n, backerAccountRent: tokenAccountRent });
    expect(await reader.getBackerFunds(active.address.toBase58(), Keypair.generate().publicKey.toBase58())).toEqual({ usdc: null, lamports: 0n, backerAccountRent: tokenAccountRent });
    expect(await reader.getBackerFunds("not-a-key", funded.publicKey.toBase58())).toEqual({ usdc: null, lamports: 0n, backerAccountRent: 0n });
  });

  it("GIVEN two campaigns THEN listCampaigns returns both, as getCampaign shows them", async () => {
    const list = await reader.listCampaigns();
    expect(list.map((c) => c.address).sort()).toEqual([active.address.toBase58(), draft.address.toBase58()].sort());
    const listed = list.find((c) => c.address === draft.address.toBase58());
    expect(listed).toEqual(await reader.getCampaign(draft.address.toBase58()));
    expect(listed).toMatchObject({ status: "Draft", raised: 0n, escrow: 0n, metadataId: Buffer.alloc(32, 9).toString("base64url"), metadataSha256: Buffer.alloc(32, 19).toString("hex") });
  });

  it("GIVEN the config and researchers THEN getAdmin and getResearcher read them (null before config_init / for strangers)", async () => {
    expect(adminBeforeInit).toBeNull();
    expect(await reader.getAdmin()).toBe(protocol.admin.publicKey.toBase58());
    expect(await reader.getResearcher(active.researcher.publicKey.toBase58())).toEqual({
      researcher: active.researcher.publicKey.toBase58(),
      campaignsCreated: 1,
      campaignsCompleted: 0,
      campaignsAbandoned: 0,
      milestonesReleased: 0,
      disputesOpened: 0,
      submissionsRejected: 0,
      disputesLapsed: 0,
    });
    expect(await reader.getResearcher(Keypair.generate().publicKey.toBase58())).toBeNull();
  });

  it(
    "GIVEN a stale review opened by a holder THEN hasSupportedStale is true for that round and owner only",
    async () => {
      const stale = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [300n * USDC]);
      const [carol] = stale.backers;
      await stale.deposit(carol!, 100n * USDC);
      const due = (await stale.fetch()).milestones[0]!.estimatedCompletion.toNumber();
      await chain.advanceClock(due + 90 * DAY - (await chain.now()));
      const owner = carol!.publicKey;
      await staleOpen(protocol.as(carol!), {
        campaign: stale.address,
        owner,
        authority: owner,
        payer: owner,
        round: 1,
      }).rpc();
      const campaign = stale.address.toBase58();
      expect(await reader.hasSupportedStale(campaign, 1, owner.toBase58())).toBe(true);
      expect(await reader.hasSupportedStale(campaign, 2, owner.toBase58())).toBe(false);
      expect(await reader.hasSupportedStale(campaign, 1, active.backers[0]!.publicKey.toBase58())).toBe(false);
      expect((await reader.getCampaign(campaign))!.staleReview).toMatchObject({ round: 1, active: true, supportWeight: 100n * USDC });
    },
    LONG,
  );

  it("GIVEN reads asked at once (a flag's checks, several commands) THEN one getMultipleAccountsInfo answers them all, each with its own account", async () => {
    const calls: string[] = [];
    const counting = new Proxy(chain.connection, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (typeof key === "string" && key.startsWith("get")) calls.push(key);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const batched = new AnchorChainReader(pepfundProgram(counting, Keypair.generate()));
    const [alice, bob] = active.backers.map((b) => b.publicKey.toBase58());
    const campaign = active.address.toBase58();
    const [view, aliceHolder, bobHolder, aliceFlagged, bobFlagged, other, admin] = await Promise.all([
      batched.getCampaign(campaign),
      batched.getHolder(campaign, alice!),
      batched.getHolder(campaign, bob!),
      batched.hasFlagged(campaign, 0, 1, alice!),
      batched.hasFlagged(campaign, 0, 1, bob!),
      batched.getCampaign(draft.address.toBase58()),
      batched.getAdmin(),
    ]);
    expect(calls).toEqual(["getMultipleAccountsInfo"]);
    expect([view?.address, aliceHolder?.deposited, bobHolder?.deposited, aliceFlagged, bobFlagged, other?.status, admin]).toEqual([
      campaign,
      20n * USDC,
      30n * USDC,
      true,
      false,
      "Draft",
      protocol.admin.publicKey.toBase58(),
    ]);
    // More than one call holds: whole reads packed into calls of at most 100 keys.
    calls.length = 0;
    const many = await Promise.all(Array.from({ length: 120 }, () => batched.getHolder(campaign, bob!)));
    expect(many.every((h) => h?.deposited === 30n * USDC)).toBe(true);
    expect(calls).toEqual(["getMultipleAccountsInfo"]);
    calls.length = 0;
    const strangers = Array.from({ length: 150 }, () => Keypair.generate().publicKey.toBase58());
    expect(await Promise.all(strangers.map((s) => batched.getHolder(campaign, s)))).toEqual(strangers.map(() => null));
    expect(calls).toEqual(["getMultipleAccountsInfo", "getMultipleAccountsInfo"]);
  });

  it("GIVEN an RPC endpoint that does not answer THEN every method throws ChainUnavailableError", async () => {
    const dead = new Connection("http://127.0.0.1:9", { commitment: "confirmed", disableRetryOnRateLimit: true });
    const offline = new AnchorChainReader(pepfundProgram(dead, Keypair.generate()));
    const [campaign, owner] = [active.address.toBase58(), active.backers[0]!.publicKey.toBase58()];
    const calls: (() => Promise<unknown>)[] = [
      () => offline.getCampaign(campaign),
      () => offline.getHolder(campaign, owner),
      () => offline.hasFlagged(campaign, 0, 1, owner),
      () => offline.hasSupportedStale(campaign, 1, owner),
      () => offline.listCampaigns(),
      () => offline.getResearcher(owner),
      () => offline.getBackerBalance(campaign, owner),
      () => offline.getAdmin(),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(ChainUnavailableError);
    // Reads sent in one call fail together, each named as the read it was.
    const failed = await Promise.all([offline.getHolder(campaign, owner), offline.hasFlagged(campaign, 0, 1, owner)].map((read) => read.catch((e: unknown) => e)));
    expect(failed.map((e) => (e as ChainUnavailableError).operation)).toEqual(["getHolder", "hasFlagged"]);
  });

  it("GIVEN the node answers one request with a server error THEN the read throws ChainUnavailableError, and the next read works", async () => {
    await chain.setFaults({ failNextRequests: 1 });
    await expect(reader.getAdmin()).rejects.toBeInstanceOf(ChainUnavailableError);
    expect(await reader.getAdmin()).toBe(protocol.admin.publicKey.toBase58());
  });
});
