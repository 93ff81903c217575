/**
 * /flag on a reward pool's KPI submission, end to end on the local stack (the app as production
 * composes it, the localnet, arlocal, the local Telegram Bot API server): a staker who named
 * the relayer its delegate by /stake flags the KPI with a written rationale and the flag lands
 * on-chain with the stake as its weight; a linked holder with no stake gets the program's
 * refusal and nothing is sent.
 */
import { Keypair } from "@solana/web3.js";
import type { User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnchorPoolReader } from "../../bot/chain/pool-reader.js";
import { pepfundProgram } from "../../bot/chain/program.js";
import { PoolFixture } from "../bot/chain/support/pool.js";
import { Life, signingUrl, text } from "./support/life.js";

const LONG = 300_000;

let life: Life;
let pool: PoolFixture;
let pools: AnchorPoolReader;
let tara: { user: User; wallet: Keypair };
let uma: { user: User; wallet: Keypair };

beforeAll(async () => {
  life = await Life.start();
  pool = await PoolFixture.create(life.protocol, [3_000, 3_000, 4_000], 1_000_000n);
  pools = new AnchorPoolReader(pepfundProgram(life.chain.connection, Keypair.generate()));
  tara = { user: life.telegramUser("Tara"), wallet: await life.chain.fundedKeypair(1) };
  uma = { user: life.telegramUser("Uma"), wallet: await life.chain.fundedKeypair(1) };
  await life.linkOnTelegram(tara.user, tara.wallet);
  await life.linkOnTelegram(uma.user, uma.wallet);
  await pool.giveStake(tara.wallet.publicKey, 600n);
}, LONG);

afterAll(async () => {
  await life?.stop();
});

describe("/flag on a KPI submission", () => {
  it(
    "GIVEN a staker whose delegate is the relayer THEN /flag <pool> <kpi> lands on-chain with its stake as weight; a holder with no stake is refused",
    async () => {
      const address = pool.address.toBase58();
      const staked = text(await life.say(tara.user, `/stake ${address}`));
      await life.sign(signingUrl(staked), tara.wallet);
      expect((await pools.getStaker(address, tara.wallet.publicKey.toBase58()))?.delegate).toBe(life.protocol.relay.publicKey.toBase58());
      await pool.submit(0);

      const refused = text(await life.say(uma.user, `/flag ${address} 1 The TVL source shows less than the target.`));
      expect(refused).toContain("code NoDeposit");
      expect(refused).not.toContain("on-chain");
      expect((await pools.getPool(address))?.milestones[0]?.flagCount).toBe(0);

      const answer = text(await life.say(tara.user, `/flag ${address} 1 The TVL source shows less than the target.`));
      expect(answer).toContain("Your flag on KPI 1 is on-chain (weight 0.0006)");
      const kpi = (await pools.getPool(address))?.milestones[0];
      expect([kpi?.flagWeight, kpi?.flagCount]).toEqual([600n, 1]);
    },
    LONG,
  );
});
