/**
 * A web3.js Connection whose `confirmTransaction` polls `getSignatureStatuses` and leaves
 * nothing running once it returns.
 *
 * Why: web3.js 1.x confirms over a signature subscription and, once that subscription is set
 * up, fires a `getSignatureStatus` from a detached async function that nobody awaits or
 * catches (`getTransactionConfirmationPromise` in @solana/web3.js). When that request fails
 * (the node restarts, the connection drops) the rejection is unhandled, and Node's default
 * for an unhandled rejection ends the process. Anchor's `provider.sendAndConfirm` (every
 * `.rpc()`) and `requestAirdrop` confirmations go through this method, so the override covers
 * them all. The durable-nonce strategy, which nothing here uses, keeps web3.js's own code.
 */
import {
  type Commitment,
  Connection,
  type RpcResponseAndContext,
  type SignatureResult,
  type SignatureStatus,
  type TransactionConfirmationStrategy,
  TransactionExpiredBlockheightExceededError,
  TransactionExpiredTimeoutError,
} from "@solana/web3.js";

const POLL_MS = 250;
/** The deprecated signature-only form has no block height to expire at: web3.js waits 30 s. */
const SIGNATURE_ONLY_TIMEOUT_MS = 30_000;

const RANK: Record<string, number> = { processed: 0, recent: 0, single: 0, confirmed: 1, singleGossip: 1, finalized: 2, max: 2, root: 2 };

function reached(status: SignatureStatus, commitment: Commitment): boolean {
  if (status.err !== null) return true;
  const level = status.confirmationStatus ?? (status.confirmations === null ? "finalized" : "confirmed");
  return (RANK[level] ?? 0) >= (RANK[commitment] ?? 1);
}

export class PollingConnection extends Connection {
  override confirmTransaction(
    strategy: TransactionConfirmationStrategy | string,
    commitment?: Commitment,
  ): Promise<RpcResponseAndContext<SignatureResult>> {
    const level = commitment ?? this.commitment ?? "finalized";
    if (typeof strategy === "string") return this.pollUntil(strategy, level, { deadline: Date.now() + SIGNATURE_ONLY_TIMEOUT_MS });
    if ("lastValidBlockHeight" in strategy) {
      const { signature, lastValidBlockHeight, abortSignal } = strategy;
      return this.pollUntil(signature, level, { lastValidBlockHeight, abortSignal });
    }
    return super.confirmTransaction(strategy, commitment);
  }

  private async pollUntil(
    signature: string,
    commitment: Commitment,
    end: { deadline?: number; lastValidBlockHeight?: number; abortSignal?: AbortSignal | undefined },
  ): Promise<RpcResponseAndContext<SignatureResult>> {
    for (;;) {
      end.abortSignal?.throwIfAborted();
      const { context, value } = await this.getSignatureStatuses([signature]);
      const status = value[0];
      if (status != null && reached(status, commitment)) return { context, value: { err: status.err } };
      if (end.deadline !== undefined && Date.now() > end.deadline) {
        throw new TransactionExpiredTimeoutError(signature, SIGNATURE_ONLY_TIMEOUT_MS / 1000);
      }
      // Past its last valid block height a transaction that has not landed never will; the
      // status is read again after the height, so one that landed at the last moment counts.
      if (end.lastValidBlockHeight !== undefined && (await this.getBlockHeight(commitment)) > end.lastValidBlockHeight) {
        const again = await this.getSignatureStatuses([signature]);
        const last = again.value[0];
        if (last != null && reached(last, commitment)) return { context: again.context, value: { err: last.err } };
        throw new TransactionExpiredBlockheightExceededError(signature);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
