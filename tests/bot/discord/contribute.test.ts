/**
 * /contribute through the real discord.js Client on the local Discord server, the real core
 * and chain reader, and the localnet: the ephemeral answer's signing link is completed with
 * the backer's key and the USDC and backer tokens are read back from the chain; without an
 * amount the answer offers amount buttons; each refusal (not linked, over the goal, past the
 * deadline, no USDC account, too little USDC) has its words and creates no signing request.
 */
import type { Keypair } from "@solana/web3.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { InteractionRecord, MemberRecord } from "../../discord-server/server.js";
import { CampaignFixture, DAY } from "../chain/support/campaign.js";
import { randomAddress } from "../support/fakes.js";
import { signingId, startHolderLocalnet, USDC, type HolderLocalnet } from "../telegram/holder-localnet.js";
import { startHarness, type Harness } from "./harness.js";

const LONG = 180_000;

let net: HolderLocalnet;
let h: Harness;
let raising: CampaignFixture;
let address: string;

beforeAll(async () => {
  net = await startHolderLocalnet();
  h = await startHarness({ writes: true, chain: () => net.reader });
  net.serve(h.db, h.store, h.clock);
  raising = await CampaignFixture.fundraising(net.protocol, [3_000, 3_500, 3_500], 500n * USDC);
  address = raising.address.toBase58();
  h.clock.set(new Date((await net.chain.now()) * 1000));
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
async function backer(wallet: Keypair | string): Promise<MemberRecord> {
  const member = h.server.addMember("backer");
  const addr = typeof wallet === "string" ? wallet : wallet.publicKey.toBase58();
  await h.store.links.insert({ platform: "DISCORD", userId: member.id, address: addr, chatId: h.server.channel.id, challengeNonce: randomAddress(), linkedAt: h.clock.now() });
  return member;
}

async function wallet(sol: number, usdc: bigint | null): Promise<Keypair> {
  const k = await net.chain.fundedKeypair(sol);
  if (usdc !== null) await net.chain.mintTo(net.protocol.usdcMint, k.publicKey, usdc);
  return k;
}

/** The final (ephemeral) answer, as the member sees it. */
async function final(ix: InteractionRecord): Promise<string> {
  await ix.waitFor((c) => c.kind === "edit-original", 30_000);
  return JSON.stringify(ix.visible());
}

const say = (member: MemberRecord, options: Record<string, string>) => final(h.server.slash(member, "contribute", options));

describe("Discord /contribute on the localnet", () => {
  it(
    "GIVEN /contribute with an amount THEN the signing page; the backer's signature moves the USDC into escrow",
    async () => {
      const dan = await wallet(1, 200n * USDC);
      const member = await backer(dan);
      const offer = await say(member, { campaign: address });
      expect(offer).toContain("How much USDC do you put in?");
      for (const label of ["10 USDC", "25 USDC", "50 USDC", "100 USDC", "All that is left: 500 USDC"]) expect(offer).toContain(label);

      const answer = await say(member, { campaign: address, amount: "120.25" });
      expect(answer).toContain("Contribute **120.25 USDC** from your wallet and receive 120.25 backer tokens (1:1)");
      expect(answer).toContain("Sign with your wallet");
      expect(answer).toContain(`solana-action:https://pepfund.test/api/actions/contribute/${address}`);
      expect(await net.sign(signingId(answer), dan)).toMatchObject({ status: 200, json: { ok: true } });
      expect(await net.chain.tokenBalance(raising.backerUsdc(dan))).toBe(200n * USDC - 120_250_000n);
      expect(await net.chain.tokenBalance(raising.backerTokens(dan))).toBe(120_250_000n);
      expect(BigInt((await raising.fetch()).raised.toString())).toBe(120_250_000n);
    },
    LONG,
  );

  it(
    "GIVEN refusals THEN words and no signing request: not linked, over the goal, past the deadline, no USDC account, too little USDC",
    async () => {
      const before = await h.db.prisma.signingRequest.count();
      expect(await say(h.server.addMember("stranger"), { campaign: address, amount: "10" })).toContain("No wallet is linked");
      const rich = await backer(await wallet(1, 1_000n * USDC));
      expect(await say(rich, { campaign: address, amount: "400" })).toContain("That would raise more than the goal: only 379.75 USDC is left to raise.");
      expect(await say(await backer(await wallet(1, null)), { campaign: address, amount: "10" })).toContain("Your wallet has no USDC account");
      expect(await say(await backer(await wallet(1, 2n * USDC)), { campaign: address, amount: "10" })).toContain("Your wallet holds 2 USDC, less than the 10 USDC");
      const now = h.clock.now();
      h.clock.set(new Date(now.getTime() + 31 * DAY * 1000));
      try {
        expect(await say(rich, { campaign: address, amount: "10" })).toContain("Fundraising has ended: its deadline was");
      } finally {
        h.clock.set(now);
      }
      expect(await h.db.prisma.signingRequest.count()).toBe(before);
    },
    LONG,
  );
});
