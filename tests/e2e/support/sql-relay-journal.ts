/**
 * A durable RelayJournal for the end-to-end tests, in a table of the test's own database
 * (through the store's Prisma client, raw SQL), so a relay worker killed with SIGKILL and
 * started again finds the bytes it signed. The store adapter's PostgreSQL journal replaces
 * it once it lands; this one passes the same contract (tests/e2e/sql-relay-journal.test.ts).
 */
import type { Database } from "../../../bot/store/database.js";
import type { RelayAttempt, RelayEntry, RelayJournal } from "../../../bot/chain/relayer/journal.js";
import type { TxOutcome } from "../../../bot/core/ports.js";

type PrismaClient = Database["prisma"];

interface Row {
  key: string;
  /** base64 wire bytes (text: PGlite's driver adapter takes no Buffer for bytea). */
  tx: string;
  signature: string;
  last_valid: string;
  outcome: string | null;
}

function encodeOutcome(outcome: TxOutcome): string {
  return JSON.stringify(outcome.status === "confirmed" ? { ...outcome, slot: outcome.slot.toString() } : outcome);
}

function decodeOutcome(text: string): TxOutcome {
  const parsed = JSON.parse(text) as TxOutcome & { slot?: string };
  return parsed.status === "confirmed" ? { ...parsed, slot: BigInt(parsed.slot ?? "0") } : parsed;
}

function entryOf(row: Row): RelayEntry {
  return {
    key: row.key,
    transaction: new Uint8Array(Buffer.from(row.tx, "base64")),
    signature: row.signature,
    lastValidBlockHeight: BigInt(row.last_valid),
    outcome: row.outcome === null ? null : decodeOutcome(row.outcome),
  };
}

export class SqlRelayJournal implements RelayJournal {
  private constructor(
    private readonly prisma: PrismaClient,
    private readonly table: string,
  ) {}

  /**
   * Creates the table if missing (idempotent: the parent and each child process call it).
   * `schema`: the PostgreSQL schema the store uses (raw SQL does not follow the adapter's).
   */
  static async open(prisma: PrismaClient, schema?: string): Promise<SqlRelayJournal> {
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema ${schema}`);
    const table = schema === undefined ? "e2e_relay_journal" : `"${schema}".e2e_relay_journal`;
    await prisma.$executeRawUnsafe(
      `CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, tx text NOT NULL, signature text NOT NULL, last_valid text NOT NULL, outcome text)`,
    );
    return new SqlRelayJournal(prisma, table);
  }

  async get(key: string): Promise<RelayEntry | null> {
    const rows = await this.prisma.$queryRawUnsafe<Row[]>(`SELECT * FROM ${this.table} WHERE key = $1`, key);
    const row = rows[0];
    return row === undefined ? null : entryOf(row);
  }

  async begin(key: string, attempt: RelayAttempt): Promise<RelayEntry> {
    await this.prisma.$executeRawUnsafe(
      `INSERT INTO ${this.table} (key, tx, signature, last_valid) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`,
      key,
      Buffer.from(attempt.transaction).toString("base64"),
      attempt.signature,
      attempt.lastValidBlockHeight.toString(),
    );
    return this.must(key);
  }

  async replace(key: string, previous: string, attempt: RelayAttempt): Promise<RelayEntry> {
    await this.must(key);
    await this.prisma.$executeRawUnsafe(
      `UPDATE ${this.table} SET tx = $3, signature = $4, last_valid = $5 WHERE key = $1 AND signature = $2 AND outcome IS NULL`,
      key,
      previous,
      Buffer.from(attempt.transaction).toString("base64"),
      attempt.signature,
      attempt.lastValidBlockHeight.toString(),
    );
    return this.must(key);
  }

  async finish(key: string, outcome: TxOutcome): Promise<void> {
    await this.must(key);
    await this.prisma.$executeRawUnsafe(`UPDATE ${this.table} SET outcome = $2 WHERE key = $1`, key, encodeOutcome(outcome));
  }

  private async must(key: string): Promise<RelayEntry> {
    const entry = await this.get(key);
    if (entry === null) throw new Error(`no relay entry for ${key}`);
    return entry;
  }
}
