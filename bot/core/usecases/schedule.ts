/**
 * What the scheduler should do now, from the campaigns as the chain shows them: the
 * permissionless cranks (close fundraising at its deadline, claim the allocations, finalize
 * review windows and stale reviews, lapse disputes past their deadline), which campaigns to
 * warn about (behind schedule, stale, a review window closing within a day), and which
 * disputes to remind the team of. Each item carries the key that makes acting on it exactly
 * once (outbox dedupe key or relayer idempotency key), so several scheduler replicas may
 * compute the same list and act on it safely.
 */
import type { PoolView } from "../pools.js";
import { arweaveLink, campaignRef, quorumWeightOf, type Notice } from "../notices.js";
import type { CampaignView } from "../ports.js";
import { isBehindSchedule, isDisputeLapsed, isStale, staleAt } from "../rules/windows.js";

/** A permissionless crank that is due. */
export type DueCrank =
  | { readonly kind: "closeFundraising"; readonly campaign: string; readonly key: string }
  | { readonly kind: "claimAllocation"; readonly campaign: string; readonly protocol: boolean; readonly key: string }
  | { readonly kind: "finalizeMilestone"; readonly campaign: string; readonly milestoneIndex: number; readonly key: string }
  | { readonly kind: "lapseDispute"; readonly campaign: string; readonly milestoneIndex: number; readonly key: string }
  | { readonly kind: "finalizeStale"; readonly campaign: string; readonly key: string }
  | { readonly kind: "finalizePool"; readonly pool: string; readonly milestoneIndex: number; readonly key: string }
  | { readonly kind: "lapsePoolDispute"; readonly pool: string; readonly milestoneIndex: number; readonly key: string };

/**
 * The reward-pool cranks due at `now` (docs/POOLS.md): `pool_finalize` from a KPI window's end
 * second on, `pool_dispute_lapse` from an undecided dispute's deadline second on. One key per
 * submission (pool, KPI, attempt), so each is sent once whatever the replicas.
 */
export function poolCranksDue(pools: readonly PoolView[], now: number): DueCrank[] {
  const cranks: DueCrank[] = [];
  for (const pool of pools) {
    if (pool.status !== "Active") continue;
    for (const m of pool.milestones) {
      if (m.status === "InReview" && now >= m.windowEnd) {
        cranks.push({ kind: "finalizePool", pool: pool.address, milestoneIndex: m.index, key: `crank:pool-finalize:${pool.address}:${m.index}:${m.attempts}` });
      }
      if (m.status === "Disputed" && isDisputeLapsed(m.disputeDeadline, now)) {
        cranks.push({ kind: "lapsePoolDispute", pool: pool.address, milestoneIndex: m.index, key: `crank:pool-lapse:${pool.address}:${m.index}:${m.attempts}` });
      }
    }
  }
  return cranks;
}

/**
 * `allocation_claim` is allowed once fundraising succeeded (Active, and still after
 * completion); each allocation is minted once. A zero allocation has nothing to mint.
 */
function allocationCranks(campaign: CampaignView): DueCrank[] {
  if (campaign.status !== "Active" && campaign.status !== "Completed") return [];
  const allocations = campaign.allocations;
  if (allocations === undefined) return [];
  const due: DueCrank[] = [];
  for (const [protocol, allocation] of [
    [false, allocations.researcher],
    [true, allocations.protocol],
  ] as const) {
    if (allocation.claimed || allocation.amount === 0n) continue;
    const whose = protocol ? "protocol" : "researcher";
    due.push({ kind: "claimAllocation", campaign: campaign.address, protocol, key: `crank:allocation:${campaign.address}:${whose}` });
  }
  return due;
}

/** A notice that is due, with its dedupe key; `audience` says who gets it. */
export interface DueNotice {
  readonly notice: Notice;
  readonly dedupeKey: string;
  /**
   * The campaign's subscribed channels and its followers (each follower only the kinds a
   * backer cares about, follows.ts), or the PepFund team's chats.
   */
  readonly audience: "subscribers" | "team";
}

/** Everything due at `now` (Unix seconds). */
export interface ScheduleDue {
  readonly cranks: readonly DueCrank[];
  readonly notices: readonly DueNotice[];
}

/** How long before a dispute's deadline the team is reminded (default 12 hours). */
export const DEFAULT_DISPUTE_REMINDER_SECS = 12 * 60 * 60;

/** How long before a review window closes its followers are reminded that they may still flag (24 hours). */
export const REVIEW_CLOSING_SECS = 24 * 60 * 60;

/** What the schedule needs besides the campaigns and the time. */
export interface ScheduleOptions {
  readonly disputeReminderSecs?: number;
  /** Arweave gateway origin for the evidence link of a window-closing reminder (none without it). */
  readonly gatewayUrl?: string;
}

/**
 * The reminder that a review window closes within {@link REVIEW_CLOSING_SECS}: from that many
 * seconds before its end until the end second (a closed window can no longer be flagged).
 * Keyed by the submission, so each submission reminds once whatever the passes.
 */
function closingSoon(campaign: CampaignView, m: CampaignView["milestones"][number], now: number, gatewayUrl: string | undefined): DueNotice | null {
  if (m.status !== "InReview" || now >= m.windowEnd || m.windowEnd - now > REVIEW_CLOSING_SECS) return null;
  return {
    notice: {
      kind: "ReviewWindowClosingSoon",
      campaign: campaignRef(campaign.address, campaign),
      milestone: { index: m.index, title: m.title, attempt: m.attempts },
      windowEnd: m.windowEnd,
      evidence: m.evidenceId === null || gatewayUrl === undefined ? null : arweaveLink(gatewayUrl, m.evidenceId),
      flagWeight: m.flagWeight,
      quorumWeight: quorumWeightOf(m.backerSupplySnapshot),
    },
    dedupeKey: `window-closing:${campaign.address}:${m.index}:${m.attempts}`,
    audience: "subscribers",
  };
}

/** The cranks and notices due for `campaigns` at `now`. */
export function scheduleDue(campaigns: readonly CampaignView[], now: number, options: ScheduleOptions = {}): ScheduleDue {
  const reminder = options.disputeReminderSecs ?? DEFAULT_DISPUTE_REMINDER_SECS;
  const cranks: DueCrank[] = [];
  const notices: DueNotice[] = [];
  for (const campaign of campaigns) {
    // fundraising_close is open to anyone from the deadline second on; a campaign closes once.
    if (campaign.status === "Fundraising" && now >= campaign.deadline) {
      cranks.push({ kind: "closeFundraising", campaign: campaign.address, key: `crank:close:${campaign.address}` });
    }
    cranks.push(...allocationCranks(campaign));
    if (campaign.status !== "Active") continue;
    const ref = campaignRef(campaign.address, campaign);
    const review = campaign.staleReview;
    if (review.active && now >= review.endsAt) {
      cranks.push({ kind: "finalizeStale", campaign: campaign.address, key: `crank:stale:${campaign.address}:${review.round}` });
    }
    for (const m of campaign.milestones) {
      const submission = { index: m.index, title: m.title, attempt: m.attempts };
      // milestone_finalize is allowed from the window's end second on.
      if (m.status === "InReview" && now >= m.windowEnd) {
        cranks.push({
          kind: "finalizeMilestone",
          campaign: campaign.address,
          milestoneIndex: m.index,
          key: `crank:finalize:${campaign.address}:${m.index}:${m.attempts}`,
        });
      }
      const closing = closingSoon(campaign, m, now, options.gatewayUrl);
      if (closing !== null) notices.push(closing);
      // dispute_lapse is open to anyone from the deadline second on (resolve is refused then).
      if (m.status === "Disputed" && isDisputeLapsed(m.disputeDeadline, now)) {
        cranks.push({
          kind: "lapseDispute",
          campaign: campaign.address,
          milestoneIndex: m.index,
          key: `crank:lapse:${campaign.address}:${m.index}:${m.attempts}`,
        });
      }
      if (m.status === "Disputed" && now < m.disputeDeadline && m.disputeDeadline - now <= reminder) {
        notices.push({
          notice: { kind: "DisputeDeadlineNear", campaign: ref, milestone: submission, deadline: m.disputeDeadline },
          dedupeKey: `dispute-reminder:${campaign.address}:${m.index}:${m.attempts}`,
          audience: "team",
        });
      }
    }
    // Only the current milestone can be behind schedule or make the campaign stale.
    const current = campaign.milestones.find((m) => m.status !== "Released");
    if (current === undefined) continue;
    const milestone = { index: current.index, title: current.title };
    // Keyed by attempts: a rejected submission that falls behind again is announced again.
    if (isStale(current, now)) {
      if (!review.active) {
        notices.push({
          notice: { kind: "StaleEligible", campaign: ref, milestone, staleAt: staleAt(current.estimatedCompletion) },
          dedupeKey: `stale-eligible:${campaign.address}:${current.index}:${current.attempts}:${review.round}`,
          audience: "subscribers",
        });
      }
    } else if (isBehindSchedule(current.status, current.estimatedCompletion, now)) {
      notices.push({
        notice: {
          kind: "BehindSchedule",
          campaign: ref,
          milestone,
          estimatedCompletion: current.estimatedCompletion,
          staleAt: staleAt(current.estimatedCompletion),
        },
        dedupeKey: `behind:${campaign.address}:${current.index}:${current.attempts}`,
        audience: "subscribers",
      });
    }
  }
  return { cranks, notices };
}
