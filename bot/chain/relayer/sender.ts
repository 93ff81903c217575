/**
 * Drives one signed transaction to an outcome: the same bytes are rebroadcast until the
 * signature is confirmed or the blockhash can no longer land (the finalized block height
 * passed `lastValidBlockHeight`: no fork can include it any more). Rebroadcasting the same
 * bytes is always safe: a signature lands at most once.
 */
import type { Connection, SignatureStatus } from "@solana/web3.js";
import type { TxOutcome } from "../../core/ports.js";
import type { RelayAttempt } from "./journal.js";
import { isPreflightRefusal, landedFailure, preflightFailure } from "./outcome.js";
import { type RetryPolicy, sleep, withRetries } from "./rpc.js";

export interface SenderOptions {
  readonly connection: Connection;
  readonly retry: RetryPolicy;
  /** Pause between status checks and rebroadcasts. */
  readonly pollIntervalMs: number;
}

/** The transaction's outcome, or `"expired"` when it can no longer land. */
export type DriveResult = TxOutcome | "expired";

function landed(signature: string, status: SignatureStatus | null): TxOutcome | null {
  if (status === null) return null;
  if (status.confirmationStatus !== "confirmed" && status.confirmationStatus !== "finalized") return null;
  if (status.err !== null) return landedFailure(signature, status.err);
  return { status: "confirmed", signature, slot: BigInt(status.slot) };
}

/**
 * Broadcasts `attempt` until it lands or expires. `simulateFirst` simulates the first send
 * (a fresh transaction), so a program refusal comes back at once with its code and nothing
 * is broadcast; resumed and rebroadcast bytes skip simulation.
 */
export async function driveToOutcome(
  options: SenderOptions,
  attempt: RelayAttempt,
  instruction: string,
  simulateFirst: boolean,
): Promise<DriveResult> {
  const { connection, retry, pollIntervalMs } = options;
  const { signature } = attempt;
  const status = async () => {
    const { value } = await withRetries("getSignatureStatuses", () =>
      connection.getSignatureStatuses([signature], { searchTransactionHistory: true }),
    retry);
    return landed(signature, value[0] ?? null);
  };
  let simulate = simulateFirst;
  for (;;) {
    const before = await status();
    if (before) return before;
    const height = await withRetries("getBlockHeight", () => connection.getBlockHeight("finalized"), retry);
    if (BigInt(height) > attempt.lastValidBlockHeight) return (await status()) ?? "expired";
    try {
      await withRetries(
        "sendTransaction",
        () =>
          connection.sendRawTransaction(attempt.transaction, {
            skipPreflight: !simulate,
            preflightCommitment: "confirmed",
            maxRetries: 0,
          }),
        retry,
        isPreflightRefusal,
      );
      simulate = false;
    } catch (error) {
      if (isPreflightRefusal(error)) return preflightFailure(error, instruction);
      // The node did not take it this time (down, rate-limited, blockhash not yet seen):
      // the loop checks the status again and rebroadcasts the same bytes.
    }
    await sleep(pollIntervalMs);
  }
}
