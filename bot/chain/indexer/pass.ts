/**
 * One backfill pass: every program transaction newer than the durable cursor, oldest first.
 * For each one, its events are announced and the cursor moves past it in ONE database
 * transaction, so a crash leaves either both or neither; announcements are also deduped per
 * event (`<signature>:<event index>`), so a transaction handled twice queues nothing twice.
 * Failed transactions are skipped (the cursor moves past them). A transaction that moves
 * money and is not finalized yet ends the pass there: it and everything after it wait for
 * the next pass, so announcements keep the chain's order.
 *
 * Signatures come from `getSignaturesForAddress` (the order and the gap-free backfill); a
 * transaction's logs from the live subscription when it delivered them, else `getTransaction`.
 * Reads are pipelined: up to `fetchConcurrency` transactions ahead of the one being written
 * are fetched (with the campaigns their notices name) while it is written. Only the reads
 * run ahead; the writes, and the cursor, still go in chain order, oldest first. With
 * `writeBatch` > 1, up to that many consecutive transactions share one database transaction
 * (announcements in order, then the cursor past the last): still all or nothing, with fewer
 * round trips when the indexer is behind. Inside it the announcements read subscriptions and
 * follows once for the group and insert their messages and timeline entries once (`group-writes.ts`).
 */
import type { ConfirmedSignatureInfo } from "@solana/web3.js";
import type { ProgramEvent } from "../../core/events.js";
import type { ChainReader, CampaignView, ChatPlatforms, Store } from "../../core/ports.js";
import type { PoolReader, PoolView } from "../../core/pools.js";
import { announceEvent } from "../../core/usecases/announce.js";
import { MAX_CAMPAIGNS_PER_READ } from "../reader.js";
import { withRetries } from "../relayer/rpc.js";
import { coalesce } from "./coalesce.js";
import { groupWrites } from "./group-writes.js";
import { decodeProgramEvents } from "./decode-event.js";
import { needsFinality } from "./finality.js";
import { type ChainSource, type HeardLogs, isFinalized, signaturesAfter, transactionLogs } from "./source.js";

/** Reads a campaign with the slot the RPC answered at (AnchorChainReader does). */
export interface CampaignSlotReader {
  /** Up to `MAX_CAMPAIGNS_PER_READ` campaigns in one RPC call, at one slot, in the order asked. */
  getCampaignsAt(addresses: readonly string[]): Promise<readonly { readonly view: CampaignView | null; readonly slot: bigint }[]>;
}

/** A campaign as read ahead for a transaction, and the slot it was read at. */
interface CampaignRead {
  readonly view: CampaignView;
  readonly slot: bigint;
}

export interface PassDeps {
  readonly source: ChainSource;
  /** Logs the live subscription delivered: a transaction heard there is not read again. */
  readonly heard?: HeardLogs;
  readonly store: Store;
  readonly chain: ChainReader & CampaignSlotReader;
  /** Reads the reward pools pool events name (their notices' labels and amounts); without it they name the address. */
  readonly pools?: Pick<PoolReader, "getPool">;
  readonly gatewayUrl: string;
  /** Where each platform's subscriptions are announced. */
  readonly platforms: ChatPlatforms;
}

export interface PassSettings {
  readonly cursorName: string;
  readonly pageSize: number;
  /** Transactions read ahead of the one being written (1 = one after another). */
  readonly fetchConcurrency: number;
  /** Most transactions written (announcements and cursor) in one database transaction. */
  readonly writeBatch: number;
}

/** What a pass did. */
export interface PassResult {
  /** Program events handed to `announceEvent` (with or without a notice). */
  readonly events: number;
  /** Transactions the cursor moved past (failed ones included). */
  readonly transactions: number;
  /** The pass stopped at a money transaction that is not finalized yet. */
  readonly awaitingFinality: boolean;
}

/** A transaction read ahead: its events and the campaigns they name; `null` if not served yet. */
interface Fetched {
  readonly events: readonly ProgramEvent[];
  readonly chain: ChainReader;
  /** The pools the events name, as read ahead. */
  readonly pools: Pick<PoolReader, "getPool">;
  /** The campaigns the events name, for the directory (table `campaign`). */
  readonly campaigns: readonly CampaignRead[];
}

export async function indexPass(deps: PassDeps, settings: PassSettings): Promise<PassResult> {
  const cursor = await deps.store.cursors.get(settings.cursorName);
  const pending = await signaturesAfter(deps.source, cursor, settings.pageSize);
  const batch = Math.max(1, settings.writeBatch);
  const window = Math.max(batch, settings.fetchConcurrency);
  // The campaigns the transactions read ahead name are read together, one RPC call per turn.
  const readCampaign = coalesce(
    (addresses: readonly string[]) => withRetries("getCampaign", () => deps.chain.getCampaignsAt(addresses), deps.source.retry),
    MAX_CAMPAIGNS_PER_READ,
  );
  const ahead = readAhead(pending, window, (info) => fetchTransaction(deps, readCampaign, info));
  let events = 0;
  let transactions = 0;
  while (transactions < pending.length) {
    // The next transactions in chain order, up to `batch`, ending before one that cannot be written yet.
    const group: Ready[] = [];
    let stop: "unserved" | "finality" | null = null;
    let failure: { readonly error: unknown } | null = null;
    for (let i = transactions; group.length < batch && i < pending.length; i++) {
      const info = pending[i] as ConfirmedSignatureInfo;
      try {
        const fetched = await ahead(i);
        if (fetched === null) stop = "unserved"; // listed but not served yet: next pass
        else if (needsFinality(fetched.events) && !(await isFinalized(deps.source, info))) stop = "finality";
        else group.push({ info, ...fetched });
      } catch (error) {
        failure = { error }; // what was read before it is still written
      }
      if (stop !== null || failure !== null) break;
    }
    if (group.length > 0) {
      events += await writeGroup(deps, settings.cursorName, group);
      transactions += group.length;
    }
    if (failure !== null) throw failure.error;
    if (stop !== null) return { events, transactions, awaitingFinality: stop === "finality" };
  }
  return { events, transactions, awaitingFinality: false };
}

/**
 * `at(i)` is `read(items[i])`, with the reads of the next `window - 1` items started too, so
 * they run while the caller handles item i. A read the caller never asks for is dropped
 * quietly (its failure is not an unhandled rejection).
 */
export function readAhead<T, R>(items: readonly T[], window: number, read: (item: T) => Promise<R>): (i: number) => Promise<R> {
  const started: Promise<R>[] = [];
  return (i) => {
    for (let j = started.length; j < Math.min(items.length, i + window); j++) {
      const reading = read(items[j] as T);
      reading.catch(() => undefined);
      started.push(reading);
    }
    const reading = started[i];
    if (reading === undefined) throw new RangeError(`no item ${i}`);
    return reading;
  };
}

/** Reads a campaign with the slot of the read (batched with others: `coalesce`). */
type ReadCampaign = (address: string) => Promise<{ readonly view: CampaignView | null; readonly slot: bigint }>;

async function fetchTransaction(deps: PassDeps, readCampaign: ReadCampaign, info: ConfirmedSignatureInfo): Promise<Fetched | null> {
  // Failed transactions are skipped; a landed one's logs come from the subscription when it
  // delivered them (the same messages `getTransaction` returns), else from the node.
  const landed = info.err === null ? (deps.heard?.get(info.signature) ?? (await transactionLogs(deps.source, info.signature))) : null;
  if (info.err === null && landed === null) return null;
  const events = landed === null || landed.failed ? [] : decodeProgramEvents(landed.logs);
  // Campaigns are read here, before the database transaction, so no RPC call holds it open.
  return { events, ...(await snapshotReader(deps, readCampaign, events)), pools: await poolSnapshot(deps, events) };
}

interface Ready extends Fetched {
  readonly info: ConfirmedSignatureInfo;
}

/** The group's announcements, in chain order, and the cursor past its last one: one database transaction. */
async function writeGroup(deps: PassDeps, cursorName: string, group: readonly Ready[]): Promise<number> {
  const last = group.at(-1);
  if (last === undefined) return 0;
  // Every campaign and pool the group's events name: their subscriptions and follows are read once.
  const named = new Set(group.flatMap(({ events }) => events.flatMap((e) => ("campaign" in e ? [e.campaign] : "pool" in e ? [e.pool] : []))));
  await deps.store.transaction(async (tx) => {
    const writes = await groupWrites(tx, [...named]);
    for (const { info, events, chain, pools, campaigns } of group) {
      // Reads ran ahead and concurrently: the slot guard keeps the newest read whatever the order.
      for (const { view, slot } of campaigns) await tx.campaigns.upsert({ view, slot, at: new Date() });
      // The block time dates the timeline entry; a node that has none for the block gives the time read.
      const at = info.blockTime === null || info.blockTime === undefined ? new Date() : new Date(info.blockTime * 1000);
      for (const [index, event] of events.entries()) {
        await announceEvent({ store: writes.repos, chain, pools, gatewayUrl: deps.gatewayUrl, platforms: deps.platforms }, event, `${info.signature}:${index}`, at);
      }
    }
    await writes.flush();
    await tx.cursors.set(cursorName, { signature: last.info.signature, slot: BigInt(last.info.slot) });
  });
  deps.heard?.forget(group.map(({ info }) => info.signature));
  return group.reduce((sum, { events }) => sum + events.length, 0);
}

/**
 * The campaigns the events name, read now with their slots, and a reader whose `getCampaign`
 * answers from them (other reads pass through). Each view carries the directory's verified
 * title while its texts are unchanged, so notices name the campaign by its title.
 */
async function snapshotReader(
  deps: PassDeps,
  readCampaign: ReadCampaign,
  events: readonly ProgramEvent[],
): Promise<{ readonly chain: ChainReader; readonly campaigns: readonly CampaignRead[] }> {
  const views = new Map<string, CampaignView | null>();
  const reads: CampaignRead[] = [];
  for (const event of events) {
    if (!("campaign" in event) || views.has(event.campaign)) continue;
    const address = event.campaign;
    const read = await readCampaign(address);
    if (read.view === null) {
      views.set(address, null);
      continue;
    }
    const known = await deps.store.campaigns.find(address);
    const title = known !== null && known.view.metadataSha256 === read.view.metadataSha256 ? known.title : null;
    views.set(address, { ...read.view, title });
    reads.push({ view: read.view, slot: read.slot });
  }
  const reader = Object.create(deps.chain) as ChainReader;
  reader.getCampaign = (address) => Promise.resolve(views.get(address) ?? null);
  return { chain: reader, campaigns: reads };
}

/** The pools the events name, read now (before the database transaction), as a `getPool` that answers from them. */
async function poolSnapshot(deps: PassDeps, events: readonly ProgramEvent[]): Promise<Pick<PoolReader, "getPool">> {
  const views = new Map<string, PoolView | null>();
  const reader = deps.pools;
  if (reader !== undefined) {
    for (const event of events) {
      if (!("pool" in event) || views.has(event.pool)) continue;
      const address = event.pool;
      views.set(address, await withRetries("getPool", () => reader.getPool(address), deps.source.retry));
    }
  }
  return { getPool: (address) => Promise.resolve(views.get(address) ?? null) };
}
