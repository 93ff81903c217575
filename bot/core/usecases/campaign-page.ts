/**
 * Everything the public campaign page (`/c/<campaign>`) shows, read once per request: the
 * campaign from the directory the indexer keeps (the chain when it is not indexed yet), its
 * texts checked against their on-chain hashes, the evidence of the submission under review
 * checked against its on-chain SHA-256, the researcher's record and the timeline of
 * announcements. Every read from Arweave or the RPC beside the campaign itself is optional:
 * an outage or a slow answer shows as "unavailable" and never keeps the page from answering.
 * The campaign itself is the page: when neither the directory nor the chain can give it in
 * time, the page says so (`CampaignUnavailable`) rather than failing as a server error.
 */
import { decodeAddress } from "../linking/encoding.js";
import type { CampaignEventRecord, CampaignView, ChainReader, Clock, EvidenceStore, Repositories, ResearcherView } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { campaignTexts, type CampaignTextsCheck, type TextsDeps } from "./campaign-texts.js";
import { deriveStatus, type CampaignStatusView, type MilestoneStatusView } from "./campaign-status.js";
import { judgeEvidence, type EvidenceVerdict } from "./verify-evidence.js";

/** Timeline entries shown, newest first. */
export const TIMELINE_ENTRIES = 30;
/** Longest wait for Arweave or the RPC before a part of the page says "unavailable". */
export const PART_TIMEOUT_MS = 4_000;

/** What the page reads. */
export interface CampaignPageDeps {
  readonly store: Pick<Repositories, "campaigns" | "timeline">;
  readonly chain: ChainReader;
  readonly clock: Clock;
  /** Texts reads (shared cache); `evidence: null` without an evidence store. */
  readonly texts: TextsDeps;
  readonly evidence: EvidenceStore | null;
  readonly maxEvidenceBytes: number;
  readonly verdicts: EvidenceVerdictCache;
}

/** The submission under review (or disputed) and what checking its evidence found. */
export interface ReviewedEvidence {
  readonly milestone: MilestoneStatusView;
  readonly verdict: EvidenceVerdict;
}

/** A part read beside the campaign: its value, or `unavailable` (outage or too slow). */
export type Part<T> = { readonly outcome: "read"; readonly value: T } | { readonly outcome: "unavailable" };

/** What the page shows. */
export interface CampaignPageData {
  readonly status: CampaignStatusView;
  readonly texts: CampaignTextsCheck;
  /** `null` when nothing is under review or disputed, or the submission has no evidence. */
  readonly review: ReviewedEvidence | null;
  /** `null` inside a read part: the chain has no record for the researcher. */
  readonly researcher: Part<ResearcherView | null>;
  /** Newest first. */
  readonly timeline: readonly CampaignEventRecord[];
  /** Unix seconds the page was read at (the clock's time): what "time left" counts from. */
  readonly now: number;
}

/**
 * Evidence verdicts by Arweave id and committed SHA-256 (immutable bytes, so a verdict never
 * goes stale). Only verdicts about the stored bytes are kept; outages and "not found yet" are
 * read again next time. One check runs per key at a time, however many readers ask.
 */
export class EvidenceVerdictCache {
  private readonly verdicts = new Map<string, EvidenceVerdict>();
  private readonly running = new Map<string, Promise<EvidenceVerdict>>();
  constructor(private readonly maxEntries = 1_000) {}

  async get(key: string, check: () => Promise<EvidenceVerdict>): Promise<EvidenceVerdict> {
    const kept = this.verdicts.get(key);
    if (kept !== undefined) return kept;
    const running = this.running.get(key);
    if (running !== undefined) return running;
    const started = check().finally(() => this.running.delete(key));
    this.running.set(key, started);
    const verdict = await started;
    if (isFinal(verdict)) {
      if (this.verdicts.size >= this.maxEntries) this.verdicts.delete(this.verdicts.keys().next().value as string);
      this.verdicts.set(key, verdict);
    }
    return verdict;
  }
}

/** A verdict about the stored bytes themselves, which the next read would give again. */
function isFinal(verdict: EvidenceVerdict): boolean {
  return verdict.outcome === "verified" || verdict.outcome === "tooLarge" || (verdict.outcome === "mismatch" && verdict.cause === "stored");
}

/** `work`'s value, or `fallback` when it fails or takes longer than {@link PART_TIMEOUT_MS}. */
async function within<T>(work: () => Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), PART_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work().catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function reviewedEvidence(deps: CampaignPageDeps, status: CampaignStatusView): Promise<ReviewedEvidence | null> {
  const m = status.milestones.find((x) => x.status === "InReview") ?? status.milestones.find((x) => x.status === "Disputed");
  if (m === undefined || m.evidenceId === null || m.evidenceHash === null) return null;
  const { evidence } = deps;
  if (evidence === null) return { milestone: m, verdict: { outcome: "unavailable" } };
  const id = m.evidenceId;
  const committed = m.evidenceHash.toLowerCase();
  const unavailable: EvidenceVerdict = { outcome: "unavailable" };
  const verdict = await within(
    () => deps.verdicts.get(`${id}:${committed}`, () => judgeEvidence({ evidence, maxEvidenceBytes: deps.maxEvidenceBytes }, id, committed)),
    unavailable,
  );
  return { milestone: m, verdict };
}

/** The campaign from the directory, else the chain; `null` when neither has it; `"unavailable"` when they failed or were too slow. */
async function readCampaign(deps: CampaignPageDeps, address: string): Promise<CampaignView | null | "unavailable"> {
  return within<CampaignView | null | "unavailable">(async () => {
    const entry = await deps.store.campaigns.find(address);
    return entry === null ? deps.chain.getCampaign(address) : { ...entry.view, title: entry.title };
  }, "unavailable");
}

/**
 * Reads what the page of `address` shows; `CampaignNotFound` for a malformed or unknown
 * address, `CampaignUnavailable` when the campaign could not be read now (store or RPC outage).
 */
export async function campaignPage(
  deps: CampaignPageDeps,
  address: string,
): Promise<Result<CampaignPageData, "CampaignNotFound" | "CampaignUnavailable">> {
  if (decodeAddress(address) === null) return fail("CampaignNotFound");
  const campaign = await readCampaign(deps, address);
  if (campaign === "unavailable") return fail("CampaignUnavailable");
  if (campaign === null) return fail("CampaignNotFound");
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const status = deriveStatus(campaign, now);
  const unreachable: CampaignTextsCheck = { outcome: "unavailable", cause: "unreachable" };
  const [texts, review, researcher, timeline] = await Promise.all([
    within(() => campaignTexts(deps.texts, campaign), unreachable),
    reviewedEvidence(deps, status),
    within<Part<ResearcherView | null>>(async () => ({ outcome: "read", value: await deps.chain.getResearcher(campaign.researcher) }), { outcome: "unavailable" }),
    deps.store.timeline.latest(address, TIMELINE_ENTRIES),
  ]);
  // A title verified just now names the campaign even before the indexer stored it.
  const titled = campaign.title == null && texts.outcome === "read" && texts.documentMatches ? { ...status, campaign: { ...campaign, title: texts.title } } : status;
  return ok({ status: titled, texts, review, researcher, timeline, now });
}
