/**
 * The indexer: program events on-chain -> announcements in the outbox, exactly once each.
 * Everything goes through one backfill pass (`pass.ts`), run one at a time; the live logs
 * subscription and a poll timer trigger it, so an event heard live and one found after a
 * restart take the same path, in the same order. The subscription also hands the pass the logs
 * it delivered, so those transactions are not read again. A failed pass (RPC or database down) is
 * logged and the next trigger tries again from the durable cursor.
 */
import type { Connection, PublicKey } from "@solana/web3.js";
import type { ChainReader, ChatPlatforms, Store } from "../../core/ports.js";
import type { PoolReader } from "../../core/pools.js";
import { PROGRAM_ID } from "../program.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../relayer/rpc.js";
import { type CampaignSlotReader, indexPass, type PassResult } from "./pass.js";
import { HeardLogs } from "./source.js";

export interface IndexerDeps {
  /** Preferably `relayConnection(rpcUrl, { wsUrl })`: timeouts, and 429s surfaced for our retries. */
  readonly connection: Connection;
  readonly store: Store;
  /** Reads campaigns with their slot, for the directory's slot guard (AnchorChainReader). */
  readonly chain: ChainReader & CampaignSlotReader;
  /** Reads reward pools for pool notices (AnchorPoolReader); without it they name the pool by address. */
  readonly pools?: Pick<PoolReader, "getPool">;
  /** Arweave gateway for evidence and rationale links in notices. */
  readonly gatewayUrl: string;
  /** Where each platform's subscriptions are announced. */
  readonly platforms: ChatPlatforms;
  readonly log?: { warn(message: string): void };
}

export interface IndexerOptions {
  readonly programId?: PublicKey;
  /** Row of `indexer_cursor`; one per program and cluster. Default `pepfund`. */
  readonly cursorName?: string;
  /** Signatures per `getSignaturesForAddress` page (the RPC's maximum is 1000). */
  readonly pageSize?: number;
  /** Transactions fetched ahead of the one being written; writes stay in chain order. Default 12. */
  readonly fetchConcurrency?: number;
  /**
   * Most transactions written in one database transaction (their announcements, then the
   * cursor past the last), when that many are ready in a pass; 1 writes each alone. Default
   * 16: an indexer behind by many transactions catches up in fewer round trips.
   */
  readonly writeBatch?: number;
  /** Backstop poll for missed live notifications; also re-checks finality. Default 2000 ms. */
  readonly pollIntervalMs?: number;
  /** Re-check after a money transaction was not finalized yet. Default 500 ms. */
  readonly finalityRecheckMs?: number;
  readonly retry?: RetryPolicy;
  /** Subscribe to the program's logs (WebSocket). Default true. */
  readonly live?: boolean;
  /** Run passes by themselves (timer, subscription). False: only `pass()` runs one. Default true. */
  readonly background?: boolean;
}

export interface Indexer {
  /** Runs a pass now (after any running one); resolves to the number of events handled. */
  pass(): Promise<number>;
  /** Stops triggering passes and waits for the running one. */
  stop(): Promise<void>;
}

export function startIndexer(deps: IndexerDeps, options: IndexerOptions = {}): Indexer {
  const source = { connection: deps.connection, programId: options.programId ?? PROGRAM_ID, retry: options.retry ?? DEFAULT_RETRY };
  const settings = {
    cursorName: options.cursorName ?? "pepfund",
    pageSize: options.pageSize ?? 1000,
    fetchConcurrency: options.fetchConcurrency ?? 12,
    writeBatch: options.writeBatch ?? 16,
  };
  const pollMs = options.pollIntervalMs ?? 2_000;
  const recheckMs = options.finalityRecheckMs ?? 500;
  const background = options.background ?? true;

  // The subscription's logs, kept until a pass has written their transaction.
  const heard = new HeardLogs();
  let tail: Promise<unknown> = Promise.resolve();
  let queued: Promise<PassResult> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  /** Queues a pass after the running one; triggers while one is queued share it. */
  function enqueue(): Promise<PassResult> {
    if (queued !== null) return queued;
    const next = tail.then(() => {
      queued = null;
      return indexPass(
        { source, heard, store: deps.store, chain: deps.chain, ...(deps.pools === undefined ? {} : { pools: deps.pools }), gatewayUrl: deps.gatewayUrl, platforms: deps.platforms },
        settings,
      );
    });
    queued = next;
    tail = next.catch(() => undefined);
    return next;
  }

  function schedule(ms: number): void {
    if (stopped || !background) return;
    clearTimeout(timer);
    timer = setTimeout(trigger, ms);
  }

  function trigger(): void {
    if (stopped) return;
    enqueue().then(
      (result) => schedule(result.awaitingFinality ? recheckMs : pollMs),
      (error: unknown) => {
        deps.log?.warn(`indexer pass failed, retrying: ${(error as Error).message}`);
        schedule(pollMs);
      },
    );
  }

  const subscription =
    background && (options.live ?? true)
      ? deps.connection.onLogs(
          source.programId,
          (heardLogs) => {
            heard.hear(heardLogs.signature, heardLogs.logs, heardLogs.err);
            trigger();
          },
          "confirmed",
        )
      : null;
  if (background) trigger();

  return {
    pass: async () => (await enqueue()).events,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      if (subscription !== null) await deps.connection.removeOnLogsListener(subscription);
      await tail;
    },
  };
}
