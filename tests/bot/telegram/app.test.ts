/**
 * The composed application starts the Telegram adapter from configuration alone: against
 * the local Bot API server (TELEGRAM_API_ROOT), by polling or by a secret-checked webhook,
 * and never writes the token or the webhook secret to its log.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startApp, type App } from "../../../bot/app/compose.js";
import { loadConfig } from "../../../bot/app/config.js";
import { TelegramTestServer } from "../../telegram-server/server.js";
import { MemoryLogger, user } from "./harness.js";

const SECRET = "app_webhook_secret_0123456789";
/** A local RPC URL nothing answers: these tests need no chain, so no localnet is started. */
const NO_CHAIN = "http://127.0.0.1:9";

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe("the app's Telegram start", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function start(extra: Record<string, string>): Promise<{ app: App; server: TelegramTestServer; log: MemoryLogger }> {
    const server = await TelegramTestServer.start({ flood: false, webhookRetryMs: 20 });
    cleanup.push(() => server.stop());
    const dataDir = await mkdtemp(join(tmpdir(), "pepfund-tg-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const log = new MemoryLogger();
    const app = await startApp(
      loadConfig({ TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot, DATA_DIR: dataDir, WEB_PORT: "0", SOLANA_RPC_URL: NO_CHAIN, ...extra }),
      log,
    );
    cleanup.push(() => app.stop());
    return { app, server, log };
  }

  it("GIVEN only a token THEN long polling: the menu is set, /help answers, the token is never logged", async () => {
    const { app, server, log } = await start({});
    expect(app.enabled).toContain("telegram");
    expect(app.notifiers.TELEGRAM).toBeDefined();
    expect(server.registeredCommands("all_private_chats").length).toBeGreaterThan(10);
    const ada = user();
    server.addChat({ id: ada.id, type: "private" });
    const update = server.injectMessage({ chatId: ada.id, from: ada, text: "/help" });
    await server.handled(update);
    expect(server.sentMessages(ada.id)[0]?.text).toContain("/flag");
    expect(log.lines.join("\n")).not.toContain(server.token.split(":")[1] ?? "");
  });

  it("GIVEN a webhook URL and secret THEN Telegram is told both, updates are handled, the secret is never logged", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/tg`;
    const { server, log } = await start({ TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_WEBHOOK_PORT: String(port) });
    expect(server.callsOf("setWebhook").at(-1)?.payload).toMatchObject({ url, secret_token: SECRET });
    const ada = user();
    server.addChat({ id: ada.id, type: "private" });
    const update = server.injectMessage({ chatId: ada.id, from: ada, text: "/help" });
    await server.handled(update);
    expect(server.sentMessages(ada.id)).toHaveLength(1);
    expect((await fetch(url, { method: "POST", body: JSON.stringify({ update_id: 1 }) })).status).toBe(401);
    expect(log.lines.join("\n")).not.toContain(SECRET);
  });

  it("GIVEN a webhook URL without a secret THEN the configuration is refused, naming the variable", () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: "123:abcdefghijklmnopqrstuvwxyz", TELEGRAM_WEBHOOK_URL: "https://bot.example/tg" })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET: is required with TELEGRAM_WEBHOOK_URL/,
    );
    expect(() => loadConfig({ TELEGRAM_TEAM_USER_IDS: "12,abc" })).toThrow(/TELEGRAM_TEAM_USER_IDS/);
  });
});
