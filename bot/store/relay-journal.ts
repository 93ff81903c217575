/**
 * The relayer's journal in the database (table `relay_journal`), shaped as the chain
 * adapter's `RelayJournal` port. `begin` is one `INSERT ... ON CONFLICT DO NOTHING` on the key, so of
 * two replicas relaying the same key only the first signed transaction is stored and
 * broadcast; `replace` is one conditional update on the previous signature.
 */
import type { TxOutcome } from "../core/ports.js";
import { fromJson, toJson } from "../core/notice-codec.js";
import { Prisma, type PrismaClient } from "./generated/client.ts";

/**
 * The chain adapter's RelayAttempt/RelayEntry/RelayJournal, restated here because adapters
 * do not import each other; bot/app hands this object to the relayer, and the compiler
 * checks there that the shapes agree.
 */
export interface RelayAttemptRow {
  readonly transaction: Uint8Array;
  readonly signature: string;
  readonly lastValidBlockHeight: bigint;
}
export interface RelayEntryRow extends RelayAttemptRow {
  readonly key: string;
  readonly outcome: TxOutcome | null;
}
export interface RelayJournalStore {
  get(key: string): Promise<RelayEntryRow | null>;
  begin(key: string, attempt: RelayAttemptRow): Promise<RelayEntryRow>;
  replace(key: string, previous: string, attempt: RelayAttemptRow): Promise<RelayEntryRow>;
  finish(key: string, outcome: TxOutcome): Promise<void>;
}

interface Row {
  key: string;
  transaction: string;
  signature: string;
  lastValidBlockHeight: bigint;
  outcome: Prisma.JsonValue;
}

function toEntry(row: Row): RelayEntryRow {
  return {
    key: row.key,
    transaction: new Uint8Array(Buffer.from(row.transaction, "base64")),
    signature: row.signature,
    lastValidBlockHeight: row.lastValidBlockHeight,
    outcome: row.outcome === null ? null : (fromJson(row.outcome) as TxOutcome),
  };
}

/** A `RelayJournal` over Prisma (PostgreSQL or PGlite). */
export function prismaRelayJournal(prisma: PrismaClient): RelayJournalStore {
  const table = prisma.relayJournal;
  const read = async (key: string): Promise<RelayEntryRow> => {
    const row = await table.findUnique({ where: { key } });
    if (row === null) throw new Error(`no relay entry for ${key}`);
    return toEntry(row);
  };
  return {
    async get(key) {
      const row = await table.findUnique({ where: { key } });
      return row === null ? null : toEntry(row);
    },
    async begin(key, attempt) {
      // One round trip when the key is new: the inserted row comes back; only a key that
      // already had an entry needs the second read.
      const created = await table.createManyAndReturn({
        data: [
          {
            key,
            transaction: Buffer.from(attempt.transaction).toString("base64"),
            signature: attempt.signature,
            lastValidBlockHeight: attempt.lastValidBlockHeight,
          },
        ],
        skipDuplicates: true,
      });
      const [row] = created;
      return row === undefined ? read(key) : toEntry(row);
    },
    async replace(key, previous, attempt) {
      await table.updateMany({
        where: { key, signature: previous, outcome: { equals: Prisma.DbNull } },
        data: {
          transaction: Buffer.from(attempt.transaction).toString("base64"),
          signature: attempt.signature,
          lastValidBlockHeight: attempt.lastValidBlockHeight,
        },
      });
      return read(key);
    },
    async finish(key, outcome) {
      const { count } = await table.updateMany({
        where: { key },
        data: { outcome: toJson(outcome) as Prisma.InputJsonValue },
      });
      if (count === 0) throw new Error(`no relay entry for ${key}`);
    },
  };
}
