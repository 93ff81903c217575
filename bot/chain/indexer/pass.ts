/**
 * One backfill pass: every program transaction newer than the durable cursor, oldest first.
 * For each one, its events are announced and the cursor moves past it in ONE database
 * transaction, so a crash leaves either both or neither; announcements are also deduped per
 * event (`<signature>:<event index>`), so a transaction handled twice queues nothing twice.
 * Failed transactions are skipped (the cursor moves past them). A transaction that moves
 * money and is not finalized yet ends the pass there: it and everything after it wait for
 * the next pass, so announcements keep the chain's order.
 */
import type { ConfirmedSignatureInfo } from "@solana/web3.js";
import type { ProgramEvent } from "../../core/events.js";
import type { ChainReader, CampaignView, Store } from "../../core/ports.js";
import { announceEvent } from "../../core/usecases/announce.js";
import { withRetries } from "../relayer/rpc.js";
import { decodeProgramEvents } from "./decode-event.js";
import { needsFinality } from "./finality.js";
import { type ChainSource, isFinalized, signaturesAfter, transactionLogs } from "./source.js";

export interface PassDeps {
  readonly source: ChainSource;
  readonly store: Store;
  readonly chain: ChainReader;
  readonly gatewayUrl: string;
}

export interface PassSettings {
  readonly cursorName: string;
  readonly pageSize: number;
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

export async function indexPass(deps: PassDeps, settings: PassSettings): Promise<PassResult> {
  const cursor = await deps.store.cursors.get(settings.cursorName);
  const pending = await signaturesAfter(deps.source, cursor, settings.pageSize);
  let events = 0;
  let transactions = 0;
  for (const info of pending) {
    const position = { signature: info.signature, slot: BigInt(info.slot) };
    const landed = info.err === null ? await transactionLogs(deps.source, info.signature) : null;
    if (info.err === null && landed === null) break; // listed but not served yet: next pass
    const decoded = landed === null || landed.failed ? [] : decodeProgramEvents(landed.logs);
    if (needsFinality(decoded) && !(await isFinalized(deps.source, info))) {
      return { events, transactions, awaitingFinality: true };
    }
    events += await handleTransaction(deps, settings.cursorName, info, decoded, position);
    transactions += 1;
  }
  return { events, transactions, awaitingFinality: false };
}

async function handleTransaction(
  deps: PassDeps,
  cursorName: string,
  info: ConfirmedSignatureInfo,
  events: readonly ProgramEvent[],
  position: { signature: string; slot: bigint },
): Promise<number> {
  // Campaigns are read before the database transaction, so no RPC call holds it open.
  const chain = await snapshotReader(deps, events);
  await deps.store.transaction(async (tx) => {
    for (const [index, event] of events.entries()) {
      await announceEvent({ store: tx, chain, gatewayUrl: deps.gatewayUrl }, event, `${info.signature}:${index}`);
    }
    await tx.cursors.set(cursorName, position);
  });
  return events.length;
}

/** A reader whose `getCampaign` answers from campaigns read now (other reads pass through). */
async function snapshotReader(deps: PassDeps, events: readonly ProgramEvent[]): Promise<ChainReader> {
  const campaigns = new Map<string, CampaignView | null>();
  for (const event of events) {
    if (!("campaign" in event) || campaigns.has(event.campaign)) continue;
    const address = event.campaign;
    campaigns.set(address, await withRetries("getCampaign", () => deps.chain.getCampaign(address), deps.source.retry));
  }
  const reader = Object.create(deps.chain) as ChainReader;
  reader.getCampaign = (address) => Promise.resolve(campaigns.get(address) ?? null);
  return reader;
}
