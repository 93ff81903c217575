/**
 * Drives one signed transaction to an outcome: the same bytes are rebroadcast until the
 * signature is confirmed or the blockhash can no longer land (the finalized block height
 * passed `lastValidBlockHeight`: no fork can include it any more). Rebroadcasting the same
 * bytes is always safe: a signature lands at most once.
 *
 * Confirmation is heard over the WebSocket (`signatureSubscribe`, made before the first
 * send); the status poll every `pollIntervalMs` is the backstop for a lost notification, a
 * dropped transaction (rebroadcast) or a node without WebSocket.
 */
import type { Connection, SignatureStatus } from "@solana/web3.js";
import type { TxOutcome } from "../../core/ports.js";
import type { RelayAttempt } from "./journal.js";
import { isPreflightRefusal, landedFailure, preflightFailure } from "./outcome.js";
import { type RetryPolicy, withRetries } from "./rpc.js";
import { ChainWatch, type Heard } from "./watch.js";

export interface SenderOptions {
  readonly connection: Connection;
  readonly retry: RetryPolicy;
  /** Pause between status checks and rebroadcasts when no confirmation is heard. */
  readonly pollIntervalMs: number;
  /** Shared status batching, block height and subscriptions; one per sender when omitted. */
  readonly watch?: ChainWatch;
}

/** The transaction's outcome, or `"expired"` when it can no longer land. */
export type DriveResult = TxOutcome | "expired";

function landed(signature: string, status: SignatureStatus | null, instruction: string): TxOutcome | null {
  if (status === null) return null;
  if (status.confirmationStatus !== "confirmed" && status.confirmationStatus !== "finalized") return null;
  if (status.err !== null) return landedFailure(signature, status.err, instruction);
  return { status: "confirmed", signature, slot: BigInt(status.slot) };
}

function heardOutcome(signature: string, heard: Heard, instruction: string): TxOutcome {
  if (heard.err !== null) return landedFailure(signature, heard.err, instruction);
  return { status: "confirmed", signature, slot: BigInt(heard.slot) };
}

/**
 * How a transaction's first send goes:
 * - `fresh`: never broadcast; the node simulates its first send (preflight), so a program
 *   refusal comes back at once with its code and nothing is broadcast;
 * - `simulated`: never broadcast, and the signer simulated its instructions without an error
 *   just before signing (choosing the compute-unit limit): that was the preflight, the node
 *   does not run the transaction a second time;
 * - `resumed`: the bytes may have been broadcast: their status and expiry are checked before
 *   any send, and they are never simulated.
 * A fresh or simulated transaction skips the checks before its first send (it has no status
 * yet and its blockhash was just fetched).
 */
export type FirstSend = "fresh" | "simulated" | "resumed";

/** Broadcasts `attempt` until it lands or expires; `first` says how its first send goes. */
export async function driveToOutcome(
  options: SenderOptions,
  attempt: RelayAttempt,
  instruction: string,
  first: FirstSend,
): Promise<DriveResult> {
  const { connection, retry, pollIntervalMs } = options;
  const watch = options.watch ?? new ChainWatch(connection, retry);
  const { signature } = attempt;
  const confirmation = watch.confirmation(signature);
  try {
    let simulate = first === "fresh";
    let checked = first === "resumed";
    for (;;) {
      if (checked) {
        const before = landed(signature, await watch.status(signature), instruction);
        if (before) return before;
        if (BigInt(await watch.blockHeight()) > attempt.lastValidBlockHeight) {
          return landed(signature, await watch.status(signature), instruction) ?? "expired";
        }
      }
      checked = true;
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
      const heard = await confirmation.within(pollIntervalMs);
      if (heard !== null) return heardOutcome(signature, heard, instruction);
    }
  } finally {
    confirmation.cancel();
  }
}
