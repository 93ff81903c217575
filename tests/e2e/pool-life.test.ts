/**
 * A reward pool's life through chat, end to end on the local stack (the whole app as
 * production composes it, the real program on the localnet, the real grammY and discord.js
 * clients against the local platform servers): holders find the pool with /pools and /pool,
 * stake with /stake and sign on the page, a KPI tranche is released to them, they see what
 * they earned and /claim it, and /unstake takes the stake back; the pool's public page shows it. Tara acts on Telegram, Dan on
 * Discord; balances are asserted on-chain. The console adapter runs the same commands
 * (tests/bot/demo/demo-run.test.ts drives a pool through console chats).
 */
import type { Keypair } from "@solana/web3.js";
import type { User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { associatedTokenAddress } from "../../bot/chain/token.js";
import { poolLabel } from "../../bot/core/pools.js";
import type { MemberRecord } from "../discord-server/server.js";
import { PoolFixture } from "../bot/chain/support/pool.js";
import { Life, signingUrl, text } from "./support/life.js";

const LONG = 300_000;
const REWARD = 1_000_000n;

let life: Life;
let pool: PoolFixture;
let tara: { user: User; wallet: Keypair };
let dan: { member: MemberRecord; wallet: Keypair };

/** Dan's final answer on Discord, without its markdown emphasis. */
async function onDiscord(command: string, values: Record<string, string>): Promise<string> {
  return (await life.slash(dan.member, command, values)).replaceAll("**", "");
}

beforeAll(async () => {
  life = await Life.start();
  pool = await PoolFixture.create(life.protocol, [3_000, 3_000, 4_000], REWARD);
  tara = { user: life.telegramUser("Tara"), wallet: await life.chain.fundedKeypair(1) };
  dan = { member: life.discord.addMember("dan"), wallet: await life.chain.fundedKeypair(1) };
  await life.linkOnTelegram(tara.user, tara.wallet);
  await life.linkOnDiscord(dan.member, dan.wallet);
  await pool.giveStake(tara.wallet.publicKey, 600n);
  await pool.giveStake(dan.wallet.publicKey, 400n);
}, LONG);

afterAll(async () => {
  await life?.stop();
});

async function rewards(wallet: Keypair): Promise<bigint> {
  const account = associatedTokenAddress(wallet.publicKey, pool.ref.account.rewardMint);
  return (await life.chain.connection.getAccountInfo(account)) === null ? 0n : life.chain.tokenBalance(account);
}

describe("a reward pool through chat", () => {
  const address = () => pool.address.toBase58();

  it("GIVEN a funded pool THEN /pools lists it and /pool shows its KPIs", async () => {
    const view = await life.pools.getPool(address());
    if (view === null) throw new Error("the pool is not on-chain");
    const label = poolLabel(view);
    const list = text(await life.say(tara.user, "/pools"));
    expect(list).toContain(address());
    expect(list).toContain(label);
    const status = text(await life.say(tara.user, `/pool ${address()}`));
    expect(status).toContain("KPI 1: KPI 1 (30%)");
    expect(status).toContain("tvl_usd reaches 10000000, read from defillama:protocol/pepfund");
    expect(status).toContain("Your linked wallet has no stake here");
  }, LONG);

  it("GIVEN stake tokens THEN /stake on Telegram and on Discord, signed on the page, stakes them on-chain", async () => {
    const relay = life.protocol.relay.publicKey.toBase58();
    const answer = text(await life.say(tara.user, `/stake ${address()}`));
    expect(answer).toContain("Stake 0.0006; your stake becomes 0.0006");
    expect(answer).toContain(`The PepFund relayer ${relay} becomes your delegate`);
    expect((await life.sign(signingUrl(answer), tara.wallet)).title).toBe("Stake in the reward pool and let the PepFund relayer flag for you");

    const danStake = await onDiscord("stake", { pool: address(), amount: "0.0004" });
    expect(danStake).toContain("Stake 0.0004; your stake becomes 0.0004");
    await life.sign(signingUrl(danStake), dan.wallet);

    const taraStake = await life.pools.getStaker(address(), tara.wallet.publicKey.toBase58());
    expect(taraStake?.staked).toBe(600n);
    expect(taraStake?.delegate).toBe(relay);
    expect((await life.pools.getPool(address()))?.rewards.totalStaked).toBe(1_000n);
    // Everything was staked: a second stake is refused with what the wallet holds.
    expect(text(await life.say(tara.user, `/stake ${address()}`))).toContain("does not hold that many of the pool's stake tokens. It holds 0.");
  }, LONG);

  it("GIVEN a released KPI tranche THEN each staker sees and /claims their pro-rata share", async () => {
    expect(text(await life.say(tara.user, `/claim ${address()}`))).toContain("You have no pool rewards to claim yet");
    await pool.release(0);
    expect(text(await life.say(tara.user, `/pool ${address()}`))).toContain("claimable now: 0.18");

    const claim = text(await life.say(tara.user, `/claim ${address()}`));
    expect(claim).toContain("Claim 0.18 reward tokens");
    expect((await life.sign(signingUrl(claim), tara.wallet)).title).toBe("Claim your pool rewards");
    expect(await rewards(tara.wallet)).toBe(180_000n);

    await life.sign(signingUrl(await onDiscord("claim", { pool: address() })), dan.wallet);
    expect(await rewards(dan.wallet)).toBe(120_000n);
    expect(text(await life.say(tara.user, `/claim ${address()}`))).toContain("You have no pool rewards to claim yet");
  }, LONG);

  it("GIVEN a stake THEN /unstake returns it, more than the stake is refused in stake words, and a wrong address is refused clearly", async () => {
    const tooMuch = await onDiscord("unstake", { pool: address(), amount: "0.0005" });
    expect(tooMuch).toContain("Your stake in this pool is smaller than that: 0.0004 staked.");
    expect(tooMuch).toContain("code InsufficientDeposit");
    const unstake = await onDiscord("unstake", { pool: address() });
    expect(unstake).toContain("Unstake 0.0004 back to your wallet; your stake becomes 0");
    await life.sign(signingUrl(unstake), dan.wallet);
    const stakeAccount = associatedTokenAddress(dan.wallet.publicKey, pool.ref.account.stakeMint);
    expect(await life.chain.tokenBalance(stakeAccount)).toBe(400n);
    expect(await onDiscord("unstake", { pool: address() })).toContain("Your linked wallet has nothing staked in that pool.");
    expect(text(await life.say(tara.user, `/pool ${life.protocol.usdcMint.toBase58()}`))).toContain("There is no PepFund reward pool at that address.");
  }, LONG);

  it("GIVEN the pool THEN its public page shows the KPIs and the release, and an unknown pool is a 404 page", async () => {
    const page = await fetch(`${life.app.webUrl}/p/${address()}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain("KPI 1: KPI 1 (30%)");
    expect(html).toContain("released: 0.3 to stakers");
    expect(html).not.toContain("<script");
    expect((await fetch(`${life.app.webUrl}/p/${life.protocol.usdcMint.toBase58()}`)).status).toBe(404);
  }, LONG);
});
