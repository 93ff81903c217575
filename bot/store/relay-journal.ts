/**
 * The relayer's journal in the database (table `relay_journal`): the chain adapter's
 * `RelayJournal` port. `begin` is one `INSERT ... ON CONFLICT DO NOTHING` on the key, so of
 * two replicas relaying the same key only the first signed transaction is stored and
 * broadcast; `replace` is one conditional update on the previous signature.
 */
import type { RelayEntry, RelayJournal } from "../chain/relayer/journal.js";
import type { TxOutcome } from "../core/ports.js";
import { fromJson, toJson } from "../core/notice-codec.js";
import { Prisma, type PrismaClient } from "./generated/client.ts";

interface Row {
  key: string;
  transaction: string;
  signature: string;
  lastValidBlockHeight: bigint;
  outcome: Prisma.JsonValue;
}

function toEntry(row: Row): RelayEntry {
  return {
    key: row.key,
    transaction: new Uint8Array(Buffer.from(row.transaction, "base64")),
    signature: row.signature,
    lastValidBlockHeight: row.lastValidBlockHeight,
    outcome: row.outcome === null ? null : (fromJson(row.outcome) as TxOutcome),
  };
}

/** A `RelayJournal` over Prisma (PostgreSQL or PGlite). */
export function prismaRelayJournal(prisma: PrismaClient): RelayJournal {
  const table = prisma.relayJournal;
  const read = async (key: string): Promise<RelayEntry> => {
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
      await table.createMany({
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
      return read(key);
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
