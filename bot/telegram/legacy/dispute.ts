/**
 * /dispute: open disputes with their deadlines; the PepFund team resolves one with
 * `/dispute <campaign> <milestone number> approve|reject <reason>` and gets the admin
 * wallet's signing page. Team members are the configured Telegram user ids; the core
 * checks them again and checks the admin wallet and the program's rules.
 */
import { Composer } from "grammy";
import { openDisputes, resolveDispute } from "../../core/usecases/disputes.js";
import { args, chatRef, type BotContext } from "../context.js";
import type { TelegramDeps } from "./deps.js";
import { duration, tokens, when } from "./format.js";
import { bold, code, escapeHtml, HTML, link } from "./html.js";
import { refusal } from "./words.js";

const USAGE = "PepFund team: /dispute <campaign address> <milestone number> approve|reject <reason>";

/** The dispute command. */
export function disputeFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("dispute", async (ctx) => {
    const chat = chatRef(ctx);
    if (chat === null) return;
    const words = args(ctx);
    if (words.length === 0) {
      const open = await openDisputes(deps);
      const lines = open.map(
        (d) =>
          `• ${bold(d.campaign.label)}, milestone ${d.milestone.index + 1}${d.milestone.title === null ? "" : ` ${escapeHtml(d.milestone.title)}`}: ` +
          `decide by ${when(d.deadline)} (${duration(d.secondsLeft)} left), flagged ${tokens(d.flagWeight)}\n  ${code(d.campaign.address)}`,
      );
      await ctx.reply([open.length === 0 ? "No dispute is open." : "Open disputes:", ...lines, "", escapeHtml(USAGE)].join("\n"), HTML);
      return;
    }
    const [campaign = "", number = "", verdict = "", ...reason] = words;
    const milestone = Number(number);
    if (!Number.isInteger(milestone) || milestone < 1 || (verdict !== "approve" && verdict !== "reject")) {
      await ctx.reply(escapeHtml(USAGE), HTML);
      return;
    }
    const result = await resolveDispute(deps, {
      chat,
      isTeamMember: deps.teamUserIds.includes(chat.userId),
      campaign,
      milestoneIndex: milestone - 1,
      approve: verdict === "approve",
      reason: reason.join(" "),
    });
    await ctx.reply(
      result.ok
        ? `Reason stored as ${code(result.value.reasonId)}. Sign the resolution (${verdict}) with the admin wallet: ${link(result.value.signingUrl, result.value.signingUrl)}`
        : escapeHtml(refusal(result.code, result.details)),
      HTML,
    );
  });
  return feature;
}
