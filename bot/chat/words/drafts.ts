/**
 * A campaign draft's problems in words, once, for the web form (beside each field) and any
 * other place that shows them (the CLI, chat). A rule the program enforces reads as the
 * program's refusal does (refusals.ts), with the draft's facts where they help: the total
 * of the shares, the limit of a text.
 */
import type { DraftField, DraftProblem } from "../../core/campaign-draft.js";
import { share } from "../format.js";
import { plain } from "../text.js";
import { refusalWords } from "./refusals.js";

/** Names of fields for people. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  title: "title",
  summary: "summary",
  goal: "goal",
  deadline: "fundraising deadline",
  milestones: "milestones",
  description: "description",
  evidenceType: "evidence type",
  share: "share",
  estimatedCompletion: "estimated completion date",
};

/** What a field that cannot be read should look like. */
const FORMATS: Readonly<Record<string, string>> = {
  goal: "an amount of USDC like 25000 or 25,000.50 (at most 6 decimals)",
  deadline: "a day like 2027-03-01 (00:00 UTC) or an instant with its zone like 2027-03-01T12:00:00Z",
  estimatedCompletion: "a day like 2027-03-01 (00:00 UTC) or an instant with its zone like 2027-03-01T12:00:00Z",
  share: "a percentage like 40% or 33.33% (at most 2 decimals)",
  evidenceType: "one of dataset, paper, protocol-log, computational-results, ethics-approval, other",
};

/** The field's key in the form: `goal`, `milestones`, `milestones.2.share`. */
export function draftFieldKey(at: DraftField): string {
  return typeof at === "string" ? at : `milestones.${at.milestone}.${at.field}`;
}

function fieldName(at: DraftField): string {
  return FIELD_NAMES[typeof at === "string" ? at : at.field] ?? "field";
}

/** The problem as one sentence. */
export function draftProblemWords(problem: DraftProblem): string {
  const { code, at, details } = problem;
  const field = typeof at === "string" ? at : at.field;
  switch (code) {
    case "FieldMissing":
      return at === "milestones" ? "Add the milestones." : `The ${fieldName(at)} is missing.`;
    case "FieldMalformed":
      return `That is not a valid ${fieldName(at)}: write ${FORMATS[field] ?? "it as the example shows"}.`;
    case "TextTooLong":
      return `The ${fieldName(at)} is too long: ${details?.length ?? "?"} characters, at most ${details?.limit ?? "?"}.`;
    case "SharesNotFull": {
      const total = Number(details?.total);
      const words = plain(refusalWords(code, details));
      return Number.isFinite(total) ? `${words} They add up to ${share(total)}.` : words;
    }
    default:
      return plain(refusalWords(code, details));
  }
}

/** The evidence types as the form offers them: the JSON value, and what it means. */
export const EVIDENCE_TYPE_CHOICES: readonly { readonly value: string; readonly label: string }[] = [
  { value: "dataset", label: "Dataset (CSV, HDF5, …)" },
  { value: "paper", label: "Paper or preprint (PDF, DOI)" },
  { value: "protocol-log", label: "Protocol log or lab notebook" },
  { value: "computational-results", label: "Computational results, code or model weights" },
  { value: "ethics-approval", label: "Ethics or IRB approval" },
  { value: "other", label: "Other" },
];

/** What the edit form says about the texts it found on Arweave (none for a new campaign). */
export function textsStateWords(state: "verified" | "mismatch" | "unavailable" | "none"): string | null {
  switch (state) {
    case "verified":
      return "The title, summary and descriptions below are the ones your campaign binds on-chain (checked against their SHA-256).";
    case "mismatch":
      return "The texts Arweave serves for this campaign do not match what it binds on-chain, so they are not shown: write the title, summary and descriptions again.";
    case "unavailable":
      return "The campaign's texts could not be read from Arweave just now: reload the page, or write the title, summary and descriptions again.";
    case "none":
      return null;
  }
}
