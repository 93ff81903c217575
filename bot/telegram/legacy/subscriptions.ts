/**
 * /subscribe and /unsubscribe <campaign>: a group (or forum topic) follows a campaign's
 * announcements. Admins only: the core refuses unless Telegram says the sender is one.
 */
import { Composer } from "grammy";
import { campaignLabel } from "../../core/labels.js";
import { channelSubscriptions, subscribe, unsubscribe } from "../../core/usecases/subscriptions.js";
import { senderIsChatAdmin } from "../admins.js";
import { args, topicOf, type BotContext } from "../context.js";
import type { TelegramDeps } from "./deps.js";
import { code, escapeHtml, HTML } from "./html.js";
import { refusal } from "./words.js";

/** The subscription commands. */
export function subscriptionFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  const change = async (ctx: BotContext, adding: boolean) => {
    if (ctx.chat === undefined || ctx.from === undefined) return;
    const [campaign = ""] = args(ctx);
    if (campaign === "") {
      const list = await channelSubscriptions(deps, { platform: "TELEGRAM", scopeId: String(ctx.chat.id), channelId: topicOf(ctx) });
      const names = list.map((s) => `• ${code(s.campaign)}`);
      await ctx.reply(
        `Use /${adding ? "subscribe" : "unsubscribe"} &lt;campaign address&gt;.` +
          (names.length === 0 ? "\nThis chat follows no campaign." : `\nThis chat follows:\n${names.join("\n")}`),
        HTML,
      );
      return;
    }
    const command = {
      platform: "TELEGRAM" as const,
      scopeId: String(ctx.chat.id),
      channelId: topicOf(ctx),
      userId: String(ctx.from.id),
      isChatAdmin: await senderIsChatAdmin(ctx),
      campaign,
    };
    const result = adding ? await subscribe(deps, command) : await unsubscribe(deps, command);
    if (!result.ok) {
      await ctx.reply(escapeHtml(refusal(result.code)), HTML);
      return;
    }
    const where = command.channelId === "" ? "This chat" : "This topic";
    if (!adding) {
      await ctx.reply(`${where} no longer follows ${code(campaign)}.`, HTML);
      return;
    }
    const view = await deps.chain.getCampaign(campaign);
    await ctx.reply(`${where} now follows ${escapeHtml(view === null ? campaign : campaignLabel(view))}. Announcements will appear here.`, HTML);
  };

  feature.command("subscribe", (ctx) => change(ctx, true));
  feature.command("unsubscribe", (ctx) => change(ctx, false));
  return feature;
}
