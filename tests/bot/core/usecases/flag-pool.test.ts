/**
 * A staker's flag on a reward pool's KPI submission, on the real database and a real local
 * Arweave gateway, with the chain read through the pool reader's double and the relayer's
 * double at the network edge: every refusal `pool_flag` would give comes first and in the
 * program's order, and nothing is stored; an accepted flag is stored once per staker per
 * submission and relayed as campaign flags are, so a crash after the transaction went out
 * is resumed with the same key (one transaction) and the staker is told the outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeNotice } from "../../../../bot/core/notice-codec.js";
import type { ChatRef, Store } from "../../../../bot/core/ports.js";
import { checkPoolFlag, requestPoolFlag, type PoolFlagCommand, type PoolFlagDeps } from "../../../../bot/core/usecases/flag-pool.js";
import { carryOutFlag, resumeFlags, type FlagRelayDeps } from "../../../../bot/core/usecases/flag-relay.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { startArlocal, type RunningArlocal } from "../../support/arlocal.js";
import { kpiMilestone, pool, staker } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { countingEvidence } from "../../support/evidence.js";
import { FakeChain, FakePools, ManualClock, randomAddress } from "../../support/fakes.js";
import { PLATFORMS } from "../../support/platforms.js";
import { FakeRelayer } from "../../support/relayer.js";

let arlocal: RunningArlocal;
beforeAll(async () => {
  arlocal = await startArlocal();
}, 60_000);
afterAll(async () => {
  await arlocal.stop();
});

let nextUser = 9000;
const RATIONALE = "The TVL source shows 412k, less than half the target.";

describe.each(databaseKinds)("KPI flags on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  // Real time: the rows' updatedAt, which resuming compares with, is the database client's clock.
  const clock = new ManualClock(new Date());
  const now = () => Math.floor(clock.now().getTime() / 1000);

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** A linked staker of 50,000 units (delegate: the relayer) in a pool whose KPI 1 is under review, 1,000,000 staked in all. */
  async function staking() {
    const relayer = new FakeRelayer();
    const pools = new FakePools();
    nextUser += 1;
    const chat: ChatRef = { platform: "TELEGRAM", userId: String(nextUser), chatId: `-100${nextUser}` };
    const wallet = randomAddress();
    await store.links.insert({ ...chat, address: wallet, challengeNonce: `pool-flag-${nextUser}`, linkedAt: clock.now() });
    const view = pool({
      milestones: [
        kpiMilestone(0, { status: "InReview", attempts: 1, windowEnd: now() + 3_600, supplySnapshot: 1_000_000n }),
        kpiMilestone(1),
        kpiMilestone(2),
      ],
    });
    pools.pools.set(view.address, view);
    pools.stakers.set(`${view.address}:${wallet}`, staker(wallet, { staked: 50_000n, delegate: relayer.authority }));
    const deps: PoolFlagDeps = { store, pools, clock, relayer: relayer.authority };
    const command = { chat, pool: view.address, milestoneIndex: 0, rationale: RATIONALE };
    const storedRows = () => db.prisma.flagRequest.count({ where: { campaign: view.address } });
    return { deps, relayer, pools, chat, wallet, view, command, storedRows };
  }

  /** Replaces KPI 1 of the staker's pool. */
  function setKpi(s: Awaited<ReturnType<typeof staking>>, overrides: Parameters<typeof kpiMilestone>[1], poolOverrides = {}) {
    s.pools.pools.set(s.view.address, { ...s.view, ...poolOverrides, milestones: [kpiMilestone(0, { ...s.view.milestones[0], ...overrides }), ...s.view.milestones.slice(1)] });
  }

  it("GIVEN a staker whose delegate is the relayer THEN the flag is stored once as a pool flag with the stake as weight; a double click is FlagAlreadyRequested", async () => {
    const s = await staking();
    const first = await requestPoolFlag(s.deps, s.command);
    expect(first.ok && first.value.weight).toBe(50_000n);
    if (!first.ok) return;
    expect(first.value.request).toMatchObject({ subject: "POOL", campaign: s.view.address, wallet: s.wallet, milestoneIndex: 0, attempt: 1, rationale: RATIONALE, status: "ACCEPTED" });
    expect(await requestPoolFlag(s.deps, s.command)).toEqual({ ok: false, code: "FlagAlreadyRequested" });
    expect(await s.storedRows()).toBe(1);
  });

  it("GIVEN stake added during the window THEN the flag weighs only what was staked before it; nothing before THEN NoDeposit", async () => {
    const s = await staking();
    const key = `${s.view.address}:${s.wallet}`;
    s.pools.stakers.set(key, staker(s.wallet, { staked: 50_000n, delegate: s.relayer.authority, windowWeight: { milestoneIndex: 0, attempt: 1, weightBefore: 20_000n } }));
    expect(await checkPoolFlag(s.deps, { wallet: s.wallet, pool: s.view.address, milestoneIndex: 0 })).toEqual({ ok: true, value: { weight: 20_000n, attempt: 1, pool: s.view } });
    s.pools.stakers.set(key, staker(s.wallet, { staked: 50_000n, delegate: s.relayer.authority, windowWeight: { milestoneIndex: 0, attempt: 1, weightBefore: 0n } }));
    expect(await requestPoolFlag(s.deps, s.command)).toMatchObject({ ok: false, code: "NoDeposit" });
    expect(await s.storedRows()).toBe(0);
  });

  it("GIVEN each rule broken THEN the program's refusal, in its order, and nothing stored", async () => {
    const s = await staking();
    const refusedWith = async (code: string, command: PoolFlagCommand = s.command) => {
      expect((await requestPoolFlag(s.deps, command)) as { code?: string }).toMatchObject({ ok: false, code });
    };
    await refusedWith("RationaleRequired", { ...s.command, rationale: "   " });
    await refusedWith("NotLinked", { ...s.command, chat: { platform: "TELEGRAM", userId: "never-linked", chatId: "1" } });
    // The accounts first: a flag record `init` refuses twice even when the window closed meanwhile.
    s.pools.flags.add(`${s.view.address}:0:1:${s.wallet}`);
    setKpi(s, { windowEnd: now() - 1 });
    await refusedWith("AlreadyFlagged");
    s.pools.flags.clear();
    // validate_actor before the handler: a staker who named no delegate, in a pool no longer active.
    s.pools.stakers.set(`${s.view.address}:${s.wallet}`, staker(s.wallet, { staked: 50_000n }));
    setKpi(s, {}, { status: "Completed" });
    await refusedWith("NotHolderOrDelegate");
    s.pools.stakers.set(`${s.view.address}:${s.wallet}`, staker(s.wallet, { staked: 50_000n, delegate: s.relayer.authority }));
    await refusedWith("InvalidPoolState");
    setKpi(s, {});
    await refusedWith("MilestoneNotFound", { ...s.command, milestoneIndex: 7 });
    await refusedWith("InvalidMilestoneState", { ...s.command, milestoneIndex: 1 });
    setKpi(s, { attempts: 2 });
    await refusedWith("StaleSubmission", { ...s.command, attempt: 1 });
    setKpi(s, { windowEnd: now() });
    await refusedWith("WindowClosed");
    setKpi(s, { supplySnapshot: 60_000_000n });
    const below = await requestPoolFlag(s.deps, s.command);
    expect(below).toEqual({ ok: false, code: "BelowFlagThreshold", details: { deposited: "50000", threshold: "60000" } });
    s.pools.stakers.delete(`${s.view.address}:${s.wallet}`);
    await refusedWith("NoDeposit");
    expect(await s.storedRows()).toBe(0);
  });

  it("GIVEN the button's submission THEN the pool, the staker and the flag record are read at once; without it the flag record waits for the pool", async () => {
    const s = await staking();
    const log: string[] = [];
    const slow = <T>(name: string, answer: () => Promise<T>) => async (): Promise<T> => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${name}`);
      return answer();
    };
    const pools = {
      getPool: (address: string) => slow("getPool", () => s.pools.getPool(address))(),
      getStaker: (address: string, wallet: string) => slow("getStaker", () => s.pools.getStaker(address, wallet))(),
      hasFlagged: (address: string, index: number, attempt: number, owner: string) => slow("hasFlagged", () => s.pools.hasFlagged(address, index, attempt, owner))(),
    };
    s.pools.flags.add(`${s.view.address}:0:1:${s.wallet}`);
    expect(await requestPoolFlag({ ...s.deps, pools }, { ...s.command, attempt: 1 })).toMatchObject({ ok: false, code: "AlreadyFlagged" });
    expect(log.indexOf("start hasFlagged")).toBeLessThan(log.indexOf("end getPool"));
    log.length = 0;
    expect(await requestPoolFlag({ ...s.deps, pools }, s.command)).toMatchObject({ ok: false, code: "AlreadyFlagged" });
    expect(log.indexOf("start getStaker")).toBeLessThan(log.indexOf("end getPool"));
    expect(log.indexOf("start hasFlagged")).toBeGreaterThan(log.indexOf("end getPool"));
  });

  it("GIVEN an accepted KPI flag THEN the rationale is on Arweave and pool_flag is relayed with its id; a crash after sending is resumed once and the staker told", async () => {
    clock.set(new Date());
    const s = await staking();
    const accepted = await requestPoolFlag(s.deps, s.command);
    if (!accepted.ok) throw new Error(`flag refused: ${accepted.code}`);
    const { request } = accepted.value;
    const evidence = countingEvidence(arlocal);
    const relay: FlagRelayDeps = { store, evidence: evidence.store, relayer: s.relayer, clock, gatewayUrl: arlocal.url };
    s.relayer.crashAfterSend = true;
    await expect(carryOutFlag(relay, request.id)).rejects.toThrow("killed");
    expect((await db.prisma.flagRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("SENT");

    clock.advance(61);
    const resume = { ...relay, chain: new FakeChain(), pools: s.pools, platforms: PLATFORMS };
    expect(await resumeFlags(resume, { staleAfterMs: 60_000, limit: 100 })).toBeGreaterThanOrEqual(1);
    // Earlier tests' stored requests resume here too, each under its own key.
    const sent = s.relayer.sent.get(request.idempotencyKey);
    const row = await db.prisma.flagRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(sent).toMatchObject({ method: "poolFlag", input: { pool: s.view.address, owner: s.wallet, milestoneIndex: 0, attempt: 1, rationaleId: row.rationaleId } });
    expect(s.relayer.calls.filter((c) => c.key === request.idempotencyKey)).toHaveLength(2);
    expect([...s.relayer.sent.keys()].filter((k) => k === request.idempotencyKey)).toHaveLength(1);
    expect(row.status).toBe("CONFIRMED");
    await arlocal.mine();
    const stored = await evidence.store.read(row.rationaleId ?? "", 10_000);
    expect(new TextDecoder().decode(stored.bytes)).toBe(RATIONALE);

    const told = await db.prisma.outboxMessage.findFirstOrThrow({ where: { dedupeKey: { startsWith: `flag-outcome:${request.id}` } } });
    const payload = told.payload as { target: unknown; notice: unknown };
    expect(payload.target).toEqual({ platform: "TELEGRAM", chatId: s.chat.userId });
    expect(decodeNotice(payload.notice)).toMatchObject({
      kind: "PoolFlagOutcome",
      pool: { address: s.view.address, label: expect.stringContaining("Pool #0") as unknown },
      kpi: { index: 0, attempt: 1, metric: "tvl_usd" },
      outcome: { status: "confirmed" },
    });
  });
});
