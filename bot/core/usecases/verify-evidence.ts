/**
 * A holder checks a submission's evidence before flagging it: the milestone's Arweave id and
 * SHA-256 are read from the chain (what the researcher committed), the bytes are fetched
 * through the evidence store (size limit checked on the verified header before any byte is
 * downloaded; the bytes must be the Arweave transaction's own), and their SHA-256 is
 * compared with the on-chain one. Only that comparison says "verified"; a gateway that is
 * down or does not know the id is "try again", never a verdict (SECURITY.md, Evidence).
 */
import type { BotErrorCode } from "../codes.js";
import { EvidenceIntegrityError, EvidenceNotFoundError, EvidenceTooLargeError } from "../evidence-errors.js";
import { campaignLabel } from "../labels.js";
import { decodeAddress } from "../linking/encoding.js";
import { arweaveLink } from "../notices.js";
import type { ChainReader, EvidenceStore, EvidenceType, MilestoneView } from "../ports.js";
import { fail, ok, type Result } from "../result.js";

/** What an evidence check needs. */
export interface VerifyEvidenceDeps {
  readonly chain: ChainReader;
  readonly evidence: EvidenceStore;
  /** Largest evidence the bot downloads to check, in bytes. */
  readonly maxEvidenceBytes: number;
  /** Arweave gateway origin for the plain link shown, e.g. `https://arweave.net`. */
  readonly gatewayUrl: string;
}

/** An evidence check asked for in chat. */
export interface VerifyEvidenceCommand {
  readonly campaign: string;
  /** 0-based; omitted means the milestone under review (or disputed) now. */
  readonly milestoneIndex?: number;
}

/** What the check found, beside what was checked. */
export type EvidenceVerdict =
  /** The authentic bytes hash to the on-chain SHA-256. */
  | { readonly outcome: "verified"; readonly size: number; readonly contentType: string | null }
  /**
   * The bytes do NOT match the on-chain SHA-256: `stored` when the Arweave transaction itself
   * holds other bytes than the researcher committed (`actualSha256` is theirs), `served` when
   * no gateway served the transaction's authentic bytes.
   */
  | { readonly outcome: "mismatch"; readonly cause: "stored" | "served"; readonly actualSha256: string | null }
  /** No gateway knows the id (yet): it may still be propagating. Try again later. */
  | { readonly outcome: "notFound" }
  /** Every gateway failed: nothing could be checked. Try again later. */
  | { readonly outcome: "unavailable" }
  /** The transaction's verified size is over the limit: not downloaded, not checked. */
  | { readonly outcome: "tooLarge"; readonly size: number; readonly limit: number };

/** The result of an evidence check. */
export type EvidenceCheck = EvidenceVerdict & {
  readonly campaign: { readonly address: string; readonly label: string };
  readonly milestone: { readonly index: number; readonly title: string; readonly attempt: number; readonly status: MilestoneView["status"] };
  /** What the researcher committed on-chain, and the plain gateway link. */
  readonly evidence: { readonly id: string; readonly url: string; readonly sha256: string; readonly type: EvidenceType };
};

/** Every refusal an evidence check may get. */
export type VerifyEvidenceRefusal = Extract<BotErrorCode, "CampaignNotFound" | "NothingInReview" | "NoEvidenceSubmitted"> | "MilestoneNotFound";

/** The milestone asked for, or the one under review (or disputed) now. */
function chooseMilestone(milestones: readonly MilestoneView[], index: number | undefined): Result<MilestoneView, VerifyEvidenceRefusal> {
  if (index !== undefined) {
    const named = milestones[index];
    return named === undefined ? fail("MilestoneNotFound") : ok(named);
  }
  const current = milestones.find((m) => m.status === "InReview") ?? milestones.find((m) => m.status === "Disputed");
  return current === undefined ? fail("NothingInReview") : ok(current);
}

/** Fetches the evidence and compares its SHA-256 with the one committed on-chain. */
export async function judgeEvidence(deps: Pick<VerifyEvidenceDeps, "evidence" | "maxEvidenceBytes">, id: string, committed: string): Promise<EvidenceVerdict> {
  try {
    const read = await deps.evidence.read(id, deps.maxEvidenceBytes);
    if (read.sha256 !== committed) return { outcome: "mismatch", cause: "stored", actualSha256: read.sha256 };
    return { outcome: "verified", size: read.bytes.length, contentType: read.contentType };
  } catch (error) {
    if (error instanceof EvidenceTooLargeError) return { outcome: "tooLarge", size: error.size, limit: error.limit };
    if (error instanceof EvidenceIntegrityError) return { outcome: "mismatch", cause: "served", actualSha256: null };
    if (error instanceof EvidenceNotFoundError) return { outcome: "notFound" };
    // Any other failure of the store is an outage (ports.ts EvidenceStore): never a verdict.
    return { outcome: "unavailable" };
  }
}

/** Checks a submission's evidence against its on-chain SHA-256. */
export async function verifyEvidence(
  deps: VerifyEvidenceDeps,
  command: VerifyEvidenceCommand,
): Promise<Result<EvidenceCheck, VerifyEvidenceRefusal>> {
  if (decodeAddress(command.campaign) === null) return fail("CampaignNotFound");
  const campaign = await deps.chain.getCampaign(command.campaign);
  if (campaign === null) return fail("CampaignNotFound");
  const chosen = chooseMilestone(campaign.milestones, command.milestoneIndex);
  if (!chosen.ok) return chosen;
  const m = chosen.value;
  if (m.evidenceId === null || m.evidenceHash === null) {
    return fail("NoEvidenceSubmitted", { milestone: String(m.index + 1) });
  }
  const verdict = await judgeEvidence(deps, m.evidenceId, m.evidenceHash.toLowerCase());
  return ok({
    ...verdict,
    campaign: { address: campaign.address, label: campaignLabel(campaign) },
    milestone: { index: m.index, title: m.title, attempt: m.attempts, status: m.status },
    evidence: { ...arweaveLink(deps.gatewayUrl, m.evidenceId), sha256: m.evidenceHash.toLowerCase(), type: m.evidenceType },
  });
}
