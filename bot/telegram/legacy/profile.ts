/** /profile <researcher address>: a researcher's public record and campaigns. */
import { Composer } from "grammy";
import { researcherProfile } from "../../core/usecases/researcher-profile.js";
import { args, type BotContext } from "../context.js";
import type { TelegramDeps } from "./deps.js";
import { bold, code, escapeHtml, HTML } from "./html.js";
import { refusal } from "./words.js";

/** The profile command. */
export function profileFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("profile", async (ctx) => {
    const [address = ""] = args(ctx);
    const result = await researcherProfile(deps, address);
    if (!result.ok) {
      await ctx.reply(escapeHtml(address === "" ? "Use /profile <researcher address>." : refusal(result.code)), HTML);
      return;
    }
    const r = result.value.record;
    await ctx.reply(
      [
        `Researcher ${code(r.researcher)}`,
        `campaigns ${r.campaignsCreated} created, ${r.campaignsCompleted} completed, ${r.campaignsAbandoned} abandoned`,
        `milestones released ${r.milestonesReleased}; disputes opened ${r.disputesOpened}; submissions rejected ${r.submissionsRejected}`,
        ...result.value.campaigns.map((c) => `• ${bold(c.label)} — ${escapeHtml(c.status)}\n  ${code(c.address)}`),
      ].join("\n"),
      HTML,
    );
  });
  return feature;
}
