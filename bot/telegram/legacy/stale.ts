/** /stale <campaign>: open the stale review of an overdue campaign, or support the open one. */
import { Composer } from "grammy";
import { staleAction } from "../../core/usecases/stale-review.js";
import { args, chatRef, type BotContext } from "../context.js";
import type { TelegramDeps } from "./deps.js";
import { tokens } from "./format.js";
import { code, escapeHtml, HTML } from "./html.js";
import { refusal } from "./words.js";

/** The stale-review command. */
export function staleFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("stale", async (ctx) => {
    const chat = chatRef(ctx);
    if (chat === null) return;
    const [campaign = ""] = args(ctx);
    if (campaign === "") {
      await ctx.reply(escapeHtml("Use /stale <campaign address>."), HTML);
      return;
    }
    const result = await staleAction(deps, { chat, campaign });
    if (!result.ok) {
      await ctx.reply(escapeHtml(refusal(result.code, result.details)), HTML);
      return;
    }
    const { action, round, weight, outcome } = result.value;
    const what = action === "opened" ? `opened stale review round ${round}` : `supported stale review round ${round}`;
    await ctx.reply(
      outcome.status === "confirmed"
        ? `Your wallet ${what} with ${tokens(weight)} (transaction ${code(outcome.signature)}).`
        : `The transaction to ${action === "opened" ? "open" : "support"} the review failed: ${escapeHtml(refusal(outcome.code))}`,
      HTML,
    );
  });
  return feature;
}
