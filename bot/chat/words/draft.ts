/**
 * A campaign draft's problems in words, beside their field: what the web form shows next to
 * a field and what `npm run pepfund -- campaign create` prints after the field's path. The
 * program's own refusals use their refusal words (refusals.ts) so a rule reads the same in
 * chat, on the form and in the terminal; the draft's reading problems (missing, unreadable,
 * too long) have their words here.
 */
import { EVIDENCE_TYPE_NAMES, type DraftField, type DraftProblem } from "../../core/campaign-draft.js";
import { line, type Line } from "../text.js";
import { refusalWords } from "./refusals.js";

/** The field as a path into roadmap.json: `goal`, `milestones`, `milestones[2].share` (indexes from 0, as JSON counts). */
export function draftFieldPath(at: DraftField): string {
  return typeof at === "string" ? at : `milestones[${at.milestone}].${at.field}`;
}

function fieldName(at: DraftField): string {
  return typeof at === "string" ? at : at.field;
}

const EVIDENCE_TYPES = Object.keys(EVIDENCE_TYPE_NAMES).join(", ");

/** How a field is written, for a value that could not be read. */
const FORMATS: Readonly<Record<string, string>> = {
  goal: "Write the goal in USDC, like 25000 or 1250.50 (at most 6 decimals).",
  deadline: "Write a date like 2027-03-01 (midnight UTC) or 2027-03-01T12:00:00Z (a time needs its zone).",
  estimatedCompletion: "Write a date like 2027-03-01 (midnight UTC) or 2027-03-01T12:00:00Z (a time needs its zone).",
  share: "Write the share as a percentage, like 40 or \"33.33%\" (at most 2 decimals).",
  evidenceType: `The evidence type is one of: ${EVIDENCE_TYPES}.`,
  milestones: "The milestones are a list: [{ \"title\": ..., \"description\": ..., ... }, ...].",
  title: "The title is text.",
  summary: "The summary is text.",
  description: "The description is text: what exactly counts as done.",
};

/** Words for problems whose refusal words are too general for a form field. */
function programWords(problem: DraftProblem): Line {
  switch (problem.code) {
    case "SharesNotFull": {
      const total = Number(problem.details?.total);
      return Number.isFinite(total)
        ? line`Milestone shares must add up to 100%; they add up to ${formatPercent(total)}.`
        : refusalWords(problem.code);
    }
    case "DateOutOfRange":
      return line`The estimated date must be on or after the fundraising deadline, and before 2100.`;
    case "DatesOutOfOrder":
      return line`Milestone dates must be in order: this one is before the previous milestone's.`;
    case "InvalidTitle":
      return line`A milestone title must be 1 to 64 bytes (64 plain letters; fewer with accents or emoji).`;
    case "DeadlineInPast":
      return line`The fundraising deadline must be in the future (by the chain's clock).`;
    default:
      return refusalWords(problem.code);
  }
}

function formatPercent(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}

/** What is wrong with one field, in words for the person who wrote the draft. */
export function draftProblemWords(problem: DraftProblem): Line {
  switch (problem.code) {
    case "FieldMissing":
      return fieldName(problem.at) === "evidenceType" ? line`Required. ${FORMATS.evidenceType ?? ""}` : line`Required.`;
    case "FieldMalformed":
      return line`${FORMATS[fieldName(problem.at)] ?? "This value cannot be read."}`;
    case "TextTooLong":
      return line`At most ${problem.details?.limit ?? "?"} characters; this has ${problem.details?.length ?? "?"}.`;
    default:
      return programWords(problem);
  }
}
