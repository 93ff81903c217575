/**
 * Several sessions of one bot on the local Discord, as on Discord: with sharding each guild's
 * interactions reach exactly one shard and DMs shard 0; two unsharded sessions both receive
 * every dispatch (so replicas need sharding, or the durable claim, to answer once).
 */
import { Client, Events, GatewayIntentBits, Routes } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DiscordTestServer } from "../../discord-server/server.js";

let server: DiscordTestServer;
const clients: Client[] = [];

async function loggedIn(shard?: [number, number]): Promise<{ client: Client; seen: string[]; refused: unknown[] }> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.apiBase }, ...(shard === undefined ? {} : { shards: [shard[0]], shardCount: shard[1] }) });
  clients.push(client);
  const seen: string[] = [];
  const refused: unknown[] = [];
  client.on(Events.InteractionCreate, (interaction) => {
    seen.push(interaction.id);
    if (interaction.isChatInputCommand()) {
      interaction.reply(`pong from ${shard?.[0] ?? "unsharded"}`).catch((error: unknown) => refused.push((error as { code?: unknown }).code));
    }
  });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(server.token);
  await ready;
  return { client, seen, refused };
}

beforeEach(async () => {
  server = await DiscordTestServer.start();
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.destroy();
  await server.stop();
});

describe("local Discord gateway with several sessions", () => {
  it("GIVEN two shards THEN each guild interaction reaches only the shard owning the guild, and DMs shard 0", async () => {
    const shard0 = await loggedIn([0, 2]);
    const shard1 = await loggedIn([1, 2]);
    await server.gateway.whenSessions(2);
    expect(server.gateway.shards).toEqual([[0, 2], [1, 2]]);
    await shard0.client.rest.put(Routes.applicationGuildCommands(server.applicationId, server.world.guildId), { body: [{ name: "ping", description: "Ping" }] });
    await shard0.client.rest.put(Routes.applicationCommands(server.applicationId), { body: [{ name: "ping", description: "Ping" }] });
    const owner = Number((BigInt(server.world.guildId) >> 22n) % 2n);
    const [ownerSeen, otherSeen] = owner === 0 ? [shard0.seen, shard1.seen] : [shard1.seen, shard0.seen];

    const inGuild = [server.slash(server.addMember("alice"), "ping"), server.slash(server.addMember("bob"), "ping")];
    for (const ix of inGuild) expect((await ix.firstResponse()).type).toBe(4);
    expect(ownerSeen).toEqual(inGuild.map((ix) => ix.id));
    expect(otherSeen).toEqual([]);
    // The owning shard's client has the guild; the other started with none.
    expect((owner === 0 ? shard0 : shard1).client.guilds.cache.has(server.world.guildId)).toBe(true);
    expect((owner === 0 ? shard1 : shard0).client.guilds.cache.size).toBe(0);

    const carol = server.addMember("carol");
    const dm = server.slash(carol, "ping", {}, server.world.openDm(carol.id));
    expect((await dm.firstResponse()).type).toBe(4);
    expect(shard0.seen).toContain(dm.id);
    expect(shard1.seen).not.toContain(dm.id);
  });

  it("GIVEN two unsharded sessions of the same bot THEN both receive the interaction and the second answer is refused with 40060", async () => {
    const first = await loggedIn();
    const second = await loggedIn();
    await server.gateway.whenSessions(2);
    await first.client.rest.put(Routes.applicationGuildCommands(server.applicationId, server.world.guildId), { body: [{ name: "ping", description: "Ping" }] });
    const ix = server.slash(server.addMember("dave"), "ping");
    await ix.firstResponse();
    await new Promise((r) => setTimeout(r, 200));
    expect(first.seen).toEqual([ix.id]);
    expect(second.seen).toEqual([ix.id]);
    expect([...first.refused, ...second.refused]).toEqual([40060]);
  });

  it("GIVEN an IDENTIFY with a shard id not below the count THEN the gateway closes with 4010 Invalid shard", async () => {
    const closed = new Promise<number>((resolve) => {
      void import("ws").then(({ WebSocket }) => {
        const ws = new WebSocket(`${server.apiBase.replace(/^http/, "ws").replace(/\/api.*$/, "")}/?v=10&encoding=json`);
        ws.on("message", () => ws.send(JSON.stringify({ op: 2, d: { token: server.token, intents: 1, properties: {}, shard: [2, 2] } })));
        ws.on("close", (code) => resolve(code));
      });
    });
    expect(await closed).toBe(4010);
  });
});
