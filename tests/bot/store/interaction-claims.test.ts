/**
 * Discord interaction claims (bot/store/chat-state.ts), on PGlite and the real PostgreSQL: of
 * replicas that receive the same interaction (two sessions of one shard, a RESUME replay),
 * exactly one claims it, even when they claim at the same moment; snowflakes above 2^53 keep
 * their identity.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordInteractionClaims } from "../../../bot/store/chat-state.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";

describe.each(databaseKinds)("Discord interaction claims on $name", (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await kind.open();
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("GIVEN one interaction claimed by two replicas at once THEN exactly one wins, and a later claim loses", async () => {
    const replicaA = discordInteractionClaims(db.prisma);
    const replicaB = discordInteractionClaims(db.prisma);
    const results = await Promise.all([replicaA.claim("1578446659833171994"), replicaB.claim("1578446659833171994")]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await replicaA.claim("1578446659833171994")).toBe(false);
  });

  it("GIVEN snowflakes that differ only past 2^53 THEN each is its own claim", async () => {
    const claims = discordInteractionClaims(db.prisma);
    expect(await claims.claim("1578446659833171995")).toBe(true);
    expect(await claims.claim("1578446659833171996")).toBe(true);
  });
});
