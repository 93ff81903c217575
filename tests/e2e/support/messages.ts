/**
 * Announcements as one line of facts each, whichever platform rendered them, so a test can
 * compare the full ordered list a channel received with the list it should have received:
 * `#<campaign id> <kind> <milestone> <amounts>`, e.g. `#3 flag m1 +50 =80`. Both platforms
 * render the chat layer's one set of notice words (bot/chat/notices.ts): a title line, the
 * campaign's line, the kind's lines and a quorum bar. Telegram shows them as one text;
 * Discord as an embed (title, description, the bar as a field), read here as the same lines
 * with its markdown taken off.
 */
import type { Message } from "grammy/types";

type Rule = readonly [RegExp, (m: RegExpExecArray) => string];

const AMOUNT = "([\\d.,]+)";

const RULES: readonly Rule[] = [
  [new RegExp(`^\\S+ Milestone (\\d+).* submitted\\n[\\s\\S]*\\nSubmission (\\d+);`), (m) => `submitted m${m[1]} a${m[2]}`],
  [new RegExp(`^\\S+ Milestone (\\d+).* flagged\\n[\\s\\S]*with weight ${AMOUNT}\\.\\n[\\s\\S]*\\nFlag weight \\S+ ${AMOUNT} of`), (m) => `flag m${m[1]} +${m[2]} =${m[3]}`],
  [new RegExp(`^\\S+ Milestone (\\d+).*: flag quorum reached\\n[\\s\\S]*\\nFlag weight ${AMOUNT}:`), (m) => `quorum m${m[1]} =${m[2]}`],
  [
    new RegExp(`^\\S+ Milestone (\\d+).*: review window closed\\n[\\s\\S]*\\nFlag weight ${AMOUNT}: (quorum reached|below quorum)`),
    (m) => `closed m${m[1]} ${m[3] === "below quorum" ? "below" : "quorum"} =${m[2]}`,
  ],
  [new RegExp(`^\\S+ Milestone (\\d+).*: tranche released\\n[\\s\\S]*?\\n${AMOUNT} USDC paid`), (m) => `released m${m[1]} ${m[2]}`],
  [/^\S+ Milestone (\d+).*: dispute opened\n/, (m) => `dispute m${m[1]}`],
  [/^\S+ Milestone (\d+).*: dispute (approved|rejected)\n/, (m) => `resolved m${m[1]} ${m[2]}`],
  [new RegExp(`^\\S+ Campaign completed\\n[\\s\\S]*\\nAll milestones released: ${AMOUNT} USDC`), (m) => `completed ${m[1]}`],
  [/^\S+ Campaign is stale\n[\s\S]*\nMilestone (\d+).* is 90 days past its estimate/, (m) => `stale-eligible m${m[1]}`],
  [/^\S+ Stale review (\d+) opened\n[\s\S]*\nOn Milestone (\d+)/, (m) => `stale-open r${m[1]} m${m[2]}`],
  [new RegExp(`^\\S+ Stale review (\\d+): support added\\n[\\s\\S]*\\n\\S+ added ${AMOUNT}; support is ${AMOUNT}`), (m) => `stale-support r${m[1]} +${m[2]} =${m[3]}`],
  [new RegExp(`^\\S+ Campaign abandoned\\n[\\s\\S]*?\\n${AMOUNT} USDC is refundable`), (m) => `abandoned ${m[1]}`],
  [new RegExp(`^\\S+ Refunds\\n[\\s\\S]*\\nClaimed so far: ${AMOUNT} USDC`), (m) => `refunds ${m[1]}`],
];

/** The campaign line's name: `#<id>` for an untitled campaign ("#3 by AbCd…"), else its title. */
function campaignName(text: string): string {
  const line = /\nCampaign (.+)/.exec(text)?.[1] ?? "?";
  return /^(#\d+) by /.exec(line)?.[1] ?? line;
}

function summarize(text: string): string {
  for (const [pattern, facts] of RULES) {
    const match = pattern.exec(text);
    if (match !== null) return `${campaignName(text)} ${facts(match)}`;
  }
  return `unrecognised: ${text}`;
}

/** A Telegram announcement: the title line, the campaign's line, then the notice's lines. */
export function telegramFacts(message: Message): string {
  return summarize(message.text ?? "");
}

/** Discord markdown as the words it shows: no bold or code marks, no escaping backslashes. */
function shown(markdown: string): string {
  return markdown.replace(/\*\*|`/g, "").replace(/\\([^\w\s])/g, "$1");
}

/** A Discord announcement: one embed, its title, description and fields ("name value") as lines. */
export function discordFacts(message: Record<string, unknown>): string {
  const [embed] = (message.embeds ?? []) as { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
  const fields = (embed?.fields ?? []).map((f) => `${f.name} ${f.value}`);
  return summarize(shown([embed?.title ?? "", embed?.description ?? "", ...fields].join("\n")));
}
