/**
 * A campaign as a researcher writes it (the web form's fields, or a roadmap.json for the
 * CLI): read from JSON, checked against every rule the program applies (rules/roadmap.ts)
 * and the texts' own limits, each problem beside its field. docs/CAMPAIGNS.md shows the
 * JSON format. Turning a checked draft into the program's terms (texts on Arweave, hashes
 * on-chain) is in usecases/campaign-terms.ts.
 */
import type { ProgramErrorName } from "./codes.js";
import { MAX_CAMPAIGN_TITLE_CHARS, MAX_DESCRIPTION_CHARS, MAX_SUMMARY_CHARS } from "./campaign-texts.js";
import { fail, ok, type Result } from "./result.js";
import { MAX_MILESTONES } from "./rules/constants.js";
import { roadmapProblems, type RoadmapField } from "./rules/roadmap.js";
import type { EvidenceType } from "./views.js";

export interface MilestoneDraftInput {
  readonly title: string;
  /** What exactly counts as done. */
  readonly description: string;
  readonly evidenceType: EvidenceType;
  /** Basis points of the raise. */
  readonly shareBps: number;
  /** Unix seconds. */
  readonly estimatedCompletion: number;
}

/** A whole campaign draft, parsed. */
export interface CampaignDraft {
  readonly title: string;
  readonly summary: string;
  /** USDC base units. */
  readonly goal: bigint;
  /** Fundraising deadline, Unix seconds. */
  readonly deadline: number;
  readonly milestones: readonly MilestoneDraftInput[];
}

/** A field of the draft: the roadmap's fields, plus the texts and the evidence type. */
export type DraftField =
  | RoadmapField
  | "title"
  | "summary"
  | { readonly milestone: number; readonly field: "description" | "evidenceType" };

/**
 * Why a field is not acceptable: the program's own refusals, or the draft's: a field missing
 * or empty (`FieldMissing`), not readable (`FieldMalformed`: an amount, a date, a share), a
 * text over its limit (`TextTooLong`).
 */
export type DraftProblemCode = ProgramErrorName | "FieldMissing" | "FieldMalformed" | "TextTooLong";

export interface DraftProblem {
  readonly code: DraftProblemCode;
  readonly at: DraftField;
  readonly details?: Readonly<Record<string, string>>;
}

/** The evidence types as written in JSON (`"dataset"`, `"protocol-log"`, ...), and the program's names. */
export const EVIDENCE_TYPE_NAMES: Readonly<Record<string, EvidenceType>> = {
  dataset: "Dataset",
  paper: "Paper",
  "protocol-log": "ProtocolLog",
  "computational-results": "ComputationalResults",
  "ethics-approval": "EthicsApproval",
  other: "Other",
};

const U64_MAX = (1n << 64n) - 1n;
const USDC_DECIMALS = 6;

/** `"25000"`, `"1,250.5"` USDC -> base units; `null` unless a plain decimal with at most 6 decimals within a u64. */
export function parseUsdc(text: string): bigint | null {
  const match = /^(\d{1,20})(?:\.(\d{1,6}))?$/.exec(text.trim().replaceAll(",", ""));
  if (match === null) return null;
  const units = BigInt(match[1]!) * 10n ** BigInt(USDC_DECIMALS) + BigInt((match[2] ?? "").padEnd(USDC_DECIMALS, "0"));
  return units > U64_MAX ? null : units;
}

/** `"40%"`, `"33.33"`, `40` -> basis points; `null` unless a percentage with at most 2 decimals. */
export function parseSharePercent(value: unknown): number | null {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim().replace(/%$/, "").trim() : "";
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (match === null) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/**
 * `"2027-03-01"` (that day, 00:00 UTC), `"2027-03-01T12:00:00Z"` (an instant with its zone),
 * or Unix seconds -> Unix seconds; `null` otherwise. A time without a zone is refused: its
 * meaning would depend on the machine that read it.
 */
export function parseDate(value: unknown): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  if (!day && !instant) return null;
  const ms = Date.parse(day ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls "2027-02-30" over to March: refuse a day that does not exist.
  if (day && new Date(ms).toISOString().slice(0, 10) !== text) return null;
  return Math.floor(ms / 1000);
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value.trim() : null;
}

/**
 * Reads a draft from JSON (the form's body or a roadmap file): the draft, with empty values
 * where a field could not be read, and a problem for each such field.
 */
function parseCampaignDraft(json: unknown): { readonly draft: CampaignDraft; readonly problems: readonly DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const d = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
  const need = <T>(value: T | null, at: DraftField, raw: unknown): T | null => {
    if (value === null) problems.push({ code: raw === undefined || raw === "" ? "FieldMissing" : "FieldMalformed", at });
    return value;
  };
  const title = need(text(d.title), "title", d.title);
  const summary = need(text(d.summary), "summary", d.summary);
  const goal = need(typeof d.goal === "string" || typeof d.goal === "number" ? parseUsdc(String(d.goal)) : null, "goal", d.goal);
  const deadline = need(parseDate(d.deadline), "deadline", d.deadline);
  const rawMilestones = Array.isArray(d.milestones) ? (d.milestones as unknown[]) : null;
  if (rawMilestones === null) problems.push({ code: "FieldMissing", at: "milestones" });
  // More than the program's maximum is refused by the rules; reading thousands would be waste.
  const milestones: MilestoneDraftInput[] = [];
  for (const [i, raw] of (rawMilestones ?? []).slice(0, MAX_MILESTONES + 1).entries()) {
    const m = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const at = (field: "title" | "description" | "evidenceType" | "share" | "estimatedCompletion") => ({ milestone: i, field });
    const mTitle = need(text(m.title), at("title"), m.title);
    const description = need(text(m.description), at("description"), m.description);
    const evidenceType = need((typeof m.evidenceType === "string" ? EVIDENCE_TYPE_NAMES[m.evidenceType.trim().toLowerCase()] : undefined) ?? null, at("evidenceType"), m.evidenceType);
    const shareBps = need(parseSharePercent(m.share), at("share"), m.share);
    const date = need(parseDate(m.estimatedCompletion), at("estimatedCompletion"), m.estimatedCompletion);
    milestones.push({ title: mTitle ?? "", description: description ?? "", evidenceType: evidenceType ?? "Other", shareBps: shareBps ?? 0, estimatedCompletion: date ?? 0 });
  }
  const draft: CampaignDraft = { title: title ?? "", summary: summary ?? "", goal: goal ?? 0n, deadline: deadline ?? 0, milestones };
  return { draft, problems };
}

/** The texts' own limits (not on-chain: the texts live on Arweave). */
function textProblems(draft: CampaignDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const check = (value: string, max: number, at: DraftField) => {
    if (value.length === 0) problems.push({ code: "FieldMissing", at });
    else if (value.length > max) problems.push({ code: "TextTooLong", at, details: { limit: String(max), length: String(value.length) } });
  };
  check(draft.title, MAX_CAMPAIGN_TITLE_CHARS, "title");
  check(draft.summary, MAX_SUMMARY_CHARS, "summary");
  for (const [milestone, m] of draft.milestones.entries()) check(m.description, MAX_DESCRIPTION_CHARS, { milestone, field: "description" });
  return problems;
}

/**
 * Every problem of a parsed draft at chain time `now` (Unix seconds): the texts' limits, then
 * the program's rules in its order. Empty when the program would accept it.
 */
export function draftProblems(draft: CampaignDraft, now: number): DraftProblem[] {
  return [...textProblems(draft), ...roadmapProblems({ goal: draft.goal, deadline: draft.deadline }, draft.milestones, now)];
}

function sameField(a: DraftField, b: DraftField): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return a.milestone === b.milestone && a.field === b.field;
}

/**
 * Reads a draft from JSON and checks it: every problem, beside its field (a field that could
 * not be read has that problem only, not also the rule its empty value would break), and the
 * draft when there is none.
 */
export function checkCampaignDraft(json: unknown, now: number): Result<CampaignDraft, "DraftInvalid"> & { readonly problems: readonly DraftProblem[] } {
  const parsed = parseCampaignDraft(json);
  const unread = parsed.problems;
  const rules = draftProblems(parsed.draft, now).filter((p) => !unread.some((u) => sameField(u.at, p.at)));
  const problems = [...unread, ...rules];
  return problems.length === 0 ? { ...ok(parsed.draft), problems } : { ...fail("DraftInvalid"), problems };
}
