/**
 * Roadmap rules, checked in the program's order (`validate_roadmap` in
 * state/milestone.rs) so the first refusal named here is the one the program would give.
 */
import type { ProgramErrorName } from "../codes.js";
import { fail, ok, type Result } from "../result.js";
import {
  MAX_ESTIMATED_DATE,
  MAX_FIRST_SHARE_BPS,
  MAX_MILESTONES,
  MAX_SHARE_BPS,
  MAX_TITLE_LEN,
  MIN_MILESTONES,
} from "./constants.js";

/** A milestone as the researcher writes it in the roadmap. */
export interface MilestoneDraft {
  readonly title: string;
  /** Share of the raise in basis points, an integer (u16 on-chain; adapters parse it). */
  readonly shareBps: number;
  /** Estimated completion, Unix seconds. */
  readonly estimatedCompletion: number;
}

const encoder = new TextEncoder();

/**
 * Returns ok when the program would accept the roadmap of a campaign whose fundraising
 * ends at `deadline` (Unix seconds), else the program's error name and the index of the
 * milestone at fault.
 */
export function validateRoadmap(
  milestones: readonly MilestoneDraft[],
  deadline: number,
): Result<void, ProgramErrorName> {
  if (milestones.length < MIN_MILESTONES) return fail("TooFewMilestones");
  if (milestones.length > MAX_MILESTONES) return fail("TooManyMilestones");
  let total = 0;
  let previousDate = Number.NEGATIVE_INFINITY;
  for (const [index, m] of milestones.entries()) {
    const at = { milestone: String(index + 1) };
    const titleBytes = encoder.encode(m.title).length;
    if (titleBytes === 0 || titleBytes > MAX_TITLE_LEN) return fail("InvalidTitle", at);
    // On-chain shares are u16, so "not above zero" is exactly zero there.
    if (m.shareBps <= 0) return fail("ShareZero", at);
    if (index === 0 && m.shareBps > MAX_FIRST_SHARE_BPS) return fail("FirstShareTooLarge", at);
    if (m.shareBps > MAX_SHARE_BPS) return fail("ShareTooLarge", at);
    if (m.estimatedCompletion < previousDate) return fail("DatesOutOfOrder", at);
    if (m.estimatedCompletion < deadline || m.estimatedCompletion > MAX_ESTIMATED_DATE) {
      return fail("DateOutOfRange", at);
    }
    previousDate = m.estimatedCompletion;
    total += m.shareBps;
  }
  if (total !== 10_000) return fail("SharesNotFull", { total: String(total) });
  return ok(undefined);
}
