/**
 * /dispute list and /dispute resolve, for the PepFund team role. The role is read from what
 * Discord sent with the interaction and the core refuses anyone else (NotTeamMember),
 * whatever the guild did to the command's default permissions.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from "discord.js";
import { arweaveLink } from "../../core/notices.js";
import { openDisputes, resolveDispute } from "../../core/usecases/disputes.js";
import { isTeamMember } from "../permissions.js";
import { userText } from "../presenters/escape.js";
import { amount, duration, when } from "../presenters/format.js";
import { refusal, WRITES_UNAVAILABLE } from "../presenters/refusals.js";
import type { Reply, SlashCommand } from "../legacy-router.js";
import { campaignOrMilestone } from "./choices.js";

export const disputeCommand: SlashCommand = {
  name: "dispute",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  async run(interaction, ctx): Promise<Reply> {
    const team = isTeamMember(interaction, ctx.settings);
    if (interaction.options.getSubcommand() === "list") {
      if (!team) return { content: refusal("NotTeamMember") };
      const disputes = await openDisputes(ctx.deps);
      const gateway = ctx.deps.writes?.gatewayUrl ?? null;
      if (disputes.length === 0) return { content: "No open disputes." };
      const embed = new EmbedBuilder().setTitle(`Open disputes (${disputes.length})`).addFields(
        disputes.slice(0, 25).map((d) => ({
          name: `${userText(d.campaign.label, 150)} — milestone ${d.milestone.index + 1}`.slice(0, 256),
          value: [
            `Decide by ${when(d.deadline)} — ${duration(d.secondsLeft)} left`,
            `Flag weight ${amount(d.flagWeight)}`,
            d.evidenceId === null ? "" : gateway === null ? `Evidence \`${d.evidenceId}\`` : `Evidence ${arweaveLink(gateway, d.evidenceId).url}`,
            `\`${d.campaign.address}\``,
          ].filter(Boolean).join("\n"),
        })),
      );
      return { embeds: [embed] };
    }
    const writes = ctx.deps.writes;
    if (writes === null) return { content: WRITES_UNAVAILABLE };
    const approve = interaction.options.getString("decision", true) === "approve";
    const result = await resolveDispute(
      { ...writes, store: ctx.deps.store, chain: ctx.deps.chain, clock: ctx.deps.clock, random: ctx.deps.random },
      {
        chat: { platform: "DISCORD", userId: interaction.user.id, chatId: interaction.channelId },
        isTeamMember: team,
        campaign: interaction.options.getString("campaign", true).trim(),
        milestoneIndex: interaction.options.getInteger("milestone", true),
        approve,
        reason: interaction.options.getString("reason", true),
      },
    );
    if (!result.ok) return { content: refusal(result.code, result.details) };
    return {
      content: `Your ${approve ? "approval" : "rejection"} and its reason are stored (<${arweaveLink(writes.gatewayUrl, result.value.reasonId).url}>). Sign it with the admin wallet to send it.`,
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel("Sign the resolution").setURL(result.value.signingUrl))],
    };
  },
};
