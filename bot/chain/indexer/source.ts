/**
 * The indexer's reads from the RPC node, each retried on errors, timeouts and 429s
 * (`relayer/rpc.ts`): the program's signatures newer than the cursor, a transaction's logs,
 * and whether a signature is finalized.
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

/** A landed transaction's log messages and error, at `confirmed`; `null` if not yet visible. */
export async function transactionLogs(
  source: ChainSource,
  signature: string,
): Promise<{ readonly logs: readonly string[]; readonly failed: boolean } | null> {
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
