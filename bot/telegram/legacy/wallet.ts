/** /wallet: the linked wallet and what it holds in each campaign. */
import { Composer } from "grammy";
import { walletOverview, type WalletOverview } from "../../core/usecases/wallet-overview.js";
import { chatRef, type BotContext } from "../context.js";
import type { TelegramDeps } from "./deps.js";
import { tokens } from "./format.js";
import { bold, code, escapeHtml, HTML } from "./html.js";
import { refusal } from "./words.js";

/** The wallet view. */
export function walletText(overview: WalletOverview): string {
  const lines = [`Your linked wallet: ${code(overview.address)}`];
  if (overview.holdings.length === 0) lines.push("It holds no backer tokens of any campaign.");
  for (const h of overview.holdings) {
    lines.push(
      "",
      bold(h.label),
      `deposited ${tokens(h.deposited)} (flag weight), in wallet ${tokens(h.undeposited)}; ${(h.shareBps / 100).toFixed(2)}% of ${tokens(h.backerSupply)}`,
      h.delegate === null ? "no delegate set: the relayer cannot flag for you yet" : `delegate ${code(h.delegate)}`,
    );
  }
  return lines.join("\n");
}

/** The wallet command. */
export function walletFeature(deps: TelegramDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("wallet", async (ctx) => {
    const chat = chatRef(ctx);
    if (chat === null) return;
    const result = await walletOverview(deps, chat);
    await ctx.reply(result.ok ? walletText(result.value) : escapeHtml(refusal(result.code)), HTML);
  });
  return feature;
}
