/** Autocomplete answers for the campaign and milestone options shared by many commands. */
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import { campaignLabel } from "../../core/labels.js";
import { campaignStatus } from "../../core/usecases/campaign-status.js";
import type { HandlerContext } from "../context.js";

/** Choice names are at most 100 characters (Discord's limit). */
function choiceName(text: string): string {
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}

/** Campaigns whose label or address contains what the user typed. */
export async function campaignChoices(ctx: HandlerContext, typed: string): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  const query = typed.trim().toLowerCase();
  const campaigns = await ctx.deps.chain.listCampaigns();
  return campaigns
    .map((c) => ({ address: c.address, label: campaignLabel(c) }))
    .filter((c) => query === "" || c.label.toLowerCase().includes(query) || c.address.toLowerCase().startsWith(query))
    .slice(0, 25)
    .map((c) => ({ name: choiceName(c.label), value: c.address }));
}

/** The milestones of the campaign already chosen in the same command. */
export async function milestoneChoices(ctx: HandlerContext, campaign: string | null): Promise<ApplicationCommandOptionChoiceData<number>[]> {
  if (campaign === null || campaign === "") return [];
  const status = await campaignStatus(ctx.deps, campaign);
  if (!status.ok) return [];
  return status.value.milestones.map((m) => ({ name: choiceName(`${m.index + 1}. ${m.title} (${m.status})`), value: m.index }));
}

/** Answers whichever of `campaign` / `milestone` is focused. */
export async function campaignOrMilestone(interaction: AutocompleteInteraction, ctx: HandlerContext): Promise<ApplicationCommandOptionChoiceData[]> {
  const focused = interaction.options.getFocused(true);
  if (focused.name === "milestone") return milestoneChoices(ctx, interaction.options.getString("campaign"));
  if (focused.name === "campaign") return campaignChoices(ctx, String(focused.value));
  return [];
}
