/**
 * The Telegram adapter: one grammY bot over the chat layer (router.ts binds every declared
 * command). Every update is handled once (claimed in the database first), conversation state
 * lives in the database, every message is paced under Telegram's flood limits and a 429 is
 * retried after its `retry_after`. No rules here: the router parses, dispatches, renders.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { type Api, Bot, session, type Context, type RawApi } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { ChatDeps } from "../chat/deps.js";
import { type BotContext, type ConversationStorage } from "./context.js";
import { botApiDownloader } from "./files.js";
import { FloodPacer } from "./pacing.js";
import { chatRouter } from "./router.js";
import { handleOnce, type UpdateLog } from "./updates.js";
import { withLogContext } from "../observability/log-context.js";
import type { Logger } from "../app/logger.js";

/** How to reach Telegram and where the adapter keeps its state. */
export interface TelegramOptions {
  readonly token: string;
  /** Bot API server root (tests: the local server); default https://api.telegram.org. */
  readonly apiRoot?: string;
  /** Skips getMe at start (tests, restarts). */
  readonly botInfo?: UserFromGetMe;
  readonly updates: UpdateLog;
  readonly sessions: ConversationStorage;
  /** Shared by the bot and the notifier so replies and announcements share one budget. */
  readonly pacer?: FloodPacer;
  /** Where each handled update is logged (one line, with its time). */
  readonly log?: Logger;
}

/** Longest `retry_after` (s) a call waits in place; beyond it the error reaches the caller (the outbox defers). */
const MAX_INLINE_RETRY_SECONDS = 60;

/** Installs pacing and 429 retries on an Api: pacing inside, so a retry is paced again. */
export function installFloodControl(api: Api<RawApi>, pacer: FloodPacer): void {
  api.config.use(pacer.transformer());
  api.config.use(
    autoRetry({
      maxRetryAttempts: 3,
      maxDelaySeconds: MAX_INLINE_RETRY_SECONDS,
      // Outages surface at once: the outbox retries announcements with backoff.
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
  );
}

/** The session key: one conversation per user per chat. */
function sessionKey(ctx: Context): string | undefined {
  return ctx.chat === undefined || ctx.from === undefined ? undefined : `telegram:${ctx.chat.id}:${ctx.from.id}`;
}

/**
 * Builds the bot over the one dependency record; `deps.platforms.TELEGRAM` should be this
 * adapter's description (compose sets it) so the core can reach Telegram users directly.
 */
export function createTelegramBot(deps: ChatDeps, options: TelegramOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, {
    ...(options.botInfo === undefined ? {} : { botInfo: options.botInfo }),
    client: { ...(options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot }) },
  });
  installFloodControl(bot.api, options.pacer ?? new FloodPacer());
  // Every line logged while this update is handled names it (docs/OBSERVABILITY.md).
  bot.use((ctx, next) =>
    withLogContext({ update_id: ctx.update.update_id }, async () => {
      const started = performance.now();
      await next();
      options.log?.info("telegram: update handled", { ms: Math.round(performance.now() - started) });
    }),
  );
  bot.use(handleOnce(options.updates, () => `telegram:${bot.botInfo.id}`));
  bot.use(session({ initial: () => ({}), storage: options.sessions, getSessionKey: sessionKey }));
  const download = botApiDownloader(options.apiRoot ?? "https://api.telegram.org", options.token);
  bot.use(chatRouter(deps, download));
  return bot;
}


