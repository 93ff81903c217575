/**
 * Which channel follows which campaign. Only chat admins may change it; the adapter asks
 * the platform (Discord permissions, Telegram getChatMember) and passes the answer in, so
 * the rule "admins only" is enforced here for both platforms alike.
 */
import type { BotErrorCode } from "../codes.js";
import { decodeAddress } from "../linking/encoding.js";
import { CHAT_ID_PATTERN } from "../linking/siws.js";
import type { NoticeKind } from "../notices.js";
import type { ChainReader, Clock, Platform, Store, SubscriptionRecord } from "../ports.js";
import type { PoolReader } from "../pools.js";
import { fail, ok, type Result } from "../result.js";

/**
 * The subscription "campaign" that stands for every new campaign: such a channel gets each
 * campaign's creation and the opening of its raise (when backers can contribute), whatever
 * campaign it is. Not a base58 address, so it can never name a real campaign.
 */
export const ALL_NEW_CAMPAIGNS = "*new";

/** The notices a channel following all new campaigns gets. */
export const NEW_CAMPAIGN_NOTICE_KINDS: ReadonlySet<NoticeKind> = new Set<NoticeKind>(["CampaignCreated", "FundraisingOpened"]);

/** A channel and the user acting in it. */
export interface ChannelCommand {
  readonly platform: Platform;
  readonly scopeId: string;
  /** Channel or topic id; "" for a whole Telegram chat. */
  readonly channelId: string;
  readonly userId: string;
  /** Whether the platform says the user administers this chat. */
  readonly isChatAdmin: boolean;
  readonly campaign: string;
}

/** What subscription changes need. */
export interface SubscriptionDeps {
  readonly store: Store;
  readonly chain: ChainReader;
  /** Reward pools: a channel may follow a pool by its address (its announcements, docs/POOLS.md). */
  readonly pools?: Pick<PoolReader, "getPool">;
  readonly clock: Clock;
}

function wellFormed(command: ChannelCommand): boolean {
  return (
    CHAT_ID_PATTERN.test(command.scopeId) &&
    (command.channelId === "" || CHAT_ID_PATTERN.test(command.channelId)) &&
    CHAT_ID_PATTERN.test(command.userId)
  );
}

/** The audit-log entry of a subscription change by `command`'s user. */
function auditEntry(clock: Clock, command: ChannelCommand, action: string) {
  return {
    at: clock.now(),
    action,
    platform: command.platform,
    userId: command.userId,
    subject: command.campaign,
    details: { scopeId: command.scopeId, channelId: command.channelId },
  };
}

/**
 * Makes the channel follow a campaign that exists on-chain, a reward pool that does (stored
 * under its address like a campaign: pool notices go to the channels following that address),
 * or every new campaign ({@link ALL_NEW_CAMPAIGNS}).
 */
export async function subscribe(
  deps: SubscriptionDeps,
  command: ChannelCommand,
): Promise<Result<SubscriptionRecord, BotErrorCode | "MalformedInput">> {
  if (!wellFormed(command)) return fail("MalformedInput");
  if (!command.isChatAdmin) return fail("NotChatAdmin");
  if (command.campaign !== ALL_NEW_CAMPAIGNS) {
    if (decodeAddress(command.campaign) === null) return fail("CampaignNotFound");
    const exists = (await deps.chain.getCampaign(command.campaign)) !== null || (deps.pools !== undefined && (await deps.pools.getPool(command.campaign)) !== null);
    if (!exists) return fail("CampaignNotFound");
  }
  const record: SubscriptionRecord = {
    campaign: command.campaign,
    platform: command.platform,
    scopeId: command.scopeId,
    channelId: command.channelId,
    createdBy: command.userId,
  };
  return deps.store.transaction(async (tx) => {
    if (!(await tx.subscriptions.add(record))) return fail("AlreadySubscribed");
    await tx.audit.record(auditEntry(deps.clock, command, "subscription.added"));
    return ok(record);
  });
}

/** Stops the channel following a campaign. */
export async function unsubscribe(
  deps: Pick<SubscriptionDeps, "store" | "clock">,
  command: ChannelCommand,
): Promise<Result<void, BotErrorCode | "MalformedInput">> {
  if (!wellFormed(command)) return fail("MalformedInput");
  if (!command.isChatAdmin) return fail("NotChatAdmin");
  return deps.store.transaction(async (tx) => {
    const removed = await tx.subscriptions.remove({
      campaign: command.campaign,
      platform: command.platform,
      scopeId: command.scopeId,
      channelId: command.channelId,
    });
    if (!removed) return fail("NotSubscribed");
    await tx.audit.record(auditEntry(deps.clock, command, "subscription.removed"));
    return ok(undefined);
  });
}

/** Campaigns the channel follows; anyone may ask. */
export async function channelSubscriptions(
  deps: Pick<SubscriptionDeps, "store">,
  channel: { platform: Platform; scopeId: string; channelId: string },
): Promise<SubscriptionRecord[]> {
  return deps.store.subscriptions.listByChannel(channel.platform, channel.scopeId, channel.channelId);
}
