/** /stale: opens a stale-campaign review when eligible, or supports the one running. */
import { staleAction } from "../../core/usecases/stale-review.js";
import { amount } from "../presenters/format.js";
import { refusal, WRITES_UNAVAILABLE } from "../presenters/refusals.js";
import type { Reply, SlashCommand } from "../legacy-router.js";
import { campaignOrMilestone } from "./choices.js";

export const staleCommand: SlashCommand = {
  name: "stale",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  async run(interaction, ctx, progress): Promise<Reply> {
    const writes = ctx.deps.writes;
    if (writes === null) return { content: WRITES_UNAVAILABLE };
    await progress("Checking eligibility and sending the transaction…");
    const result = await staleAction(
      { store: ctx.deps.store, chain: ctx.deps.chain, clock: ctx.deps.clock, relayer: writes.relayer },
      { chat: { platform: "DISCORD", userId: interaction.user.id, chatId: interaction.channelId }, campaign: interaction.options.getString("campaign", true).trim() },
    );
    if (!result.ok) return { content: refusal(result.code, result.details) };
    const { action, round, weight, outcome } = result.value;
    const what = action === "opened" ? `You opened stale review ${round}` : `You support stale review ${round}`;
    if (outcome.status === "failed") return { content: `${what}, but the transaction did not go through: ${refusal(outcome.code)}` };
    return { content: `${what} with weight ${amount(weight)}.\nTransaction: ${ctx.settings.explorerTxUrl}${outcome.signature}${ctx.settings.explorerSuffix}` };
  },
};
