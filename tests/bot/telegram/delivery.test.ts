/**
 * How updates reach the bot: long polling by default, or a webhook that refuses requests
 * without the secret token (SECURITY.md: "Webhook without the right secret token header ->
 * rejected"); and each update handled once even when delivered twice ("Update delivered
 * twice (slow handler, Telegram retry) -> handled once"). Plus the command menu at start.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../../bot/chat/commands/index.js";
import { menus } from "../../../bot/telegram/menus.js";
import type { ChainReader } from "../../../bot/core/ports.js";
import { campaign } from "../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { FakeChain } from "../support/fakes.js";
import { TelegramHarness, user } from "./harness.js";

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

const SECRET = "webhook_secret_0123456789";

describe.each(databaseKinds)("Telegram update delivery on $name", (kind) => {
  let db: TestDatabase;
  let t: TelegramHarness | null = null;
  beforeAll(async () => {
    db = await kind.open();
  });
  afterEach(async () => {
    await t?.stop();
    t = null;
  });
  afterAll(async () => {
    await db.dispose();
  });

  it("GIVEN long polling THEN the command menu is set at start and /help answers with it", async () => {
    t = await TelegramHarness.start(db);
    for (const menu of menus()) expect(t.server.registeredCommands(menu.scope.type)).toEqual(menu.commands);
    const ada = user();
    const help = TelegramHarness.text(await t.say(t.privateChat(ada), ada, "/help"));
    for (const c of COMMANDS.filter((c) => c.place !== "group")) expect(help).toContain(`/${c.name} — `);
  });

  it("GIVEN every command of the menus THEN the bot answers each one: the menus list only routed commands", async () => {
    t = await TelegramHarness.start(db);
    const ada = user();
    const group = t.group();
    for (const menu of menus()) {
      const chat = menu.scope.type === "all_private_chats" ? t.privateChat(ada) : group;
      for (const { command } of menu.commands) {
        expect(await t.say(chat, ada, `/${command}`), `/${command} in ${menu.scope.type}`).not.toEqual([]);
      }
    }
    // About 1.5 s a command on the 2-core machine, in two menus: the time grows with the registry.
  }, 120_000);

  it("GIVEN the bot restarts before confirming an update THEN Telegram's redelivery is not handled again", async () => {
    t = await TelegramHarness.start(db);
    const ada = user();
    const group = t.group();
    const replies = await t.say(group, ada, "/wallet");
    expect(replies).toHaveLength(1);
    const update = t.server.callsOf("getUpdates").flatMap((c) => (c.response as { result?: Update[] }).result ?? []).at(-1);
    if (update === undefined) throw new Error("no update delivered");
    await t.stopBot();
    t.server.redeliver(update);
    await t.startBot();
    await t.server.waitFor(() => t?.server.pendingUpdates.length === 0);
    await t.server.handled(update);
    expect(t.server.sentMessages(group)).toHaveLength(1);
  });

  describe("webhook", () => {
    async function startWebhook(): Promise<{ h: TelegramHarness; url: string }> {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/telegram/hook`;
      const h = await TelegramHarness.start(db, {
        server: { flood: false, webhookRetryMs: 20 },
        delivery: { mode: "webhook", url, secretToken: SECRET, host: "127.0.0.1", port },
      });
      return { h, url };
    }

    it("GIVEN a webhook THEN Telegram is told the URL and secret, and updates it posts are handled", async () => {
      const { h, url } = await startWebhook();
      t = h;
      expect(h.server.callsOf("setWebhook").at(-1)?.payload).toMatchObject({ url, secret_token: SECRET });
      const ada = user();
      expect(TelegramHarness.text(await h.say(h.privateChat(ada), ada, "/wallet"))).toContain("No wallet is linked");
      expect(h.server.webhookDeliveries.at(-1)?.status).toBe(200);
    });

    it("GIVEN a POST without the secret header or with a wrong one THEN 401 and nothing handled; the right one THEN handled", async () => {
      const { h, url } = await startWebhook();
      t = h;
      const ada = user();
      const chat = h.privateChat(ada);
      const forged = (id: number) =>
        JSON.stringify({
          update_id: id,
          message: { message_id: 1, date: 0, chat: { id: chat, type: "private", first_name: "Ada" }, from: ada, text: "/wallet", entities: [{ type: "bot_command", offset: 0, length: 7 }] },
        });
      const post = (body: string, secret?: string) =>
        fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(secret === undefined ? {} : { "X-Telegram-Bot-Api-Secret-Token": secret }) }, body });
      expect((await post(forged(900001))).status).toBe(401);
      expect((await post(forged(900002), "wrong_secret_0123456789xx")).status).toBe(401);
      expect((await post(forged(900003), SECRET.slice(0, -1))).status).toBe(401);
      expect(h.server.sentMessages(chat)).toHaveLength(0);
      expect(await db.prisma.chatUpdate.count({ where: { updateId: { in: [900001n, 900002n, 900003n] } } })).toBe(0);
      expect((await post(forged(900004), SECRET)).status).toBe(200);
      expect(h.server.sentMessages(chat)).toHaveLength(1);
    });

    it("GIVEN a slow handler and Telegram's retry arriving while it still runs THEN the update is handled once", async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/telegram/hook`;
      const chain = new FakeChain();
      const slow: ChainReader = new Proxy(chain, {
        get: (target, name) => {
          const value: unknown = Reflect.get(target, name);
          return typeof value === "function"
            ? async (...a: unknown[]) => {
                await new Promise((r) => setTimeout(r, 300));
                return (value as (...b: unknown[]) => unknown).apply(target, a);
              }
            : value;
        },
      });
      const h = await TelegramHarness.start(db, { server: { flood: false }, chain: slow, delivery: { mode: "webhook", url, secretToken: SECRET, host: "127.0.0.1", port } });
      t = h;
      const c = campaign();
      chain.campaigns.set(c.address, c);
      const ada = user();
      const chat = h.privateChat(ada);
      const body = JSON.stringify({
        update_id: 700_000_000 + Math.floor(Math.random() * 1e6),
        message: { message_id: 5, date: 0, chat: { id: chat, type: "private", first_name: "Ada" }, from: ada, text: `/campaign ${c.address}`, entities: [{ type: "bot_command", offset: 0, length: 9 }] },
      });
      const post = () => fetch(url, { method: "POST", headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET }, body });
      const answers = await Promise.all([post(), post()]);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(h.server.sentMessages(chat)).toHaveLength(1);
    });

    it("GIVEN Telegram posts the same update twice (a retry after a slow answer) THEN it is handled once", async () => {
      const { h } = await startWebhook();
      t = h;
      const ada = user();
      const chat = h.privateChat(ada);
      await h.say(chat, ada, "/wallet");
      const update = h.server.delivered.at(-1);
      if (update === undefined) throw new Error("no update delivered");
      h.server.redeliver(update);
      await h.server.waitFor(() => h.server.webhookDeliveries.filter((d) => d.updateId === update.update_id && d.status === 200).length === 2);
      expect(h.server.sentMessages(chat)).toHaveLength(1);
    });
  });
});

