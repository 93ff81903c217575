/**
 * A researcher submits a milestone's evidence from chat. The bot checks what the program
 * would refuse, in `milestone_submit`'s order, stores the evidence on Arweave (or reads an
 * existing upload to learn its hash), and hands back a signing request: the researcher's
 * own wallet signs the submission, since the program requires that signer.
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import { EvidenceNotFoundError, EvidenceTooLargeError } from "../evidence-errors.js";
import { isArweaveId, isSha256Hex } from "../evidence-ids.js";
import { decodeAddress } from "../linking/encoding.js";
import type { ChainReader, ChatRef, EvidenceStore, EvidenceType, Repositories } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { createSigningRequest, type SigningDeps } from "./signing-requests.js";

/** Evidence as the researcher gives it. */
export type EvidenceInput =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array; readonly contentType: string; readonly name: string }
  /** An existing Arweave upload; `sha256` (hex), when given, must match its bytes. */
  | { readonly kind: "arweave"; readonly id: string; readonly sha256?: string };

/** Stages reported while the slow parts run. */
export type SubmissionStage = "uploading" | "uploaded" | "preparing";

/** A submission asked for in chat. */
export interface SubmitCommand {
  readonly chat: ChatRef;
  readonly campaign: string;
  /** 0-based. */
  readonly milestoneIndex: number;
  readonly evidence: EvidenceInput;
  /** What the file is, recorded as an Arweave tag of an upload; by default the milestone's declared type. */
  readonly evidenceType?: EvidenceType;
  readonly onProgress?: (stage: SubmissionStage) => void | Promise<void>;
}

/** What submissions need. */
export interface SubmitDeps extends SigningDeps {
  readonly store: Pick<Repositories, "links" | "signingRequests" | "audit" | "relayRates">;
  readonly chain: ChainReader;
  readonly evidence: EvidenceStore;
  /** Largest evidence accepted, in bytes. */
  readonly maxEvidenceBytes: number;
}

/** Every refusal a submission may get. */
export type SubmitRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/** The signing page, and what will be recorded on-chain. */
export interface PreparedSubmission {
  readonly signingUrl: string;
  readonly signingRequestId: string;
  /** The wallet that must sign: the campaign's researcher. */
  readonly researcher: string;
  /** When the signing page stops accepting the signature. */
  readonly expiresAt: Date;
  readonly evidenceId: string;
  readonly sha256: string;
}

function checkEvidenceShape(evidence: EvidenceInput, maxBytes: number): Result<void, BotErrorCode> {
  if (evidence.kind === "bytes") {
    if (evidence.bytes.length === 0) return fail("EvidenceEmpty");
    if (evidence.bytes.length > maxBytes) {
      return fail("EvidenceTooLarge", { size: String(evidence.bytes.length), limit: String(maxBytes) });
    }
    return ok(undefined);
  }
  if (!isArweaveId(evidence.id)) return fail("EvidenceMalformed", { field: "id" });
  if (evidence.sha256 !== undefined && !isSha256Hex(evidence.sha256.toLowerCase())) return fail("EvidenceMalformed", { field: "sha256" });
  return ok(undefined);
}

/** Checks, stores the evidence, and creates the researcher's signing request. */
export async function prepareSubmission(
  deps: SubmitDeps,
  command: SubmitCommand,
): Promise<Result<PreparedSubmission, SubmitRefusal>> {
  // What the bot needs before the instruction can exist (the program's EvidenceMissing).
  const shape = checkEvidenceShape(command.evidence, deps.maxEvidenceBytes);
  if (!shape.ok) return shape;
  const link = await deps.store.links.findByUser(command.chat.platform, command.chat.userId);
  if (link === null) return fail("NotLinked");
  if (decodeAddress(command.campaign) === null) return fail("CampaignNotFound");
  const campaign = await deps.chain.getCampaign(command.campaign);
  if (campaign === null) return fail("CampaignNotFound");

  // milestone_submit: its accounts (has_one researcher), then its checks in order.
  if (campaign.researcher !== link.address) return fail("NotResearcher");
  if (campaign.status !== "Active") return fail("InvalidCampaignState");
  const milestone = campaign.milestones[command.milestoneIndex];
  if (milestone === undefined) return fail("MilestoneNotFound");
  const current = campaign.milestones.find((m) => m.status !== "Released")?.index;
  if (current === undefined) return fail("InvalidMilestoneState");
  if (command.milestoneIndex > current) return fail("MilestoneOutOfOrder");
  if (command.milestoneIndex < current || milestone.status !== "Pending") return fail("InvalidMilestoneState");

  await command.onProgress?.("uploading");
  let stored: { id: string; sha256: string };
  if (command.evidence.kind === "bytes") {
    stored = await deps.evidence.upload(command.evidence.bytes, command.evidence.contentType, {
      Type: "milestone-evidence",
      Campaign: command.campaign,
      Milestone: String(command.milestoneIndex),
      "File-Name": command.evidence.name.slice(0, 200),
      "Evidence-Type": command.evidenceType ?? milestone.evidenceType,
    });
  } else {
    const given = command.evidence.sha256?.toLowerCase();
    try {
      const read = await deps.evidence.read(command.evidence.id, deps.maxEvidenceBytes);
      stored = { id: command.evidence.id, sha256: read.sha256 };
    } catch (error) {
      if (error instanceof EvidenceTooLargeError) {
        return fail("EvidenceTooLarge", { size: String(error.size), limit: String(error.limit) });
      }
      if (error instanceof EvidenceNotFoundError) return fail("EvidenceNotFound");
      throw error;
    }
    if (given !== undefined && given !== stored.sha256) return fail("EvidenceHashMismatch", { actual: stored.sha256 });
  }
  await command.onProgress?.("uploaded");

  await command.onProgress?.("preparing");
  const issued = await createSigningRequest(deps, {
    chat: command.chat,
    action: {
      kind: "milestoneSubmit",
      campaign: command.campaign,
      researcher: link.address,
      milestoneIndex: command.milestoneIndex,
      evidenceId: stored.id,
      evidenceSha256: stored.sha256,
    },
  });
  if (!issued.ok) return issued;
  const request = issued.value;
  await deps.store.audit.record({
    at: deps.clock.now(),
    action: "evidence.prepared",
    platform: command.chat.platform,
    userId: command.chat.userId,
    subject: command.campaign,
    details: { milestone: String(command.milestoneIndex), evidenceId: stored.id, sha256: stored.sha256, signingRequest: request.id },
  });
  return ok({ signingUrl: request.url, signingRequestId: request.id, researcher: link.address, expiresAt: request.expiresAt, evidenceId: stored.id, sha256: stored.sha256 });
}
