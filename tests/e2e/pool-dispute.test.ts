/**
 * A reward pool's disputed KPI, resolved by the PepFund team from chat, end to end on the local
 * stack (the app as production composes it, the localnet, arlocal, the local Telegram Bot API
 * server and Discord server, and console chats hosted by the same app as `npm run demo` hosts
 * them), on each adapter with a pool of its own: a staker's flag carries the quorum, the
 * scheduler's crank disputes the KPI at the window's end, /dispute list names it, and
 * /dispute resolve <pool> <kpi> by a team member with the admin wallet gives a signing page
 * whose signature lands `pool_dispute_resolve`: approved, the KPI's tranche goes to the
 * stakers; rejected, the sponsor may re-submit. Refusals (not on the team, no open dispute)
 * answer with their codes and store nothing on Arweave.
 */
import type { Keypair } from "@solana/web3.js";
import type { User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolFlag, poolStake } from "../../bot/chain/pool-instructions.js";
import { BN } from "../../bot/chain/program.js";
import type { PoolView } from "../../bot/core/pools.js";
import { ChatStage, linkWallet } from "../../bot/demo/chat-stage.js";
import { bytes32 } from "../bot/chain/support/campaign.js";
import { PoolFixture } from "../bot/chain/support/pool.js";
import { Life, TEAM_TELEGRAM_ID, signingUrl, text, until } from "./support/life.js";

const LONG = 300_000;
/** The reward total; KPI 1's tranche is 30% of it. */
const REWARD = 1_000_000n;
const TRANCHE = 300_000n;
const STAKE = 1_000n;
/** The console's team member (the deployment's console team ids). */
const CONSOLE_TEAM_ID = "7100";

let life: Life;
let stage: ChatStage;

beforeAll(async () => {
  stage = new ChatStage([CONSOLE_TEAM_ID]);
  life = await Life.start({ consoleHost: stage });
}, LONG);

afterAll(async () => {
  stage?.close();
  await life?.stop();
});

async function view(pool: PoolFixture): Promise<PoolView> {
  const found = await life.pools.getPool(pool.address.toBase58());
  if (found === null) throw new Error("the pool is not on-chain");
  return found;
}

/**
 * A funded pool of its own whose KPI 1 is disputed: its one staker flags the submission with
 * the whole stake, and the scheduler's crank finalizes the window into a dispute.
 */
async function disputedPool(): Promise<{ pool: PoolFixture; staker: Keypair }> {
  const pool = await PoolFixture.create(life.protocol, [3_000, 3_000, 4_000], REWARD);
  const staker = await life.chain.fundedKeypair(1);
  await pool.giveStake(staker.publicKey, STAKE);
  const program = life.protocol.as(staker);
  await poolStake(program, pool.ref, { owner: staker.publicKey, amount: new BN(STAKE.toString()), delegate: null }).rpc();
  await pool.submit(0);
  const kpi = (await view(pool)).milestones[0]!;
  await poolFlag(program, pool.address, { owner: staker.publicKey, authority: staker.publicKey, payer: staker.publicKey, milestoneIndex: 0, attempt: kpi.attempts, rationale: bytes32(9) }).rpc();
  await life.chain.advanceClock(kpi.windowEnd - (await life.chain.now()));
  await until("KPI 1 disputed", async () => (await view(pool)).milestones[0]?.status === "Disputed");
  return { pool, staker };
}

/** The bot's Arweave balance: unchanged when nothing was uploaded. */
function arweaveBalance(): Promise<string> {
  return life.arlocal.arweave.wallets.getBalance(life.arlocal.walletAddress);
}

/** KPI 1's status, what the pool released to its stakers, and what the staker may claim. */
async function outcome(pool: PoolFixture, staker: Keypair): Promise<[string | undefined, bigint, bigint | undefined]> {
  const after = await view(pool);
  const claimable = (await life.pools.getStaker(pool.address.toBase58(), staker.publicKey.toBase58()))?.claimable;
  return [after.milestones[0]?.status, after.rewards.released, claimable];
}

describe("/dispute on a reward pool's KPI", () => {
  it(
    "on Telegram: GIVEN a disputed KPI THEN /dispute lists it with the pool's address, a non-team user and KPI 2 are refused with nothing stored, and the admin's approval releases the tranche to the stakers",
    async () => {
      const admin: User = life.telegramUser("Admin", TEAM_TELEGRAM_ID);
      const outsider: User = life.telegramUser("Otto");
      await life.linkOnTelegram(admin, life.protocol.admin);
      await life.linkOnTelegram(outsider, await life.chain.fundedKeypair(1));
      const { pool, staker } = await disputedPool();
      const address = pool.address.toBase58();
      const disputed = await view(pool);

      const listed = text(await life.say(admin, "/dispute list"));
      expect(listed).toContain(`Pool #${disputed.id} by ${disputed.sponsor.slice(0, 4)}…${disputed.sponsor.slice(-4)}, KPI 1 KPI 1: tvl_usd ≥ 10000000`);
      expect(listed).toContain(address);

      const balance = await arweaveBalance();
      expect(text(await life.say(outsider, `/dispute ${address} 1 approve The target is met.`))).toContain("code NotTeamMember");
      expect(text(await life.say(admin, `/dispute ${address} 2 approve The target is met.`))).toContain("code NoOpenDispute");
      expect(await arweaveBalance()).toBe(balance);

      const answer = text(await life.say(admin, `/dispute ${address} 1 approve The dashboard shows 10.2 M on the day.`));
      expect(answer).toContain("Sign the resolution (approve) of KPI 1 with the admin wallet");
      expect((await life.sign(signingUrl(answer), life.protocol.admin)).title).toBe("Approve the disputed KPI 1");
      expect(await outcome(pool, staker)).toEqual(["Released", TRANCHE, TRANCHE]);
      // The reason was stored: the balance the refusals left untouched did change.
      expect(await arweaveBalance()).not.toBe(balance);
    },
    LONG,
  );

  it(
    "on Discord: GIVEN a disputed KPI THEN autocomplete offers the pool and its KPIs, and the team's rejection lets the sponsor re-submit with nothing released",
    async () => {
      const admin = life.discord.addMember("admin", [life.teamRoleId, life.managerRoleId]);
      await life.linkOnDiscord(admin, life.protocol.admin);
      const { pool, staker } = await disputedPool();
      const address = pool.address.toBase58();

      const offered = async (focused: string, values: Record<string, string | number>) => {
        const call = await life.discord.autocomplete(admin, "dispute resolve", focused, values).firstResponse();
        return (call.body.data as { choices: { name: string; value: string | number }[] }).choices;
      };
      expect((await offered("campaign", { campaign: address.slice(0, 8) })).map((c) => c.value)).toContain(address);
      const kpis = await offered("milestone", { campaign: address, milestone: 0 });
      expect(kpis.map((c) => c.value)).toEqual([0, 1, 2]);
      expect(kpis[0]?.name).toMatch(/^KPI 1\. .* \(disputed, to decide\)$/);

      const answer = await life.slash(admin, "dispute resolve", { campaign: address, milestone: 0, decision: "reject", reason: "The source read is from another day." });
      expect(answer).toContain("Sign the resolution (reject) of KPI 1 with the admin wallet");
      expect((await life.sign(signingUrl(answer), life.protocol.admin)).title).toBe("Reject the disputed KPI 1");
      expect(await outcome(pool, staker)).toEqual(["Pending", 0n, 0n]);
    },
    LONG,
  );

  it(
    "in the console: GIVEN a disputed KPI THEN /dispute list names it and /dispute resolve then /sign last releases the tranche to the stakers",
    async () => {
      const kim = stage.person("kim", life.protocol.admin, CONSOLE_TEAM_ID);
      await linkWallet(kim, life.protocol.admin, life.app.webUrl);
      const { pool, staker } = await disputedPool();
      const address = pool.address.toBase58();

      expect(await kim.type("/dispute list")).toContain(address);
      const answer = await kim.type(`/dispute resolve ${address} 1 approve The dashboard shows the target.`);
      expect(answer).toContain("Sign the resolution (approve) of KPI 1 with the admin wallet");
      await kim.type("/sign last");
      expect(await outcome(pool, staker)).toEqual(["Released", TRANCHE, TRANCHE]);
    },
    LONG,
  );
});
