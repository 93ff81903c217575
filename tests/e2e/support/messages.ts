/**
 * Announcements as one line of facts each, whichever platform rendered them, so a test can
 * compare the full ordered list a channel received with the list it should have received:
 * `#<campaign id> <kind> <milestone> <amounts>`, e.g. `#3 flag m1 +50 =80`.
 */
import type { Message } from "grammy/types";

type Rule = readonly [RegExp, (m: RegExpExecArray) => string];

const TELEGRAM: readonly Rule[] = [
  [/Evidence submitted for milestone (\d+).*\(attempt (\d+)\)/, (m) => `submitted m${m[1]} a${m[2]}`],
  [/flagged milestone (\d+).* with ([\d.,]+): ([\d.,]+) of/, (m) => `flag m${m[1]} +${m[2]} =${m[3]}`],
  [/Quorum reached on milestone (\d+).*\(([\d.,]+) flagged\)/, (m) => `quorum m${m[1]} =${m[2]}`],
  [/Review window of milestone (\d+).* closed (with|below) quorum \(([\d.,]+) flagged\)/, (m) => `closed m${m[1]} ${m[2] === "with" ? "quorum" : "below"} =${m[3]}`],
  [/([\d.,]+) USDC released to .* for milestone (\d+)/, (m) => `released m${m[2]} ${m[1]}`],
  [/Dispute opened on milestone (\d+)/, (m) => `dispute m${m[1]}`],
  [/Dispute on milestone (\d+).* resolved: (approved|rejected)/, (m) => `resolved m${m[1]} ${m[2]}`],
  [/Campaign completed: ([\d.,]+) USDC/, (m) => `completed ${m[1]}`],
  [/milestone (\d+).* is 90 days overdue/, (m) => `stale-eligible m${m[1]}`],
  [/Stale review round (\d+) opened on milestone (\d+)/, (m) => `stale-open r${m[1]} m${m[2]}`],
  [/supports the stale review \(round (\d+)\) with ([\d.,]+): ([\d.,]+)/, (m) => `stale-support r${m[1]} +${m[2]} =${m[3]}`],
  [/Campaign abandoned: ([\d.,]+) USDC/, (m) => `abandoned ${m[1]}`],
  [/Refunds so far: ([\d.,]+) USDC/, (m) => `refunds ${m[1]}`],
];

const DISCORD: readonly Rule[] = [
  [/^Milestone (\d+).* submitted\n[\s\S]*Submission (\d+)/, (m) => `submitted m${m[1]} a${m[2]}`],
  [/^Milestone (\d+).* flagged\n[\s\S]*with weight ([\d.,]+)\n\S+ ([\d.,]+) \//, (m) => `flag m${m[1]} +${m[2]} =${m[3]}`],
  [/^Milestone (\d+).*: flag quorum reached\n[\s\S]*Flag weight ([\d.,]+)/, (m) => `quorum m${m[1]} =${m[2]}`],
  [/^Milestone (\d+).*: review window closed\n[\s\S]*Flag weight ([\d.,]+) — (quorum reached|below quorum)/, (m) => `closed m${m[1]} ${m[3] === "below quorum" ? "below" : "quorum"} =${m[2]}`],
  [/^Milestone (\d+).*: tranche released\n[\s\S]*?([\d.,]+) USDC paid/, (m) => `released m${m[1]} ${m[2]}`],
  [/^Milestone (\d+).*: dispute opened/, (m) => `dispute m${m[1]}`],
  [/^Milestone (\d+).*: dispute (approved|rejected)/, (m) => `resolved m${m[1]} ${m[2]}`],
  [/^Campaign completed\n[\s\S]*released: ([\d.,]+) USDC/, (m) => `completed ${m[1]}`],
  [/^Campaign is stale\n[\s\S]*Milestone (\d+)/, (m) => `stale-eligible m${m[1]}`],
  [/^Stale review (\d+) opened\n[\s\S]*On Milestone (\d+)/, (m) => `stale-open r${m[1]} m${m[2]}`],
  [/^Stale review (\d+): support added\n[\s\S]*added ([\d.,]+)\n\S+ ([\d.,]+) \//, (m) => `stale-support r${m[1]} +${m[2]} =${m[3]}`],
  [/^Campaign abandoned\n[\s\S]*?([\d.,]+) USDC is refundable/, (m) => `abandoned ${m[1]}`],
  [/^Refunds\n[\s\S]*Claimed ([\d.,]+) USDC/, (m) => `refunds ${m[1]}`],
];

function summarize(rules: readonly Rule[], campaign: string | undefined, text: string): string {
  for (const [pattern, facts] of rules) {
    const match = pattern.exec(text);
    if (match !== null) return `#${campaign ?? "?"} ${facts(match)}`;
  }
  return `unrecognised: ${text}`;
}

/** A Telegram announcement: the campaign label's line, then the notice's sentence(s). */
export function telegramFacts(message: Message): string {
  const text = message.text ?? "";
  return summarize(TELEGRAM, /#(\d+) by/.exec(text)?.[1], text);
}

/** A Discord announcement: one embed, its title and description. */
export function discordFacts(message: Record<string, unknown>): string {
  const [embed] = (message.embeds ?? []) as { title?: string; description?: string }[];
  const description = embed?.description ?? "";
  return summarize(DISCORD, /Campaign #(\d+) by/.exec(description)?.[1], `${embed?.title ?? ""}\n${description}`);
}
