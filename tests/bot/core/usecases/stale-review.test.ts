/**
 * Stale reviews from chat: open when the current milestone is 90 days past its estimate and
 * no review runs, else support the running one; every refusal in stale_open / stale_support
 * order, checked before the relayer is asked. Links in the real embedded database; the chain
 * reader and relayer are doubles at the network edge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CampaignView, ChatRef, Store } from "../../../../bot/core/ports.js";
import { STALE_AFTER_SECS } from "../../../../bot/core/rules/constants.js";
import { staleAction, type StaleDeps } from "../../../../bot/core/usecases/stale-review.js";
import { openDatabase, type Database } from "../../../../bot/store/database.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { campaign, milestone } from "../../support/campaigns.js";
import { FakeChain, ManualClock, randomAddress } from "../../support/fakes.js";
import { FakeRelayer } from "../../support/relayer.js";

let db: Database;
let store: Store;
beforeAll(async () => {
  db = await openDatabase({ kind: "pglite" });
  store = prismaStore(db.prisma);
});
afterAll(async () => {
  await db.close();
});

const clock = new ManualClock();
const now = Math.floor(clock.now().getTime() / 1000);
let nextUser = 30_000;

/** A linked holder (relayer as delegate) of a campaign whose milestone 2 is `pastDue` seconds past its estimate. */
async function scene(options: { pastDue?: number; deposited?: bigint; delegate?: "relayer" | "none"; review?: Partial<CampaignView["staleReview"]> } = {}) {
  const chain = new FakeChain();
  const relayer = new FakeRelayer();
  nextUser += 1;
  const chat: ChatRef = { platform: "TELEGRAM", userId: String(nextUser), chatId: String(nextUser) };
  const wallet = randomAddress();
  await store.links.insert({ ...chat, address: wallet, challengeNonce: `stale-${nextUser}`, linkedAt: clock.now() });
  const estimated = now - (options.pastDue ?? STALE_AFTER_SECS);
  const view = campaign({
    milestones: [milestone(0, { status: "Released" }), milestone(1, { estimatedCompletion: estimated }), milestone(2)],
    staleReview: { round: 0, active: false, milestoneIndex: 0, endsAt: 0, supportWeight: 0n, backerSupplySnapshot: 0n, ...options.review },
  });
  chain.campaigns.set(view.address, view);
  chain.setHolder(view.address, {
    owner: wallet,
    deposited: options.deposited ?? 1_000n,
    delegate: options.delegate === "none" ? null : relayer.authority,
    lockedUntil: 0,
  });
  const deps: StaleDeps = { store, chain, relayer, clock };
  return { deps, chain, relayer, chat, wallet, view };
}

describe("staleAction", () => {
  it("GIVEN a stale campaign with no review THEN the holder opens round 1 through the relayer, with their deposit as weight", async () => {
    const { deps, relayer, chat, wallet, view } = await scene();
    const result = await staleAction(deps, { chat, campaign: view.address });
    expect(result).toMatchObject({ ok: true, value: { action: "opened", round: 1, weight: 1_000n, outcome: { status: "confirmed" } } });
    expect([...relayer.sent.entries()]).toEqual([
      [`stale:${view.address}:1:${wallet}`, expect.objectContaining({ method: "staleOpen", input: { campaign: view.address, owner: wallet, round: 1 } })],
    ]);
  });

  it("GIVEN a running review THEN the holder supports that round", async () => {
    const { deps, relayer, chat, view } = await scene({ review: { round: 2, active: true, endsAt: now + 100 } });
    const result = await staleAction(deps, { chat, campaign: view.address });
    expect(result).toMatchObject({ ok: true, value: { action: "supported", round: 2 } });
    expect([...relayer.sent.values()].map((s) => s.method)).toEqual(["staleSupport"]);
  });

  it("GIVEN the same holder twice THEN one transaction; once on-chain THEN AlreadySupported", async () => {
    const { deps, chain, relayer, chat, wallet, view } = await scene({ review: { round: 1, active: true, endsAt: now + 100 } });
    await staleAction(deps, { chat, campaign: view.address });
    await staleAction(deps, { chat, campaign: view.address });
    expect(relayer.sent.size).toBe(1);
    chain.staleVotes.add(`${view.address}:1:${wallet}`);
    expect(await staleAction(deps, { chat, campaign: view.address })).toEqual({ ok: false, code: "AlreadySupported" });
  });

  it("GIVEN the campaign read lately THEN its round's vote is read beside the holder, and a read behind the chain's round is not trusted", async () => {
    const { deps, chain, chat, wallet, view } = await scene({ review: { round: 1, active: true, endsAt: now + 100 } });
    await chain.getCampaign(view.address);
    const asked: number[] = [];
    const counting = Object.assign(Object.create(chain) as FakeChain, {
      hasSupportedStale: (campaign: string, round: number, owner: string) => {
        asked.push(round);
        return chain.hasSupportedStale(campaign, round, owner);
      },
    });
    chain.staleVotes.add(`${view.address}:1:${wallet}`);
    expect(await staleAction({ ...deps, chain: counting }, { chat, campaign: view.address })).toEqual({ ok: false, code: "AlreadySupported" });
    expect(asked).toEqual([1]);
    // The review ended and a new one opened (round 2) since that read: round 2 decides.
    chain.campaigns.set(view.address, { ...view, staleReview: { ...view.staleReview, round: 2 } });
    asked.length = 0;
    expect(await staleAction({ ...deps, chain: counting }, { chat, campaign: view.address })).toMatchObject({ ok: true, value: { action: "supported", round: 2 } });
    expect(asked).toEqual([1, 2]);
  });

  it("GIVEN one second before the stale date THEN NotStale; at it THEN opened", async () => {
    const early = await scene({ pastDue: STALE_AFTER_SECS - 1 });
    expect(await staleAction(early.deps, { chat: early.chat, campaign: early.view.address })).toMatchObject({ ok: false, code: "NotStale" });
    const onTime = await scene({ pastDue: STALE_AFTER_SECS });
    expect(await staleAction(onTime.deps, { chat: onTime.chat, campaign: onTime.view.address })).toMatchObject({ ok: true });
  });

  it("GIVEN each refusal THEN its code, in the program's order, and the relayer never asked", async () => {
    const codeOf = async (s: Awaited<ReturnType<typeof scene>>, chat = s.chat, address = s.view.address) => {
      const result = await staleAction(s.deps, { chat, campaign: address });
      return result.ok ? "ok" : result.code;
    };
    const base = await scene();
    expect(await codeOf(base, { platform: "DISCORD", userId: "1", chatId: "1" })).toBe("NotLinked");
    expect(await codeOf(base, base.chat, randomAddress())).toBe("CampaignNotFound");
    base.chain.holders.clear();
    expect(await codeOf(base)).toBe("NotDeposited");
    // No delegate and an inactive campaign: the delegate check comes first.
    const noDelegate = await scene({ delegate: "none" });
    noDelegate.chain.campaigns.set(noDelegate.view.address, { ...noDelegate.view, status: "Completed" });
    expect(await codeOf(noDelegate)).toBe("NotHolderOrDelegate");
    const inactive = await scene();
    inactive.chain.campaigns.set(inactive.view.address, { ...inactive.view, status: "Completed" });
    expect(await codeOf(inactive)).toBe("InvalidCampaignState");
    const allReleased = await scene();
    allReleased.chain.campaigns.set(allReleased.view.address, {
      ...allReleased.view,
      milestones: allReleased.view.milestones.map((m) => ({ ...m, status: "Released" as const })),
    });
    expect(await codeOf(allReleased)).toBe("NotStale");
    const ended = await scene({ review: { round: 1, active: true, endsAt: now } });
    expect(await codeOf(ended)).toBe("StaleReviewEnded");
    const empty = await scene({ deposited: 0n });
    expect(await codeOf(empty)).toBe("NoDeposit");
    for (const s of [base, noDelegate, inactive, allReleased, ended, empty]) expect(s.relayer.calls).toEqual([]);
  });

  it("GIVEN the program refuses anyway THEN the outcome carries its code", async () => {
    const { deps, relayer, chat, view } = await scene();
    relayer.failWith = "StaleReviewOpen";
    expect(await staleAction(deps, { chat, campaign: view.address })).toMatchObject({
      ok: true,
      value: { outcome: { status: "failed", code: "StaleReviewOpen" } },
    });
  });
});
