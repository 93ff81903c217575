/**
 * Running the bot: long polling by default, or a webhook whose requests must carry the
 * secret token (grammY's webhookCallback compares it in constant time; anything else is
 * 401). The command menus (per scope) are set at every start.
 */
import { createServer, type Server } from "node:http";
import { webhookCallback, type Bot } from "grammy";
import type { Logger } from "../app/logger.js";
import { OUTAGE_WORDS } from "../chat/words/refusals.js";
import type { BotContext } from "./context.js";
import { HTML, lineHtml } from "./html.js";
import { setMenus } from "./menus.js";

/** Update types the bot handles; others are not delivered at all. */
export const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/** How updates arrive. */
export type Delivery =
  | { readonly mode: "polling" }
  | {
      readonly mode: "webhook";
      /** Public HTTPS URL Telegram posts to. */
      readonly url: string;
      readonly secretToken: string;
      readonly host: string;
      readonly port: number;
    };

/** A started bot. */
export interface TelegramHandle {
  /** The webhook listener's port (webhook mode). */
  readonly port?: number;
  /** Whether updates are being received: polling runs, or the webhook listener listens (/readyz). */
  isRunning(): boolean;
  stop(): Promise<void>;
}

/**
 * Logs failed updates without stopping the bot (the update is not retried: its claim is marked
 * done, updates.ts), and tells the user: an outage (chain, Arweave, database) would otherwise
 * leave them with no answer, or a progress message that never completes.
 */
function logErrors(bot: Bot<BotContext>, log: Logger): void {
  bot.catch(async (error) => {
    log.error(`telegram: update ${error.ctx.update.update_id} failed: ${error.message}`);
    if (error.ctx.chat === undefined) return;
    await error.ctx.reply(lineHtml(OUTAGE_WORDS, Math.floor(Date.now() / 1000)), HTML).catch(() => undefined);
  });
}

/** Starts the bot as configured; resolves once it receives updates. */
export async function startTelegram(bot: Bot<BotContext>, delivery: Delivery, log: Logger): Promise<TelegramHandle> {
  logErrors(bot, log);
  await bot.init();
  await setMenus(bot.api);
  if (delivery.mode === "polling") {
    await new Promise<void>((resolve, reject) => {
      bot.start({ allowed_updates: [...ALLOWED_UPDATES], onStart: () => resolve() }).catch(reject);
    });
    log.info(`telegram: long polling as @${bot.botInfo.username}`);
    return { isRunning: () => bot.isRunning(), stop: () => bot.stop() };
  }
  const server = webhookServer(bot, delivery.url, delivery.secretToken, log);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(delivery.port, delivery.host, () => resolve());
  });
  await bot.api.setWebhook(delivery.url, { secret_token: delivery.secretToken, allowed_updates: [...ALLOWED_UPDATES] });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : delivery.port;
  log.info(`telegram: webhook ${new URL(delivery.url).origin}${new URL(delivery.url).pathname} as @${bot.botInfo.username}, listening on ${delivery.host}:${port}`);
  return {
    port,
    isRunning: () => server.listening,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The webhook listener: POSTs to the URL's path, checked by secret token. */
export function webhookServer(bot: Bot<BotContext>, url: string, secretToken: string, log: Logger): Server {
  const path = new URL(url).pathname;
  const handle = webhookCallback(bot, "http", { secretToken });
  return createServer((req, res) => {
    if (req.method !== "POST" || new URL(req.url ?? "/", "http://x").pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      log.warn(`telegram: webhook request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(400).end();
    });
  });
}
