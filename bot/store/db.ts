/** What every repository module of the store shares. */
import type { Prisma, PrismaClient } from "./generated/client.ts";

/** The client, or the one inside a `store.transaction`. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** Ids are UUIDs; anything else cannot be one (and would make PostgreSQL throw). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
