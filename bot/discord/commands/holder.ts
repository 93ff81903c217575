/**
 * /deposit, /consent, /withdraw and /refund: a backer's own tokens. Each answers (only to the
 * member) with what the linked wallet will sign and a button to the signing page.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type ChatInputCommandInteraction } from "discord.js";
import {
  requestConsent,
  requestDeposit,
  requestRefund,
  requestWithdraw,
  type HolderActionRequest,
  type HolderDeps,
  type HolderRefusal,
} from "../../core/usecases/holder-actions.js";
import type { Result } from "../../core/result.js";
import type { HandlerContext } from "../context.js";
import { amount, usdc, when } from "../presenters/format.js";
import { refusal, WRITES_UNAVAILABLE } from "../presenters/refusals.js";
import type { Reply, SlashCommand } from "../router.js";
import { campaignOrMilestone } from "./choices.js";

/** Sentences for the refusals these commands meet that the shared table words for other commands. */
const HOLDER_WORDS: Readonly<Record<string, string>> = {
  AmountMalformed: "That is not a token amount: write it like 12 or 12.5 (at most 6 decimals), or leave it empty for all.",
  NothingToDeposit: "Your linked wallet does not hold that many backer tokens of this campaign outside the deposit.",
  DelegateUnchanged: "That is already how it is set: nothing to sign.",
  NotDeposited: "Your linked wallet has no deposit in this campaign. Deposit backer tokens with /deposit first.",
  NothingToRefund: "Your linked wallet holds no backer tokens of this campaign, deposited or not: there is nothing to refund.",
  InvalidCampaignState: "The campaign is not in a state that allows this (deposits: fundraising or active; refunds: failed or abandoned).",
  TokensLocked: "Your deposited tokens are locked until the review window they counted in closes.",
};

/** A refusal in words, with the facts the core gave (how many tokens, locked until when). */
function words(code: string, details: Readonly<Record<string, string>> | undefined): string {
  const sentence = HOLDER_WORDS[code] ?? refusal(code, details);
  if (code === "NothingToDeposit" && details?.held !== undefined) return `${sentence} It holds ${amount(BigInt(details.held))}.`;
  if (code === "TokensLocked" && details?.lockedUntil !== undefined) return `${sentence} That is ${when(Number(details.lockedUntil))}.`;
  return sentence;
}

/** What will be signed, in words. */
function summary(r: HolderActionRequest, relayer: string): string[] {
  const s = r.summary;
  const consent = (delegate: string) =>
    `The PepFund relayer \`${delegate}\` becomes your delegate: it may flag and support stale reviews for you, never move your tokens. \`/consent off\` revokes it.`;
  switch (s.kind) {
    case "deposit":
      return [`Deposit **${amount(s.amount)}** backer tokens; your deposit (flag weight) becomes ${amount(s.depositedAfter)}.`, ...(s.consent ? [consent(relayer)] : [])];
    case "consent":
      return [s.delegate === null ? "Revoke the PepFund relayer as your delegate: it will no longer flag or support stale reviews for you." : consent(s.delegate)];
    case "withdraw":
      return [`Withdraw **${amount(s.amount)}** deposited backer tokens back to your wallet; your deposit becomes ${amount(s.depositedAfter)}.`];
    case "refund":
      return [
        ...(s.withdrawn > 0n ? [`Your deposit of ${amount(s.withdrawn)} is withdrawn first, in the same signature.`] : []),
        `Burn **${amount(s.tokens)}** backer tokens for **${usdc(s.usdc)}** back to your wallet (${s.campaignStatus === "Failed" ? "the raise failed: 1:1" : "the campaign was abandoned: your share of what is left"}).`,
      ];
  }
}

/** Runs a holder use case for the member and presents its answer. */
async function answer(
  interaction: ChatInputCommandInteraction,
  ctx: HandlerContext,
  run: (deps: HolderDeps, command: { chat: { platform: "DISCORD"; userId: string; chatId: string }; campaign: string }) => Promise<Result<HolderActionRequest, HolderRefusal>>,
): Promise<Reply> {
  const writes = ctx.deps.writes;
  if (writes === null) return { content: WRITES_UNAVAILABLE };
  const deps: HolderDeps = { ...ctx.deps, signing: writes.signing, relayer: { authority: ctx.deps.relayer } };
  const result = await run(deps, {
    chat: { platform: "DISCORD", userId: interaction.user.id, chatId: interaction.channelId },
    campaign: interaction.options.getString("campaign", true).trim(),
  });
  if (!result.ok) return { content: words(result.code, result.details) };
  const r = result.value;
  return {
    content: [
      `**${r.campaign.label}**`,
      ...summary(r, ctx.deps.relayer),
      `Sign it with your wallet \`${r.wallet}\` before ${when(Math.floor(r.expiresAt.getTime() / 1000))}: ${r.signingUrl}`,
    ].join("\n"),
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel("Sign with your wallet").setURL(r.signingUrl))],
  };
}

/** The amount option: absent means all. */
function amountOption(interaction: ChatInputCommandInteraction): { amount?: string } {
  const text = interaction.options.getString("amount");
  return text === null ? {} : { amount: text };
}

export const depositCommand: SlashCommand = {
  name: "deposit",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  run: (interaction, ctx) => {
    const consent = interaction.options.getBoolean("consent");
    return answer(interaction, ctx, (deps, command) =>
      requestDeposit(deps, { ...command, ...amountOption(interaction), ...(consent === null ? {} : { consent }) }),
    );
  },
};

export const consentCommand: SlashCommand = {
  name: "consent",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  run: (interaction, ctx) =>
    answer(interaction, ctx, (deps, command) => requestConsent(deps, { ...command, on: interaction.options.getString("relayer", true) === "on" })),
};

export const withdrawCommand: SlashCommand = {
  name: "withdraw",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  run: (interaction, ctx) => answer(interaction, ctx, (deps, command) => requestWithdraw(deps, { ...command, ...amountOption(interaction) })),
};

export const refundCommand: SlashCommand = {
  name: "refund",
  ack: "ephemeral",
  autocomplete: campaignOrMilestone,
  run: (interaction, ctx) => answer(interaction, ctx, (deps, command) => requestRefund(deps, command)),
};
