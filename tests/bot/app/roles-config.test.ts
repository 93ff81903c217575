/** PEPFUND_ROLE and DISCORD_SHARD: defaults, and bad values refused with the variable named. */
import { describe, expect, it } from "vitest";
import { loadConfig, shardOf } from "../../../bot/app/config.js";

const PG = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/pepfund" };

describe("replica configuration", () => {
  it("GIVEN nothing THEN the role is all and there is no shard", () => {
    const config = loadConfig({});
    expect(config.PEPFUND_ROLE).toBe("all");
    expect(config.DISCORD_SHARD).toBeUndefined();
  });

  it("GIVEN chat or workers with PostgreSQL THEN accepted; without it THEN refused naming DATABASE_URL", () => {
    expect(loadConfig({ ...PG, PEPFUND_ROLE: "workers" }).PEPFUND_ROLE).toBe("workers");
    expect(loadConfig({ ...PG, PEPFUND_ROLE: "chat" }).PEPFUND_ROLE).toBe("chat");
    expect(() => loadConfig({ PEPFUND_ROLE: "workers" })).toThrow(/DATABASE_URL: is required with PEPFUND_ROLE chat or workers/);
    expect(() => loadConfig({ ...PG, PEPFUND_ROLE: "worker" })).toThrow(/PEPFUND_ROLE/);
  });

  it("GIVEN DISCORD_SHARD THEN i/N with i below N is accepted, anything else refused", () => {
    expect(shardOf(loadConfig({ DISCORD_SHARD: "1/2" }).DISCORD_SHARD ?? "")).toEqual([1, 2]);
    expect(() => loadConfig({ DISCORD_SHARD: "2/2" })).toThrow(/DISCORD_SHARD: must be i\/N with 0 <= i < N/);
    expect(() => loadConfig({ DISCORD_SHARD: "0/0" })).toThrow(/DISCORD_SHARD/);
    expect(() => loadConfig({ DISCORD_SHARD: "one" })).toThrow(/DISCORD_SHARD: must be i\/N/);
  });
});
