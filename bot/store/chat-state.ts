/**
 * Chat adapters' own state in the database: update ids already handled (a platform may
 * deliver an update twice) and conversation state (kept across restarts). Values are JSON.
 */
import type { PrismaClient } from "./generated/client.ts";

/** Claims update ids: `INSERT ... ON CONFLICT DO NOTHING`, so of two deliveries one wins. */
export function chatUpdateLog(prisma: PrismaClient): { claim(source: string, updateId: number): Promise<boolean> } {
  return {
    claim: async (source, updateId) => {
      const { count } = await prisma.chatUpdate.createMany({ data: [{ source, updateId: BigInt(updateId) }], skipDuplicates: true });
      return count === 1;
    },
  };
}

/** A key-value store of JSON conversation state (grammY's StorageAdapter shape). */
export function chatSessionStorage<T>(prisma: PrismaClient): {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
} {
  return {
    read: async (key) => {
      const row = await prisma.chatSession.findUnique({ where: { key } });
      return row === null ? undefined : (row.value as T);
    },
    write: async (key, value) => {
      const json = value as object;
      await prisma.chatSession.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
    },
    delete: async (key) => {
      await prisma.chatSession.deleteMany({ where: { key } });
    },
  };
}
