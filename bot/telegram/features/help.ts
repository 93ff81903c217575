/** /help and /start: what the bot does. */
import { Composer } from "grammy";
import { COMMANDS } from "../commands.js";
import type { BotContext } from "../context.js";
import { escapeHtml, HTML } from "../html.js";

/** The help text. */
export function helpText(): string {
  return [
    "<b>PepFund</b> releases research funding milestone by milestone; backers may flag a milestone during its review window.",
    "",
    ...COMMANDS.map((c) => `/${c.command} — ${escapeHtml(c.description)}`),
    "",
    escapeHtml("Before you flag: /evidence <campaign address> checks the submission's evidence against the SHA-256 the researcher committed on-chain."),
    "",
    escapeHtml(
      "Your own tokens (in a private chat with me): /deposit locks backer tokens as flag weight, and a first deposit also lets the relayer flag for you; " +
        "/consent turns that on or off; /withdraw takes a deposit back; /refund claims USDC from a failed or abandoned campaign. Each answers with a signing page where your wallet signs.",
    ),
  ].join("\n");
}

/** The help command. */
export function helpFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command(["help", "start"], (ctx) => ctx.reply(helpText(), HTML));
  return feature;
}
