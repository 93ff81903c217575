/**
 * What the scheduler should do now, from the campaigns as the chain shows them: which review
 * windows or stale reviews can be finalized (permissionless cranks), which campaigns to warn
 * about (behind schedule, stale), and which disputes to remind the team of. Each item carries
 * the key that makes acting on it exactly once (outbox dedupe key or relayer idempotency key),
 * so several scheduler replicas may compute the same list and act on it safely.
 */
import { campaignRef, type Notice } from "../notices.js";
import type { CampaignView } from "../ports.js";
import { isBehindSchedule, isStale, staleAt } from "../rules/windows.js";

/** A permissionless crank that is due. */
export type DueCrank =
  | { readonly kind: "finalizeMilestone"; readonly campaign: string; readonly milestoneIndex: number; readonly key: string }
  | { readonly kind: "finalizeStale"; readonly campaign: string; readonly key: string };

/** A notice that is due, with its dedupe key; `audience` says who gets it. */
export interface DueNotice {
  readonly notice: Notice;
  readonly dedupeKey: string;
  /** Subscribed channels of the campaign, or the PepFund team's chats. */
  readonly audience: "subscribers" | "team";
}

/** Everything due at `now` (Unix seconds). */
export interface ScheduleDue {
  readonly cranks: readonly DueCrank[];
  readonly notices: readonly DueNotice[];
}

/** How long before a dispute's deadline the team is reminded (default 12 hours). */
export const DEFAULT_DISPUTE_REMINDER_SECS = 12 * 60 * 60;

/** The cranks and notices due for `campaigns` at `now`. */
export function scheduleDue(
  campaigns: readonly CampaignView[],
  now: number,
  options: { readonly disputeReminderSecs?: number } = {},
): ScheduleDue {
  const reminder = options.disputeReminderSecs ?? DEFAULT_DISPUTE_REMINDER_SECS;
  const cranks: DueCrank[] = [];
  const notices: DueNotice[] = [];
  for (const campaign of campaigns) {
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
    if (isStale(current.status, current.estimatedCompletion, now)) {
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
