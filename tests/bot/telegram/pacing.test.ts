/** The flood pacer's schedule, on a clock the test moves: bursts, rates, and catching up after a pause. */
import { describe, expect, it } from "vitest";
import { FloodPacer, TELEGRAM_PACING } from "../../../bot/telegram/pacing.js";

function pacer() {
  let now = 0;
  const p = new FloodPacer(TELEGRAM_PACING, () => now);
  return { p, at: (t: number) => (now = t), slot: (chat: number) => now + p.reserve(chat) };
}

describe("FloodPacer", () => {
  it("GIVEN one message to each of 1,000 groups THEN 20 at once, then 30 per second: never over Telegram's 30/s bucket", () => {
    const { slot } = pacer();
    const slots = Array.from({ length: 1000 }, (_, i) => slot(-1 - i));
    expect(slots.slice(0, 20).every((s) => s === 0)).toBe(true);
    // In any window of a second at most 30 + 20 - 1 may start (Telegram allows 30 at once, then 30/s).
    for (let i = 0; i + 50 < slots.length; i++) expect((slots[i + 50] ?? 0) - (slots[i] ?? 0)).toBeGreaterThan(1000);
    const last = slots.at(-1) ?? 0;
    expect(last).toBeGreaterThan(((1000 - 20) * 1000) / 30);
    expect(last).toBeLessThan(((1000 - 20) * 1000) / 30 * 1.01);
  });

  it("GIVEN 21 messages to one group THEN 19 at once, the 20th after about 3 s, the 21st 3 s later", () => {
    const { slot } = pacer();
    const slots = Array.from({ length: 21 }, () => slot(-5));
    expect(slots[18]).toBeLessThan(1000);
    expect(slots[19]).toBeGreaterThanOrEqual(3000);
    expect((slots[20] ?? 0) - (slots[19] ?? 0)).toBeGreaterThanOrEqual(3000);
  });

  it("GIVEN messages to one private chat THEN one per second and a little more", () => {
    const { slot } = pacer();
    const slots = [slot(42), slot(42), slot(42)];
    expect(slots).toEqual([0, 1050, 2100]);
  });

  it("GIVEN a pause (the outbox reading its next batch) THEN the overall burst catches up, the group limits still hold", () => {
    const { slot, at } = pacer();
    for (let i = 0; i < 100; i++) slot(-100 - i);
    at(10_000);
    const after = Array.from({ length: 20 }, (_, i) => slot(-1000 - i));
    expect(after.every((s) => s === 10_000)).toBe(true);
  });
});
