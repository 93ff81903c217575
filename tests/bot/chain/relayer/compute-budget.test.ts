/**
 * The priority-fee estimator and the compute-unit limit: the percentile of given samples
 * (what a real node answers: one fee per recent slot, many zeros), the cap, and on the
 * localnet the real RPC answers (no recent fees: price 0; a simulated flag-sized limit).
 */
import { Keypair, SystemProgram } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_FEES,
  MAX_COMPUTE_UNITS,
  computeBudget,
  percentileFee,
  priorityFee,
  simulatedUnitLimit,
} from "../../../../bot/chain/relayer/compute-budget.js";
import { DEFAULT_RETRY, relayConnection } from "../../../../bot/chain/relayer/rpc.js";
import { TestChain } from "../support/localnet.js";

describe("percentileFee", () => {
  // 150 slots as mainnet answers: most at 0, a busy tail.
  const samples = [...Array<number>(100).fill(0), ...Array.from({ length: 50 }, (_, i) => (i + 1) * 1_000)];

  it("GIVEN recent slots' fees THEN the nearest-rank percentile", () => {
    expect(percentileFee(samples, 50)).toBe(0);
    expect(percentileFee(samples, 75)).toBe(13_000); // rank 113 of 150: the 13th busy slot
    expect(percentileFee(samples, 90)).toBe(35_000);
    expect(percentileFee(samples, 100)).toBe(50_000);
    expect(percentileFee([7, 3, 5], 0)).toBe(3);
    expect(percentileFee([], 75)).toBe(0);
  });
});

describe("on the localnet", () => {
  let chain: TestChain;
  beforeAll(async () => {
    chain = await TestChain.start();
  }, 180_000);
  afterAll(async () => {
    await chain?.stop();
  });

  it("GIVEN auto and the node's real answer (no recent fees) THEN 0; a fixed price above the cap THEN the cap", async () => {
    const connection = relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl });
    const account = Keypair.generate().publicKey;
    expect(await connection.getRecentPrioritizationFees({ lockedWritableAccounts: [account] })).toEqual([]);
    expect(await priorityFee(connection, [account], DEFAULT_FEES, DEFAULT_RETRY)).toBe(0);
    expect(await priorityFee(connection, [account], { ...DEFAULT_FEES, price: 9_000, maxPrice: 4_000 }, DEFAULT_RETRY)).toBe(4_000);
    expect(await priorityFee(connection, [account], { ...DEFAULT_FEES, price: 3_000, maxPrice: 4_000 }, DEFAULT_RETRY)).toBe(3_000);
  });

  it("GIVEN auto limit THEN the simulated units plus a margin, far below the maximum; a failing transaction THEN a fallback", async () => {
    const connection = relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl });
    const payer = await chain.fundedKeypair(1);
    const transfer = SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 });
    const limit = await simulatedUnitLimit(connection, payer.publicKey, [transfer], DEFAULT_RETRY);
    expect(limit.passed).toBe(true);
    expect(limit.units).toBeGreaterThanOrEqual(10_000);
    expect(limit.units).toBeLessThan(20_000);
    const broke = Keypair.generate().publicKey;
    const impossible = SystemProgram.transfer({ fromPubkey: broke, toPubkey: payer.publicKey, lamports: 1_000_000 });
    expect(await simulatedUnitLimit(connection, payer.publicKey, [impossible], DEFAULT_RETRY)).toEqual({ units: 200_000, passed: false });
    // An unfunded payer (a Solana Action's wallet with no SOL yet; the node answers AccountNotFound): the fallback, at once.
    const started = Date.now();
    expect(await simulatedUnitLimit(connection, Keypair.generate().publicKey, [transfer, transfer], DEFAULT_RETRY)).toEqual({ units: 400_000, passed: false });
    expect(Date.now() - started).toBeLessThan(1_000);
    const fixed = await computeBudget(connection, payer.publicKey, [transfer], { ...DEFAULT_FEES, unitLimit: MAX_COMPUTE_UNITS, price: 7 }, DEFAULT_RETRY);
    expect(fixed.simulated).toBe(false);
    const [limitIx, priceIx] = fixed.instructions;
    expect(limitIx!.data.readUInt32LE(1)).toBe(MAX_COMPUTE_UNITS);
    expect(priceIx!.data.readBigUInt64LE(1)).toBe(7n);
  });
});
