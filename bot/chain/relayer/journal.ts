/**
 * Where the relayer remembers, per idempotency key, the exact signed transaction it sends
 * and what became of it. It must outlive the process: after a crash the relayer resumes
 * the same bytes instead of signing a second transaction. The store adapter backs it with
 * PostgreSQL; {@link InMemoryRelayJournal} is for tests and one-off scripts only.
 */
import type { TxOutcome } from "../../core/ports.js";

/** One signed transaction for a key. */
export interface RelayAttempt {
  /** The signed wire bytes, rebroadcast unchanged. */
  readonly transaction: Uint8Array;
  /** Its first signature (the fee payer's): the transaction id. */
  readonly signature: string;
  /** The last block height at which its blockhash is valid. */
  readonly lastValidBlockHeight: bigint;
}

/** What the journal holds for a key. */
export interface RelayEntry extends RelayAttempt {
  readonly key: string;
  /** `null` while the transaction may still land. */
  readonly outcome: TxOutcome | null;
}

export interface RelayJournal {
  get(key: string): Promise<RelayEntry | null>;
  /**
   * Stores `attempt` for `key` unless the key already has an entry, in one conditional
   * write (a unique key); returns the stored entry, which is the earlier one if there was
   * one. Only the transaction of the returned entry may be broadcast.
   */
  begin(key: string, attempt: RelayAttempt): Promise<RelayEntry>;
  /**
   * Replaces the attempt of `key` if and only if its current signature is `previous` (the
   * old transaction can no longer land) and it has no outcome; returns the stored entry.
   */
  replace(key: string, previous: string, attempt: RelayAttempt): Promise<RelayEntry>;
  /** Records the final outcome of `key`. */
  finish(key: string, outcome: TxOutcome): Promise<void>;
}

/**
 * A journal in this process's memory: the same contract, but forgotten on restart, so a
 * relayer using it is idempotent only within one process. For tests and scripts.
 */
export class InMemoryRelayJournal implements RelayJournal {
  private readonly entries = new Map<string, RelayEntry>();

  get(key: string): Promise<RelayEntry | null> {
    return Promise.resolve(this.entries.get(key) ?? null);
  }

  begin(key: string, attempt: RelayAttempt): Promise<RelayEntry> {
    const existing = this.entries.get(key);
    if (existing) return Promise.resolve(existing);
    const entry: RelayEntry = { key, ...attempt, outcome: null };
    this.entries.set(key, entry);
    return Promise.resolve(entry);
  }

  replace(key: string, previous: string, attempt: RelayAttempt): Promise<RelayEntry> {
    const existing = this.entries.get(key);
    if (!existing) throw new Error(`no relay entry for ${key}`);
    if (existing.signature !== previous || existing.outcome !== null) return Promise.resolve(existing);
    const entry: RelayEntry = { key, ...attempt, outcome: null };
    this.entries.set(key, entry);
    return Promise.resolve(entry);
  }

  finish(key: string, outcome: TxOutcome): Promise<void> {
    const existing = this.entries.get(key);
    if (!existing) throw new Error(`no relay entry for ${key}`);
    this.entries.set(key, { ...existing, outcome });
    return Promise.resolve();
  }
}
