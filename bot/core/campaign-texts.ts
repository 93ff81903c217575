/**
 * A campaign's texts document: its title, its summary and each milestone's title and
 * description, stored on Arweave as one JSON document. The program keeps only hashes: the
 * campaign's `metadata` (the document's Arweave id) and `metadata_hash` (SHA-256 of the
 * document's bytes), and each milestone's `description_hash` (SHA-256 of its description's
 * UTF-8 bytes). Whoever fetches the document checks it against both, so a gateway or an
 * uploader cannot show backers a text other than the one the researcher bound on-chain.
 * docs/CAMPAIGN-TEXTS.md describes the format.
 */
import { createHash } from "node:crypto";
import { fail, ok, type Result } from "./result.js";

/** The `schema` field of version 1 of the document. */
export const CAMPAIGN_TEXTS_SCHEMA = "pepfund.campaign-texts/1";
/** Longest campaign title, in characters (not on-chain: it lives in the document). */
export const MAX_CAMPAIGN_TITLE_CHARS = 120;
/** Longest summary, in characters. */
export const MAX_SUMMARY_CHARS = 4_000;
/** Longest milestone description, in characters. */
export const MAX_DESCRIPTION_CHARS = 4_000;
/** Largest document accepted when reading one back: every text at its limit fits. */
export const MAX_CAMPAIGN_TEXTS_BYTES = 256 * 1024;

export interface MilestoneTexts {
  /** The milestone's title, as on-chain. */
  readonly title: string;
  /** What exactly counts as done. */
  readonly description: string;
}

export interface CampaignTexts {
  readonly title: string;
  readonly summary: string;
  readonly milestones: readonly MilestoneTexts[];
}

/** Hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The `description_hash` a description is bound by on-chain (hex SHA-256 of its UTF-8 bytes). */
export function descriptionSha256(description: string): string {
  return sha256Hex(Buffer.from(description, "utf8"));
}

/**
 * The document's bytes: UTF-8 JSON with the fields in a fixed order, so the same texts
 * always give the same bytes and the same hash.
 */
export function encodeCampaignTexts(texts: CampaignTexts): Uint8Array {
  const document = {
    schema: CAMPAIGN_TEXTS_SCHEMA,
    title: texts.title,
    summary: texts.summary,
    milestones: texts.milestones.map((m) => ({ title: m.title, description: m.description })),
  };
  return Buffer.from(JSON.stringify(document), "utf8");
}

/** Why a document cannot be read as campaign texts. */
export type CampaignTextsProblem = "NotJson" | "UnknownSchema" | "MissingField" | "TooLong";

function isText(value: unknown): value is string {
  return typeof value === "string";
}

/** Reads a document back; refuses anything that is not version 1 with every field a string within its limit. */
export function decodeCampaignTexts(bytes: Uint8Array): Result<CampaignTexts, CampaignTextsProblem> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return fail("NotJson");
  }
  if (typeof parsed !== "object" || parsed === null) return fail("NotJson");
  const d = parsed as Record<string, unknown>;
  if (d.schema !== CAMPAIGN_TEXTS_SCHEMA) return fail("UnknownSchema");
  if (!isText(d.title) || !isText(d.summary) || !Array.isArray(d.milestones)) return fail("MissingField");
  const milestones: MilestoneTexts[] = [];
  for (const m of d.milestones as unknown[]) {
    const item = (typeof m === "object" && m !== null ? m : {}) as Record<string, unknown>;
    if (!isText(item.title) || !isText(item.description)) return fail("MissingField");
    if (item.description.length > MAX_DESCRIPTION_CHARS) return fail("TooLong", { field: "description" });
    milestones.push({ title: item.title, description: item.description });
  }
  if (d.title.length > MAX_CAMPAIGN_TITLE_CHARS) return fail("TooLong", { field: "title" });
  if (d.summary.length > MAX_SUMMARY_CHARS) return fail("TooLong", { field: "summary" });
  return ok({ title: d.title, summary: d.summary, milestones });
}
