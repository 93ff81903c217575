/**
 * Announcing a notice: one outbox message per channel that follows the notice's campaign,
 * written with the caller's repositories (the indexer passes its transaction, so the
 * announcement commits with the cursor that read the event). Exactly once per (cause,
 * channel): each message's dedupe key is the caller's key for the cause plus the channel.
 */
import type { ProgramEvent } from "../events.js";
import { noticeForEvent, type CampaignNotice, type Notice, type NoticeKind, type PoolNotice } from "../notices.js";
import type { PoolReader } from "../pools.js";
import type { ChainReader, ChatPlatforms, ChatTarget, Repositories, SubscriptionRecord } from "../ports.js";
import { tellFollowers } from "./follows.js";
import { ALL_NEW_CAMPAIGNS, NEW_CAMPAIGN_NOTICE_KINDS } from "./subscriptions.js";
import { notify, notifyAll, personalTarget } from "./notify.js";

export { noticeKind, notify, notifyAll, personalTarget } from "./notify.js";

/**
 * Where a subscription's notices go, as its platform describes it (Discord: the channel or
 * thread; Telegram: the group and its forum topic). A platform this deployment does not
 * describe gets the neutral reading, scope as chat and channel as thread, so its messages
 * still wait in the outbox for a process that runs it.
 */
export function subscriptionTarget(
  platforms: ChatPlatforms,
  subscription: Omit<SubscriptionRecord, "createdBy" | "campaign">,
): ChatTarget {
  const described = platforms[subscription.platform];
  if (described !== undefined) return described.subscriptionTarget(subscription.scopeId, subscription.channelId);
  return subscription.channelId === ""
    ? { platform: subscription.platform, chatId: subscription.scopeId }
    : { platform: subscription.platform, chatId: subscription.scopeId, threadId: subscription.channelId };
}

/**
 * Queues `notice` for every channel following its campaign (account notices: none), and a new
 * campaign's creation and opening of its raise also for every channel following all new
 * campaigns (a channel in both gets one message); returns how many were new. The notice also
 * goes on the campaign's public timeline under `dedupeKey`, whether or not anyone follows it,
 * dated `at`: when it happened (the block time, the scheduler's chain clock, the update's post
 * time); omitted, the moment it is announced.
 */
export async function announce(
  deps: { readonly store: Pick<Repositories, "outbox" | "subscriptions" | "timeline">; readonly platforms: ChatPlatforms },
  notice: Notice,
  dedupeKey: string,
  at: Date = new Date(),
): Promise<{ readonly channels: number; readonly queued: number }> {
  if ("pool" in notice) {
    // A pool's notices go to the channels that follow the pool (subscribed by its address); pools have no timeline.
    const subscriptions = await deps.store.subscriptions.listByCampaign(notice.pool.address);
    const queued = await notifyAll(deps, subscriptions.map((s) => subscriptionTarget(deps.platforms, s)), notice, dedupeKey);
    return { channels: subscriptions.length, queued };
  }
  if (!("campaign" in notice)) return { channels: 0, queued: 0 };
  await deps.store.timeline.record({ key: dedupeKey, notice, at });
  const found = [
    ...(await deps.store.subscriptions.listByCampaign(notice.campaign.address)),
    ...(NEW_CAMPAIGN_NOTICE_KINDS.has(notice.kind) ? await deps.store.subscriptions.listByCampaign(ALL_NEW_CAMPAIGNS) : []),
  ];
  // A channel following both the campaign and all new campaigns counts (and is told) once.
  const subscriptions = [...new Map(found.map((s) => [`${s.platform}:${s.scopeId}:${s.channelId}`, s])).values()];
  const queued = await notifyAll(deps, subscriptions.map((s) => subscriptionTarget(deps.platforms, s)), notice, dedupeKey);
  return { channels: subscriptions.length, queued };
}

/**
 * The notices a campaign's researcher is told directly, besides the channels that follow the
 * campaign: flags as they come, quorum, a dispute opened and its resolution (with the written
 * reasons) or lapse, the approval that opens fundraising, and each released tranche.
 */
export const RESEARCHER_NOTICE_KINDS: ReadonlySet<NoticeKind> = new Set<NoticeKind>([
  "FlagSubmitted",
  "QuorumReached",
  "DisputeOpened",
  "DisputeResolved",
  "DisputeLapsed",
  "FundraisingOpened",
  "TrancheReleased",
]);

/**
 * Queues `notice` for the private chat of every chat account linked to `researcher` (one per
 * platform at most); returns how many were new. The outbox key is the event's key plus the
 * recipient's chat, so a replayed event queues nothing twice, and a researcher whose private
 * chat also follows the campaign (the console) gets one message, not two.
 */
export async function tellResearcher(
  deps: { readonly store: Pick<Repositories, "outbox" | "links">; readonly platforms: ChatPlatforms },
  researcher: string,
  notice: Notice,
  dedupeKey: string,
): Promise<number> {
  if (!RESEARCHER_NOTICE_KINDS.has(notice.kind)) return 0;
  let queued = 0;
  for (const platform of Object.values(deps.platforms)) {
    const link = await deps.store.links.findByAddress(platform.platform, researcher);
    if (link === null) continue;
    const target = personalTarget(deps.platforms, { platform: link.platform, userId: link.userId, chatId: link.chatId });
    if (await notify(deps, target, notice, dedupeKey)) queued += 1;
  }
  return queued;
}

/**
 * The indexer's step for one program event: the notice it gives (with the campaign read for
 * its label and titles) announced to every following channel, and told directly to the
 * campaign's researcher when it concerns them (researcher-notices.ts) and to its followers
 * when a backer cares about it (follows.ts); nothing for events no channel cares about. `dedupeKey` names the event, e.g. `<transaction signature>:<event index>`;
 * `at` is when it happened (the transaction's block time).
 */
export async function announceEvent(
  deps: {
    readonly store: Pick<Repositories, "outbox" | "subscriptions" | "links" | "follows" | "timeline">;
    readonly chain: ChainReader;
    /** Reads the pool a pool event names (its label and mints' decimals); without it, pool notices name the address. */
    readonly pools?: Pick<PoolReader, "getPool">;
    readonly gatewayUrl: string;
    readonly platforms: ChatPlatforms;
  },
  event: ProgramEvent,
  dedupeKey: string,
  at?: Date,
): Promise<{
  readonly notice: CampaignNotice | PoolNotice | null;
  readonly channels: number;
  readonly queued: number;
  readonly researcherChats?: number;
  readonly followers?: number;
}> {
  const campaign = "campaign" in event ? await deps.chain.getCampaign(event.campaign) : null;
  const pool = "pool" in event && deps.pools !== undefined ? await deps.pools.getPool(event.pool) : null;
  const notice = noticeForEvent(event, { campaign, pool, gatewayUrl: deps.gatewayUrl });
  if (notice === null) return { notice, channels: 0, queued: 0 };
  if ("pool" in notice) return { notice, ...(await announce(deps, notice, dedupeKey, at)) };
  const announced = await announce(deps, notice, dedupeKey, at);
  const researcherChats = campaign === null ? 0 : await tellResearcher(deps, campaign.researcher, notice, dedupeKey);
  const followers = await tellFollowers(deps, notice, dedupeKey);
  return { notice, ...announced, researcherChats, followers };
}
