/**
 * Chat adapters' own state in the database: update claims (a platform may deliver an update
 * twice, and again after a crash) and conversation state (kept across restarts). Values are JSON.
 */
import type { PrismaClient } from "./generated/client.ts";

/** What a claim found: the update is now ours, was handled to the end, or another owner holds it. */
export type UpdateClaimRow =
  /** `rerun`: the update was claimed before (its handler died, or this process claims it again). */
  | { readonly state: "claimed"; readonly rerun: boolean }
  | { readonly state: "done" }
  | { readonly state: "held"; readonly owner: string | null; readonly leaseUntil: Date | null };

/** Who claims, until when, and (optionally) an owner known to be dead whose claim may be taken over. */
export interface ClaimTerms {
  readonly owner: string;
  readonly now: Date;
  readonly leaseUntil: Date;
  readonly takeOverFrom?: string;
}

/**
 * Update claims. `claim` is one insert (`ON CONFLICT DO NOTHING`) and, when the row exists,
 * one conditional update taking over a claim that is not done and whose lease ran out (or
 * whose owner is `takeOverFrom`, known dead): of two concurrent claims one wins.
 */
export function chatUpdateLog(prisma: PrismaClient): {
  claim(source: string, updateId: number, terms: ClaimTerms): Promise<UpdateClaimRow>;
  renew(source: string, updateId: number, owner: string, leaseUntil: Date): Promise<void>;
  finish(source: string, updateId: number, owner: string, at: Date): Promise<void>;
} {
  const table = prisma.chatUpdate;
  return {
    claim: async (source, updateId, terms) => {
      const id = BigInt(updateId);
      const { count } = await table.createMany({
        data: [{ source, updateId: id, owner: terms.owner, leaseUntil: terms.leaseUntil }],
        skipDuplicates: true,
      });
      if (count === 1) return { state: "claimed", rerun: false };
      // Never our own live claim: a second delivery while the first still runs here must wait for it.
      const dead = terms.takeOverFrom === undefined ? [] : [{ owner: terms.takeOverFrom }];
      const taken = await table.updateMany({
        where: { source, updateId: id, doneAt: null, OR: [{ leaseUntil: { lt: terms.now } }, ...dead] },
        data: { owner: terms.owner, leaseUntil: terms.leaseUntil },
      });
      if (taken.count === 1) return { state: "claimed", rerun: true };
      const row = await table.findUnique({ where: { source_updateId: { source, updateId: id } } });
      if (row === null || row.doneAt !== null) return { state: "done" };
      return { state: "held", owner: row.owner, leaseUntil: row.leaseUntil };
    },
    renew: async (source, updateId, owner, leaseUntil) => {
      await table.updateMany({ where: { source, updateId: BigInt(updateId), owner, doneAt: null }, data: { leaseUntil } });
    },
    finish: async (source, updateId, owner, at) => {
      await table.updateMany({ where: { source, updateId: BigInt(updateId), owner }, data: { doneAt: at } });
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

/**
 * Discord interaction claims: the first replica to insert an interaction's id answers it; any
 * other that receives the same dispatch (two sessions of one shard, a replayed RESUME) drops it.
 * No takeover: an interaction must be acknowledged within 3 s, so a dead claimer's is lost anyway.
 */
export function discordInteractionClaims(prisma: PrismaClient): { claim(interactionId: string): Promise<boolean> } {
  return {
    claim: async (interactionId) => {
      const { count } = await prisma.chatUpdate.createMany({
        data: [{ source: "discord-interaction", updateId: BigInt(interactionId), doneAt: new Date() }],
        skipDuplicates: true,
      });
      return count === 1;
    },
  };
}
