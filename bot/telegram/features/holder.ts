/**
 * A backer's own tokens, from a private chat: /deposit, /consent, /withdraw and /refund each
 * answer with the signing page where the linked wallet signs, and what it will sign. Private
 * chats only: they concern one person's wallet, and a group need not see it.
 */
import { Composer } from "grammy";
import {
  requestConsent,
  requestDeposit,
  requestRefund,
  requestWithdraw,
  type HolderActionRequest,
  type HolderRefusal,
} from "../../core/usecases/holder-actions.js";
import type { Result } from "../../core/result.js";
import { args, chatRef, type BotContext } from "../context.js";
import type { TelegramDeps } from "../deps.js";
import { tokens, usdc, when } from "../format.js";
import { bold, code, escapeHtml, HTML, link } from "../html.js";
import { refusal } from "../words.js";

/** Each command's usage line. */
export const HOLDER_USAGE = {
  deposit: "/deposit <campaign address> [amount|all] [noconsent]",
  consent: "/consent <campaign address> on|off",
  withdraw: "/withdraw <campaign address> [amount|all]",
  refund: "/refund <campaign address>",
} as const;

const PRIVATE_ONLY = "This concerns your own wallet: send it to me in a private chat.";

/** What the wallet will sign, in words. */
function summaryText(request: HolderActionRequest, relayer: string): string[] {
  const s = request.summary;
  const revoke = `/consent ${request.campaign.address} off`;
  switch (s.kind) {
    case "deposit":
      return [
        `Deposit ${tokens(s.amount)} backer tokens; your deposit (flag weight) becomes ${tokens(s.depositedAfter)}.`,
        ...(s.consent
          ? [`The same signature names the PepFund relayer ${code(relayer)} your delegate: it may flag and support stale reviews for you, never move your tokens. ${escapeHtml(revoke)} revokes it.`]
          : []),
      ];
    case "consent":
      return s.delegate === null
        ? ["Revoke the PepFund relayer as your delegate: it will no longer flag or support stale reviews for you."]
        : [`Name the PepFund relayer ${code(s.delegate)} your delegate: it may flag and support stale reviews for you, never move your tokens. ${escapeHtml(revoke)} revokes it.`];
    case "withdraw":
      return [`Withdraw ${tokens(s.amount)} deposited backer tokens back to your wallet; your deposit becomes ${tokens(s.depositedAfter)}.`];
    case "refund":
      return [
        ...(s.withdrawn > 0n ? [`Your deposit of ${tokens(s.withdrawn)} is withdrawn first, in the same signature.`] : []),
        `Burn ${tokens(s.tokens)} backer tokens for ${usdc(s.usdc)} back to your wallet (${s.campaignStatus === "Failed" ? "the raise failed: 1:1" : "the campaign was abandoned: your share of what is left"}).`,
      ];
  }
}

/** A refusal in words, with the facts the core gave (how many tokens, locked until when). */
function refusalText(code: string, details: Readonly<Record<string, string>> | undefined): string {
  if (code === "NothingToDeposit" && details?.held !== undefined) return `${refusal(code)} It holds ${tokens(BigInt(details.held))}.`;
  if (code === "TokensLocked" && details?.lockedUntil !== undefined) return `${refusal(code)} That is ${when(Number(details.lockedUntil))}.`;
  return refusal(code, details);
}

/** The answer: the signing page as a plain link, then what will be signed. */
function answer(result: Result<HolderActionRequest, HolderRefusal>, relayer: string): string {
  if (!result.ok) return escapeHtml(refusalText(result.code, result.details));
  const r = result.value;
  return [
    `${bold(r.campaign.label)}`,
    ...summaryText(r, relayer),
    `Sign it with your wallet ${code(r.wallet)}: ${link(r.signingUrl, r.signingUrl)}`,
    `The link works until ${escapeHtml(when(Math.floor(r.expiresAt.getTime() / 1000)))}.`,
  ].join("\n");
}

/** The holder commands. */
export function holderFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const relayer = deps.relayer.authority;

  /** Parses, checks the chat is private, runs `work`, answers. */
  const handle = (usage: string, work: (chat: NonNullable<ReturnType<typeof chatRef>>, words: string[]) => Promise<Result<HolderActionRequest, HolderRefusal>> | null) =>
    async (ctx: BotContext) => {
      const chat = chatRef(ctx);
      if (chat === null) return;
      if (ctx.chat?.type !== "private") {
        await ctx.reply(escapeHtml(PRIVATE_ONLY), HTML);
        return;
      }
      const words = args(ctx);
      const pending = words.length === 0 ? null : work(chat, words);
      await ctx.reply(pending === null ? escapeHtml(`Use ${usage}`) : answer(await pending, relayer), HTML);
    };

  feature.command(
    "deposit",
    handle(HOLDER_USAGE.deposit, (chat, [campaign = "", ...rest]) => {
      const noConsent = rest.at(-1)?.toLowerCase() === "noconsent";
      const amounts = noConsent ? rest.slice(0, -1) : rest;
      if (amounts.length > 1) return null;
      return requestDeposit(deps, { chat, campaign, ...(amounts[0] === undefined ? {} : { amount: amounts[0] }), ...(noConsent ? { consent: false } : {}) });
    }),
  );
  feature.command(
    "consent",
    handle(HOLDER_USAGE.consent, (chat, [campaign = "", choice = "", ...rest]) => {
      const on = choice.toLowerCase();
      if (rest.length > 0 || (on !== "on" && on !== "off")) return null;
      return requestConsent(deps, { chat, campaign, on: on === "on" });
    }),
  );
  feature.command(
    "withdraw",
    handle(HOLDER_USAGE.withdraw, (chat, [campaign = "", amount, ...rest]) =>
      rest.length > 0 ? null : requestWithdraw(deps, { chat, campaign, ...(amount === undefined ? {} : { amount }) }),
    ),
  );
  feature.command(
    "refund",
    handle(HOLDER_USAGE.refund, (chat, [campaign = "", ...rest]) => (rest.length > 0 ? null : requestRefund(deps, { chat, campaign }))),
  );
  return feature;
}
