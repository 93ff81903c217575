/**
 * Driver adapters for the Prisma CLI's JS schema engine (`engine: "js"` in prisma.config.ts),
 * each with a fix for a defect that stops `prisma migrate diff` from working offline:
 *
 * - PostgreSQL through `@prisma/adapter-pg` 6.19: reading the catalog returns columns of
 *   type `name`, which the adapter refuses ("Column type 'name' could not be deserialized",
 *   prisma/prisma#27403). Our client reports `name` as `text`, which it is: a short string.
 * - Embedded PGlite through `pglite-prisma-adapter` 0.6: the schema engine applies a whole
 *   migration file through `executeRaw`, which PGlite prepares as one statement and refuses
 *   ("cannot insert multiple commands into a prepared statement"). A parameterless
 *   statement is run with PGlite's `exec`, the simple protocol that takes a script. Its
 *   shadow database is an in-memory PGlite closed with the connection, so the CLI exits.
 */
import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { PrismaConfig } from "prisma/config";

/** The adapter factory shape the Prisma config expects. */
export type CliAdapterFactory = Awaited<ReturnType<Extract<PrismaConfig, { engine: "js" }>["adapter"]>>;
type CliAdapter = Awaited<ReturnType<CliAdapterFactory["connectToShadowDb"]>>;

/** Catalog types adapter-pg refuses, `name` (19) and `"char"` (18), both read as text (25). */
const READ_AS_TEXT = new Set([18, 19]);
const TEXT_OID = 25;

interface FieldsResult {
  fields?: { dataTypeID: number }[];
}

function nameAsText<R>(result: R): R {
  for (const field of (result as FieldsResult | undefined)?.fields ?? []) {
    if (READ_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/**
 * A `pg` client whose results report `name` columns as `text`. It is a pool's `Client`
 * option, so the shadow database pool that adapter-pg derives from the same config uses it too.
 */
class NameAsTextClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    // pg-pool calls query with a callback; adapter-pg awaits a promise: fix both.
    (this as { query: unknown }).query = (...args: unknown[]) => {
      const last = args.at(-1);
      if (typeof last === "function") {
        const callback = last as (error: unknown, result: unknown) => void;
        return query(...args.slice(0, -1), (error: unknown, result: unknown) => callback(error, nameAsText(result)));
      }
      const returned = query(...args);
      return returned instanceof Promise ? returned.then(nameAsText) : returned;
    };
  }
}

/**
 * Pool settings from a `postgresql://` URL, as separate fields: adapter-pg makes the shadow
 * database's pool as `{ ...config, database }`, and a `connectionString` would override that
 * `database` and put the shadow schema into the main database.
 */
export function poolConfig(url: string): pg.PoolConfig {
  const parsed = new URL(url);
  const sslmode = parsed.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(parsed.hostname) || "localhost",
    port: parsed.port === "" ? 5432 : Number(parsed.port),
    user: decodeURIComponent(parsed.username) || "postgres",
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)) || "postgres",
    ...(sslmode === null || sslmode === "disable" ? {} : { ssl: true }),
    // The CLI never ends its main pool; idle connections must not keep it running.
    allowExitOnIdle: true,
  };
}

/** The adapter with its `dispose` replaced. */
function withDispose(adapter: CliAdapter, dispose: () => Promise<void>): CliAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (property === "dispose") return dispose;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The Prisma CLI adapter for a PostgreSQL server. Each shadow database is created on the
 * server and dropped after its pool is closed (adapter-pg 6.19 drops it first, which the
 * server refuses while the pool is connected, and leaves it behind).
 */
export function postgresCliAdapter(url: string): CliAdapterFactory {
  const config = { ...poolConfig(url), Client: NameAsTextClient } as pg.PoolConfig;
  const connect = (database?: string) =>
    (new PrismaPg(database === undefined ? config : { ...config, database }) as unknown as CliAdapterFactory).connect();
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connect(),
    connectToShadowDb: async () => {
      const admin = await connect();
      const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      await admin.executeScript(`CREATE DATABASE "${database}"`);
      const shadow = await connect(database);
      return withDispose(shadow, async () => {
        await shadow.dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
        await admin.dispose();
      });
    },
  };
}

/**
 * The CLI never disposes its main connection, and PGlite keeps a timer running while open,
 * so the throwaway main database closes itself after this long without a call; the CLI
 * then exits as soon as it is done instead of seconds later.
 */
const MAIN_IDLE_CLOSE_MS = 2_000;

/**
 * An in-memory PGlite whose parameterless statements run as scripts, closed on dispose
 * (or, when `closeWhenIdle`, after {@link MAIN_IDLE_CLOSE_MS} without a call).
 */
async function pgliteConnection(closeWhenIdle: boolean): Promise<CliAdapter> {
  const db = new PGlite();
  // pglite-prisma-adapter 0.6 is typed against an older driver-adapter-utils; the runtime
  // contract is the same.
  const adapter = await (new PrismaPGlite(db) as unknown as CliAdapterFactory).connect();
  let inFlight = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  const settled = () => {
    inFlight -= 1;
    if (closeWhenIdle && inFlight === 0) {
      idleTimer = setTimeout(() => void db.close(), MAIN_IDLE_CLOSE_MS).unref();
    }
  };
  // Asynchronous calls count as activity; synchronous ones (connection info) pass through.
  const tracked =
    (call: (...args: unknown[]) => unknown) =>
    (...args: unknown[]): unknown => {
      const result = call(...args);
      if (!(result instanceof Promise)) return result;
      clearTimeout(idleTimer);
      inFlight += 1;
      return result.finally(settled);
    };
  const executeScriptable = async (query: Parameters<CliAdapter["executeRaw"]>[0]) => {
    if (query.args.length > 0) return adapter.executeRaw(query);
    const results = await db.exec(query.sql);
    return results.reduce((sum, r) => sum + (r.affectedRows ?? 0), 0);
  };
  return new Proxy(adapter, {
    get(target, property) {
      if (property === "dispose") {
        return async () => {
          clearTimeout(idleTimer);
          await target.dispose();
          if (!db.closed) await db.close();
        };
      }
      if (property === "executeRaw") return tracked(executeScriptable as (...args: unknown[]) => unknown);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? tracked((value as (...a: unknown[]) => unknown).bind(target)) : value;
    },
  });
}

/**
 * The Prisma CLI adapter for an embedded, in-memory PGlite: a throwaway main database and
 * a fresh one per shadow database. Good for `migrate diff`; it keeps nothing.
 */
export function pgliteCliAdapter(): CliAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: () => pgliteConnection(true),
    connectToShadowDb: () => pgliteConnection(false),
  };
}
