/**
 * Reward pools through the relayer and the scheduler on the localnet, with the real
 * AnchorPoolReader and ChainRelayer: a KPI flag relayed for a staker who named the relay
 * authority its delegate lands with the weight `poolFlagWeight` computes; flags the program
 * refuses come back with its answer (relayer not the delegate, stake added during the window);
 * and a scheduler pass with pools cranks `pool_finalize` once the window has ended, releasing
 * the tranche to stakers, under one key per submission.
 */
import { BN } from "@coral-xyz/anchor";
import { Keypair, type PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schedulerPass } from "../../../bot/app/scheduler.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { AnchorPoolReader } from "../../../bot/chain/pool-reader.js";
import { poolStake } from "../../../bot/chain/pool-instructions.js";
import { InMemoryRelayJournal } from "../../../bot/chain/relayer/journal.js";
import { ChainRelayer } from "../../../bot/chain/relayer/relayer.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { arweaveIdFromBytes } from "../../../bot/core/evidence-ids.js";
import { poolFlagWeight } from "../../../bot/core/pools.js";
import { checkPoolFlag } from "../../../bot/core/usecases/flag-pool.js";
import { openDatabase, type Database } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { bytes32 } from "../chain/support/campaign.js";
import { TestChain } from "../chain/support/localnet.js";
import { PoolFixture } from "../chain/support/pool.js";
import { Protocol } from "../chain/support/protocol.js";
import { MemoryLogger } from "../telegram/harness.js";
import { PLATFORMS } from "../support/platforms.js";

const UNIT = 1_000_000n;
const LONG = 240_000;

let chain: TestChain;
let protocol: Protocol;
let database: Database;

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  database = await openDatabase({ kind: "pglite" });
}, LONG);

afterAll(async () => {
  await database?.close();
  await chain?.stop();
});

describe("GIVEN an active pool with a KPI in review", () => {
  it(
    "WHEN the relayer flags for its stakers THEN the delegate's flag lands with its weight, the others get the program's refusal, and the scheduler's crank releases the tranche after the window",
    async () => {
      const pool = await PoolFixture.create(protocol, [4_000, 3_000, 3_000], 1_000n * UNIT);
      const stake = async (owner: Keypair, amount: bigint, delegate: PublicKey | null) => {
        await pool.giveStake(owner.publicKey, amount);
        await poolStake(protocol.as(owner), pool.ref, { owner: owner.publicKey, amount: new BN(amount.toString()), delegate }).rpc();
      };
      const [alice, bob, carol, erin] = await Promise.all([chain.fundedKeypair(), chain.fundedKeypair(), chain.fundedKeypair(), chain.fundedKeypair()]);
      await stake(alice, 50n * UNIT, protocol.relay.publicKey); // names the relayer: 50 of 1,050 is below the 10% quorum
      await stake(bob, 1_000n * UNIT, null); // did not name the relayer
      await stake(erin, 1n, protocol.relay.publicKey); // one base unit: below 0.1% of the stake
      await pool.submit(0);
      await stake(carol, 20n * UNIT, protocol.relay.publicKey); // staked during the window: weight 0

      const feePayer = await chain.fundedKeypair();
      const program = pepfundProgram(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }), feePayer);
      const relayer = new ChainRelayer({ program, feePayer, authority: protocol.relay, journal: new InMemoryRelayJournal(), pollIntervalMs: 100 });
      const pools = new AnchorPoolReader(pepfundProgram(chain.connection, Keypair.generate()));
      const address = pool.address.toBase58();
      const rationaleId = arweaveIdFromBytes(Uint8Array.from(bytes32(9)));
      const flag = (owner: Keypair) => relayer.poolFlag({ pool: address, owner: owner.publicKey.toBase58(), milestoneIndex: 0, attempt: 1, rationaleId }, `pool-flag:${owner.publicKey.toBase58()}`);

      const aliceRecord = await pools.getStaker(address, alice.publicKey.toBase58());
      const expected = poolFlagWeight(aliceRecord!, 0, 1);
      expect(expected).toBe(50n * UNIT);
      expect(await flag(alice)).toMatchObject({ status: "confirmed" });
      const flagged = (await pools.getPool(address))!.milestones[0]!;
      expect([flagged.flagWeight, flagged.flagCount]).toEqual([expected, 1]);

      expect(await flag(bob)).toMatchObject({ status: "failed", code: "NotHolderOrDelegate" });
      const carolRecord = await pools.getStaker(address, carol.publicKey.toBase58());
      expect(poolFlagWeight(carolRecord!, 0, 1)).toBe(0n);
      expect(await flag(carol)).toMatchObject({ status: "failed", code: "NoDeposit" });
      // The chat's check (/flag <pool> <kpi>) gives the program's answers before anything is uploaded or sent.
      const at = new Date((await chain.now()) * 1000);
      const check = (owner: string) => checkPoolFlag({ pools, relayer: relayer.authority, clock: { now: () => at } }, { wallet: owner, pool: address, milestoneIndex: 0 });
      expect(await check(bob.publicKey.toBase58())).toMatchObject({ ok: false, code: "NotHolderOrDelegate" });
      expect(await check(carol.publicKey.toBase58())).toMatchObject({ ok: false, code: "NoDeposit" });
      expect(await check(Keypair.generate().publicKey.toBase58())).toMatchObject({ ok: false, code: "NoDeposit" });
      expect(await check(erin.publicKey.toBase58())).toMatchObject({ ok: false, code: "BelowFlagThreshold" });
      expect(await relayer.poolFlag({ pool: address, owner: erin.publicKey.toBase58(), milestoneIndex: 0, attempt: 1, rationaleId }, "pool-flag:erin")).toMatchObject({ status: "failed", code: "BelowFlagThreshold" });
      // A second flag by the same staker is refused: the flag record exists, and the chat's check reads it.
      expect(await check(alice.publicKey.toBase58())).toMatchObject({ ok: false, code: "AlreadyFlagged" });
      expect(await relayer.poolFlag({ pool: address, owner: alice.publicKey.toBase58(), milestoneIndex: 0, attempt: 1, rationaleId }, "pool-flag:again")).toMatchObject({ status: "failed" });
      expect((await pools.getPool(address))!.milestones[0]!.flagWeight).toBe(expected);

      const log = new MemoryLogger();
      const deps = {
        store: prismaStore(database.prisma),
        chain: new AnchorChainReader(pepfundProgram(chain.connection, Keypair.generate())),
        pools,
        relayer,
        teamChats: [],
        gatewayUrl: "https://arweave.net",
        platforms: PLATFORMS,
        log,
        retries: new Map<string, number>(),
      };
      // Before the window's end nothing of the pool is due.
      const before = await schedulerPass({ ...deps, now: () => chain.now() });
      expect(before.confirmed).toBe(0);
      expect((await pools.getPool(address))!.rewards.released).toBe(0n);

      const windowEnd = flagged.windowEnd;
      await chain.advanceClock(windowEnd - (await chain.now()));
      const closed = new Date((await chain.now()) * 1000);
      // Erin's stake was below the threshold; the closed window is refused first (alice's flag record would be, before it).
      expect(await checkPoolFlag({ pools, relayer: relayer.authority, clock: { now: () => closed } }, { wallet: erin.publicKey.toBase58(), pool: address, milestoneIndex: 0 })).toMatchObject({
        ok: false,
        code: "WindowClosed",
      });
      const due = await schedulerPass({ ...deps, now: () => chain.now() });
      expect(due).toMatchObject({ confirmed: 1 });
      const released = (await pools.getPool(address))!;
      expect(released.milestones[0]!.status).toBe("Released");
      expect(released.rewards.released).toBe(400n * UNIT);
      // The next pass finds nothing of this pool due.
      const after = await schedulerPass({ ...deps, now: () => chain.now() });
      expect(after.confirmed).toBe(0);
    },
    LONG,
  );
});
