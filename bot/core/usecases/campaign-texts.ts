/**
 * A campaign's texts (title, summary, each milestone's description) as chat shows them: the
 * document is read from Arweave through the evidence store (authentic bytes of the Arweave
 * transaction), its SHA-256 compared with the campaign's `metadata_hash`, and each
 * description's SHA-256 with its milestone's `description_hash`. Only those comparisons make a
 * text "verified"; a text that fails one is still shown, plainly marked as NOT matching, so
 * nobody is misled and nobody is kept from reading what the gateway serves. An outage is
 * "unavailable", never a verdict, and never blocks the command that asked.
 */
import {
  MAX_CAMPAIGN_TEXTS_BYTES,
  decodeCampaignTexts,
  descriptionSha256,
  type CampaignTexts,
  type CampaignTextsProblem,
} from "../campaign-texts.js";
import { EvidenceIntegrityError, EvidenceNotFoundError, EvidenceTooLargeError } from "../evidence-errors.js";
import type { CampaignView, EvidenceStore } from "../ports.js";

/**
 * Verified documents by their SHA-256, and dispute reasons by their Arweave id, in memory.
 * Both keys name immutable bytes (a hash; the authentic data of an Arweave transaction), so
 * an entry never goes stale and one cache may serve every caller in the process. Outages and
 * documents that do not match are not kept: they are read again next time. The oldest entry
 * used last goes first once `maxChars` of text are held.
 */
export class TextsCache {
  private readonly entries = new Map<string, { readonly value: unknown; readonly chars: number }>();
  private chars = 0;

  constructor(private readonly maxChars = 4_000_000) {}

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Re-inserted so the Map's order is the order of last use.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value as T;
  }

  set(key: string, value: unknown, chars: number): void {
    if (chars > this.maxChars) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.chars -= old.chars;
    }
    this.entries.set(key, { value, chars });
    this.chars += chars;
    for (const [oldest, entry] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.chars;
    }
  }

  /** Entries held (tests). */
  get size(): number {
    return this.entries.size;
  }
}

/** What reading texts needs: the evidence store (`null`: not configured) and the cache. */
export interface TextsDeps {
  readonly evidence: Pick<EvidenceStore, "read"> | null;
  readonly cache: TextsCache;
}

/** One milestone's description against its on-chain hash. */
export interface MilestoneTextCheck {
  readonly index: number;
  /** The description in the document, or `null` when the document has no entry for this milestone. */
  readonly description: string | null;
  /** The description hashes to the milestone's on-chain `description_hash`. */
  readonly matches: boolean;
  /** The document's title for it is the on-chain title. */
  readonly titleMatches: boolean;
}

/** Why no text could be read now; try again later. */
export type TextsUnavailableCause =
  /** This deployment reads nothing from Arweave. */
  | "notConfigured"
  /** No gateway answered. */
  | "unreachable"
  /** No gateway knows the id (yet). */
  | "notFound"
  /** The gateways served bytes that are not the Arweave transaction's own. */
  | "tampered";

/** What reading a campaign's texts found. */
export type CampaignTextsCheck =
  /** The campaign binds no texts document. */
  | { readonly outcome: "none" }
  | { readonly outcome: "unavailable"; readonly cause: TextsUnavailableCause }
  /** The stored bytes are not a texts document (or are over the size of one): nothing to show. */
  | { readonly outcome: "unreadable"; readonly documentMatches: boolean; readonly problem: CampaignTextsProblem }
  | {
      readonly outcome: "read";
      /** The document's bytes hash to the campaign's on-chain `metadata_hash`. */
      readonly documentMatches: boolean;
      readonly title: string;
      readonly summary: string;
      /** One per on-chain milestone, in order. */
      readonly milestones: readonly MilestoneTextCheck[];
      /** The document and every description and title match what is on-chain. */
      readonly verified: boolean;
    };

/** The stored document, its hash, and what it decodes to; `null` for an outage. */
async function readDocument(
  deps: TextsDeps,
  id: string,
  committed: string,
): Promise<{ readonly sha256: string; readonly decoded: ReturnType<typeof decodeCampaignTexts> } | TextsUnavailableCause | "TooLarge"> {
  const cached = deps.cache.get<CampaignTexts>(`texts:${committed}`);
  if (cached !== undefined) return { sha256: committed, decoded: { ok: true, value: cached } };
  if (deps.evidence === null) return "notConfigured";
  try {
    const read = await deps.evidence.read(id, MAX_CAMPAIGN_TEXTS_BYTES);
    const decoded = decodeCampaignTexts(read.bytes);
    if (read.sha256 === committed && decoded.ok) deps.cache.set(`texts:${committed}`, decoded.value, read.bytes.length);
    return { sha256: read.sha256, decoded };
  } catch (error) {
    if (error instanceof EvidenceTooLargeError) return "TooLarge";
    if (error instanceof EvidenceNotFoundError) return "notFound";
    if (error instanceof EvidenceIntegrityError) return "tampered";
    // Anything else the store throws is an outage (ports.ts EvidenceStore).
    return "unreachable";
  }
}

/** Each on-chain milestone against the document's entry at its index. */
function checkMilestones(campaign: CampaignView, texts: CampaignTexts): MilestoneTextCheck[] {
  return campaign.milestones.map((m) => {
    const entry = texts.milestones[m.index];
    if (entry === undefined) return { index: m.index, description: null, matches: false, titleMatches: false };
    return {
      index: m.index,
      description: entry.description,
      matches: descriptionSha256(entry.description) === m.descriptionSha256.toLowerCase(),
      titleMatches: entry.title === m.title,
    };
  });
}

/** Reads and checks a campaign's texts document. */
export async function campaignTexts(deps: TextsDeps, campaign: CampaignView): Promise<CampaignTextsCheck> {
  if (campaign.metadataId === null) return { outcome: "none" };
  const committed = campaign.metadataSha256.toLowerCase();
  const read = await readDocument(deps, campaign.metadataId, committed);
  if (read === "TooLarge") return { outcome: "unreadable", documentMatches: false, problem: "TooLong" };
  if (typeof read === "string") return { outcome: "unavailable", cause: read };
  const documentMatches = read.sha256 === committed;
  if (!read.decoded.ok) return { outcome: "unreadable", documentMatches, problem: read.decoded.code };
  const texts = read.decoded.value;
  const milestones = checkMilestones(campaign, texts);
  const verified =
    documentMatches && texts.milestones.length === campaign.milestones.length && milestones.every((m) => m.matches && m.titleMatches);
  return { outcome: "read", documentMatches, title: texts.title, summary: texts.summary, milestones, verified };
}

/** Longest written reason kept in full (a dispute reason is at most 2,000 characters, 4 bytes each). */
const MAX_REASON_BYTES = 8_000;

/** A dispute's written reasons as stored: the text when it is valid UTF-8, else `null` (link only). */
export type ReasonRead = { readonly outcome: "read"; readonly text: string | null } | { readonly outcome: "unavailable" };

/**
 * Reads the written reasons stored under `id` (their Arweave id is what the program keeps).
 * The store checks the bytes against the transaction itself, so the text is what was stored.
 */
export async function writtenReason(deps: TextsDeps, id: string): Promise<ReasonRead> {
  const cached = deps.cache.get<string | null>(`reason:${id}`);
  if (cached !== undefined) return { outcome: "read", text: cached };
  if (deps.evidence === null) return { outcome: "unavailable" };
  try {
    const read = await deps.evidence.read(id, MAX_REASON_BYTES);
    let text: string | null;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(read.bytes);
    } catch {
      text = null;
    }
    deps.cache.set(`reason:${id}`, text, read.bytes.length);
    return { outcome: "read", text };
  } catch (error) {
    // Over the limit: not a reason the bot wrote; show the link only.
    if (error instanceof EvidenceTooLargeError) return { outcome: "read", text: null };
    return { outcome: "unavailable" };
  }
}
