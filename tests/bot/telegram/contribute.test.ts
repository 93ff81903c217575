/**
 * /contribute through the real grammY bot on the local Bot API server, the real core and
 * chain reader, and the localnet: without an amount, the raise and amount buttons; a button
 * (or a typed amount) gives the signing page, which the backer's key completes, and the USDC
 * and backer tokens are read back from the chain. Each refusal (not linked, over the goal,
 * past the deadline, no USDC account, too little USDC, no SOL for the account's rent, a closed
 * raise, a bad amount) has its words, and creates no signing request.
 */
import type { Keypair } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignFixture, DAY } from "../chain/support/campaign.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { randomAddress } from "../support/fakes.js";
import { TelegramHarness, user } from "./harness.js";
import { signingId, startHolderLocalnet, USDC, type HolderLocalnet } from "./holder-localnet.js";

const LONG = 180_000;

let db: TestDatabase;
let net: HolderLocalnet;
let t: TelegramHarness;
let raising: CampaignFixture;
let address: string;

beforeAll(async () => {
  db = await databaseKinds.at(-1)!.open();
  net = await startHolderLocalnet();
  t = await TelegramHarness.start(db, { chain: net.reader });
  net.serve(db, t.deps.store, t.clock);
  raising = await CampaignFixture.fundraising(net.protocol, [3_000, 3_500, 3_500], 1_000n * USDC);
  address = raising.address.toBase58();
  t.clock.set(new Date((await net.chain.now()) * 1000));
}, LONG);

afterAll(async () => {
  await t?.stop();
  await net?.stop();
  await db?.dispose();
});

/** A Telegram user whose linked wallet is `wallet`, and their private chat. */
async function backer(wallet: Keypair | string) {
  const who = user("Backer");
  const chat = t.privateChat(who);
  const addr = typeof wallet === "string" ? wallet : wallet.publicKey.toBase58();
  await t.deps.store.links.insert({ platform: "TELEGRAM", userId: String(who.id), address: addr, chatId: String(chat), challengeNonce: randomAddress(), linkedAt: t.clock.now() });
  return { who, chat, say: async (text: string) => t.say(chat, who, text) };
}

/** A wallet with `sol` SOL and `usdc` in its USDC account (no USDC account when null). */
async function wallet(sol: number, usdc: bigint | null): Promise<Keypair> {
  const k = await net.chain.fundedKeypair(sol);
  if (usdc !== null) await net.chain.mintTo(net.protocol.usdcMint, k.publicKey, usdc);
  return k;
}

async function raised(): Promise<bigint> {
  return BigInt((await raising.fetch()).raised.toString());
}

describe("Telegram /contribute on the localnet", () => {
  it(
    "GIVEN /contribute without an amount THEN the raise and amount buttons; a button gives the signing page, and the signature moves the USDC in",
    async () => {
      const alice = await wallet(1, 300n * USDC);
      const chat = await backer(alice);
      const offer = await chat.say(`/contribute ${address}`);
      const text = TelegramHarness.text(offer);
      expect(text).toContain("Raised 0 USDC of 1,000 USDC; 1,000 USDC left to raise until");
      expect(text).toContain("How much USDC do you put in?");
      expect(text).toContain(`https://pepfund.test/c/${address}`);
      expect(text).toContain(`solana-action:https://pepfund.test/api/actions/contribute/${address}`);
      const buttons = TelegramHarness.buttons(offer.at(-1));
      expect(buttons.filter((b) => b.data !== undefined).map((b) => b.text)).toEqual(["10 USDC", "25 USDC", "50 USDC", "100 USDC", "All that is left: 1,000 USDC"]);
      expect(buttons.find((b) => b.url === `https://pepfund.test/c/${address}`)).toBeDefined();

      const twentyFive = buttons.find((b) => b.text === "25 USDC")!;
      const answer = TelegramHarness.text(await t.press(chat.who, offer.at(-1)!, twentyFive.data!));
      expect(answer).toContain("Contribute 25 USDC from your wallet and receive 25 backer tokens (1:1). 975 USDC will be left to raise.");
      expect(answer).toContain("opens your backer-token account for this campaign; your wallet pays its rent");
      expect(answer).toContain(`Sign it with your wallet ${alice.publicKey.toBase58()} before `);
      const id = signingId(answer);
      expect((await net.page(id)).json).toMatchObject({ title: "Contribute USDC to the campaign" });
      const fees = await net.chain.connection.getBalance(net.feePayer.publicKey);
      expect(await net.sign(id, alice)).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.chain.tokenBalance(raising.backerUsdc(alice))).toBe(275n * USDC);
      expect(await net.chain.tokenBalance(raising.backerTokens(alice))).toBe(25n * USDC);
      expect(await raised()).toBe(25n * USDC);
      // The fee key paid the fee only (5,000 lamports per signature), never the account's rent.
      expect(fees - (await net.chain.connection.getBalance(net.feePayer.publicKey))).toBe(10_000);

      // A typed amount with decimals, into the account that now exists.
      const typed = TelegramHarness.text(await chat.say(`/contribute ${address} 12.5`));
      expect(typed).not.toContain("opens your backer-token account");
      expect(await net.sign(signingId(typed), alice)).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.chain.tokenBalance(raising.backerTokens(alice))).toBe(37_500_000n);
      expect(await raised()).toBe(37_500_000n);
    },
    LONG,
  );

  it("GIVEN refusals THEN each its own words, and no signing request", async () => {
    const before = await db.prisma.signingRequest.count();
    const say = async (chat: Awaited<ReturnType<typeof backer>>, text: string) => TelegramHarness.text(await chat.say(text));
    const stranger = user("Stranger");
    expect(TelegramHarness.text(await t.say(t.privateChat(stranger), stranger, `/contribute ${address} 10`))).toContain("No wallet is linked");

    const rich = await backer(await wallet(1, 5_000n * USDC));
    const left = 1_000n * USDC - (await raised());
    expect(await say(rich, `/contribute ${address} 2000`)).toContain(`That would raise more than the goal: only ${Number(left) / 1e6} USDC is left to raise.`);
    expect(await say(rich, `/contribute ${address} 1.2.3`)).toContain("That is not a USDC amount");
    expect(await say(rich, `/contribute ${address} 1.1234567`)).toContain("Use /contribute <campaign address> [amount]");
    expect(await say(rich, `/contribute ${address} 0`)).toContain("The amount must be above zero.");
    expect(await say(await backer(await wallet(1, null)), `/contribute ${address} 10`)).toContain("Your wallet has no USDC account");
    expect(await say(await backer(await wallet(1, 3n * USDC)), `/contribute ${address} 10`)).toContain("Your wallet holds 3 USDC, less than the 10 USDC you asked to contribute.");
    expect(await say(await backer(await wallet(0.001, 50n * USDC)), `/contribute ${address} 10`)).toContain("Your wallet needs 0.00203928 SOL for this contribution");

    const active = await CampaignFixture.active(net.protocol, [3_000, 3_500, 3_500], [100n * USDC]);
    expect(await say(rich, `/contribute ${active.address.toBase58()} 10`)).toContain("The campaign is not raising money: it is Active.");
    expect(await say(rich, `/contribute ${active.address.toBase58()}`)).toContain("The campaign is not raising money: it is Active.");
    expect(await say(rich, `/contribute ${randomAddress()} 10`)).toContain("no PepFund campaign at that address");

    const now = t.clock.now();
    t.clock.set(new Date(now.getTime() + 31 * DAY * 1000));
    try {
      expect(await say(rich, `/contribute ${address} 10`)).toContain("Fundraising has ended: its deadline was");
    } finally {
      t.clock.set(now);
    }
    expect(await db.prisma.signingRequest.count()).toBe(before);
  });
});
