/**
 * Personal follows: a chat user follows a campaign (`/follow`) and hears, in their own private
 * chat (a Discord DM, a Telegram private chat, the console), what a backer must act on or
 * wants to know: the raise opening, a submission to review, a review window about to close, quorum, a dispute's
 * outcome, a release, a stale review, and a refund becoming available. Anyone may follow a
 * campaign that exists; nothing here needs a linked wallet.
 */
import type { BotErrorCode } from "../codes.js";
import { decodeAddress } from "../linking/encoding.js";
import type { Notice, NoticeKind } from "../notices.js";
import type { ChainReader, ChatPlatforms, ChatRef, Clock, FollowRecord, Platform, Repositories, Store } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { notifyAll, personalTarget } from "./notify.js";

/** What follows need. */
export interface FollowDeps {
  readonly store: Store;
  readonly chain: ChainReader;
  readonly clock: Clock;
  /** Each platform's id pattern: ids are checked before they reach a query. */
  readonly platforms: ChatPlatforms;
}

/** A chat user, where they asked, and the campaign (an address). */
export interface FollowCommand extends ChatRef {
  readonly campaign: string;
}

function wellFormed(platforms: ChatPlatforms, command: ChatRef): boolean {
  const pattern = platforms[command.platform]?.idPattern ?? /^-?[0-9]{1,20}$/;
  return pattern.test(command.userId) && pattern.test(command.chatId);
}

function auditEntry(clock: Clock, command: FollowCommand, action: string) {
  return { at: clock.now(), action, platform: command.platform, userId: command.userId, subject: command.campaign, details: { chatId: command.chatId } };
}

/**
 * Follows a campaign that exists on-chain. Following it again changes nothing and says so
 * (`added` false), so a double click is harmless.
 */
export async function follow(
  deps: FollowDeps,
  command: FollowCommand,
): Promise<Result<{ readonly follow: FollowRecord; readonly added: boolean }, Extract<BotErrorCode, "CampaignNotFound"> | "MalformedInput">> {
  if (!wellFormed(deps.platforms, command)) return fail("MalformedInput");
  if (decodeAddress(command.campaign) === null) return fail("CampaignNotFound");
  if ((await deps.chain.getCampaign(command.campaign)) === null) return fail("CampaignNotFound");
  const record: FollowRecord = { platform: command.platform, userId: command.userId, chatId: command.chatId, campaign: command.campaign };
  return deps.store.transaction(async (tx) => {
    const added = await tx.follows.add(record);
    if (added) await tx.audit.record(auditEntry(deps.clock, command, "follow.added"));
    return ok({ follow: record, added });
  });
}

/** Stops following; `removed` false when the user did not follow it (the campaign may be gone by now). */
export async function unfollow(
  deps: Pick<FollowDeps, "store" | "clock" | "platforms">,
  command: FollowCommand,
): Promise<Result<{ readonly removed: boolean }, "MalformedInput">> {
  if (!wellFormed(deps.platforms, command)) return fail("MalformedInput");
  return deps.store.transaction(async (tx) => {
    const removed = await tx.follows.remove({ platform: command.platform, userId: command.userId, campaign: command.campaign });
    if (removed) await tx.audit.record(auditEntry(deps.clock, command, "follow.removed"));
    return ok({ removed });
  });
}

/** The campaigns a chat user follows, oldest follow first. */
export function followedCampaigns(deps: Pick<FollowDeps, "store">, user: { readonly platform: Platform; readonly userId: string }): Promise<FollowRecord[]> {
  return deps.store.follows.listByUser(user.platform, user.userId);
}

/**
 * The notices a follower is told, as a backer cares about them: the raise opening (to
 * contribute), something to review or flag (a submission, its window closing within a day),
 * the review's outcome (quorum, a dispute resolved or lapsed, a tranche released), a stale
 * review to support, and a refund to claim (a failed raise, an abandoned campaign). Chatter
 * (each flag, each stale support, the allocations) stays in the channels.
 */
const FOLLOWER_NOTICE_KINDS: ReadonlySet<NoticeKind> = new Set<NoticeKind>([
  "FundraisingOpened",
  "MilestoneSubmitted",
  "ReviewWindowClosingSoon",
  "QuorumReached",
  "DisputeResolved",
  "DisputeLapsed",
  "TrancheReleased",
  "StaleReviewOpened",
  "CampaignAbandoned",
]);

/** Whether a follower is told `notice`: its kind is one a backer cares about, or a raise failed (refunds open). */
export function followerCares(notice: Notice): boolean {
  if (notice.kind === "FundraisingClosed") return !notice.succeeded;
  return FOLLOWER_NOTICE_KINDS.has(notice.kind);
}

/**
 * Queues `notice` for the private chat of every follower of its campaign when a backer cares
 * about it; returns how many were new. Once per (cause, follower): the outbox key is
 * `dedupeKey` plus the follower's chat, so a replayed event tells nobody twice, and a
 * follower who is also told as the campaign's researcher, or whose private chat follows the
 * campaign as a channel (the console), gets one message.
 */
export async function tellFollowers(
  deps: { readonly store: Pick<Repositories, "outbox" | "follows">; readonly platforms: ChatPlatforms },
  notice: Notice,
  dedupeKey: string,
): Promise<number> {
  if (!("campaign" in notice) || !followerCares(notice)) return 0;
  const followers = await deps.store.follows.listByCampaign(notice.campaign.address);
  return notifyAll(deps, followers.map((follower) => personalTarget(deps.platforms, follower)), notice, dedupeKey);
}
