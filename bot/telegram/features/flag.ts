/**
 * /flag: a conversation. The campaign and milestone are chosen with inline keyboards (or
 * come from an announcement's button), then the rationale is the user's next message in
 * this chat or a reply to the bot's question; /cancel ends it at any step. The state lives
 * in the session (the database), so a restart in the middle continues where it stopped.
 * The core decides whether the flag may be made.
 */
import { Composer } from "grammy";
import { campaignLabel } from "../../core/labels.js";
import { listCampaigns } from "../../core/usecases/campaign-directory.js";
import { campaignStatus } from "../../core/usecases/campaign-status.js";
import { requestFlag } from "../../core/usecases/flag-request.js";
import { args, chatRef, type BotContext, type FlagDraft } from "../context.js";
import { flagDeps, type TelegramDeps } from "../deps.js";
import { tokens } from "../format.js";
import { bold, code, escapeHtml, HTML } from "../html.js";
import { CALLBACK, pickList } from "../keyboards.js";
import { refusal } from "../words.js";

/** Most campaigns offered as buttons; others by `/flag <address>`. */
const MAX_CAMPAIGN_BUTTONS = 10;

/** The flag conversation. */
export function flagFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  const askCampaign = async (ctx: BotContext) => {
    const campaigns = await listCampaigns(deps, MAX_CAMPAIGN_BUTTONS);
    if (campaigns.length === 0) {
      ctx.session.flag = undefined;
      await ctx.reply("There is no campaign yet.", HTML);
      return;
    }
    const keyboard = pickList(campaigns.map((c) => ({ text: c.label.slice(0, 60), data: `${CALLBACK.flagCampaign}${c.address}` })));
    ctx.session.flag = { step: "campaign" };
    await ctx.reply("Which campaign do you want to flag? (/cancel to stop)", { ...HTML, reply_markup: keyboard });
  };

  const askMilestone = async (ctx: BotContext, campaign: string) => {
    const status = await campaignStatus(deps, campaign);
    if (!status.ok) {
      ctx.session.flag = undefined;
      await ctx.reply(escapeHtml(refusal(status.code)), HTML);
      return;
    }
    const keyboard = pickList(
      status.value.milestones.map((m) => ({
        text: `${m.index + 1}. ${m.title}`.slice(0, 60) + (m.status === "InReview" ? " (in review)" : ""),
        data: `${CALLBACK.flagMilestone}${m.index}`,
      })),
    );
    ctx.session.flag = { step: "milestone", campaign };
    await ctx.reply(`${bold(campaignLabel(status.value.campaign))}\nWhich milestone? (/cancel to stop)`, { ...HTML, reply_markup: keyboard });
  };

  const askRationale = async (ctx: BotContext, draft: FlagDraft) => {
    const prompt = await ctx.reply(
      `Milestone ${(draft.milestoneIndex ?? 0) + 1} of ${code(draft.campaign ?? "")}.\n` +
        "Why should it not be released? Send your rationale as your next message or as a reply to this one (1-2,000 characters). It is published on Arweave with your flag. /cancel to stop.",
      { ...HTML, reply_markup: { force_reply: true, selective: true, input_field_placeholder: "Your rationale" } },
    );
    ctx.session.flag = { ...draft, step: "rationale", promptMessageId: prompt.message_id };
  };

  feature.command("flag", async (ctx) => {
    const [campaign] = args(ctx);
    if (campaign === undefined) await askCampaign(ctx);
    else await askMilestone(ctx, campaign);
  });

  feature.command("cancel", async (ctx) => {
    const had = ctx.session.flag !== undefined;
    ctx.session.flag = undefined;
    await ctx.reply(had ? "Cancelled. Nothing was flagged." : "Nothing to cancel.", HTML);
  });

  feature.callbackQuery(new RegExp(`^${CALLBACK.flagCampaign}(.+)$`), async (ctx) => {
    await ctx.answerCallbackQuery();
    await askMilestone(ctx, ctx.match[1] ?? "");
  });

  feature.callbackQuery(new RegExp(`^${CALLBACK.flagMilestone}(\\d+)$`), async (ctx) => {
    const draft = ctx.session.flag;
    if (draft?.step !== "milestone" || draft.campaign === undefined) {
      await ctx.answerCallbackQuery({ text: "This menu is not yours or has expired. Start with /flag.", show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await askRationale(ctx, { ...draft, milestoneIndex: Number(ctx.match[1]) });
  });

  // From an announcement: this exact submission.
  feature.callbackQuery(new RegExp(`^${CALLBACK.flagSubmission}([1-9A-HJ-NP-Za-km-z]+):(\\d+):(\\d+)$`), async (ctx) => {
    await ctx.answerCallbackQuery();
    await askRationale(ctx, {
      step: "rationale",
      campaign: ctx.match[1] ?? "",
      milestoneIndex: Number(ctx.match[2]),
      attempt: Number(ctx.match[3]),
    });
  });

  // The rationale: the next text message of this user in this chat, or a reply to the question.
  feature.on("message:text", async (ctx, next) => {
    const draft = ctx.session.flag;
    const isCommand = ctx.msg.entities?.some((e) => e.type === "bot_command" && e.offset === 0) ?? false;
    if (draft?.step !== "rationale" || isCommand) return next();
    const chat = chatRef(ctx);
    if (chat === null || draft.campaign === undefined || draft.milestoneIndex === undefined) return next();
    const result = await requestFlag(flagDeps(deps), {
      chat,
      campaign: draft.campaign,
      milestoneIndex: draft.milestoneIndex,
      ...(draft.attempt === undefined ? {} : { attempt: draft.attempt }),
      rationale: ctx.msg.text,
    });
    if (!result.ok && result.code === "RationaleRequired") {
      await ctx.reply(`${escapeHtml(refusal(result.code))} Send it again, or /cancel.`, HTML);
      return;
    }
    ctx.session.flag = undefined;
    if (!result.ok) {
      await ctx.reply(escapeHtml(refusal(result.code, result.details)), HTML);
      return;
    }
    await ctx.reply(
      `Flag accepted with weight ${tokens(result.value.weight)} on milestone ${draft.milestoneIndex + 1} of ${code(draft.campaign)}. ` +
        "Your rationale goes to Arweave and the relayer submits the flag; I will tell you the outcome.",
      { ...HTML, reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } },
    );
  });

  return feature;
}
