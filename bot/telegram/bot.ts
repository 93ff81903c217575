/**
 * The Telegram adapter: parses commands, calls the core's use cases, presents the result.
 * No rules here. Long polling for now; the webhook with its secret token arrives with the
 * announcement work.
 */
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "../app/logger.js";
import { completeLink, linkedWallet, requestLink, unlink, type LinkDeps } from "../core/usecases/link-wallet.js";
import { challengeIssued, linked, linkRefusal } from "./presenter.js";

/** A started Telegram bot. */
export interface TelegramHandle {
  stop(): Promise<void>;
}

function who(ctx: Context): { userId: string; chatId: string } | null {
  if (ctx.from === undefined || ctx.chat === undefined) return null;
  return { userId: String(ctx.from.id), chatId: String(ctx.chat.id) };
}

/** Builds the bot with its commands installed; `botInfo` skips getMe (tests, restarts). */
export function createTelegramBot(token: string, deps: LinkDeps, botInfo?: UserFromGetMe): Bot {
  const bot = botInfo === undefined ? new Bot(token) : new Bot(token, { botInfo });

  bot.command("link", async (ctx) => {
    const user = who(ctx);
    if (user === null) return;
    const address = ctx.match.trim();
    const result = await requestLink(deps, { platform: "TELEGRAM", ...user, address });
    await ctx.reply(result.ok ? challengeIssued(result.value) : linkRefusal(result.code));
  });

  bot.command("verify", async (ctx) => {
    const user = who(ctx);
    if (user === null) return;
    const [nonce = "", signature = "", ...rest] = ctx.match.trim().split(/\s+/);
    if (rest.length > 0 || signature === "") {
      await ctx.reply(linkRefusal("MalformedInput"));
      return;
    }
    const result = await completeLink(deps, {
      nonce,
      signature,
      submitter: { via: "chat", chat: { platform: "TELEGRAM", ...user } },
    });
    await ctx.reply(result.ok ? linked(result.value) : linkRefusal(result.code));
  });

  bot.command("unlink", async (ctx) => {
    const user = who(ctx);
    if (user === null) return;
    const result = await unlink(deps, { platform: "TELEGRAM", userId: user.userId });
    await ctx.reply(result.ok ? `Unlinked wallet ${result.value.address}.` : linkRefusal(result.code));
  });

  bot.command("wallet", async (ctx) => {
    const user = who(ctx);
    if (user === null) return;
    const result = await linkedWallet(deps, { platform: "TELEGRAM", userId: user.userId });
    await ctx.reply(result.ok ? `Your linked wallet: ${result.value.address}` : linkRefusal(result.code));
  });

  return bot;
}

/** Starts long polling; resolves once the bot knows who it is. */
export async function startTelegram(token: string, deps: LinkDeps, log: Logger): Promise<TelegramHandle> {
  const bot = createTelegramBot(token, deps);
  bot.catch((error) => log.error(`telegram: update ${error.ctx.update.update_id} failed: ${error.message}`));
  await bot.init();
  void bot.start({ drop_pending_updates: false });
  log.info(`telegram: polling as @${bot.botInfo.username}`);
  return { stop: () => bot.stop() };
}
