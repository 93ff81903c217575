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
  ].join("\n");
}

/** The help command. */
export function helpFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command(["help", "start"], (ctx) => ctx.reply(helpText(), HTML));
  return feature;
}
