/**
 * /flag on a reward pool's KPI submission, end to end on the local stack (the app as production
 * composes it, the localnet, arlocal, the local Telegram Bot API server and Discord server, and
 * console chats hosted by the same app as `npm run demo` hosts them), on each adapter with a
 * pool of its own: a staker who named the relayer its delegate by /stake flags the KPI with a
 * written rationale and the flag lands on-chain with the stake as its weight; a linked holder
 * with no stake gets the program's refusal (code NoDeposit) and nothing is sent. On Discord the
 * pool and its KPI are also what /flag's autocomplete offers.
 */
import type { Keypair, PublicKey } from "@solana/web3.js";
import type { User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatStage, linkWallet } from "../../bot/demo/chat-stage.js";
import { PoolFixture } from "../bot/chain/support/pool.js";
import type { MemberRecord } from "../discord-server/server.js";
import { Life, signingUrl, text } from "./support/life.js";

const LONG = 300_000;
const RATIONALE = "The TVL source shows less than the target.";

let life: Life;
let stage: ChatStage;

beforeAll(async () => {
  stage = new ChatStage([]);
  life = await Life.start({ consoleHost: stage });
}, LONG);

afterAll(async () => {
  stage?.close();
  await life?.stop();
});

/** A funded pool of its own (three KPIs), and `amount` of its stake token in the staker's wallet. */
async function poolStakedBy(staker: PublicKey, amount: bigint): Promise<PoolFixture> {
  const pool = await PoolFixture.create(life.protocol, [3_000, 3_000, 4_000], 1_000_000n);
  await pool.giveStake(staker, amount);
  return pool;
}

/** KPI 1's flag weight and count, on-chain. */
async function kpiFlags(address: string): Promise<[bigint | undefined, number | undefined]> {
  const kpi = (await life.pools.getPool(address))?.milestones[0];
  return [kpi?.flagWeight, kpi?.flagCount];
}

async function delegateOf(address: string, wallet: Keypair): Promise<string | null | undefined> {
  return (await life.pools.getStaker(address, wallet.publicKey.toBase58()))?.delegate;
}

describe("/flag on a KPI submission", () => {
  it(
    "on Telegram: GIVEN a staker whose delegate is the relayer THEN /flag <pool> <kpi> lands on-chain with its stake as weight; a holder with no stake is refused",
    async () => {
      const tara: { user: User; wallet: Keypair } = { user: life.telegramUser("Tara"), wallet: await life.chain.fundedKeypair(1) };
      const uma: { user: User; wallet: Keypair } = { user: life.telegramUser("Uma"), wallet: await life.chain.fundedKeypair(1) };
      await life.linkOnTelegram(tara.user, tara.wallet);
      await life.linkOnTelegram(uma.user, uma.wallet);
      const pool = await poolStakedBy(tara.wallet.publicKey, 600n);
      const address = pool.address.toBase58();

      const staked = text(await life.say(tara.user, `/stake ${address}`));
      await life.sign(signingUrl(staked), tara.wallet);
      expect(await delegateOf(address, tara.wallet)).toBe(life.protocol.relay.publicKey.toBase58());
      await pool.submit(0);

      const refused = text(await life.say(uma.user, `/flag ${address} 1 ${RATIONALE}`));
      expect(refused).toContain("code NoDeposit");
      expect(refused).not.toContain("on-chain");
      expect(await kpiFlags(address)).toEqual([0n, 0]);

      const answer = text(await life.say(tara.user, `/flag ${address} 1 ${RATIONALE}`));
      expect(answer).toContain("Your flag on KPI 1 is on-chain (weight 0.0006)");
      expect(await kpiFlags(address)).toEqual([600n, 1]);
    },
    LONG,
  );

  it(
    "on Discord: GIVEN a staker who staked by /stake and the signing page THEN autocomplete offers the pool and its KPI under review, /flag lands on-chain with its stake as weight; a holder with no stake is refused",
    async () => {
      const dan: { member: MemberRecord; wallet: Keypair } = { member: life.discord.addMember("dan"), wallet: await life.chain.fundedKeypair(1) };
      const eve: { member: MemberRecord; wallet: Keypair } = { member: life.discord.addMember("eve"), wallet: await life.chain.fundedKeypair(1) };
      await life.linkOnDiscord(dan.member, dan.wallet);
      await life.linkOnDiscord(eve.member, eve.wallet);
      const pool = await poolStakedBy(dan.wallet.publicKey, 400n);
      const address = pool.address.toBase58();

      const staked = await life.slash(dan.member, "stake", { pool: address });
      expect(staked).toContain("your stake becomes 0.0004");
      await life.sign(signingUrl(staked), dan.wallet);
      expect(await delegateOf(address, dan.wallet)).toBe(life.protocol.relay.publicKey.toBase58());
      await pool.submit(0);

      // What /flag's options offer while Dan types: the pool (named as a pool), then its KPI under review first.
      const view = await life.pools.getPool(address);
      if (view === null) throw new Error("the pool is not on-chain");
      const sponsor = view.sponsor;
      const offered = async (focused: string, values: Record<string, string | number>) => {
        const call = await life.discord.autocomplete(dan.member, "flag", focused, values).firstResponse();
        return (call.body.data as { choices: { name: string; value: string | number }[] }).choices;
      };
      expect(await offered("campaign", { campaign: address.slice(0, 8) })).toContainEqual({
        name: `Reward pool #${view.id} by ${sponsor.slice(0, 4)}…${sponsor.slice(-4)} (Active)`,
        value: address,
      });
      const kpis = await offered("milestone", { campaign: address, milestone: 0 });
      expect(kpis.map((c) => c.value)).toEqual([0, 1, 2]);
      expect(kpis[0]?.name).toMatch(/^KPI 1\. .* \(in review, can be flagged\)$/);

      const refused = (await life.flagOnDiscord(eve.member, address, 0, RATIONALE)).replaceAll("**", "");
      expect(refused).toContain("code NoDeposit");
      expect(refused).not.toContain("on-chain");
      expect(await kpiFlags(address)).toEqual([0n, 0]);

      const answer = (await life.flagOnDiscord(dan.member, address, 0, RATIONALE)).replaceAll("**", "");
      expect(answer).toContain("Your flag on KPI 1 is on-chain (weight 0.0004)");
      expect(await kpiFlags(address)).toEqual([400n, 1]);
    },
    LONG,
  );

  it(
    "in the console: GIVEN a staker who staked by /stake and /sign THEN /flag <pool> <kpi> <rationale> lands on-chain with its stake as weight; a holder with no stake is refused",
    async () => {
      const [vicWallet, wesWallet] = [await life.chain.fundedKeypair(1), await life.chain.fundedKeypair(1)];
      const vic = stage.person("vic", vicWallet);
      const wes = stage.person("wes", wesWallet);
      await linkWallet(vic, vicWallet, life.app.webUrl);
      await linkWallet(wes, wesWallet, life.app.webUrl);
      const pool = await poolStakedBy(vicWallet.publicKey, 500n);
      const address = pool.address.toBase58();

      const staked = await vic.type(`/stake ${address}`);
      expect(staked).toContain("your stake becomes 0.0005");
      await vic.type("/sign last");
      expect(await delegateOf(address, vicWallet)).toBe(life.protocol.relay.publicKey.toBase58());
      await pool.submit(0);

      const refused = await wes.type(`/flag ${address} 1 ${RATIONALE}`);
      expect(refused).toContain("code NoDeposit");
      expect(refused).not.toContain("on-chain");
      expect(await kpiFlags(address)).toEqual([0n, 0]);

      const answer = await vic.type(`/flag ${address} 1 ${RATIONALE}`);
      expect(answer).toContain("Your flag on KPI 1 is on-chain (weight 0.0005)");
      expect(await kpiFlags(address)).toEqual([500n, 1]);
    },
    LONG,
  );
});
