/** Autocomplete answers for the campaign and milestone options shared by many commands. */
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import { searchCampaigns } from "../../core/usecases/campaign-directory.js";
import { campaignStatus } from "../../core/usecases/campaign-status.js";
import type { HandlerContext } from "../context.js";

/** Choice names are at most 100 characters (Discord's limit). */
function choiceName(text: string): string {
  return text.length <= 100 ? text : `${text.slice(0, 99)}…`;
}

/** Campaigns matching what the user typed (words of the label, `#id`, an address prefix). */
export async function campaignChoices(ctx: HandlerContext, typed: string): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  const found = await searchCampaigns(ctx.deps, typed, 25);
  return found.map((c) => ({ name: choiceName(`${c.label} (${c.status})`), value: c.address }));
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
