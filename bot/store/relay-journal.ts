/**
 * The relayer's journal in the database (table `relay_journal`), shaped as the chain
 * adapter's `RelayJournal` port. `begin` is one `INSERT ... ON CONFLICT DO NOTHING` on the key, so of
 * two replicas relaying the same key only the first signed transaction is stored and
 * broadcast; `replace` is one conditional update on the previous signature.
 *
 * `get`, `begin` and `finish` are on every relayed transaction's path and are plain SQL, as
 * the flag requests are (flag-requests.ts says why); `updated_at` is set as Prisma's
 * `@updatedAt` would.
 */
import type { TxOutcome } from "../core/ports.js";
import { fromJson, toJson } from "../core/notice-codec.js";
import { Prisma, type PrismaClient } from "./generated/client.ts";
import { sqlFor } from "./sql.js";

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

/** A row as read: the outcome as JSON text (parsed here, the same on both drivers). */
interface Row {
  key: string;
  transaction: string;
  signature: string;
  lastValidBlockHeight: bigint;
  outcome: string | null;
}

const COLUMNS = Prisma.sql`key, transaction, signature, last_valid_block_height AS "lastValidBlockHeight", outcome::text AS outcome`;

function toEntry(row: Row): RelayEntryRow {
  return {
    key: row.key,
    transaction: new Uint8Array(Buffer.from(row.transaction, "base64")),
    signature: row.signature,
    lastValidBlockHeight: BigInt(row.lastValidBlockHeight),
    outcome: row.outcome === null ? null : (fromJson(JSON.parse(row.outcome) as Prisma.JsonValue) as TxOutcome),
  };
}

/** A `RelayJournal` over Prisma (PostgreSQL or PGlite). */
export function prismaRelayJournal(prisma: PrismaClient): RelayJournalStore {
  const table = prisma.relayJournal;
  const sql = sqlFor(prisma);
  const get = async (key: string): Promise<RelayEntryRow | null> => {
    const [row] = await sql.rows<Row>(Prisma.sql`SELECT ${COLUMNS} FROM relay_journal WHERE key = ${key}`);
    return row === undefined ? null : toEntry(row);
  };
  const read = async (key: string): Promise<RelayEntryRow> => {
    const entry = await get(key);
    if (entry === null) throw new Error(`no relay entry for ${key}`);
    return entry;
  };
  return {
    get,
    async begin(key, attempt) {
      // One round trip when the key is new: the inserted row comes back; only a key that
      // already had an entry needs the second read.
      const [row] = await sql.rows<Row>(Prisma.sql`
        INSERT INTO relay_journal (key, transaction, signature, last_valid_block_height, updated_at)
        VALUES (${key}, ${Buffer.from(attempt.transaction).toString("base64")}, ${attempt.signature}, ${attempt.lastValidBlockHeight}, now())
        ON CONFLICT (key) DO NOTHING
        RETURNING ${COLUMNS}`);
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
      const count = await sql.changed(Prisma.sql`
        UPDATE relay_journal SET outcome = ${JSON.stringify(toJson(outcome))}::jsonb, updated_at = now() WHERE key = ${key}`);
      if (count === 0) throw new Error(`no relay entry for ${key}`);
    },
  };
}
