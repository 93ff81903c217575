/**
 * /flag and the Flag button: the rationale is typed in a modal (the first answer, at once),
 * then the submit is deferred while the core checks eligibility in the program's order,
 * stores the request once per holder per submission and relays it.
 *
 * The modal's limit is the core's MAX_RATIONALE_CHARS (2,000), below Discord's 4,000, and
 * its label says so: Discord then refuses longer text in the form itself.
 */
import {
  ActionRowBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from "discord.js";
import { MAX_RATIONALE_CHARS, requestFlag } from "../../core/usecases/flag-request.js";
import { carryOutFlag } from "../../core/usecases/flag-relay.js";
import { linkedWallet } from "../../core/usecases/link-wallet.js";
import type { HandlerContext } from "../context.js";
import { amount } from "../presenters/format.js";
import { refusal } from "../presenters/refusals.js";
import type { ComponentHandler, Reply, SlashCommand } from "../router.js";
import { campaignOrMilestone } from "./choices.js";

/** How long the pre-modal "are you linked?" check may take before the modal opens anyway. */
const PRECHECK_BUDGET_MS = 1000;

/** The rationale input's custom_id. */
export const RATIONALE_INPUT = "rationale";

function flagModal(campaign: string, milestoneIndex: number, attempt: number | null): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(RATIONALE_INPUT)
    .setLabel(`Rationale (max ${MAX_RATIONALE_CHARS.toLocaleString("en-US")} chars, public)`)
    .setStyle(TextInputStyle.Paragraph)
    .setMinLength(1)
    .setMaxLength(MAX_RATIONALE_CHARS)
    .setPlaceholder("Why does this evidence not show the milestone is done? Stored on Arweave.")
    .setRequired(true);
  return new ModalBuilder()
    .setCustomId(`flag:${campaign}:${milestoneIndex}${attempt === null ? "" : `:${attempt}`}`)
    .setTitle(`Flag milestone ${milestoneIndex + 1}`)
    .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
}

/**
 * Opens the modal, unless the member is known not to be linked (a quick store read; if it
 * is slow the modal opens anyway and the submit gets the same answer).
 */
async function openModal(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  ctx: HandlerContext,
  campaign: string,
  milestoneIndex: number,
  attempt: number | null,
): Promise<Reply | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), PRECHECK_BUDGET_MS).unref());
  const linked = await Promise.race([linkedWallet(ctx.deps, { platform: "DISCORD", userId: interaction.user.id }), timeout]);
  if (linked !== null && !linked.ok) return { content: refusal(linked.code) };
  await interaction.showModal(flagModal(campaign, milestoneIndex, attempt));
  return null;
}

export const flagCommand: SlashCommand = {
  name: "flag",
  ack: "self",
  autocomplete: campaignOrMilestone,
  run: (interaction, ctx) =>
    openModal(interaction, ctx, interaction.options.getString("campaign", true).trim(), interaction.options.getInteger("milestone", true), null),
};

/** The Flag button under a submission announcement: `flagbtn:<campaign>:<index>:<attempt>`. */
export const flagButton: ComponentHandler<ButtonInteraction> = {
  prefix: "flagbtn",
  ack: "self",
  run: (interaction, ctx) => {
    const [, campaign = "", index = "", attempt = ""] = interaction.customId.split(":");
    return openModal(interaction, ctx, campaign, Number(index), Number(attempt));
  },
};

/** The modal's submit: `flag:<campaign>:<index>[:<attempt>]`. */
export const flagModalSubmit: ComponentHandler<ModalSubmitInteraction> = {
  prefix: "flag",
  ack: "ephemeral",
  async run(interaction, ctx, progress) {
    const [, campaign = "", index = "", attempt] = interaction.customId.split(":");
    const result = await requestFlag(ctx.deps, {
      chat: { platform: "DISCORD", userId: interaction.user.id, chatId: interaction.channelId ?? "" },
      campaign,
      milestoneIndex: Number(index),
      ...(attempt === undefined ? {} : { attempt: Number(attempt) }),
      rationale: interaction.fields.getTextInputValue(RATIONALE_INPUT),
    });
    if (!result.ok) return { content: refusal(result.code, result.details) };
    const accepted = `Your flag on milestone ${Number(index) + 1} is accepted with weight ${amount(result.value.weight)}.`;
    const writes = ctx.deps.writes;
    if (writes === null) return { content: `${accepted} It will be uploaded and relayed shortly; the outcome will be posted to you.` };
    await progress(`${accepted} Uploading your rationale to Arweave and relaying the flag…`);
    try {
      const relayed = await carryOutFlag({ ...writes, store: ctx.deps.store, clock: ctx.deps.clock }, result.value.request.id);
      if (!relayed.ok) return { content: refusal(relayed.code) };
      const { outcome, rationale } = relayed.value;
      if (outcome.status === "failed") return { content: `${accepted} The transaction did not go through: ${refusal(outcome.code)}` };
      return {
        content: [
          `Your flag on milestone ${Number(index) + 1} is on-chain.`,
          `Transaction: ${ctx.settings.explorerTxUrl}${outcome.signature}${ctx.settings.explorerSuffix}`,
          `Rationale: ${rationale.url}`,
        ].join("\n"),
      };
    } catch (error) {
      // The request is stored at its last step; the resume worker finishes it and reports.
      ctx.log.warn(`discord: flag ${result.value.request.id} relay interrupted: ${(error as Error).message}`);
      return { content: `${accepted} Relaying it is taking longer than usual; it is saved and will go out once, and the outcome will be posted to you.` };
    }
  },
};
