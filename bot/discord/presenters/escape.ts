/**
 * User-written text (campaign titles, rationales, evidence names, reasons) is shown as text,
 * never as markup or a mention. `allowedMentions: { parse: [] }` already stops every ping;
 * this also stops the text *looking* like a mention or formatting (SECURITY.md, Discord).
 */
import { escapeMarkdown } from "discord.js";

const ZERO_WIDTH_SPACE = "\u200b";

/** Breaks @everyone, @here, <@id>, <@!id>, <@&id>, <#id> and </cmd:id> so Discord shows them literally. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`).replace(/<([@#/:])/g, `<${ZERO_WIDTH_SPACE}$1`);
}

/** Text from users or the chain, escaped and cut to `max` characters (with an ellipsis). */
export function userText(text: string, max = 1024): string {
  const safe = neutraliseMentions(escapeMarkdown(text));
  return safe.length <= max ? safe : `${safe.slice(0, max - 1)}…`;
}
