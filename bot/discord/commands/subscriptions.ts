/**
 * /subscribe, /unsubscribe: which campaigns this channel (or thread) announces. The member's
 * right is read from what Discord sent with the interaction (Manage Server or the manager
 * role) and the core refuses anyone else, whatever the guild did to the command's defaults.
 */
import type { ChatInputCommandInteraction } from "discord.js";
import { subscribe, unsubscribe, type ChannelCommand } from "../../core/usecases/subscriptions.js";
import type { HandlerContext } from "../context.js";
import { isChannelManager } from "../permissions.js";
import { refusal } from "../presenters/refusals.js";
import type { SlashCommand } from "../legacy-router.js";
import { campaignOrMilestone } from "./choices.js";

function channelCommand(interaction: ChatInputCommandInteraction, ctx: HandlerContext): ChannelCommand {
  return {
    platform: "DISCORD",
    scopeId: interaction.guildId ?? "",
    channelId: interaction.channelId,
    userId: interaction.user.id,
    isChatAdmin: isChannelManager(interaction, ctx.settings),
    campaign: interaction.options.getString("campaign", true).trim(),
  };
}

export const subscribeCommand: SlashCommand = {
  name: "subscribe",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  async run(interaction, ctx) {
    const command = channelCommand(interaction, ctx);
    const result = await subscribe(ctx.deps, command);
    return { content: result.ok ? `This channel now gets announcements of campaign \`${command.campaign}\`.` : refusal(result.code) };
  },
};

export const unsubscribeCommand: SlashCommand = {
  name: "unsubscribe",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  async run(interaction, ctx) {
    const command = channelCommand(interaction, ctx);
    const result = await unsubscribe(ctx.deps, command);
    return { content: result.ok ? `This channel no longer gets announcements of campaign \`${command.campaign}\`.` : refusal(result.code) };
  },
};
