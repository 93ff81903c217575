/** The "Campaign status" button under announcements: `status:<campaign>`, answered to the clicker only. */
import type { ButtonInteraction } from "discord.js";
import { campaignStatus } from "../../core/usecases/campaign-status.js";
import { campaignEmbed } from "../presenters/campaign.js";
import { refusal } from "../presenters/refusals.js";
import type { ComponentHandler } from "../router.js";

export const statusButton: ComponentHandler<ButtonInteraction> = {
  prefix: "status",
  ack: "ephemeral",
  async run(interaction, ctx) {
    const campaign = interaction.customId.split(":")[1] ?? "";
    const result = await campaignStatus(ctx.deps, campaign);
    return result.ok ? { embeds: [campaignEmbed(result.value, ctx.deps.writes?.gatewayUrl ?? null)] } : { content: refusal(result.code) };
  },
};
