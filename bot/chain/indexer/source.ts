/**
 * The indexer's reads from the RPC node, each retried on errors, timeouts and 429s
 * (`relayer/rpc.ts`): the program's signatures newer than the cursor, a transaction's logs,
 * and whether a signature is finalized; and the logs the live subscription already delivered,
 * which spare the transaction read.
 */
import type { ConfirmedSignatureInfo, Connection, PublicKey } from "@solana/web3.js";
import { type RetryPolicy, withRetries } from "../relayer/rpc.js";

/** The last transaction the indexer handled. */
export interface Cursor {
  readonly signature: string | null;
  readonly slot: bigint;
}

export interface ChainSource {
  readonly connection: Connection;
  readonly programId: PublicKey;
  readonly retry: RetryPolicy;
}

/**
 * Every signature of the program newer than `cursor`, OLDEST first, read a page of
 * `pageSize` at a time (the RPC answers newest first). Paging stops at the cursor's
 * signature (`until`) or, should that transaction have been rolled back and vanished, at the
 * first signature from an older slot than the cursor's, so history is never replayed.
 */
export async function signaturesAfter(
  source: ChainSource,
  cursor: Cursor | null,
  pageSize: number,
): Promise<ConfirmedSignatureInfo[]> {
  const newestFirst: ConfirmedSignatureInfo[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await withRetries(
      "getSignaturesForAddress",
      () =>
        source.connection.getSignaturesForAddress(
          source.programId,
          {
            limit: pageSize,
            ...(before === undefined ? {} : { before }),
            ...(cursor?.signature == null ? {} : { until: cursor.signature }),
          },
          "confirmed",
        ),
      source.retry,
    );
    for (const info of page) {
      if (cursor !== null && BigInt(info.slot) < cursor.slot) return newestFirst.reverse();
      newestFirst.push(info);
    }
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return newestFirst.reverse();
    before = last.signature;
  }
}

/** A landed transaction's log messages and whether it failed. */
export interface LandedLogs {
  readonly logs: readonly string[];
  readonly failed: boolean;
}

/**
 * Logs the program's logs subscription delivered (`logsNotification` at `confirmed`: the whole
 * transaction's log messages and its error, as `getTransaction` gives them), by signature, until
 * a pass has written their transaction. Only the newest `capacity` are kept: an indexer far behind reads the rest
 * with `getTransaction`, as after a restart, so the subscription only ever saves reads.
 */
export class HeardLogs {
  private readonly bySignature = new Map<string, LandedLogs>();

  constructor(private readonly capacity = 4_096) {}

  hear(signature: string, logs: readonly string[], err: unknown): void {
    this.bySignature.set(signature, { logs, failed: err !== null && err !== undefined });
    if (this.bySignature.size > this.capacity) {
      const oldest = this.bySignature.keys().next().value;
      if (oldest !== undefined) this.bySignature.delete(oldest);
    }
  }

  /** The logs heard for `signature`; `undefined` when not heard (or dropped). */
  get(signature: string): LandedLogs | undefined {
    return this.bySignature.get(signature);
  }

  /** Drops what was heard for transactions the cursor moved past. */
  forget(signatures: Iterable<string>): void {
    for (const signature of signatures) this.bySignature.delete(signature);
  }

  get size(): number {
    return this.bySignature.size;
  }
}

/** A landed transaction's log messages and error, at `confirmed`; `null` if not yet visible. */
export async function transactionLogs(source: ChainSource, signature: string): Promise<LandedLogs | null> {
  const tx = await withRetries(
    "getTransaction",
    () => source.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }),
    source.retry,
  );
  if (tx === null) return null;
  return { logs: tx.meta?.logMessages ?? [], failed: tx.meta?.err != null };
}

/** Whether `signature` is rooted (cannot roll back). */
export async function isFinalized(source: ChainSource, info: ConfirmedSignatureInfo): Promise<boolean> {
  if (info.confirmationStatus === "finalized") return true;
  const { value } = await withRetries(
    "getSignatureStatuses",
    () => source.connection.getSignatureStatuses([info.signature]),
    source.retry,
  );
  return value[0]?.confirmationStatus === "finalized";
}
