/**
 * Disputes: milestones whose flags reached quorum wait for the PepFund admin authority, who
 * has 72 hours from the window's end to approve (release the tranche) or reject (the
 * researcher may re-submit). The team lists them from chat and resolves them with a written
 * reason, stored on Arweave; the admin wallet signs the resolution on the signing page.
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import { campaignRef, type CampaignRef, type SubmissionRef } from "../notices.js";
import type { ChainReader, ChatRef, EvidenceStore, Platform, Repositories } from "../ports.js";
import { decodeAddress } from "../linking/encoding.js";
import { fail, ok, type Result } from "../result.js";
import { isDisputeLapsed, secondsLeft } from "../rules/windows.js";
import { createSigningRequest, type SigningDeps } from "./signing-requests.js";
import { linkedAdminWallet, onTeam } from "./team.js";

/** Longest written reason, in characters. */
export const MAX_REASON_CHARS = 2_000;

/** An open dispute. */
export interface OpenDispute {
  readonly campaign: CampaignRef;
  readonly milestone: SubmissionRef;
  /** Unix seconds by which the admin must resolve it. */
  readonly deadline: number;
  readonly secondsLeft: number;
  readonly flagWeight: bigint;
  readonly backerSupplySnapshot: bigint;
  readonly evidenceId: string | null;
  readonly evidenceHash: string | null;
}

/** Every disputed milestone, the nearest deadline first. */
export async function openDisputes(deps: {
  readonly chain: ChainReader;
  readonly clock: { now(): Date };
}): Promise<OpenDispute[]> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const campaigns = await deps.chain.listCampaigns();
  return campaigns
    .filter((c) => c.status === "Active")
    .flatMap((c) =>
      c.milestones
        .filter((m) => m.status === "Disputed")
        .map((m) => ({
          campaign: campaignRef(c.address, c),
          milestone: { index: m.index, title: m.title, attempt: m.attempts },
          deadline: m.disputeDeadline,
          secondsLeft: secondsLeft(now, m.disputeDeadline),
          flagWeight: m.flagWeight,
          backerSupplySnapshot: m.backerSupplySnapshot,
          evidenceId: m.evidenceId,
          evidenceHash: m.evidenceHash,
        })),
    )
    .sort((a, b) => a.deadline - b.deadline);
}

/** A resolution asked for in chat. */
export interface ResolveCommand {
  readonly chat: ChatRef;
  /** Whether the platform shows the user as PepFund team (Discord role, Telegram config). */
  readonly isTeamMember: boolean;
  readonly campaign: string;
  readonly milestoneIndex: number;
  readonly approve: boolean;
  readonly reason: string;
}

/** What resolving needs. */
export interface DisputeDeps extends SigningDeps {
  readonly store: Pick<Repositories, "links" | "signingRequests" | "audit" | "relayRates">;
  readonly chain: ChainReader;
  readonly evidence: EvidenceStore;
  /**
   * Configured team member ids per platform. When a platform has a list, the user must be
   * on it as well as pass the adapter's check; without one, the adapter's check decides.
   */
  readonly team: Partial<Record<Platform, readonly string[]>>;
}

/** The admin wallet's signing page for a resolution, and its stored reason. */
export interface ResolutionRequest {
  readonly signingUrl: string;
  readonly signingRequestId: string;
  /** The wallet that must sign: the program's admin. */
  readonly admin: string;
  readonly expiresAt: Date;
  /** The written reason's Arweave id. */
  readonly reasonId: string;
}

/** Every refusal a resolution may get. */
export type ResolveRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/**
 * Checks the team, the admin wallet and the program's rules (`dispute_resolve`: admin
 * account, then campaign state, milestone, open dispute), stores the reason, and returns the
 * admin wallet's signing page.
 */
export async function resolveDispute(
  deps: DisputeDeps,
  command: ResolveCommand,
): Promise<Result<ResolutionRequest, ResolveRefusal>> {
  if (!onTeam(deps.team, command.chat, command.isTeamMember)) return fail("NotTeamMember");
  const reason = command.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON_CHARS) return fail("ReasonRequired");
  const wallet = await linkedAdminWallet(deps, command.chat);
  if (!wallet.ok) return wallet;
  const admin = wallet.value;
  if (decodeAddress(command.campaign) === null) return fail("CampaignNotFound");
  const campaign = await deps.chain.getCampaign(command.campaign);
  if (campaign === null) return fail("CampaignNotFound");
  if (campaign.status !== "Active") return fail("InvalidCampaignState");
  const milestone = campaign.milestones[command.milestoneIndex];
  if (milestone === undefined) return fail("MilestoneNotFound");
  if (milestone.status !== "Disputed") return fail("NoOpenDispute");
  if (isDisputeLapsed(milestone.disputeDeadline, Math.floor(deps.clock.now().getTime() / 1000))) return fail("DisputeLapsed");

  const { id: reasonId } = await deps.evidence.upload(new TextEncoder().encode(reason), "text/plain; charset=utf-8", {
    Type: "dispute-reason",
    Campaign: command.campaign,
    Milestone: String(command.milestoneIndex),
    Attempt: String(milestone.attempts),
    Decision: command.approve ? "approve" : "reject",
  });
  const issued = await createSigningRequest(deps, {
    chat: command.chat,
    action: {
      kind: "disputeResolve",
      campaign: command.campaign,
      admin,
      milestoneIndex: command.milestoneIndex,
      approve: command.approve,
      reasonId,
    },
  });
  if (!issued.ok) return issued;
  const request = issued.value;
  await deps.store.audit.record({
    at: deps.clock.now(),
    action: "dispute.resolution_prepared",
    platform: command.chat.platform,
    userId: command.chat.userId,
    subject: command.campaign,
    details: { milestone: String(command.milestoneIndex), approve: String(command.approve), reasonId, signingRequest: request.id },
  });
  return ok({ signingUrl: request.url, signingRequestId: request.id, admin, expiresAt: request.expiresAt, reasonId });
}
