/**
 * roadmap.json on the command line: read from disk, checked with the core's draft rules at
 * the chain's time (every problem beside its field, in the web form's words, chat/words/drafts.ts), and
 * the example the researcher starts from.
 */
import { readFile } from "node:fs/promises";
import { type CampaignDraft, type DraftField, checkCampaignDraft } from "../../core/campaign-draft.js";
import { draftProblemWords } from "../../chat/words/drafts.js";
import { CliError } from "./command.js";

/** The file as JSON; an error names the file and why it cannot be read. */
export async function readRoadmapFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CliError(`Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${path} is not JSON: ${(error as Error).message}`);
  }
}

/** The field as a path into roadmap.json: `goal`, `milestones`, `milestones[2].share` (indexes from 0, as JSON counts). */
export function draftFieldPath(at: DraftField): string {
  return typeof at === "string" ? at : `milestones[${at.milestone}].${at.field}`;
}

/** The checked draft at chain time `now`; with any problem, an error listing every one as `field: words`. */
export function checkedDraft(path: string, json: unknown, now: number): CampaignDraft {
  const checked = checkCampaignDraft(json, now);
  if (checked.ok) return checked.value;
  const lines = checked.problems.map((p) => `  ${draftFieldPath(p.at)}: ${draftProblemWords(p)}`);
  const count = checked.problems.length === 1 ? "1 problem" : `${checked.problems.length} problems`;
  throw new CliError([`${path} has ${count}; nothing was uploaded or sent:`, ...lines].join("\n"));
}

const DAY_MS = 86_400_000;

function day(fromNowDays: number, now: Date): string {
  return new Date(now.getTime() + fromNowDays * DAY_MS).toISOString().slice(0, 10);
}

/** A valid roadmap.json to start from: dates counted from `now`, shares within every rule. */
export function exampleRoadmap(now: Date): string {
  const roadmap = {
    title: "Open dataset of peptide stability in serum",
    summary: "We measure the serum half-life of 200 candidate peptides and publish every raw trace.",
    goal: "25000",
    deadline: day(45, now),
    milestones: [
      {
        title: "Synthesis and assay protocol",
        description: "All 200 peptides synthesised (purity >= 95% by HPLC) and the assay protocol published.",
        evidenceType: "protocol-log",
        share: "30%",
        estimatedCompletion: day(120, now),
      },
      {
        title: "Stability measurements",
        description: "Half-life in human serum for every peptide, triplicates, raw LC-MS files and analysis notebook.",
        evidenceType: "dataset",
        share: "40%",
        estimatedCompletion: day(240, now),
      },
      {
        title: "Preprint",
        description: "A preprint on bioRxiv describing methods and results, with the dataset's DOI.",
        evidenceType: "paper",
        share: "30%",
        estimatedCompletion: day(365, now),
      },
    ],
  };
  return JSON.stringify(roadmap, null, 2);
}
