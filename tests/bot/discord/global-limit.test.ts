/**
 * Discord's global limit and the interaction endpoints (developer docs: Rate Limits, "All bots
 * can make up to 50 requests per second"; Receiving and Responding, Endpoints, "not bound to
 * the application's Global Rate Limit"). The local server refuses the 51st authenticated
 * request of a second with a global 429 and still takes interaction webhook edits, each
 * interaction token under its own bucket. The bot's final answers do not queue behind its own
 * 50-per-second budget: with 200 authenticated reads queued (four seconds of budget), a
 * command's answer reaches Discord before they have all gone out. The server's clock is
 * stopped in the first test so that its one-second window cannot end on a slow machine.
 */
import { Client, Events, GatewayIntentBits, Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DiscordTestServer } from "../../discord-server/server.js";
import { GLOBAL_LIMIT } from "../../discord-server/rate-limits.js";
import { startHarness, type Harness } from "./harness.js";

describe("the local Discord server's global limit", () => {
  let server: DiscordTestServer;
  let client: Client;
  beforeAll(async () => {
    server = await DiscordTestServer.start();
    // A logged-in client that answers nothing: the gateway session interactions are dispatched to.
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.apiBase } });
    const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
    await client.login(server.token);
    await ready;
    await client.rest.put(Routes.applicationGuildCommands(server.applicationId, server.world.guildId), { body: [{ name: "ping", description: "Ping" }] });
  });
  afterAll(async () => {
    await client.destroy();
    await server.stop();
  });

  it("GIVEN more than 50 authenticated requests in one second THEN a global 429; interaction webhook edits still pass, under their own bucket", async () => {
    // A second of its own, past the login's requests, that never ends during the test.
    const stopped = Date.now() + 60_000;
    server.limiter.now = () => stopped;
    const api = `${server.apiBase}/v10`;
    const bot = { authorization: `Bot ${server.token}` };
    // Each read is its own route (one channel each), so only the global limit can refuse them.
    const channels = Array.from({ length: GLOBAL_LIMIT }, (_, i) => server.world.addChannel(`c${i}`));
    const read = (id: string) => fetch(`${api}${Routes.channel(id)}`, { headers: bot });
    const statuses = [];
    for (const channel of channels) statuses.push((await read(channel.id)).status);
    expect(statuses).toEqual(Array.from({ length: GLOBAL_LIMIT }, () => 200));

    const over = await read(channels[0]!.id);
    expect(over.status).toBe(429);
    expect([over.headers.get("x-ratelimit-global"), over.headers.get("x-ratelimit-scope"), over.headers.get("retry-after")]).toEqual(["true", "global", "1"]);
    expect(over.headers.get("x-ratelimit-bucket")).toBeNull();
    expect(await over.json()).toEqual({ message: "You are being rate limited.", retry_after: 1, global: true, code: 0 });

    // The interaction endpoints, in the same stopped second: callback, edits, a follow-up.
    const ix = server.slash(server.addMember("alice"), "ping");
    const json = { "content-type": "application/json" };
    const callback = await fetch(`${api}${Routes.interactionCallback(ix.id, ix.token)}`, { method: "POST", headers: json, body: JSON.stringify({ type: 5 }) });
    expect(callback.status).toBe(204);
    const edit = (n: number) =>
      fetch(`${api}${Routes.webhookMessage(server.applicationId, ix.token, "@original")}`, { method: "PATCH", headers: json, body: JSON.stringify({ content: `edit ${n}` }) });
    const edits = [];
    for (let n = 0; n < GLOBAL_LIMIT; n += 1) edits.push(await edit(n));
    expect(edits.map((r) => r.status)).toEqual(Array.from({ length: GLOBAL_LIMIT }, () => 200));
    expect(edits.at(-1)?.headers.get("x-ratelimit-remaining")).toBe("0");
    const followup = await fetch(`${api}${Routes.webhook(server.applicationId, ix.token)}`, { method: "POST", headers: json, body: JSON.stringify({ content: "more" }) });
    expect(followup.status).toBe(200);

    // That token's edit bucket is now spent: a per-route 429, not a global one.
    const routeLimited = await edit(GLOBAL_LIMIT);
    expect(routeLimited.status).toBe(429);
    expect([routeLimited.headers.get("x-ratelimit-global"), routeLimited.headers.get("x-ratelimit-scope")]).toEqual([null, "user"]);
    expect(routeLimited.headers.get("x-ratelimit-bucket")).not.toBeNull();
    expect(((await routeLimited.json()) as { global: boolean }).global).toBe(false);
    // And the bot token is still over its global limit.
    expect((await read(channels[0]!.id)).status).toBe(429);
    expect(server.limiter.given.map((g) => g.global)).toEqual([true, false, true]);
  });
});

describe("the bot's final answers and its global budget", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h.stop();
  });

  it("GIVEN 200 authenticated reads queued on the bot's client THEN a command's final answer reaches Discord before they have all gone out", async () => {
    // Once first, so the guild's command ids (an authenticated read) are known before the queue.
    await h.server.slash(h.member, "help").waitFor((c) => c.kind === "edit-original");
    const busy = Array.from({ length: 200 }, (_, i) => h.server.world.addChannel(`busy-${i}`));
    const busyPaths = new Set<string>(busy.map((c) => Routes.channel(c.id)));
    // One route each (its own bucket): discord.js sends them as fast as its global budget allows.
    const reads = Promise.all(busy.map((c) => h.bot.client.rest.get(Routes.channel(c.id))));
    const ix = h.server.slash(h.member, "help");
    await ix.waitFor((c) => c.kind === "edit-original");
    await reads;
    const calls = h.server.rest.calls;
    const answered = calls.findIndex((c) => c.method === "PATCH" && c.path === Routes.webhookMessage(h.server.applicationId, ix.token, "@original"));
    const readsBefore = calls.slice(0, answered).filter((c) => c.method === "GET" && busyPaths.has(c.path) && c.status === 200).length;
    expect(answered).toBeGreaterThan(-1);
    // Behind the global budget the answer would come after all 200 (it was queued after them).
    expect(readsBefore).toBeLessThan(busy.length);
    expect(calls.filter((c) => c.method === "GET" && busyPaths.has(c.path) && c.status === 200)).toHaveLength(busy.length);
  }, 30_000);
});
