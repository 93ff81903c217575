/**
 * The Telegram adapter: one grammY bot with a Composer per feature, installed here. Every
 * update is handled once (claimed in the database first), conversation state lives in the
 * database, every message is paced under Telegram's flood limits and a 429 is retried after
 * its `retry_after`. No rules here: handlers parse, call a core use case, present.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { type Api, Bot, session, type Context, type RawApi } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { type BotContext, type ConversationStorage } from "./context.js";
import type { TelegramDeps } from "./deps.js";
import { campaignFeature } from "./features/campaign.js";
import { flagFeature } from "./features/flag.js";
import { helpFeature } from "./features/help.js";
import { holderFeature } from "./features/holder.js";
import { linkFeature } from "./features/link.js";
import { profileFeature } from "./features/profile.js";
import { disputeFeature } from "./features/dispute.js";
import { evidenceFeature } from "./features/evidence.js";
import { staleFeature } from "./features/stale.js";
import { botApiDownloader, submitFeature } from "./features/submit.js";
import { subscriptionFeature } from "./features/subscriptions.js";
import { walletFeature } from "./features/wallet.js";
import { FloodPacer } from "./pacing.js";
import { handleOnce, type UpdateLog } from "./updates.js";

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

/** Builds the bot with every feature installed. */
export function createTelegramBot(deps: TelegramDeps, options: TelegramOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, {
    ...(options.botInfo === undefined ? {} : { botInfo: options.botInfo }),
    client: { ...(options.apiRoot === undefined ? {} : { apiRoot: options.apiRoot }) },
  });
  installFloodControl(bot.api, options.pacer ?? new FloodPacer());
  bot.use(handleOnce(options.updates, () => `telegram:${bot.botInfo.id}`));
  bot.use(session({ initial: () => ({}), storage: options.sessions, getSessionKey: sessionKey }));
  bot.use(
    linkFeature(deps),
    walletFeature(deps),
    campaignFeature(deps),
    profileFeature(deps),
    subscriptionFeature(deps),
    flagFeature(deps),
    submitFeature(deps, botApiDownloader(options.apiRoot ?? "https://api.telegram.org", options.token)),
    evidenceFeature(deps),
    disputeFeature(deps),
    staleFeature(deps),
    holderFeature(deps),
    helpFeature(),
  );
  return bot;
}
