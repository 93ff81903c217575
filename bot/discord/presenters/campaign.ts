/** Campaign status and milestone lists as embeds. */
import { EmbedBuilder } from "discord.js";
import { campaignLabel, shortAddress } from "../../core/labels.js";
import { arweaveLink } from "../../core/notices.js";
import type { CampaignStatusView, MilestoneStatusView } from "../../core/usecases/campaign-status.js";
import { userText } from "./escape.js";
import { amount, duration, percent, progressBar, usdc, when } from "./format.js";

const STATUS_WORDS: Readonly<Record<string, string>> = {
  Pending: "⏳ pending",
  InReview: "🔍 in review",
  Disputed: "⚖️ disputed",
  Released: "✅ released",
};

/** One line per milestone: number, title, share, status, estimated date, warnings. */
function milestoneLine(m: MilestoneStatusView, current: number | null): string {
  const marks = [m.index === current ? "**current**" : "", m.behindSchedule ? "⚠️ behind schedule" : "", m.stale ? "🕸️ stale" : ""]
    .filter(Boolean)
    .join(" · ");
  const share = `${(m.shareBps / 100).toFixed(2).replace(/\.00$/, "")}%`;
  return `**${m.index + 1}.** ${userText(m.title, 100)} — ${share} — ${STATUS_WORDS[m.status] ?? m.status} — est. ${when(m.estimatedCompletion)}${marks === "" ? "" : ` — ${marks}`}`;
}

/** The review facts of a milestone under review or disputed. */
function reviewField(m: MilestoneStatusView, gatewayUrl: string | null): { name: string; value: string } {
  const quorum = m.flagWeight + m.weightToQuorum;
  const lines = [
    m.status === "InReview" ? `Window closes ${when(m.windowEnd)} — ${duration(m.windowSecondsLeft)} left` : `Window closed ${when(m.windowEnd)}`,
    `Flags: ${m.flagCount} — weight ${amount(m.flagWeight)} / quorum ${amount(quorum)} ${progressBar(m.flagWeight, quorum)} ${percent(m.flagWeight, quorum)}`,
    `Smallest deposit that may flag: ${amount(m.flagThreshold)}`,
  ];
  if (m.status === "Disputed") lines.push(`Dispute deadline ${when(m.disputeDeadline)}`);
  if (m.evidenceId !== null) {
    const where = gatewayUrl === null ? `\`${m.evidenceId}\`` : arweaveLink(gatewayUrl, m.evidenceId).url;
    lines.push(`Evidence: ${where} (SHA-256 \`${m.evidenceHash ?? "?"}\`)`);
  }
  return { name: `Milestone ${m.index + 1} review (submission ${m.attempts})`, value: lines.join("\n").slice(0, 1024) };
}

/** /campaign; evidence links go to `gatewayUrl` (the configured gateway), or show the id when none is. */
export function campaignEmbed(view: CampaignStatusView, gatewayUrl: string | null): EmbedBuilder {
  const c = view.campaign;
  const embed = new EmbedBuilder()
    .setTitle(userText(campaignLabel(c), 256))
    .setDescription(view.milestones.map((m) => milestoneLine(m, view.current)).join("\n").slice(0, 4096))
    .addFields(
      { name: "Status", value: c.status, inline: true },
      { name: "Raised", value: `${usdc(c.raised)} of ${usdc(c.goal)}`, inline: true },
      { name: "Escrow", value: usdc(c.escrow), inline: true },
      { name: "Released", value: usdc(c.released), inline: true },
      { name: "Researcher", value: `\`${c.researcher}\``, inline: false },
    )
    .setFooter({ text: `Campaign ${c.address}` });
  for (const m of view.milestones) if (m.status === "InReview" || m.status === "Disputed") embed.addFields(reviewField(m, gatewayUrl));
  if (c.staleReview.active) {
    embed.addFields({
      name: `Stale review ${c.staleReview.round}`,
      value: `Ends ${when(c.staleReview.endsAt)} — support ${amount(c.staleReview.supportWeight)} ${progressBar(c.staleReview.supportWeight, c.staleReview.backerSupplySnapshot / 10n)}`,
    });
  }
  return embed;
}

/** /milestones. */
export function milestonesEmbed(view: CampaignStatusView): EmbedBuilder {
  const fields = view.milestones.map((m) => ({
    name: `${m.index + 1}. ${userText(m.title, 200)}`.slice(0, 256),
    value: [
      `${STATUS_WORDS[m.status] ?? m.status} — ${(m.shareBps / 100).toFixed(2)}% of the raise${m.releasedAmount > 0n ? ` — paid ${usdc(m.releasedAmount)}` : ""}`,
      `Estimated ${when(m.estimatedCompletion)}${m.behindSchedule ? " — ⚠️ behind schedule" : ""}${m.stale ? " — 🕸️ stale" : ""}`,
      `Evidence type: ${m.evidenceType}${m.attempts > 0 ? ` — submissions: ${m.attempts}` : ""}`,
    ].join("\n"),
  }));
  return new EmbedBuilder()
    .setTitle(userText(`Milestones of ${campaignLabel(view.campaign)}`, 256))
    .addFields(fields)
    .setFooter({ text: `Researcher ${shortAddress(view.campaign.researcher)}` });
}
