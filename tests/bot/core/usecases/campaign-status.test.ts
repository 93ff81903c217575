/**
 * A campaign's status as chat shows it. It reads the chain only (no database), so the
 * fake chain and a clock standing on the boundary seconds are the whole world.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { campaignStatus } from "../../../../bot/core/usecases/campaign-status.js";
import { STALE_AFTER_SECS } from "../../../../bot/core/rules/constants.js";
import { campaign, milestone } from "../../support/campaigns.js";
import { FakeChain, ManualClock, randomAddress } from "../../support/fakes.js";

describe("campaign status", () => {
  let chain: FakeChain;
  let clock: ManualClock;
  let now: number;

  beforeEach(() => {
    chain = new FakeChain();
    clock = new ManualClock();
    now = Math.floor(clock.now().getTime() / 1000);
  });

  async function statusOf(view: ReturnType<typeof campaign>) {
    chain.campaigns.set(view.address, view);
    const result = await campaignStatus({ chain, clock }, view.address);
    if (!result.ok) throw new Error(`refused: ${result.code}`);
    return result.value;
  }

  it("GIVEN a malformed address THEN CampaignNotFound", async () => {
    expect(await campaignStatus({ chain, clock }, "not base58!")).toEqual({ ok: false, code: "CampaignNotFound" });
  });

  it("GIVEN an address with no campaign THEN CampaignNotFound", async () => {
    expect(await campaignStatus({ chain, clock }, randomAddress())).toEqual({ ok: false, code: "CampaignNotFound" });
  });

  it("GIVEN a milestone in review THEN time left, the 0.1% minimum of the total supply, quorum against the backer supply", async () => {
    const view = campaign({
      milestones: [
        milestone(0, { status: "Released", attempts: 1 }),
        milestone(1, {
          status: "InReview",
          attempts: 1,
          windowEnd: now + 3_600,
          supplySnapshot: 2_000_000n,
          backerSupplySnapshot: 1_500_000n,
          flagWeight: 100_000n,
          flagCount: 3,
        }),
        milestone(2),
      ],
    });
    const status = await statusOf(view);
    expect(status.campaign).toBe(view);
    expect(status.current).toBe(1);
    expect(status.milestones[1]).toMatchObject({
      windowSecondsLeft: 3_600,
      flagThreshold: 2_000n,
      quorumReached: false,
      // 10% of 1,500,000 is 150,000; 100,000 flagged.
      weightToQuorum: 50_000n,
      flagCount: 3,
    });
  });

  it("GIVEN flags weighing exactly 10% of the backer supply THEN quorum reached and nothing missing", async () => {
    const status = await statusOf(
      campaign({
        milestones: [
          milestone(0, { status: "InReview", attempts: 1, windowEnd: now + 10, backerSupplySnapshot: 1_000n, flagWeight: 100n }),
          milestone(1),
        ],
      }),
    );
    expect(status.milestones[0]).toMatchObject({ quorumReached: true, weightToQuorum: 0n });
  });

  it("GIVEN the window's end second THEN no time left; one second before THEN one", async () => {
    const view = campaign({ milestones: [milestone(0, { status: "InReview", attempts: 1, windowEnd: now }), milestone(1)] });
    expect((await statusOf(view)).milestones[0]?.windowSecondsLeft).toBe(0);
    clock.advance(-1);
    expect((await statusOf(view)).milestones[0]?.windowSecondsLeft).toBe(1);
  });

  it("GIVEN a milestone not in review THEN no window time is shown, even with an end in the future", async () => {
    const status = await statusOf(
      campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 1, windowEnd: now + 500 }), milestone(1)] }),
    );
    expect(status.milestones[0]?.windowSecondsLeft).toBe(0);
  });

  it("GIVEN a pending milestone past its date THEN behind schedule; 90 days past THEN stale, at the exact second", async () => {
    const estimate = now - 1;
    const view = campaign({
      milestones: [milestone(0, { estimatedCompletion: estimate }), milestone(1, { estimatedCompletion: now + 100 })],
    });
    const first = await statusOf(view);
    expect(first.milestones[0]).toMatchObject({ behindSchedule: true, stale: false, staleAt: estimate + STALE_AFTER_SECS });
    expect(first.milestones[1]).toMatchObject({ behindSchedule: false, stale: false });
    clock.set(new Date((estimate + STALE_AFTER_SECS - 1) * 1000));
    expect((await statusOf(view)).milestones[0]?.stale).toBe(false);
    clock.advance(1);
    expect((await statusOf(view)).milestones[0]?.stale).toBe(true);
  });

  it("GIVEN a milestone in review past its date THEN neither behind schedule nor stale", async () => {
    const status = await statusOf(
      campaign({
        milestones: [
          milestone(0, { status: "InReview", attempts: 1, estimatedCompletion: now - STALE_AFTER_SECS * 2, windowEnd: now + 1 }),
          milestone(1),
        ],
      }),
    );
    expect(status.milestones[0]).toMatchObject({ behindSchedule: false, stale: false });
  });

  it("GIVEN every milestone released THEN no current milestone", async () => {
    const status = await statusOf(
      campaign({
        status: "Completed",
        milestones: [milestone(0, { status: "Released", attempts: 1 }), milestone(1, { status: "Released", attempts: 2 })],
      }),
    );
    expect(status.current).toBeNull();
  });
});
