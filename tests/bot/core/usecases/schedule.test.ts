/**
 * The scheduler's rules: cranks due from the window's end second (not before), stale review
 * finalization from its end, behind-schedule and stale warnings for the current milestone
 * only, team reminders inside the reminder window before a dispute's deadline, followers'
 * reminders in a review window's last 24 hours; keys that make each act once.
 */
import { describe, expect, it } from "vitest";
import { STALE_AFTER_SECS } from "../../../../bot/core/rules/constants.js";
import { campaignLabel } from "../../../../bot/core/labels.js";
import { REVIEW_CLOSING_SECS, scheduleDue } from "../../../../bot/core/usecases/schedule.js";
import { campaign, milestone } from "../../support/campaigns.js";

const T = 2_000_000_000;

describe("scheduleDue", () => {
  it("GIVEN a window ending at T THEN no crank at T-1, a finalize crank at T keyed by campaign, milestone and attempt", () => {
    const view = campaign({ milestones: [milestone(0, { status: "InReview", attempts: 2, windowEnd: T, estimatedCompletion: T + 999 }), milestone(1)] });
    expect(scheduleDue([view], T - 1).cranks).toEqual([]);
    expect(scheduleDue([view], T).cranks).toEqual([
      { kind: "finalizeMilestone", campaign: view.address, milestoneIndex: 0, key: `crank:finalize:${view.address}:0:2` },
    ]);
  });

  it("GIVEN a stale review ending at T THEN its finalize crank from T on", () => {
    const view = campaign({
      staleReview: { round: 3, active: true, milestoneIndex: 0, endsAt: T, supportWeight: 0n, backerSupplySnapshot: 10n },
      milestones: [milestone(0, { estimatedCompletion: T - STALE_AFTER_SECS - 100 }), milestone(1)],
    });
    expect(scheduleDue([view], T - 1).cranks).toEqual([]);
    expect(scheduleDue([view], T).cranks).toEqual([{ kind: "finalizeStale", campaign: view.address, key: `crank:stale:${view.address}:3` }]);
  });

  it("GIVEN the current milestone past its estimate THEN BehindSchedule; 90 days past THEN StaleEligible instead; a later milestone never", () => {
    const behind = campaign({ milestones: [milestone(0, { estimatedCompletion: T - 1 }), milestone(1, { estimatedCompletion: T - STALE_AFTER_SECS })] });
    expect(scheduleDue([behind], T).notices.map((n) => [n.notice.kind, n.dedupeKey])).toEqual([
      ["BehindSchedule", `behind:${behind.address}:0:0`],
    ]);
    expect(scheduleDue([behind], T - 1).notices).toEqual([]);
    const stale = campaign({ milestones: [milestone(0, { estimatedCompletion: T - STALE_AFTER_SECS }), milestone(1)] });
    expect(scheduleDue([stale], T).notices.map((n) => [n.notice.kind, n.audience])).toEqual([["StaleEligible", "subscribers"]]);
    const reviewing = { ...stale, staleReview: { ...stale.staleReview, active: true, endsAt: T + 10 } };
    expect(scheduleDue([reviewing], T).notices).toEqual([]);
  });

  it("GIVEN a dispute THEN the team is reminded only inside the reminder window and before the deadline", () => {
    // Estimated at T: not stale at the deadline (an overdue dispute would also make it stale).
    const view = campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 1, disputeDeadline: T, estimatedCompletion: T }), milestone(1)] });
    const at = (now: number) => scheduleDue([view], now, { disputeReminderSecs: 3_600 }).notices;
    expect(at(T - 3_601)).toEqual([]);
    expect(at(T - 3_600).map((n) => [n.notice.kind, n.audience, n.dedupeKey])).toEqual([
      ["DisputeDeadlineNear", "team", `dispute-reminder:${view.address}:0:1`],
    ]);
    expect(at(T)).toEqual([]);
  });

  it("GIVEN a submission in review THEN its followers and channels are reminded from 24 h before the window's end to its last second, under one key per submission", () => {
    const evidenceId = "E".repeat(42) + "A";
    const view = campaign({
      milestones: [milestone(0, { status: "InReview", attempts: 2, windowEnd: T, estimatedCompletion: T + 999, evidenceId, flagWeight: 40n, backerSupplySnapshot: 1_000n }), milestone(1)],
    });
    const at = (now: number, gatewayUrl: string | null = "https://arweave.net") => scheduleDue([view], now, gatewayUrl === null ? {} : { gatewayUrl }).notices;
    expect(at(T - REVIEW_CLOSING_SECS - 1)).toEqual([]);
    const due = {
      notice: {
        kind: "ReviewWindowClosingSoon",
        campaign: { address: view.address, label: campaignLabel(view) },
        milestone: { index: 0, title: "Milestone 1", attempt: 2 },
        windowEnd: T,
        evidence: { id: evidenceId, url: `https://arweave.net/${evidenceId}` },
        flagWeight: 40n,
        quorumWeight: 100n,
      },
      dedupeKey: `window-closing:${view.address}:0:2`,
      audience: "subscribers",
    };
    expect(at(T - REVIEW_CLOSING_SECS)).toEqual([due]);
    expect(at(T - 1)).toEqual([due]);
    expect(at(T)).toEqual([]);
    expect(at(T - 1, null)).toEqual([{ ...due, notice: { ...due.notice, evidence: null } }]);
  });

  it("GIVEN campaigns that are not active THEN nothing is due", () => {
    const done = campaign({ status: "Completed", milestones: [milestone(0, { status: "InReview", windowEnd: T - 5 }), milestone(1, { estimatedCompletion: 0 })] });
    expect(scheduleDue([done], T)).toEqual({ cranks: [], notices: [] });
  });
});

describe("scheduleDue: the lifecycle cranks", () => {
  const allocations = (researcherClaimed: boolean, protocolClaimed: boolean, amount = 50n) => ({
    researcher: { amount, claimed: researcherClaimed },
    protocol: { amount, claimed: protocolClaimed },
  });

  it("GIVEN fundraising with a deadline at T THEN no close at T-1, one close at T and at T+1, keyed by campaign", () => {
    const view = campaign({ status: "Fundraising", deadline: T });
    const close = [{ kind: "closeFundraising", campaign: view.address, key: `crank:close:${view.address}` }];
    expect(scheduleDue([view], T - 1).cranks).toEqual([]);
    expect(scheduleDue([view], T).cranks).toEqual(close);
    expect(scheduleDue([view], T + 1).cranks).toEqual(close);
    // A raise closed (active or failed) is never closed again.
    expect(scheduleDue([{ ...view, status: "Failed" }], T + 1).cranks).toEqual([]);
  });

  it("GIVEN an active or completed campaign with unclaimed allocations THEN one claim each, keyed by whose; claimed or zero ones are skipped", () => {
    const view = campaign({ status: "Active", allocations: allocations(false, false) });
    expect(scheduleDue([view], T).cranks).toEqual([
      { kind: "claimAllocation", campaign: view.address, protocol: false, key: `crank:allocation:${view.address}:researcher` },
      { kind: "claimAllocation", campaign: view.address, protocol: true, key: `crank:allocation:${view.address}:protocol` },
    ]);
    const completed = { ...view, status: "Completed" as const, allocations: allocations(true, false) };
    expect(scheduleDue([completed], T).cranks.map((c) => c.key)).toEqual([`crank:allocation:${view.address}:protocol`]);
    expect(scheduleDue([{ ...view, allocations: allocations(true, true) }], T).cranks).toEqual([]);
    expect(scheduleDue([{ ...view, allocations: allocations(false, false, 0n) }], T).cranks).toEqual([]);
    for (const status of ["Fundraising", "Failed", "Abandoned"] as const) {
      expect(scheduleDue([{ ...view, status, deadline: T + 10 }], T).cranks).toEqual([]);
    }
  });

  it("GIVEN a dispute with its deadline at T THEN no lapse at T-1, a lapse at T and T+1 keyed by campaign, milestone and attempt", () => {
    const view = campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 2, disputeDeadline: T }), milestone(1)] });
    const lapse = [{ kind: "lapseDispute", campaign: view.address, milestoneIndex: 0, key: `crank:lapse:${view.address}:0:2` }];
    expect(scheduleDue([view], T - 1).cranks).toEqual([]);
    expect(scheduleDue([view], T).cranks).toEqual(lapse);
    expect(scheduleDue([view], T + 1).cranks).toEqual(lapse);
  });

  it("GIVEN an overdue dispute nobody lapsed THEN the campaign is stale from the dispute deadline on", () => {
    const estimate = T - STALE_AFTER_SECS - 10 * 86_400;
    const view = campaign({ milestones: [milestone(0, { status: "Disputed", attempts: 1, disputeDeadline: T, estimatedCompletion: estimate }), milestone(1)] });
    expect(scheduleDue([view], T - 1).notices.map((n) => n.notice.kind)).not.toContain("StaleEligible");
    expect(scheduleDue([view], T).notices.map((n) => n.notice.kind)).toContain("StaleEligible");
  });
});
