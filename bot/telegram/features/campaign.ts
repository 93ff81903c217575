/** /campaign and /milestones: a campaign's status as the chain shows it. */
import { Composer } from "grammy";
import { campaignStatus } from "../../core/usecases/campaign-status.js";
import { campaignSummary, milestoneList } from "../campaigns.js";
import { args, type BotContext } from "../context.js";
import type { TelegramDeps } from "../deps.js";
import { escapeHtml, HTML } from "../html.js";
import { refusal } from "../words.js";
import { statusButtons } from "../keyboards.js";

/** The campaign read commands and the "status" button. */
export function campaignFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  const show = async (ctx: BotContext, address: string, all: boolean) => {
    if (address === "") {
      await ctx.reply(escapeHtml(`Use /${all ? "milestones" : "campaign"} <campaign address>.`), HTML);
      return;
    }
    const result = await campaignStatus(deps, address);
    if (!result.ok) {
      await ctx.reply(escapeHtml(refusal(result.code)), HTML);
      return;
    }
    const text = all ? milestoneList(result.value) : campaignSummary(result.value);
    await ctx.reply(text, { ...HTML, reply_markup: statusButtons(result.value.campaign.address) });
  };

  feature.command("campaign", (ctx) => show(ctx, args(ctx)[0] ?? "", false));
  feature.command("milestones", (ctx) => show(ctx, args(ctx)[0] ?? "", true));
  feature.callbackQuery(/^status:(.+)$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx, ctx.match[1] ?? "", true);
  });
  return feature;
}
