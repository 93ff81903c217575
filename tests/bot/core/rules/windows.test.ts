import { describe, expect, it } from "vitest";
import {
  checkFinalizeWindow,
  checkFlagWindow,
  checkStaleEligible,
  disputeDeadline,
  isBehindSchedule,
  isStale,
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
  it("GIVEN Pending at estimate + 90 days THEN stale; one second earlier THEN NotStale", () => {
    expect(isStale("Pending", est, est + 90 * DAY)).toBe(true);
    expect(checkStaleEligible("Pending", est, est + 90 * DAY - 1)).toMatchObject({ ok: false, code: "NotStale" });
    expect(checkStaleEligible("Pending", est, est + 90 * DAY)).toMatchObject({
      ok: true,
      value: { reviewEndsAt: est + 97 * DAY },
    });
  });
  it("GIVEN a submitted or released milestone long overdue THEN not stale", () => {
    expect(isStale("InReview", est, est + 200 * DAY)).toBe(false);
    expect(isStale("Disputed", est, est + 200 * DAY)).toBe(false);
    expect(isStale("Released", est, est + 200 * DAY)).toBe(false);
  });
});
