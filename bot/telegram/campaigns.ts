/** Campaign and milestone views in Telegram HTML; every chain string is escaped. */
import { campaignLabel } from "../core/labels.js";
import type { CampaignStatusView, MilestoneStatusView } from "../core/usecases/campaign-status.js";
import { duration, tokens, usdc, when } from "./format.js";
import { bold, code, escapeHtml } from "./html.js";

const STATUS_WORDS: Record<MilestoneStatusView["status"], string> = {
  Pending: "pending",
  InReview: "in review",
  Disputed: "disputed",
  Released: "released",
};

/** One milestone's line(s). */
export function milestoneLines(m: MilestoneStatusView, current: boolean): string[] {
  const head = `${current ? "▶ " : ""}${bold(`${m.index + 1}. ${m.title}`)} (${(m.shareBps / 100).toFixed(2)}%) — ${STATUS_WORDS[m.status]}`;
  const lines = [head];
  if (m.status === "InReview") {
    lines.push(
      `  window ends ${when(m.windowEnd)} (${duration(m.windowSecondsLeft)} left); flags ${tokens(m.flagWeight)}` +
        `${m.quorumReached ? " — quorum reached" : `, ${tokens(m.weightToQuorum)} more to quorum`}`,
    );
    lines.push(`  minimum to flag: ${tokens(m.flagThreshold)} deposited`);
  }
  if (m.status === "Disputed") lines.push(`  dispute deadline ${when(m.disputeDeadline)}`);
  if (m.evidenceId !== null) lines.push(`  evidence ${code(m.evidenceId)}`);
  if (m.stale) lines.push(`  ⚠ stale since ${when(m.staleAt)}: holders may open a stale review`);
  else if (m.behindSchedule) lines.push(`  ⚠ behind schedule (expected ${when(m.estimatedCompletion)})`);
  return lines;
}

/** /campaign: the summary and the current milestone. */
export function campaignSummary(view: CampaignStatusView): string {
  const c = view.campaign;
  const lines = [
    bold(campaignLabel(c)),
    `address ${code(c.address)}`,
    `status ${escapeHtml(c.status)}; raised ${usdc(c.raised)} of ${usdc(c.goal)}; released ${usdc(c.released)}; escrow ${usdc(c.escrow)}`,
  ];
  const current = view.current === null ? undefined : view.milestones[view.current];
  if (current !== undefined) lines.push("", ...milestoneLines(current, true));
  if (c.staleReview.active) lines.push("", `Stale review round ${c.staleReview.round} open until ${when(c.staleReview.endsAt)}`);
  return lines.join("\n");
}

/** /milestones: every milestone. */
export function milestoneList(view: CampaignStatusView): string {
  return [bold(campaignLabel(view.campaign)), ...view.milestones.flatMap((m) => milestoneLines(m, m.index === view.current))].join("\n");
}
