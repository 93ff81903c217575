/**
 * A write group's announcements with one query per kind instead of one per event: inside the
 * group's database transaction, the subscriptions and follows of every campaign and pool its
 * events name are read once at the start, and its outbox messages and timeline entries are
 * inserted once at the end, in the order the events queued them. At 100 events a second the
 * indexer's writer was busy all the time with ~6 round trips per event (BENCHMARKS.md,
 * "Indexer lag"); each event now costs only its directory upsert.
 *
 * What the announcements see is what per-event queries would have seen inside the same
 * transaction: nothing else writes subscriptions or follows in it. The counts they return
 * ("queued") become the number asked for, not the number new: the indexer does not use them,
 * and the outbox's and timeline's dedupe keys still make a replayed event queue nothing twice.
 */
import type { CampaignNotice } from "../../core/notices.js";
import type { FollowRecord, NewOutboxMessage, Repositories, SubscriptionRecord } from "../../core/ports.js";
import { ALL_NEW_CAMPAIGNS } from "../../core/usecases/subscriptions.js";

type TimelineEntry = { readonly key: string; readonly notice: CampaignNotice; readonly at: Date };

/** Groups `rows` by their `campaign`. */
function byCampaign<R extends { readonly campaign: string }>(rows: readonly R[]): Map<string, R[]> {
  const grouped = new Map<string, R[]>();
  for (const row of rows) grouped.set(row.campaign, [...(grouped.get(row.campaign) ?? []), row]);
  return grouped;
}

/**
 * `tx` with the reads of `addresses` (campaigns and pools) answered from one query each and the
 * announcements' writes held back; `flush` writes them, and must run before the transaction ends.
 */
export async function groupWrites(
  tx: Repositories,
  addresses: readonly string[],
): Promise<{ readonly repos: Repositories; flush(): Promise<void> }> {
  const known = new Set([...addresses, ALL_NEW_CAMPAIGNS]);
  // One after the other: a transaction's queries share its one connection.
  const subscriptions = byCampaign<SubscriptionRecord>(await tx.subscriptions.listByCampaigns([...known]));
  const follows = byCampaign<FollowRecord>(await tx.follows.listByCampaigns(addresses));
  const messages: NewOutboxMessage[] = [];
  const entries: TimelineEntry[] = [];
  const repos: Repositories = {
    ...tx,
    subscriptions: {
      ...tx.subscriptions,
      listByCampaign: (campaign) => (known.has(campaign) ? Promise.resolve(subscriptions.get(campaign) ?? []) : tx.subscriptions.listByCampaign(campaign)),
    },
    follows: {
      ...tx.follows,
      listByCampaign: (campaign) => (known.has(campaign) ? Promise.resolve(follows.get(campaign) ?? []) : tx.follows.listByCampaign(campaign)),
    },
    outbox: {
      ...tx.outbox,
      enqueue: (message) => {
        messages.push(message);
        return Promise.resolve(true);
      },
      enqueueMany: (batch) => {
        messages.push(...batch);
        return Promise.resolve(batch.length);
      },
    },
    timeline: {
      ...tx.timeline,
      record: (entry) => {
        entries.push(entry);
        return Promise.resolve(true);
      },
    },
  };
  return {
    repos,
    flush: async () => {
      if (entries.length > 0) await tx.timeline.recordMany(entries);
      if (messages.length > 0) await tx.outbox.enqueueMany(messages);
    },
  };
}
