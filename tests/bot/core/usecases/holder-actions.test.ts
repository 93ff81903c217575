/**
 * Holder actions from chat (deposit, consent, withdraw, refund): checked against the chain in
 * the program's order, then a signing request for the linked wallet with exactly the action
 * the program will run. Real database; the chain reader is the FakeChain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignView, ChatRef, HolderView, Store, WalletAction } from "../../../../bot/core/ports.js";
import {
  parseTokenAmount,
  requestConsent,
  requestDeposit,
  requestRefund,
  requestWithdraw,
  type HolderDeps,
} from "../../../../bot/core/usecases/holder-actions.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { campaign } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { FakeChain, ManualClock, randomAddress, secureRandom } from "../../support/fakes.js";

const BASE = "https://pepfund.example";
const TOKEN = 1_000_000n;
let nextUser = 40_000;

describe("parseTokenAmount", () => {
  it("GIVEN decimal token amounts THEN base units; more than 6 decimals, signs, words or over u64 THEN null", () => {
    expect(parseTokenAmount("12")).toBe(12n * TOKEN);
    expect(parseTokenAmount("12.5")).toBe(12_500_000n);
    expect(parseTokenAmount("0.000001")).toBe(1n);
    expect(parseTokenAmount("1,000")).toBe(1_000n * TOKEN);
    expect(parseTokenAmount("0")).toBe(0n);
    for (const bad of ["1.2345678", "-1", "abc", "1e6", "", ".5", "18446744073709.551616"]) expect(parseTokenAmount(bad)).toBeNull();
    expect(parseTokenAmount("18446744073709.551615")).toBe(2n ** 64n - 1n);
  });
});

describe.each(databaseKinds)("holder actions on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const chain = new FakeChain();
  const clock = new ManualClock();
  const now = Math.floor(clock.now().getTime() / 1000);
  const relay = randomAddress();

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  const deps = (): HolderDeps => ({ store, chain, clock, random: secureRandom, signing: { baseUrl: BASE, ttlSeconds: 900 }, relayer: { authority: relay } });

  /** A linked holder of a fresh campaign with `inWallet` undeposited tokens and an optional holder record. */
  async function scene(options: { inWallet?: bigint; holder?: Partial<HolderView> | null; view?: Partial<CampaignView> } = {}) {
    nextUser += 1;
    const wallet = randomAddress();
    const chat: ChatRef = { platform: "TELEGRAM", userId: String(nextUser), chatId: String(nextUser) };
    await store.links.insert({ ...chat, address: wallet, challengeNonce: `ha-${nextUser}`, linkedAt: clock.now() });
    const view = campaign(options.view);
    chain.campaigns.set(view.address, view);
    chain.backerBalances.set(`${view.address}:${wallet}`, options.inWallet ?? 0n);
    if (options.holder !== undefined && options.holder !== null) {
      chain.setHolder(view.address, { owner: wallet, deposited: 0n, delegate: null, lockedUntil: 0, ...options.holder });
    }
    return { chat, wallet, view, address: view.address };
  }

  /** The stored signing request behind a signing URL. */
  async function stored(url: string): Promise<{ action: WalletAction; signer: string }> {
    const id = url.slice(`${BASE}/sign/`.length);
    const record = await store.signingRequests.find(id);
    if (record === null) throw new Error(`no signing request ${id}`);
    return record;
  }

  async function requestCount(): Promise<number> {
    return db.prisma.signingRequest.count();
  }

  describe("requestDeposit", () => {
    it("GIVEN a first deposit with no amount THEN every undeposited token, and the relayer named delegate in the same signature", async () => {
      const { chat, wallet, address } = await scene({ inWallet: 250n * TOKEN });
      const result = await requestDeposit(deps(), { chat, campaign: address });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.summary).toEqual({ kind: "deposit", amount: 250n * TOKEN, depositedAfter: 250n * TOKEN, consent: true });
      expect(result.value.wallet).toBe(wallet);
      expect(await stored(result.value.signingUrl)).toMatchObject({
        signer: wallet,
        action: { kind: "holderDeposit", campaign: address, owner: wallet, amount: 250n * TOKEN, delegate: relay },
      });
    });

    it("GIVEN a holder who revoked consent THEN a later deposit never names the relayer again, unless asked", async () => {
      const { chat, address } = await scene({ inWallet: 10n * TOKEN, holder: { deposited: 5n * TOKEN, delegate: null } });
      const plain = await requestDeposit(deps(), { chat, campaign: address, amount: "2.5" });
      expect(plain.ok && plain.value.summary).toEqual({ kind: "deposit", amount: 2_500_000n, depositedAfter: 7_500_000n, consent: false });
      if (!plain.ok) return;
      expect((await stored(plain.value.signingUrl)).action).not.toHaveProperty("delegate");
      const asked = await requestDeposit(deps(), { chat, campaign: address, amount: "1", consent: true });
      expect(asked.ok && (await stored(asked.value.signingUrl)).action).toMatchObject({ delegate: relay, amount: TOKEN });
    });

    it("GIVEN a first deposit with consent false THEN no delegate in the transaction", async () => {
      const { chat, address } = await scene({ inWallet: 3n * TOKEN });
      const result = await requestDeposit(deps(), { chat, campaign: address, consent: false });
      expect(result.ok && (await stored(result.value.signingUrl)).action).not.toHaveProperty("delegate");
    });

    it("GIVEN refusals THEN the program's codes in its order and no signing request", async () => {
      const before = await requestCount();
      const stranger: ChatRef = { platform: "TELEGRAM", userId: "nobody", chatId: "nobody" };
      const { address } = await scene({ inWallet: TOKEN });
      expect(await requestDeposit(deps(), { chat: stranger, campaign: address })).toMatchObject({ code: "NotLinked" });
      const { chat } = await scene({ inWallet: TOKEN });
      expect(await requestDeposit(deps(), { chat, campaign: "not-an-address" })).toMatchObject({ code: "CampaignNotFound" });
      expect(await requestDeposit(deps(), { chat, campaign: randomAddress() })).toMatchObject({ code: "CampaignNotFound" });
      expect(await requestDeposit(deps(), { chat, campaign: address, amount: "1.2345678" })).toMatchObject({ code: "AmountMalformed" });
      const done = await scene({ inWallet: TOKEN, view: { status: "Completed" } });
      expect(await requestDeposit(deps(), { chat: done.chat, campaign: done.address })).toMatchObject({ code: "InvalidCampaignState" });
      const held = await scene({ inWallet: TOKEN });
      expect(await requestDeposit(deps(), { chat: held.chat, campaign: held.address, amount: "0" })).toMatchObject({ code: "AmountZero" });
      expect(await requestDeposit(deps(), { chat: held.chat, campaign: held.address, amount: "1.000001" })).toMatchObject({
        code: "NothingToDeposit",
        details: { held: String(TOKEN) },
      });
      const empty = await scene({ inWallet: 0n });
      expect(await requestDeposit(deps(), { chat: empty.chat, campaign: empty.address })).toMatchObject({ code: "NothingToDeposit" });
      expect(await requestCount()).toBe(before);
    });

    it("GIVEN a fundraising campaign THEN deposits are allowed", async () => {
      const { chat, address } = await scene({ inWallet: TOKEN, view: { status: "Fundraising" } });
      expect((await requestDeposit(deps(), { chat, campaign: address })).ok).toBe(true);
    });
  });

  describe("requestConsent", () => {
    it("GIVEN on THEN the relayer named delegate; off THEN revoked (null); the same again THEN DelegateUnchanged", async () => {
      const { chat, wallet, address } = await scene({ holder: { deposited: TOKEN, delegate: null } });
      const on = await requestConsent(deps(), { chat, campaign: address, on: true });
      expect(on.ok && on.value.summary).toEqual({ kind: "consent", delegate: relay });
      expect(on.ok && (await stored(on.value.signingUrl))).toMatchObject({ signer: wallet, action: { kind: "holderSetDelegate", owner: wallet, delegate: relay } });
      expect(await requestConsent(deps(), { chat, campaign: address, on: false })).toMatchObject({ code: "DelegateUnchanged" });

      chain.setHolder(address, { owner: wallet, deposited: TOKEN, delegate: relay, lockedUntil: 0 });
      const off = await requestConsent(deps(), { chat, campaign: address, on: false });
      expect(off.ok && (await stored(off.value.signingUrl)).action).toMatchObject({ kind: "holderSetDelegate", delegate: null });
      expect(await requestConsent(deps(), { chat, campaign: address, on: true })).toMatchObject({ code: "DelegateUnchanged" });
    });

    it("GIVEN no holder record THEN consent on is allowed (the program creates the record)", async () => {
      const { chat, address } = await scene({ inWallet: TOKEN });
      expect((await requestConsent(deps(), { chat, campaign: address, on: true })).ok).toBe(true);
    });
  });

  describe("requestWithdraw", () => {
    it("GIVEN an unlocked deposit THEN all of it, or the amount asked", async () => {
      const { chat, wallet, address } = await scene({ holder: { deposited: 40n * TOKEN, lockedUntil: now } });
      const all = await requestWithdraw(deps(), { chat, campaign: address });
      expect(all.ok && (await stored(all.value.signingUrl)).action).toEqual({ kind: "holderWithdraw", campaign: address, owner: wallet, amount: 40n * TOKEN });
      const some = await requestWithdraw(deps(), { chat, campaign: address, amount: "15" });
      expect(some.ok && some.value.summary).toEqual({ kind: "withdraw", amount: 15n * TOKEN, depositedAfter: 25n * TOKEN });
    });

    it("GIVEN refusals THEN NotDeposited, NoDeposit, AmountZero, TokensLocked, InsufficientDeposit", async () => {
      const none = await scene({ inWallet: TOKEN });
      expect(await requestWithdraw(deps(), { chat: none.chat, campaign: none.address })).toMatchObject({ code: "NotDeposited" });
      const emptied = await scene({ holder: { deposited: 0n } });
      expect(await requestWithdraw(deps(), { chat: emptied.chat, campaign: emptied.address })).toMatchObject({ code: "NoDeposit" });
      const locked = await scene({ holder: { deposited: TOKEN, lockedUntil: now + 1 } });
      expect(await requestWithdraw(deps(), { chat: locked.chat, campaign: locked.address, amount: "0" })).toMatchObject({ code: "AmountZero" });
      expect(await requestWithdraw(deps(), { chat: locked.chat, campaign: locked.address })).toMatchObject({ code: "TokensLocked", details: { lockedUntil: String(now + 1) } });
      const small = await scene({ holder: { deposited: TOKEN } });
      expect(await requestWithdraw(deps(), { chat: small.chat, campaign: small.address, amount: "2" })).toMatchObject({ code: "InsufficientDeposit" });
    });
  });

  describe("requestRefund", () => {
    it("GIVEN a failed raise THEN every token in the wallet for the same USDC", async () => {
      const { chat, wallet, address } = await scene({ inWallet: 30n * TOKEN, view: { status: "Failed", raised: 300n * TOKEN, escrow: 300n * TOKEN } });
      const result = await requestRefund(deps(), { chat, campaign: address });
      expect(result.ok && result.value.summary).toEqual({ kind: "refund", tokens: 30n * TOKEN, withdrawn: 0n, usdc: 30n * TOKEN, campaignStatus: "Failed" });
      expect(result.ok && (await stored(result.value.signingUrl)).action).toEqual({ kind: "refundClaim", campaign: address, owner: wallet, tokens: 30n * TOKEN });
    });

    it("GIVEN an abandoned campaign and a deposit THEN the deposit is withdrawn in the same signature and the pro-rata share of the snapshot is shown", async () => {
      // 1,000 raised, 300 released before abandonment: each token is worth 0.7 USDC.
      const view = { status: "Abandoned" as const, raised: 1_000n * TOKEN, released: 300n * TOKEN, escrow: 700n * TOKEN };
      const { chat, wallet, address } = await scene({ inWallet: 100n * TOKEN, holder: { deposited: 50n * TOKEN, lockedUntil: now }, view });
      const result = await requestRefund(deps(), { chat, campaign: address });
      expect(result.ok && result.value.summary).toEqual({ kind: "refund", tokens: 150n * TOKEN, withdrawn: 50n * TOKEN, usdc: 105n * TOKEN, campaignStatus: "Abandoned" });
      expect(result.ok && (await stored(result.value.signingUrl)).action).toEqual({
        kind: "refundClaim",
        campaign: address,
        owner: wallet,
        tokens: 150n * TOKEN,
        withdraw: 50n * TOKEN,
      });
    });

    it("GIVEN refusals THEN NothingToRefund, InvalidCampaignState (not failed or abandoned), TokensLocked; no signing request", async () => {
      const before = await requestCount();
      const empty = await scene({ view: { status: "Abandoned" } });
      expect(await requestRefund(deps(), { chat: empty.chat, campaign: empty.address })).toMatchObject({ code: "NothingToRefund" });
      const active = await scene({ inWallet: TOKEN, view: { status: "Active" } });
      expect(await requestRefund(deps(), { chat: active.chat, campaign: active.address })).toMatchObject({ code: "InvalidCampaignState" });
      const locked = await scene({ holder: { deposited: TOKEN, lockedUntil: now + 60 }, view: { status: "Abandoned" } });
      expect(await requestRefund(deps(), { chat: locked.chat, campaign: locked.address })).toMatchObject({ code: "TokensLocked" });
      expect(await requestCount()).toBe(before);
    });
  });
});
