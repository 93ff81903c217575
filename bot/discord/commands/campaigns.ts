/** /campaign, /milestones, /profile: public facts read from the chain. */
import { campaignStatus } from "../../core/usecases/campaign-status.js";
import { researcherProfile } from "../../core/usecases/researcher-profile.js";
import { profileEmbed } from "../presenters/people.js";
import { campaignEmbed, milestonesEmbed } from "../presenters/campaign.js";
import { refusal } from "../presenters/refusals.js";
import type { SlashCommand } from "../router.js";
import { campaignOrMilestone } from "./choices.js";

export const campaignCommand: SlashCommand = {
  name: "campaign",
  ack: "public",
  autocomplete: campaignOrMilestone,
  async run(interaction, ctx) {
    const result = await campaignStatus(ctx.deps, interaction.options.getString("campaign", true).trim());
    return result.ok ? { embeds: [campaignEmbed(result.value, ctx.deps.writes?.gatewayUrl ?? null)] } : { content: refusal(result.code) };
  },
};

export const milestonesCommand: SlashCommand = {
  name: "milestones",
  ack: "public",
  autocomplete: campaignOrMilestone,
  async run(interaction, ctx) {
    const result = await campaignStatus(ctx.deps, interaction.options.getString("campaign", true).trim());
    return result.ok ? { embeds: [milestonesEmbed(result.value)] } : { content: refusal(result.code) };
  },
};

export const profileCommand: SlashCommand = {
  name: "profile",
  ack: "public",
  async run(interaction, ctx) {
    const result = await researcherProfile(ctx.deps, interaction.options.getString("researcher", true));
    return result.ok ? { embeds: [profileEmbed(result.value)] } : { content: refusal(result.code) };
  },
};
