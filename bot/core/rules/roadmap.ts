/**
 * Roadmap rules, checked in the program's order (`campaign_create`/`campaign_edit`, then
 * `validate_roadmap` in state/milestone.rs) so the first problem named here is the one the
 * program would give. Forms want every problem at once, beside its field: both come from one
 * walk over the rules, so they cannot disagree.
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

/** The fundraising terms the program checks beside the roadmap. */
export interface FundraisingTerms {
  /** USDC base units. */
  readonly goal: bigint;
  /** Unix seconds. */
  readonly deadline: number;
}

/**
 * Where a problem is: `goal`, `deadline`, `milestones` (their number or shares' total), or
 * one milestone's `title`, `share` or `estimatedCompletion`.
 */
export type RoadmapField =
  | "goal"
  | "deadline"
  | "milestones"
  | { readonly milestone: number; readonly field: "title" | "share" | "estimatedCompletion" };

/** One broken rule: the program's error name and the field at fault. */
export interface RoadmapProblem {
  readonly code: ProgramErrorName;
  readonly at: RoadmapField;
  /** Facts for the words (the shares' total, ...). */
  readonly details?: Readonly<Record<string, string>>;
}

const encoder = new TextEncoder();

/** The roadmap's problems in the program's order; fields after a failed one are still checked. */
function* roadmapRuleWalk(milestones: readonly MilestoneDraft[], deadline: number): Generator<RoadmapProblem> {
  if (milestones.length < MIN_MILESTONES) yield { code: "TooFewMilestones", at: "milestones" };
  if (milestones.length > MAX_MILESTONES) yield { code: "TooManyMilestones", at: "milestones" };
  let total = 0;
  let previousDate = Number.NEGATIVE_INFINITY;
  for (const [milestone, m] of milestones.entries()) {
    const at = (field: "title" | "share" | "estimatedCompletion") => ({ milestone, field });
    const titleBytes = encoder.encode(m.title).length;
    if (titleBytes === 0 || titleBytes > MAX_TITLE_LEN) yield { code: "InvalidTitle", at: at("title") };
    // On-chain shares are u16, so "not above zero" is exactly zero there.
    if (m.shareBps <= 0) yield { code: "ShareZero", at: at("share") };
    if (milestone === 0 && m.shareBps > MAX_FIRST_SHARE_BPS) yield { code: "FirstShareTooLarge", at: at("share") };
    if (m.shareBps > MAX_SHARE_BPS) yield { code: "ShareTooLarge", at: at("share") };
    if (m.estimatedCompletion < previousDate) yield { code: "DatesOutOfOrder", at: at("estimatedCompletion") };
    if (m.estimatedCompletion < deadline || m.estimatedCompletion > MAX_ESTIMATED_DATE) {
      yield { code: "DateOutOfRange", at: at("estimatedCompletion") };
    }
    previousDate = m.estimatedCompletion;
    total += Math.max(0, m.shareBps);
  }
  if (total !== 10_000) yield { code: "SharesNotFull", at: "milestones", details: { total: String(total) } };
}

/** Every problem of a create or edit at chain time `now` (Unix seconds): goal, deadline, then the roadmap. */
export function roadmapProblems(terms: FundraisingTerms, milestones: readonly MilestoneDraft[], now: number): RoadmapProblem[] {
  const problems: RoadmapProblem[] = [];
  if (terms.goal <= 0n) problems.push({ code: "GoalZero", at: "goal" });
  if (terms.deadline <= now) problems.push({ code: "DeadlineInPast", at: "deadline" });
  problems.push(...roadmapRuleWalk(milestones, terms.deadline));
  return problems;
}

/**
 * Returns ok when the program would accept the roadmap of a campaign whose fundraising
 * ends at `deadline` (Unix seconds), else the program's error name and the milestone at
 * fault (1-based, as users count).
 */
export function validateRoadmap(milestones: readonly MilestoneDraft[], deadline: number): Result<void, ProgramErrorName> {
  const first = roadmapRuleWalk(milestones, deadline).next();
  if (first.done === true) return ok(undefined);
  const { code, at, details } = first.value;
  if (typeof at === "object") return fail(code, { milestone: String(at.milestone + 1) });
  return details === undefined ? fail(code) : fail(code, { ...details });
}
