/**
 * Flag requests (table `flag_request`) in plain SQL. Every flag makes these calls on its
 * path (docs/BOT.md "Flag relay"), and Prisma 6's query compiler (WebAssembly, on the event
 * loop) spends about 0.4 ms of CPU building each model query before it runs, twice what a
 * raw statement costs in all (`npx tsx bench/prisma-query-cost.ts`; docs/BENCHMARKS.md,
 * "Flag pipeline, third pass"); and it runs straight on the driver (sql.ts). The SQL is
 * what Prisma generated for the same calls, plus what its client did for us: `updated_at`
 * set on every write (`@updatedAt`) and the id made here (`@default(uuid())` is client-side).
 */
import { randomUUID } from "node:crypto";
import type { FlagRequestRecord, FlagRequestRepository } from "../core/ports.js";
import { type Db, UUID } from "./db.js";
import { Prisma } from "./generated/client.ts";
import { insertOutboxMessage } from "./outbox.js";
import { sqlFor } from "./sql.js";

/** The columns of a request, named as the record's fields (enums as text). */
const COLUMNS = Prisma.sql`id::text AS id, idempotency_key AS "idempotencyKey", platform::text AS platform, user_id AS "userId",
  chat_id AS "chatId", wallet, subject::text AS subject, campaign, milestone_index AS "milestoneIndex", attempt, rationale,
  status::text AS status, rationale_id AS "rationaleId", tx_signature AS "txSignature", error_code AS "errorCode"`;

type Row = { [K in keyof FlagRequestRecord]: FlagRequestRecord[K] };

/** The record of a row read with {@link COLUMNS}: only its fields, numbers as numbers. */
function toRecord(row: Row): FlagRequestRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    platform: row.platform,
    userId: row.userId,
    chatId: row.chatId,
    wallet: row.wallet,
    subject: row.subject,
    campaign: row.campaign,
    milestoneIndex: Number(row.milestoneIndex),
    attempt: Number(row.attempt),
    rationale: row.rationale,
    status: row.status,
    rationaleId: row.rationaleId ?? null,
    txSignature: row.txSignature ?? null,
    errorCode: row.errorCode ?? null,
  };
}

export function flagRequests(db: Db): FlagRequestRepository {
  const sql = sqlFor(db);
  const findByKey = async (idempotencyKey: string) => {
    const [row] = await sql.rows<Row>(Prisma.sql`SELECT ${COLUMNS} FROM flag_request WHERE idempotency_key = ${idempotencyKey}`);
    return row === undefined ? null : toRecord(row);
  };
  return {
    create: async (request) => {
      // One round trip for a new request (the inserted row comes back); a repeat reads the first.
      const [created] = await sql.rows<Row>(Prisma.sql`
        INSERT INTO flag_request (id, idempotency_key, platform, user_id, chat_id, wallet, subject, campaign, milestone_index, attempt, rationale, updated_at)
        VALUES (${randomUUID()}::uuid, ${request.idempotencyKey}, ${request.platform}::"Platform", ${request.userId}, ${request.chatId}, ${request.wallet},
          ${request.subject}::"FlagSubject", ${request.campaign}, ${request.milestoneIndex}, ${request.attempt}, ${request.rationale}, now())
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING ${COLUMNS}`);
      if (created !== undefined) return { record: toRecord(created), created: true };
      const record = await findByKey(request.idempotencyKey);
      if (record === null) throw new Error(`flag request ${request.idempotencyKey} conflicted but is not stored`);
      return { record, created: false };
    },
    find: async (id) => {
      if (!UUID.test(id)) return null;
      const [row] = await sql.rows<Row>(Prisma.sql`SELECT ${COLUMNS} FROM flag_request WHERE id = ${id}::uuid`);
      return row === undefined ? null : toRecord(row);
    },
    findByKey,
    markSent: async (id, rationaleId) =>
      (await sql.changed(Prisma.sql`
        UPDATE flag_request SET status = 'SENT', rationale_id = ${rationaleId}, updated_at = now()
        WHERE id = ${id}::uuid AND status = 'ACCEPTED'`)) === 1,
    finish: async (id, outcome, notice) => {
      const finish = Prisma.sql`
        UPDATE flag_request SET status = ${outcome.status}::"FlagRequestStatus", tx_signature = ${outcome.txSignature},
          error_code = ${outcome.errorCode}, updated_at = now()
        WHERE id = ${id}::uuid AND status IN ('UPLOADED', 'SENT')`;
      if (notice === undefined) return (await sql.changed(finish)) === 1;
      // One statement: PostgreSQL runs every data-modifying WITH part, referenced or not.
      const [row] = await sql.rows<{ finished: bigint | string }>(Prisma.sql`
        WITH queued AS (${insertOutboxMessage(notice)}), finished AS (${finish} RETURNING 1)
        SELECT count(*) AS finished FROM finished`);
      return Number(row?.finished ?? 0) === 1;
    },
    listUnfinished: async (before, limit) => {
      const rows = await sql.rows<Row>(Prisma.sql`
        SELECT ${COLUMNS} FROM flag_request
        WHERE status IN ('ACCEPTED', 'UPLOADED', 'SENT') AND updated_at < ${before}
        ORDER BY created_at ASC LIMIT ${limit}`);
      return rows.map(toRecord);
    },
  };
}
