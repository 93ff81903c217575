/**
 * Replicas against one PostgreSQL schema: two `chat` replicas (Discord shards 0/2 and 1/2,
 * Telegram webhooks behind a round-robin forwarder, as behind a load balancer) and one
 * `workers` replica (no gateway, no webhook: REST-only announcement senders). Every command
 * on both platforms is answered exactly once, a Telegram retry that lands on the other replica
 * is not answered again, and each announcement reaches each channel exactly once.
 */
import { randomBytes } from "node:crypto";
import { createServer, request, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { REST } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../../bot/app/compose.js";
import { loadConfig } from "../../../bot/app/config.js";
import { notify } from "../../../bot/core/usecases/announce.js";
import type { Notice } from "../../../bot/core/ports.js";
import { deployCommands } from "../../../bot/discord/deploy-commands.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { DiscordTestServer } from "../../discord-server/server.js";
import { TelegramTestServer } from "../../telegram-server/server.js";
import { MemoryLogger } from "../telegram/harness.js";
import { freePort } from "../support/arlocal.js";
import { randomAddress } from "../support/fakes.js";

const POSTGRES = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const SECRET = "replica-webhook-secret-0123456789";
const N = 6;

let telegram: TelegramTestServer;
let discord: DiscordTestServer;
let dataDir: string;
let forwarder: Server;
const schema = `t_replicas_${randomBytes(4).toString("hex")}`;
const apps: App[] = [];
const logs = [new MemoryLogger(), new MemoryLogger(), new MemoryLogger()];
/** Which replica's webhook each forwarded update went to. */
const forwardedTo: number[] = [];

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A load balancer in front of the webhook listeners: each request to the next one in turn. */
function roundRobin(ports: readonly number[]): Server {
  let next = 0;
  return createServer((req, res) => {
    const index = next++ % ports.length;
    forwardedTo.push(index);
    const upstream = request({ host: "127.0.0.1", port: ports[index], path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
}

beforeAll(async () => {
  telegram = await TelegramTestServer.start({ flood: false });
  discord = await DiscordTestServer.start();
  await deployCommands(new REST({ api: discord.apiBase }).setToken(discord.token), discord.applicationId, discord.world.guildId);
  dataDir = await mkdtemp(join(tmpdir(), "pepfund-replicas-"));
  const hookPorts = [await freePort(), await freePort()];
  forwarder = roundRobin(hookPorts);
  await new Promise<void>((resolve) => forwarder.listen(0, "127.0.0.1", resolve));
  const forwarderPort = (forwarder.address() as { port: number }).port;
  const shared = {
    DATA_DIR: dataDir,
    WEB_PORT: "0",
    DATABASE_URL: `${POSTGRES}?schema=${schema}`,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${forwarderPort}/tg`,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_BASE: discord.apiBase,
    OUTBOX_INTERVAL_MS: "100",
  };
  // The first replica starts the localnet; the others use its RPC (one chain, one database).
  apps.push(await startApp(loadConfig({ ...shared, PEPFUND_ROLE: "chat", DISCORD_SHARD: "0/2", TELEGRAM_WEBHOOK_PORT: String(hookPorts[0]) }), logs[0]!));
  const rpc = { SOLANA_RPC_URL: apps[0]!.rpcUrl };
  apps.push(await startApp(loadConfig({ ...shared, ...rpc, PEPFUND_ROLE: "chat", DISCORD_SHARD: "1/2", TELEGRAM_WEBHOOK_PORT: String(hookPorts[1]) }), logs[1]!));
  apps.push(await startApp(loadConfig({ ...shared, ...rpc, PEPFUND_ROLE: "workers" }), logs[2]!));
  await discord.gateway.whenSessions(2);
}, 300_000);

afterAll(async () => {
  for (const app of apps.reverse()) await app.stop();
  forwarder?.close();
  await telegram?.stop();
  await discord?.stop();
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  await rm(dataDir, { recursive: true, force: true });
}, 120_000);

describe("GIVEN two chat replicas and one workers replica on one PostgreSQL", () => {
  it("THEN the chat replicas run no workers, the workers replica no gateway session and no webhook listener", () => {
    expect(apps[0]!.workers).toEqual([]);
    expect(apps[1]!.workers).toEqual([]);
    expect(apps[2]!.workers).toEqual(expect.arrayContaining(["outbox", "scheduler", "indexer"]));
    expect(apps[2]!.enabled).toEqual(expect.arrayContaining(["discord (announcements only)", "telegram (announcements only)"]));
    expect(apps[2]!.enabled).toContain("web (operations only)");
    expect(discord.gateway.shards).toEqual([[0, 2], [1, 2]]);
    // Every replica with a webhook sets the same URL: idempotent, whichever runs last.
    expect(new Set(telegram.callsOf("setWebhook").map((c) => (c.payload as { url: string }).url)).size).toBe(1);
  });

  it("THEN the workers replica answers /readyz and /metrics for its orchestrator, and serves no page", async () => {
    const workersWeb = apps[2]!.webUrl;
    expect((await fetch(`${workersWeb}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${workersWeb}/metrics`)).text()).toMatch(/^pepfund_outbox_depth /m);
    expect([200, 503]).toContain((await fetch(`${workersWeb}/readyz`)).status);
    expect((await fetch(`${workersWeb}/link/${"A".repeat(22)}`)).status).toBe(404);
    expect((await fetch(`${apps[0]!.webUrl}/link/${"A".repeat(22)}`)).status).toBe(200);
  });

  it(`WHEN ${N} Discord commands come from the guild and DMs THEN each is answered exactly once`, async () => {
    const interactions = [];
    for (let i = 0; i < N; i++) {
      const member = discord.addMember(`m${i}`);
      interactions.push(i % 2 === 0 ? discord.slash(member, "help") : discord.slash(member, "help", {}, discord.world.openDm(member.id)));
    }
    for (const ix of interactions) await ix.firstResponse();
    await new Promise((r) => setTimeout(r, 300));
    for (const ix of interactions) expect(ix.calls.filter((c) => c.kind === "callback")).toHaveLength(1);
    expect(discord.failed).toEqual([]);
  });

  it(`WHEN ${N} Telegram commands arrive by webhook, and each is retried to the other replica THEN each is answered exactly once`, async () => {
    const chats = [];
    for (let i = 0; i < N; i++) {
      const user = { id: 7_000_000 + i, is_bot: false, first_name: `u${i}` };
      telegram.addChat({ id: user.id, type: "private" });
      const update = telegram.injectMessage({ chatId: user.id, from: user, text: "/help" });
      await telegram.handled(update);
      // Telegram retries an update whose answer it did not get; the balancer sends it to the next replica.
      telegram.redeliver(update);
      chats.push(user.id);
    }
    await until("retries forwarded", () => forwardedTo.length >= 2 * N);
    await new Promise((r) => setTimeout(r, 500));
    expect(new Set(forwardedTo)).toEqual(new Set([0, 1]));
    for (const chatId of chats) expect(telegram.sentMessages(chatId)).toHaveLength(1);
  });

  it("WHEN announcements are queued THEN the workers replica delivers each to each channel exactly once", async () => {
    const store = prismaStore(apps[2]!.database.prisma);
    const group = telegram.addChat({ id: -100_777, type: "supergroup", title: "backers" });
    const notices: Notice[] = Array.from({ length: N }, (_, i) => ({
      kind: "BehindSchedule",
      campaign: { address: randomAddress(), label: `Trial ${i}` },
      milestone: { index: 0, title: "Synthesis" },
      estimatedCompletion: 1_900_000_000,
      staleAt: 1_900_000_000 + 30 * 86_400,
    }));
    for (const [i, notice] of notices.entries()) {
      await notify({ store }, { platform: "TELEGRAM", chatId: String(group.id) }, notice, `replicas-${i}`);
      await notify({ store }, { platform: "DISCORD", chatId: discord.channel.id }, notice, `replicas-${i}`);
    }
    await until("every delivery", () => telegram.sentMessages(group.id).length >= N && discord.channelPosts(discord.channel.id).length >= N);
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < N; i++) {
      expect(telegram.sentMessages(group.id).filter((m) => m.text?.includes(`Trial ${i}`))).toHaveLength(1);
      expect(discord.channelPosts(discord.channel.id).filter((p) => JSON.stringify(p.message).includes(`Trial ${i}`))).toHaveLength(1);
    }
    expect(logs[2]!.lines.join("\n")).toContain("outbox:");
  });
});
