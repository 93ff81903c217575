import { describe, expect, it } from "vitest";
import {
  checkFinalizeWindow,
  checkFlagWindow,
  checkStaleEligible,
  disputeDeadline,
  isBehindSchedule,
  isDisputeLapsed,
  isStale,
  type MilestoneStatus,
  reviewWindowSecs,
  secondsLeft,
  windowEnd,
} from "../../../../bot/core/rules/windows.js";

const DAY = 86_400;

describe("review windows", () => {
  it("GIVEN milestone index 0 THEN 7 days; index 1 and 9 THEN 5 days", () => {
    expect(reviewWindowSecs(0)).toBe(7 * DAY);
    expect(reviewWindowSecs(1)).toBe(5 * DAY);
    expect(reviewWindowSecs(9)).toBe(5 * DAY);
    expect(windowEnd(0, 100)).toBe(100 + 7 * DAY);
  });
  it("GIVEN one second before the end THEN flags accepted; at the end second THEN WindowClosed", () => {
    expect(checkFlagWindow(999, 1000).ok).toBe(true);
    expect(checkFlagWindow(1000, 1000)).toMatchObject({ ok: false, code: "WindowClosed" });
    expect(checkFlagWindow(1001, 1000)).toMatchObject({ ok: false, code: "WindowClosed" });
  });
  it("GIVEN one second before the end THEN WindowOpen; at the exact second and after THEN finalize allowed", () => {
    expect(checkFinalizeWindow(999, 1000)).toMatchObject({ ok: false, code: "WindowOpen" });
    expect(checkFinalizeWindow(1000, 1000).ok).toBe(true);
    expect(checkFinalizeWindow(1001, 1000).ok).toBe(true);
  });
  it("GIVEN a window end THEN time left never negative and the dispute deadline is +72 h", () => {
    expect(secondsLeft(900, 1000)).toBe(100);
    expect(secondsLeft(1100, 1000)).toBe(0);
    expect(disputeDeadline(1000)).toBe(1000 + 72 * 3600);
  });
});

describe("behind schedule and stale", () => {
  const est = 1_000_000;
  it("GIVEN Pending at the estimate THEN not behind; one second after THEN behind; InReview THEN never", () => {
    expect(isBehindSchedule("Pending", est, est)).toBe(false);
    expect(isBehindSchedule("Pending", est, est + 1)).toBe(true);
    expect(isBehindSchedule("InReview", est, est + 1)).toBe(false);
  });
  const m = (status: MilestoneStatus, disputeDeadline = 0) => ({ status, estimatedCompletion: est, disputeDeadline });
  it("GIVEN Pending at estimate + 90 days THEN stale; one second earlier THEN NotStale", () => {
    expect(isStale(m("Pending"), est + 90 * DAY)).toBe(true);
    expect(checkStaleEligible(m("Pending"), est + 90 * DAY - 1)).toMatchObject({ ok: false, code: "NotStale" });
    expect(checkStaleEligible(m("Pending"), est + 90 * DAY)).toMatchObject({
      ok: true,
      value: { reviewEndsAt: est + 97 * DAY },
    });
  });
  it("GIVEN a submission under review, a dispute before its deadline, or a release, long overdue THEN not stale", () => {
    const deadline = est + 200 * DAY + 1;
    expect(isStale(m("InReview"), est + 200 * DAY)).toBe(false);
    expect(isStale(m("Disputed", deadline), est + 200 * DAY)).toBe(false);
    expect(isStale(m("Released"), est + 200 * DAY)).toBe(false);
  });
  it("GIVEN an overdue dispute THEN stale from its deadline on (deadline - 1: not yet), as if it had lapsed", () => {
    const deadline = est + 100 * DAY;
    expect(isStale(m("Disputed", deadline), deadline - 1)).toBe(false);
    expect(isStale(m("Disputed", deadline), deadline)).toBe(true);
    expect(isStale(m("Disputed", deadline), deadline + 1)).toBe(true);
    // The 90-day rule still holds: a dispute lapsed before the stale date is not stale yet.
    expect(isStale(m("Disputed", est + 10 * DAY), est + 90 * DAY - 1)).toBe(false);
    expect(isDisputeLapsed(deadline, deadline - 1)).toBe(false);
    expect(isDisputeLapsed(deadline, deadline)).toBe(true);
  });
});
