/**
 * What the relayer's transactions in flight learn from the node, shared, so that N of them
 * cost about one call per poll instead of N:
 *
 * - signature statuses: requests made in the same tick go out as one `getSignatureStatuses`
 *   (up to 256 signatures per call, the RPC's limit);
 * - the finalized block height and the latest blockhash: one call answers everyone for a short
 *   while. Staleness errs on the safe side: an older height only delays noticing an expiry
 *   (the same bytes are rebroadcast a little longer, and they cannot land twice); a blockhash a
 *   second old still has ~60 s (150 blocks) to land, and a re-sign always asks for a fresh one;
 * - confirmation: a WebSocket `signatureSubscribe` per transaction wakes its sender as soon as
 *   the node confirms it, instead of the sender sleeping a whole poll interval.
 */
import type { BlockhashWithExpiryBlockHeight, Connection, SignatureStatus, TransactionError } from "@solana/web3.js";
import { type RetryPolicy, withRetries } from "./rpc.js";

/** The RPC's maximum number of signatures per `getSignatureStatuses`. */
const MAX_STATUSES = 256;

export interface ChainWatchOptions {
  /** How long a latest blockhash is reused for new transactions (default 1000 ms). */
  readonly blockhashTtlMs?: number;
  /** How long a finalized block height is reused (default 250 ms). */
  readonly heightTtlMs?: number;
}

/** A transaction the node reported confirmed, with its error if it failed. */
export interface Heard {
  readonly slot: number;
  readonly err: TransactionError | null;
}

/** One transaction's confirmation subscription. */
export interface Confirmation {
  /** Resolves with the notification, or `null` when `ms` pass without one. */
  within(ms: number): Promise<Heard | null>;
  /** Ends the subscription (a no-op once notified). */
  cancel(): void;
}

interface Shared<T> {
  readonly value: Promise<T>;
  readonly at: number;
}

export class ChainWatch {
  private waiting = new Map<string, { resolve: (s: SignatureStatus | null) => void; reject: (e: unknown) => void }[]>();
  private flushing = false;
  private height: Shared<number> | null = null;
  private blockhash: Shared<BlockhashWithExpiryBlockHeight> | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly retry: RetryPolicy,
    private readonly options: ChainWatchOptions = {},
  ) {}

  /** The signature's status (history searched), batched with the other requests of this tick. */
  status(signature: string): Promise<SignatureStatus | null> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(signature);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(signature, [{ resolve, reject }]);
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    this.flushing = false;
    const signatures = [...batch.keys()];
    await Promise.all(
      Array.from({ length: Math.ceil(signatures.length / MAX_STATUSES) }, async (_, i) => {
        const chunk = signatures.slice(i * MAX_STATUSES, (i + 1) * MAX_STATUSES);
        try {
          const { value } = await withRetries(
            "getSignatureStatuses",
            () => this.connection.getSignatureStatuses(chunk, { searchTransactionHistory: true }),
            this.retry,
          );
          chunk.forEach((signature, j) => batch.get(signature)?.forEach((w) => w.resolve(value[j] ?? null)));
        } catch (error) {
          for (const signature of chunk) batch.get(signature)?.forEach((w) => w.reject(error));
        }
      }),
    );
  }

  /** The finalized block height, shared for `heightTtlMs`. */
  blockHeight(): Promise<number> {
    this.height = this.reuse(this.height, this.options.heightTtlMs ?? 250, () =>
      withRetries("getBlockHeight", () => this.connection.getBlockHeight("finalized"), this.retry),
    );
    return this.height.value;
  }

  /** A recent blockhash at `confirmed`, shared for `blockhashTtlMs`; `fresh` always asks the node. */
  latestBlockhash(fresh = false): Promise<BlockhashWithExpiryBlockHeight> {
    this.blockhash = this.reuse(fresh ? null : this.blockhash, this.options.blockhashTtlMs ?? 1_000, () =>
      withRetries("getLatestBlockhash", () => this.connection.getLatestBlockhash("confirmed"), this.retry),
    );
    return this.blockhash.value;
  }

  /** `current` while younger than `ttlMs` (a failed call is never reused), else a new call. */
  private reuse<T>(current: Shared<T> | null, ttlMs: number, call: () => Promise<T>): Shared<T> {
    if (current !== null && Date.now() - current.at < ttlMs) return current;
    const next: Shared<T> = { value: call(), at: Date.now() };
    next.value.catch(() => {
      if (this.height === next) this.height = null;
      if (this.blockhash === next) this.blockhash = null;
    });
    return next;
  }

  /** Subscribes to `signature` reaching `confirmed` (before it is sent, so no notice is missed). */
  confirmation(signature: string): Confirmation {
    let heard: Heard | null = null;
    let wake: (() => void) | null = null;
    let id: number | null = this.connection.onSignature(
      signature,
      (result, context) => {
        heard = { slot: context.slot, err: result.err };
        id = null; // web3.js removes a notified signature subscription itself
        wake?.();
      },
      "confirmed",
    );
    return {
      within: (ms) =>
        heard !== null
          ? Promise.resolve(heard)
          : new Promise((resolve) => {
              const timer = setTimeout(() => {
                wake = null;
                resolve(null);
              }, ms);
              wake = () => {
                clearTimeout(timer);
                wake = null;
                resolve(heard);
              };
            }),
      cancel: () => {
        if (id !== null) void this.connection.removeSignatureListener(id).catch(() => undefined);
        id = null;
      },
    };
  }
}
