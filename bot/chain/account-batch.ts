/**
 * Account reads asked for in the same turn of the event loop go to the node as one
 * `getMultipleAccountsInfo` (at most 100 keys a call): a flag's holder record and flag record
 * are one call instead of two, and the reads of many commands arriving together a few calls
 * instead of one each (each call costs an HTTP request and its JSON on both sides). Accounts
 * read in one call come from one slot, so they agree with each other. A failed call fails every
 * read in it, each as its own operation's `ChainUnavailableError`.
 */
import type { AccountInfo, Commitment, Connection, PublicKey } from "@solana/web3.js";
import { ChainUnavailableError } from "./errors.js";

/** getMultipleAccounts takes at most 100 keys per call. */
export const MULTIPLE_ACCOUNTS_LIMIT = 100;

type Account = AccountInfo<Buffer> | null;

interface Waiting {
  readonly operation: string;
  /** The keys asked for, in order, each with its base58 name (encoded once). */
  readonly keys: readonly (readonly [string, PublicKey])[];
  resolve(accounts: Account[]): void;
  reject(error: Error): void;
}

export class AccountBatch {
  private waiting: Waiting[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly commitment: Commitment,
  ) {}

  /** The accounts at `keys` (at most {@link MULTIPLE_ACCOUNTS_LIMIT}), in order, `null` where none. */
  read(operation: string, keys: readonly PublicKey[]): Promise<Account[]> {
    if (keys.length > MULTIPLE_ACCOUNTS_LIMIT) return Promise.reject(new RangeError(`${operation}: ${keys.length} keys in one read`));
    return new Promise((resolve, reject) => {
      // The first read of a turn sends the batch once the turn's other callbacks have run.
      if (this.waiting.length === 0) setImmediate(() => this.flush());
      this.waiting.push({ operation, keys: keys.map((key) => [key.toBase58(), key] as const), resolve, reject });
    });
  }

  /** Sends what is waiting, whole reads packed into calls of at most 100 distinct keys. */
  private flush(): void {
    let call: Waiting[] = [];
    let keys = new Map<string, PublicKey>();
    for (const read of this.waiting.splice(0)) {
      const added = read.keys.filter(([name]) => !keys.has(name));
      if (keys.size + added.length > MULTIPLE_ACCOUNTS_LIMIT) {
        void this.send(call, keys);
        call = [];
        keys = new Map<string, PublicKey>();
      }
      call.push(read);
      for (const [name, key] of read.keys) keys.set(name, key);
    }
    if (call.length > 0) void this.send(call, keys);
  }

  /** One call for `keys` (distinct, by base58); each read gets its own accounts. */
  private async send(reads: readonly Waiting[], keys: ReadonlyMap<string, PublicKey>): Promise<void> {
    let accounts: Account[];
    try {
      accounts = await this.connection.getMultipleAccountsInfo([...keys.values()], this.commitment);
    } catch (cause) {
      for (const read of reads) read.reject(new ChainUnavailableError(read.operation, { cause }));
      return;
    }
    const byName = new Map([...keys.keys()].map((name, i) => [name, accounts[i] ?? null]));
    for (const read of reads) read.resolve(read.keys.map(([name]) => byName.get(name) ?? null));
  }
}
