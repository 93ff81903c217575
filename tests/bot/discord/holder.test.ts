/**
 * /deposit, /consent, /withdraw and /refund through the real discord.js Client on the local
 * Discord server, the real core and chain reader, and the localnet: the signing link of each
 * ephemeral answer is completed through the signing endpoints with the holder's key, and the
 * result is read back from the chain.
 */
import type { Keypair } from "@solana/web3.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fundraisingClose } from "../../../bot/chain/instructions.js";
import type { InteractionRecord, MemberRecord } from "../../discord-server/server.js";
import { CampaignFixture, DAY } from "../chain/support/campaign.js";
import { randomAddress } from "../support/fakes.js";
import { signingId, startHolderLocalnet, USDC, type HolderLocalnet } from "../telegram/holder-localnet.js";
import { startHarness, type Harness } from "./harness.js";
import { syncDirectory } from "../../../bot/core/usecases/campaign-directory.js";

const LONG = 180_000;

let net: HolderLocalnet;
let h: Harness;
let campaign: CampaignFixture;
let address: string;

beforeAll(async () => {
  net = await startHolderLocalnet();
  h = await startHarness({ writes: true, chain: () => net.reader });
  net.serve(h.db, h.store, h.clock);
  campaign = await CampaignFixture.active(net.protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC]);
  address = campaign.address.toBase58();
}, LONG);

afterAll(async () => {
  await h?.stop();
  await net?.stop();
});

afterEach(() => {
  expect(h.server.failed).toEqual([]);
  expect(h.errors).toEqual([]);
});

/** A member whose linked wallet is `wallet`. */
async function holder(wallet: Keypair | string): Promise<MemberRecord> {
  const member = h.server.addMember("holder");
  const addr = typeof wallet === "string" ? wallet : wallet.publicKey.toBase58();
  await h.store.links.insert({ platform: "DISCORD", userId: member.id, address: addr, chatId: h.server.channel.id, challengeNonce: randomAddress(), linkedAt: h.clock.now() });
  return member;
}

/** The final (ephemeral) answer, as the member sees it. */
async function final(ix: InteractionRecord): Promise<string> {
  await ix.waitFor((c) => c.kind === "edit-original", 30_000);
  return JSON.stringify(ix.visible());
}

const say = (member: MemberRecord, command: string, options: Record<string, string | boolean>) => final(h.server.slash(member, command, options));

describe("Discord holder commands on the localnet", () => {
  it(
    "GIVEN /deposit without consent THEN only the deposit lands; /consent on THEN the relayer is the delegate; /withdraw THEN tokens back",
    async () => {
      const alice = campaign.backers[0]!;
      const member = await holder(alice);
      const answer = await say(member, "deposit", { campaign: address, amount: "75", consent: false });
      expect(answer).toContain("Deposit **75** backer tokens");
      expect(answer).not.toContain("becomes your delegate");
      expect(answer).toContain("Sign with your wallet");
      expect(await net.sign(signingId(answer), alice)).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.holder(campaign, alice)).toEqual({ deposited: 75n * USDC, delegate: null });

      const consent = await say(member, "consent", { campaign: address, relayer: "on" });
      expect(consent).toContain(`The PepFund relayer \`${h.relayer}\` becomes your delegate`);
      expect(await net.sign(signingId(consent), alice)).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.holder(campaign, alice)).toEqual({ deposited: 75n * USDC, delegate: h.relayer });
      expect(await say(member, "consent", { campaign: address, relayer: "on" })).toContain("already how it is set");

      const withdraw = await say(member, "withdraw", { campaign: address });
      expect(withdraw).toContain("Withdraw **75** deposited backer tokens");
      expect(await net.sign(signingId(withdraw), alice)).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.holder(campaign, alice)).toEqual({ deposited: 0n, delegate: h.relayer });
      expect(await net.chain.tokenBalance(campaign.backerTokens(alice))).toBe(600n * USDC);
    },
    LONG,
  );

  it(
    "GIVEN someone else's wallet signs THEN refused with nothing sent; refusals in words with no signing request",
    async () => {
      const [alice, bob] = campaign.backers;
      const member = await holder(bob!);
      const id = signingId(await say(member, "deposit", { campaign: address }));
      expect((await net.sign(id, alice!)).status).toBe(422);
      expect(await net.holder(campaign, bob!)).toBeNull();

      const before = await h.db.prisma.signingRequest.count();
      const stranger = h.server.addMember("stranger");
      expect(await say(stranger, "deposit", { campaign: address })).toContain("No wallet is linked");
      expect(await say(await holder(randomAddress()), "deposit", { campaign: address })).toContain("does not hold that many backer tokens");
      expect(await say(member, "refund", { campaign: address })).toContain("refunds: failed or abandoned");
      expect(await say(member, "deposit", { campaign: address, amount: "ten" })).toContain("not a token amount");
      expect(await say(member, "deposit", { campaign: address, amount: "400.000001" })).toContain("outside the deposit. It holds 400.");
      // /deposit is a clickable command mention now.
      expect(await say(member, "withdraw", { campaign: address })).toMatch(/Deposit backer tokens with <\/deposit:\d+> first/);
      expect(await h.db.prisma.signingRequest.count()).toBe(before);
    },
    LONG,
  );

  it("GIVEN the campaign directory filled from the chain THEN autocomplete offers its campaigns", async () => {
    // What the campaign-directory worker does at a deployment's first start (the indexer is not running here).
    await syncDirectory({ store: h.store, chain: net.reader, clock: h.clock }, 0n);
    const member = await holder(randomAddress());
    const call = await h.server.autocomplete(member, "refund", "campaign", { campaign: address.slice(0, 6) }).firstResponse();
    const choices = (call.body.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.map((c) => c.value)).toEqual([address]);
  });

  it(
    "GIVEN a failed raise THEN /refund withdraws the deposit and returns the USDC 1:1 in one signature",
    async () => {
      const failed = await CampaignFixture.fundraising(net.protocol, [3_000, 3_500, 3_500], 1_000n * USDC);
      const erin = await failed.addBacker(300n * USDC);
      await failed.deposit(erin, 100n * USDC);
      await net.chain.advanceClock(31 * DAY);
      await fundraisingClose(net.protocol.as(net.protocol.relay), { campaign: failed.address, authority: net.protocol.relay.publicKey }).rpc();
      const member = await holder(erin);
      const usdcBefore = await net.chain.tokenBalance(failed.backerUsdc(erin));
      const answer = await say(member, "refund", { campaign: failed.address.toBase58() });
      expect(answer).toContain("Your deposit of 100 is withdrawn first");
      expect(answer).toContain("Burn **300** backer tokens for **300 USDC** back to your wallet (the raise failed: 1:1)");
      expect(await net.sign(signingId(answer), erin)).toMatchObject({ status: 200, json: { ok: true } });
      expect((await net.chain.tokenBalance(failed.backerUsdc(erin))) - usdcBefore).toBe(300n * USDC);
      expect(await net.chain.tokenBalance(failed.backerTokens(erin))).toBe(0n);
      expect(await net.holder(failed, erin)).toMatchObject({ deposited: 0n });
    },
    LONG,
  );
});
