/**
 * The local Discord server speaks the protocols well enough for the real discord.js Client:
 * login over the gateway, command registration over REST, interaction callbacks, the
 * 3-second rule, rate limits and 429s, RESUME after a dropped connection.
 */
import { Client, Events, GatewayIntentBits, MessageFlags, Routes } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DiscordTestServer } from "../../discord-server/server.js";

let server: DiscordTestServer;
let client: Client;

beforeEach(async () => {
  server = await DiscordTestServer.start();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.apiBase } });
  const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(server.token);
  await ready;
  await client.rest.put(Routes.applicationGuildCommands(server.applicationId, server.world.guildId), {
    body: [{ name: "ping", description: "Ping", options: [{ type: 3, name: "text", description: "Text", required: false }] }],
  });
});

afterEach(async () => {
  await client.destroy();
  await server.stop();
});

describe("local Discord server with the real discord.js Client", () => {
  it("GIVEN a login THEN READY and GUILD_CREATE fill the cache and the intents are recorded", () => {
    expect(client.user?.id).toBe(server.applicationId);
    expect(client.guilds.cache.get(server.world.guildId)?.channels.cache.has(server.channel.id)).toBe(true);
    expect(server.gateway.intents).toBe(GatewayIntentBits.Guilds);
  });

  it("GIVEN a wrong token THEN login fails as Discord refuses it (401)", async () => {
    const other = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.apiBase } });
    await expect(other.login("wrong.token.value")).rejects.toThrow(/token/i);
    await other.destroy();
  });

  it("GIVEN a slash command answered at once THEN the reply is recorded with its callback type 4 and options arrive typed", async () => {
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) {
        void interaction.reply({ content: `pong ${interaction.options.getString("text") ?? ""}`, flags: MessageFlags.Ephemeral });
      }
    });
    const ix = server.slash(server.addMember("alice"), "ping", { text: "hi" });
    const first = await ix.firstResponse();
    expect(first.type).toBe(4);
    expect(ix.visible()?.content).toBe("pong hi");
    expect(first.afterMs).toBeLessThan(3000);
  });

  it("GIVEN a handler that never answers THEN after 3 s the interaction is failed and a late answer gets 10062", async () => {
    let late: Promise<unknown> = Promise.resolve();
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) {
        late = new Promise((r) => setTimeout(r, 3200)).then(() => interaction.reply("too late"));
      }
    });
    const ix = server.slash(server.addMember("bob"), "ping");
    await new Promise((r) => setTimeout(r, 3100));
    expect(server.failed).toContain(ix);
    await expect(late).rejects.toMatchObject({ code: 10062 });
  });

  it("GIVEN a defer then an edit THEN callback 5 then PATCH @original are recorded; a second ack gets 40060", async () => {
    // Wrapped in an object so awaiting the holder does not await the call itself.
    let giveSecond: (holder: { call: Promise<unknown> }) => void = () => undefined;
    const second = new Promise<{ call: Promise<unknown> }>((resolve) => (giveSecond = resolve));
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      void (async () => {
        await interaction.deferReply();
        await interaction.editReply("done");
        const again = client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: "again" } }, auth: false });
        again.catch(() => undefined);
        giveSecond({ call: again });
      })();
    });
    const ix = server.slash(server.addMember("carol"), "ping");
    await ix.waitFor((c) => c.kind === "edit-original");
    expect(ix.calls.map((c) => c.type ?? c.kind)).toEqual([5, "edit-original"]);
    expect(ix.visible()?.content).toBe("done");
    await expect((await second).call).rejects.toMatchObject({ code: 40060 });
  });

  it("GIVEN a message over Discord's limits THEN 50035 Invalid Form Body", async () => {
    await expect(client.rest.post(Routes.channelMessages(server.channel.id), { body: { content: "x".repeat(2001) } })).rejects.toMatchObject({ code: 50035, status: 400 });
  });

  it("GIVEN enforce_nonce and a nonce used before THEN the earlier message comes back (200) and nothing is created", async () => {
    const channel = client.channels.cache.get(server.channel.id);
    if (channel?.isSendable() !== true) throw new Error("general is not a text channel");
    const first = await channel.send({ content: "once", nonce: "outbox-key-1", enforceNonce: true });
    const again = await channel.send({ content: "once", nonce: "outbox-key-1", enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(first.nonce).toBe("outbox-key-1");
    expect(server.channelPosts(server.channel.id).map((s) => s.body.content)).toEqual(["once"]);
    const posts = server.rest.calls.filter((c) => c.method === "POST" && c.path === `/channels/${server.channel.id}/messages`);
    expect(posts.map((c) => c.status)).toEqual([200, 200]);
    // Another nonce is another message; an integer nonce works the same.
    await channel.send({ content: "other", nonce: "outbox-key-2", enforceNonce: true });
    const number = await channel.send({ content: "number", nonce: 42, enforceNonce: true });
    expect((await channel.send({ content: "number", nonce: 42, enforceNonce: true })).id).toBe(number.id);
    expect(server.channelPosts(server.channel.id).map((s) => s.body.content)).toEqual(["once", "other", "number"]);
  });

  it("GIVEN a repeated nonce without enforce_nonce, or after the window THEN a new message is created", async () => {
    const body = { content: "twice", nonce: "same" };
    await client.rest.post(Routes.channelMessages(server.channel.id), { body });
    await client.rest.post(Routes.channelMessages(server.channel.id), { body });
    expect(server.channelPosts(server.channel.id)).toHaveLength(2);
    server.nonceWindowMs = 0;
    await client.rest.post(Routes.channelMessages(server.channel.id), { body: { ...body, enforce_nonce: true } });
    expect(server.channelPosts(server.channel.id)).toHaveLength(3);
  });

  it("GIVEN a nonce over 25 characters or not a string or integer THEN 50035 Invalid Form Body on nonce, nothing created", async () => {
    const post = (nonce: unknown) => client.rest.post(Routes.channelMessages(server.channel.id), { body: { content: "x", nonce, enforce_nonce: true } });
    await expect(post("n".repeat(26))).rejects.toMatchObject({ code: 50035, status: 400, rawError: { errors: { nonce: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } } });
    await expect(post(1.5)).rejects.toMatchObject({ code: 50035, status: 400 });
    await expect(post({ id: 1 })).rejects.toMatchObject({ code: 50035, status: 400 });
    expect(server.channelPosts(server.channel.id)).toHaveLength(0);
    await post("n".repeat(25));
    expect(server.channelPosts(server.channel.id)).toHaveLength(1);
  });

  it("GIVEN an injected 429 THEN discord.js waits retry_after and the message arrives once, after it", async () => {
    server.limiter.inject({ route: /^POST \/channels\/\d+\/messages$/, count: 1, retryAfter: 1 });
    const started = Date.now();
    await client.rest.post(Routes.channelMessages(server.channel.id), { body: { content: "hello", allowed_mentions: { parse: [] } } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.limiter.given).toHaveLength(1);
    expect(server.channelPosts(server.channel.id).map((s) => s.body.content)).toEqual(["hello"]);
  });

  it("GIVEN a bucket of 5 per 5 s THEN the headers tell discord.js to queue the sixth message, with no 429", async () => {
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.rest.post(Routes.channelMessages(server.channel.id), { body: { content: `m${i}` } })));
    expect(server.limiter.given).toHaveLength(0);
    expect(Date.now() - started).toBeGreaterThan(3000);
    expect(server.channelPosts(server.channel.id)).toHaveLength(6);
  }, 15_000);

  it("GIVEN a dropped connection THEN discord.js resumes and still gets interactions", async () => {
    const replies: string[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) void interaction.reply("pong").then(() => replies.push(interaction.id));
    });
    server.gateway.dropConnection();
    await new Promise((r) => setTimeout(r, 200));
    await server.gateway.whenReady();
    const ix = server.slash(server.addMember("dave"), "ping");
    await ix.firstResponse();
    expect(server.gateway.received.some((p) => p.op === 6)).toBe(true);
  });
});
