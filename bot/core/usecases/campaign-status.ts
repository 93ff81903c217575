/**
 * A campaign's status as chat shows it: each milestone with its window, time left, flag
 * weight against quorum, and the schedule warnings, all computed by the core's rules.
 */
import { decodeAddress } from "../linking/encoding.js";
import type { BotErrorCode } from "../codes.js";
import type { CampaignView, ChainReader, Clock, MilestoneView, Repositories } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { flagThreshold, quorumReached, weightToQuorum } from "../rules/flags.js";
import { isBehindSchedule, isStale, secondsLeft, staleAt } from "../rules/windows.js";
import { withDirectoryTitle } from "./campaign-directory.js";

/** One milestone with everything derived from the rules. */
export interface MilestoneStatusView extends MilestoneView {
  /** Seconds left in the review window; 0 when not in review or closed. */
  readonly windowSecondsLeft: number;
  readonly flagThreshold: bigint;
  readonly quorumReached: boolean;
  readonly weightToQuorum: bigint;
  readonly behindSchedule: boolean;
  readonly stale: boolean;
  readonly staleAt: number;
}

/** A campaign with derived milestone facts. */
export interface CampaignStatusView {
  readonly campaign: CampaignView;
  readonly milestones: readonly MilestoneStatusView[];
  /** Index of the first milestone not released, or `null` when all are. */
  readonly current: number | null;
}

/** Reads a campaign and derives its status at the clock's time. */
export async function campaignStatus(
  deps: { readonly chain: ChainReader; readonly clock: Clock; readonly store?: Pick<Repositories, "campaigns"> },
  address: string,
): Promise<Result<CampaignStatusView, BotErrorCode>> {
  if (decodeAddress(address) === null) return fail("CampaignNotFound");
  const read = await deps.chain.getCampaign(address);
  if (read === null) return fail("CampaignNotFound");
  // Named by its verified title (the directory's) where one was read.
  const campaign = deps.store === undefined ? read : await withDirectoryTitle({ store: deps.store }, read);
  return ok(deriveStatus(campaign, Math.floor(deps.clock.now().getTime() / 1000)));
}

/** A campaign already read, with its milestone facts derived at `now` (Unix seconds). */
export function deriveStatus(campaign: CampaignView, now: number): CampaignStatusView {
  const milestones = campaign.milestones.map((m): MilestoneStatusView => {
    const inReview = m.status === "InReview";
    return {
      ...m,
      windowSecondsLeft: inReview ? secondsLeft(now, m.windowEnd) : 0,
      flagThreshold: flagThreshold(m.supplySnapshot),
      quorumReached: quorumReached(m.flagWeight, m.backerSupplySnapshot),
      weightToQuorum: weightToQuorum(m.flagWeight, m.backerSupplySnapshot),
      behindSchedule: isBehindSchedule(m.status, m.estimatedCompletion, now),
      stale: isStale(m, now),
      staleAt: staleAt(m.estimatedCompletion),
    };
  });
  const current = milestones.find((m) => m.status !== "Released")?.index ?? null;
  return { campaign, milestones, current };
}
