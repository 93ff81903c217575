/**
 * The program's refusals of the actions that move a campaign through review and disputes,
 * in the program's order (account constraints, then the instruction's `require!`s), so the
 * first problem named here is the one the program would give. Pure: the caller reads the
 * campaign and the config admin at the chain's time and passes them in.
 */
import type { ProgramErrorName } from "../codes.js";
import type { CampaignView } from "../views.js";
import { MAX_ALLOCATION_BPS } from "./constants.js";
import { isDisputeLapsed } from "./windows.js";

/** `campaign_edit`: the researcher, before approval. */
export function editRefusal(campaign: CampaignView, researcher: string): ProgramErrorName | null {
  if (campaign.researcher !== researcher) return "NotResearcher";
  if (campaign.status !== "Draft" && campaign.status !== "PendingReview") return "RoadmapLocked";
  return null;
}

/** `campaign_submit_for_review`. */
export function submitForReviewRefusal(campaign: CampaignView, researcher: string): ProgramErrorName | null {
  if (campaign.researcher !== researcher) return "NotResearcher";
  if (campaign.status !== "Draft") return "InvalidCampaignState";
  return null;
}

/** `campaign_approve` at chain time `now`: the config's admin, pending review, deadline ahead. */
export function approveRefusal(campaign: CampaignView, admin: string, configAdmin: string, now: number): ProgramErrorName | null {
  if (admin !== configAdmin) return "NotAdmin";
  if (campaign.status !== "PendingReview") return "InvalidCampaignState";
  if (campaign.deadline <= now) return "DeadlineInPast";
  return null;
}

/**
 * `dispute_resolve` at chain time `now`: the config's admin, an active campaign, that
 * milestone, an open dispute, before its deadline (from then on it can only lapse).
 */
export function resolveRefusal(
  campaign: CampaignView,
  milestoneIndex: number,
  admin: string,
  configAdmin: string,
  now: number,
): ProgramErrorName | null {
  if (admin !== configAdmin) return "NotAdmin";
  if (campaign.status !== "Active") return "InvalidCampaignState";
  const milestone = campaign.milestones[milestoneIndex];
  if (milestone === undefined) return "MilestoneNotFound";
  if (milestone.status !== "Disputed") return "NoOpenDispute";
  if (isDisputeLapsed(milestone.disputeDeadline, now)) return "DisputeLapsed";
  return null;
}

/** `config_update`: the config's admin, allocations within the program's bound. */
export function configUpdateRefusal(
  admin: string,
  configAdmin: string,
  allocations: { readonly researcherBps: number; readonly protocolBps: number },
): ProgramErrorName | null {
  if (admin !== configAdmin) return "NotAdmin";
  if (allocations.researcherBps > MAX_ALLOCATION_BPS || allocations.protocolBps > MAX_ALLOCATION_BPS) return "AllocationTooLarge";
  return null;
}

/** `config_accept_admin`: only the pending admin, and only while one is proposed. */
export function acceptAdminRefusal(newAdmin: string, pendingAdmin: string | null): ProgramErrorName | null {
  return pendingAdmin === null || newAdmin !== pendingAdmin ? "NotPendingAdmin" : null;
}
