/**
 * /deposit, /consent, /withdraw and /refund through the real grammY bot on the local Bot API
 * server, the real core and chain reader, and the localnet: each answer's signing link is
 * completed through the signing endpoints with the holder's key, and the result is read back
 * from the chain (deposit, delegate, withdrawal, refund in USDC with the backer tokens burned).
 */
import type { Keypair } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignFixture } from "../chain/support/campaign.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { randomAddress } from "../support/fakes.js";
import { TelegramHarness, user } from "./harness.js";
import { signingId, startHolderLocalnet, USDC, type HolderLocalnet } from "./holder-localnet.js";

const LONG = 180_000;

let db: TestDatabase;
let net: HolderLocalnet;
let t: TelegramHarness;
let campaign: CampaignFixture;
let address: string;

beforeAll(async () => {
  db = await databaseKinds.at(-1)!.open();
  net = await startHolderLocalnet();
  t = await TelegramHarness.start(db, { chain: net.reader });
  net.serve(db, t.deps.store, t.clock);
  campaign = await CampaignFixture.active(net.protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC, 500n * USDC]);
  address = campaign.address.toBase58();
}, LONG);

afterAll(async () => {
  await t?.stop();
  await net?.stop();
  await db?.dispose();
});

/** A Telegram user whose linked wallet is `wallet`, and their private chat. */
async function holder(wallet: Keypair | string) {
  const who = user("Holder");
  const chat = t.privateChat(who);
  const addr = typeof wallet === "string" ? wallet : wallet.publicKey.toBase58();
  await t.deps.store.links.insert({ platform: "TELEGRAM", userId: String(who.id), address: addr, chatId: String(chat), challengeNonce: randomAddress(), linkedAt: t.clock.now() });
  return { say: async (text: string) => TelegramHarness.text(await t.say(chat, who, text)) };
}

describe("Telegram holder commands on the localnet", () => {
  it(
    "GIVEN a first /deposit THEN one signature deposits and names the relayer delegate; /consent off revokes it; /withdraw takes tokens back",
    async () => {
      const alice = campaign.backers[0]!;
      const chat = await holder(alice);
      const answer = await chat.say(`/deposit ${address} 100`);
      expect(answer).toContain("Deposit 100 backer tokens; your deposit (flag weight) becomes 100.");
      expect(answer).toContain(`The PepFund relayer ${t.relayer.authority} becomes your delegate`);
      expect(answer).toContain(`Sign it with your wallet ${alice.publicKey.toBase58()} before `);
      expect(answer).toContain("(in 15m): https://pepfund.test/sign/");
      const id = signingId(answer);
      expect((await net.page(id)).json).toMatchObject({ title: "Deposit backer tokens and let the PepFund relayer flag for you" });
      const signed = await net.sign(id, alice);
      expect(signed).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.holder(campaign, alice)).toEqual({ deposited: 100n * USDC, delegate: t.relayer.authority });

      const again = await chat.say(`/consent ${address} on`);
      expect(again).toContain("already how it is set");
      const off = await chat.say(`/consent ${address} off`);
      expect(off).toContain("Revoke the PepFund relayer as your delegate");
      expect(await net.sign(signingId(off), alice)).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.holder(campaign, alice)).toEqual({ deposited: 100n * USDC, delegate: null });

      // A later deposit does not bring the revoked consent back.
      const more = await chat.say(`/deposit ${address} 50`);
      expect(more).not.toContain("delegate");
      expect(await net.sign(signingId(more), alice)).toMatchObject({ status: 200 });
      const withdraw = await chat.say(`/withdraw ${address} 30.5`);
      expect(withdraw).toContain("Withdraw 30.5 deposited backer tokens back to your wallet; your deposit becomes 119.5.");
      expect(await net.sign(signingId(withdraw), alice)).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.holder(campaign, alice)).toEqual({ deposited: 119_500_000n, delegate: null });
      expect(await net.chain.tokenBalance(campaign.backerTokens(alice))).toBe(600n * USDC - 119_500_000n);
    },
    LONG,
  );

  it(
    "GIVEN another wallet signs a holder's request THEN refused with nothing sent, and the holder's own signature still works",
    async () => {
      const [, bob, carol] = campaign.backers;
      const chat = await holder(bob!);
      const id = signingId(await chat.say(`/deposit ${address}`));
      const fees = await net.chain.connection.getBalance(net.feePayer.publicKey);
      expect((await net.sign(id, carol!)).status).toBe(422);
      expect(await net.holder(campaign, bob!)).toBeNull();
      expect(await net.chain.connection.getBalance(net.feePayer.publicKey)).toBe(fees);
      expect(await net.sign(id, bob!)).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.holder(campaign, bob!)).toEqual({ deposited: 400n * USDC, delegate: t.relayer.authority });
    },
    LONG,
  );

  it("GIVEN refusals THEN words, and no signing request: not linked, nothing to deposit, refund of an active campaign, a group chat, bad usage", async () => {
    const before = await db.prisma.signingRequest.count();
    const stranger = user("Stranger");
    expect(TelegramHarness.text(await t.say(t.privateChat(stranger), stranger, `/deposit ${address}`))).toContain("No wallet is linked");
    const empty = await holder(randomAddress());
    expect(await empty.say(`/deposit ${address}`)).toContain("does not hold that many backer tokens");
    const carol = await holder(campaign.backers[2]!);
    expect(await carol.say(`/refund ${address}`)).toContain("not in a state that allows this");
    expect(await carol.say(`/deposit ${address} 501`)).toContain("outside the deposit. It holds 500.");
    expect(await carol.say(`/deposit ${address} 1.2345678`)).toContain("not a token amount");
    expect(await carol.say(`/consent ${address} maybe`)).toContain("Use /consent <campaign address> <on|off>");
    expect(await carol.say(`/withdraw ${address}`)).toContain("no backer tokens deposited");
    expect(await carol.say(`/refund ${randomAddress()}`)).toContain("no PepFund campaign at that address");
    const member = user("Member");
    expect(TelegramHarness.text(await t.say(t.group(), member, `/deposit ${address}`))).toContain("send it to me in a private chat");
    expect(await db.prisma.signingRequest.count()).toBe(before);
  });

  it(
    "GIVEN an abandoned campaign THEN /refund withdraws the deposit and burns every backer token for the USDC share in one signature",
    async () => {
      const stale = await CampaignFixture.active(net.protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC]);
      const [dana] = stale.backers;
      await stale.deposit(dana!, 250n * USDC);
      await net.abandon(stale, dana!);
      // Chat answers check the program's rules at the chain's clock, as the app composes them.
      t.clock.set(new Date((await net.chain.now()) * 1000));
      const chat = await holder(dana!);
      const usdcBefore = await net.chain.tokenBalance(stale.backerUsdc(dana!));
      const answer = await chat.say(`/refund ${stale.address.toBase58()}`);
      expect(answer).toContain("Your deposit of 250 is withdrawn first, in the same signature.");
      expect(answer).toContain("Burn 600 backer tokens for 600 USDC back to your wallet (the campaign was abandoned");
      const signed = await net.sign(signingId(answer), dana!);
      expect(signed, JSON.stringify(signed)).toMatchObject({ status: 200, json: { ok: true } });
      expect((await net.chain.tokenBalance(stale.backerUsdc(dana!))) - usdcBefore).toBe(600n * USDC);
      expect(await net.chain.tokenBalance(stale.backerTokens(dana!))).toBe(0n);
      expect(await net.holder(stale, dana!)).toMatchObject({ deposited: 0n });
      expect(await chat.say(`/refund ${stale.address.toBase58()}`)).toContain("nothing to refund");
    },
    LONG,
  );
});
