/**
 * A button press whose first run died after answering the callback query (and replying) but
 * before its claim was done: Telegram redelivers it, the second run's answer is refused by
 * Telegram, and the handler must still run to the end (it stores the conversation state the
 * user was already shown). Real grammY on the local Bot API server, claims in PGlite.
 */
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { Api, Bot } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../bot/store/database.js";
import { chatUpdateLog } from "../../../bot/store/chat-state.js";
import { handleOnce } from "../../../bot/telegram/updates.js";
import { TelegramTestServer } from "../../telegram-server/server.js";

const SOURCE = "telegram:rerun";

async function deadOwner(): Promise<string> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return `${hostname()}/${child.pid}/0badc0de`;
}

describe("a redelivered button press", () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setUp(): Promise<{ server: TelegramTestServer; db: Database; errors: string[]; press: () => Update; start: () => Promise<void> }> {
    const server = await TelegramTestServer.start({ flood: false });
    cleanup.push(() => server.stop());
    const db = await openDatabase({ kind: "pglite" });
    cleanup.push(() => db.close());
    const errors: string[] = [];
    const user = { id: 4242, is_bot: false, first_name: "Ada" };
    server.addChat({ id: user.id, type: "private" });
    const menu = server.injectMessage({ chatId: user.id, from: user, text: "hello" }).message;
    if (menu === undefined) throw new Error("no message");
    const bot = new Bot(server.token, { client: { apiRoot: server.apiRoot } });
    bot.use(handleOnce(chatUpdateLog(db.prisma), () => SOURCE));
    bot.callbackQuery("go", async (ctx) => {
      await ctx.answerCallbackQuery();
      await ctx.reply("Why should it not be released?");
    });
    bot.catch((error) => errors.push(error.message));
    const start = async () => {
      await bot.init();
      await new Promise<void>((resolve, reject) => {
        bot.start({ onStart: () => resolve() }).catch(reject);
      });
      cleanup.push(() => bot.stop());
    };
    return { server, db, errors, press: () => server.injectCallback({ from: user, message: menu, data: "go" }), start };
  }

  /** What the first run did before it died: answered the query; its claim stays not done. */
  async function firstRunDied(server: TelegramTestServer, update: Update, owner: string | null, db: Database): Promise<void> {
    await new Api(server.token, { apiRoot: server.apiRoot }).answerCallbackQuery(update.callback_query?.id ?? "");
    if (owner !== null) {
      await chatUpdateLog(db.prisma).claim(SOURCE, update.update_id, { owner, now: new Date(), leaseUntil: new Date(Date.now() + 3_600_000) });
    }
  }

  it("GIVEN its first run answered the query and died THEN the rerun carries on and replies", async () => {
    const { server, db, errors, press, start } = await setUp();
    const update = press();
    await firstRunDied(server, update, await deadOwner(), db);
    await start();
    await server.handled(update, 30_000);
    expect(server.sentMessages(4242).map((m) => m.text)).toEqual(["Why should it not be released?"]);
    expect(errors).toEqual([]);
  }, 60_000);

  it("GIVEN a first delivery whose query was answered elsewhere THEN the refusal is still an error (only reruns absorb it)", async () => {
    const { server, db, errors, press, start } = await setUp();
    const update = press();
    await firstRunDied(server, update, null, db);
    await start();
    await server.handled(update, 30_000);
    expect(server.sentMessages(4242)).toEqual([]);
    expect(errors.join("\n")).toMatch(/query is too old/);
  }, 60_000);
});
