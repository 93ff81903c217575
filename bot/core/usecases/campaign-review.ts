/**
 * PepFund's review of new campaigns: the team lists the campaigns waiting for review with
 * their roadmaps, and approves one, which opens its fundraising and makes its roadmap
 * immutable. Approval is the program's `campaign_approve`, signed by the config's admin
 * wallet on the signing page, as a dispute resolution is; the checks below are the
 * program's, in its order, so chat refuses what the program would.
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import { decodeAddress } from "../linking/encoding.js";
import type { CampaignView, ChainReader, ChatRef, Platform, Repositories } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { createSigningRequest, type SigningDeps } from "./signing-requests.js";
import { linkedAdminWallet, onTeam } from "./team.js";

/** Every campaign waiting for review, oldest deadline first (the most urgent to decide). */
export async function campaignsInReview(deps: { readonly chain: ChainReader }): Promise<CampaignView[]> {
  const campaigns = await deps.chain.listCampaigns();
  return campaigns.filter((c) => c.status === "PendingReview").sort((a, b) => a.deadline - b.deadline || a.address.localeCompare(b.address));
}

/** What approving needs. */
export interface ApproveDeps extends SigningDeps {
  readonly store: Pick<Repositories, "links" | "signingRequests" | "audit" | "relayRates">;
  readonly chain: ChainReader;
  /** Configured team member ids per platform; when a platform has a list, the user must be on it. */
  readonly team: Partial<Record<Platform, readonly string[]>>;
}

/** An approval asked for in chat. */
export interface ApproveCommand {
  readonly chat: ChatRef;
  /** Whether the platform shows the user as PepFund team (Discord role, Telegram configured ids). */
  readonly isTeamMember: boolean;
  readonly campaign: string;
}

/** The admin wallet's signing page for the approval. */
export interface ApprovalRequest {
  readonly signingUrl: string;
  readonly signingRequestId: string;
  /** The wallet that must sign: the program's admin. */
  readonly admin: string;
  readonly expiresAt: Date;
  readonly campaign: CampaignView;
}

/** Every refusal an approval may get. */
export type ApproveRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/**
 * Checks the team, the admin wallet and `campaign_approve`'s rules (admin account, then
 * PendingReview, then a deadline still ahead), and returns the admin wallet's signing page.
 */
export async function approveCampaign(deps: ApproveDeps, command: ApproveCommand): Promise<Result<ApprovalRequest, ApproveRefusal>> {
  if (!onTeam(deps.team, command.chat, command.isTeamMember)) return fail("NotTeamMember");
  const wallet = await linkedAdminWallet(deps, command.chat);
  if (!wallet.ok) return wallet;
  const admin = wallet.value;
  if (decodeAddress(command.campaign) === null) return fail("CampaignNotFound");
  const campaign = await deps.chain.getCampaign(command.campaign);
  if (campaign === null) return fail("CampaignNotFound");
  if (campaign.status !== "PendingReview") return fail("InvalidCampaignState", { status: campaign.status, expected: "PendingReview" });
  // The program compares with its clock; the chat clock follows the chain's (bot/app ChainClock).
  if (campaign.deadline <= Math.floor(deps.clock.now().getTime() / 1000)) return fail("DeadlineInPast");

  const issued = await createSigningRequest(deps, { chat: command.chat, action: { kind: "campaignApprove", campaign: campaign.address, admin } });
  if (!issued.ok) return issued;
  await deps.store.audit.record({
    at: deps.clock.now(),
    action: "campaign.approval_prepared",
    platform: command.chat.platform,
    userId: command.chat.userId,
    subject: campaign.address,
    details: { signingRequest: issued.value.id },
  });
  return ok({ signingUrl: issued.value.url, signingRequestId: issued.value.id, admin, expiresAt: issued.value.expiresAt, campaign });
}
