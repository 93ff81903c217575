/**
 * A campaign and its milestones as replies show them (/campaign, /milestones, the status
 * button under announcements): one set of words for every platform.
 */
import { arweaveLink } from "../../core/notices.js";
import type { CampaignStatusView, MilestoneStatusView } from "../../core/usecases/campaign-status.js";
import type { ChatDeps } from "../deps.js";
import { duration, share, tokens, usdc } from "../format.js";
import { campaignTitle } from "../replies.js";
import { reply, type Bar, type CommandButton, type Reply, type Section, type Visibility } from "../reply.js";
import { bold, code, line, link, time, type Line } from "../text.js";

/** Milestone states in words. */
export const MILESTONE_STATE: Readonly<Record<MilestoneStatusView["status"], string>> = {
  Pending: "⏳ pending",
  InReview: "🔍 in review",
  Disputed: "⚖️ disputed",
  Released: "✅ released",
};

/** "1. Protein assay — 35% — 🔍 in review — est. <date>" with the schedule warnings. */
export function milestoneLine(m: MilestoneStatusView, current: number | null): Line {
  const marks = [m.index === current ? "current" : "", m.stale ? "🕸️ stale" : m.behindSchedule ? "⚠️ behind schedule" : ""].filter(Boolean).join(" · ");
  return line`${bold(`${m.index + 1}. ${m.title}`)} — ${share(m.shareBps)} — ${MILESTONE_STATE[m.status]} — est. ${time(m.estimatedCompletion)}${marks === "" ? "" : ` — ${marks}`}`;
}

/** The quorum bar of a milestone under review or disputed. */
export function quorumBar(m: MilestoneStatusView): Bar {
  const quorum = m.flagWeight + m.weightToQuorum;
  return {
    label: `Milestone ${m.index + 1} flags`,
    part: m.flagWeight,
    whole: quorum,
    caption: line`${tokens(m.flagWeight)} of ${tokens(quorum)} to quorum (${m.flagCount} flag${m.flagCount === 1 ? "" : "s"})${m.quorumReached ? " — quorum reached" : ""}`,
  };
}

/** The review facts of a milestone under review or disputed. */
export function reviewSection(m: MilestoneStatusView, gatewayUrl: string | null): Section {
  const lines: Line[] = [
    m.status === "InReview"
      ? line`Window closes ${time(m.windowEnd)} — ${duration(m.windowSecondsLeft)} left`
      : line`Window closed ${time(m.windowEnd)}`,
    line`Flags: ${m.flagCount} — weight ${tokens(m.flagWeight)}${m.quorumReached ? " — quorum reached" : `, ${tokens(m.weightToQuorum)} more to quorum`}`,
    line`Smallest deposit that may flag: ${tokens(m.flagThreshold)}`,
  ];
  if (m.status === "Disputed") lines.push(line`Dispute deadline ${time(m.disputeDeadline)}`);
  if (m.evidenceId !== null) {
    const evidence = gatewayUrl === null ? code(m.evidenceId) : link(arweaveLink(gatewayUrl, m.evidenceId).url);
    lines.push(line`Evidence: ${evidence} (SHA-256 ${code(m.evidenceHash ?? "?")})`);
  }
  return { title: line`Milestone ${m.index + 1} review (submission ${m.attempts})`, lines };
}

/** Buttons under a campaign: its milestones, and flag when one is under review. */
export function campaignButtons(view: CampaignStatusView): CommandButton[] {
  const address = view.campaign.address;
  const inReview = view.milestones.find((m) => m.status === "InReview");
  return [
    { label: "Milestones", run: { command: "milestones", params: { campaign: address } }, style: "secondary" },
    ...(inReview === undefined
      ? []
      : [{ label: "Flag", run: { command: "flag", params: { campaign: address, milestone: inReview.index, attempt: inReview.attempts } }, style: "danger" as const }]),
  ];
}

/** /campaign: status, money, the current milestone, reviews with their quorum bars, a stale review. */
export function campaignReply(deps: Pick<ChatDeps, "gatewayUrl">, view: CampaignStatusView, visibility: Visibility): Reply {
  const c = view.campaign;
  const reviewed = view.milestones.filter((m) => m.status === "InReview" || m.status === "Disputed");
  const bars: Bar[] = [
    { label: "Raised", part: c.raised, whole: c.goal, caption: line`${usdc(c.raised)} of ${usdc(c.goal)}` },
    ...reviewed.map(quorumBar),
  ];
  const sections: Section[] = reviewed.map((m) => reviewSection(m, deps.gatewayUrl));
  if (c.staleReview.active) {
    const quorum = c.staleReview.backerSupplySnapshot / 10n;
    sections.push({
      title: line`Stale review ${c.staleReview.round}`,
      lines: [line`Ends ${time(c.staleReview.endsAt)} — support ${tokens(c.staleReview.supportWeight)} of ${tokens(quorum)}`],
    });
  }
  return reply({
    visibility,
    title: campaignTitle(c),
    lines: view.milestones.map((m) => milestoneLine(m, view.current)),
    facts: [
      { label: "Status", value: line`${c.status}` },
      { label: "Raised", value: line`${usdc(c.raised)} of ${usdc(c.goal)}` },
      { label: "Escrow", value: line`${usdc(c.escrow)}` },
      { label: "Released", value: line`${usdc(c.released)}` },
      { label: "Researcher", value: [code(c.researcher)] },
      { label: "Address", value: [code(c.address)] },
    ],
    bars,
    sections,
    buttons: campaignButtons(view),
  });
}

/** /milestones: every milestone with its share, state, dates and payouts. */
export function milestonesReply(view: CampaignStatusView, visibility: Visibility): Reply {
  return reply({
    visibility,
    title: line`Milestones of ${campaignTitle(view.campaign)}`,
    sections: view.milestones.map((m) => ({
      title: line`${m.index + 1}. ${m.title}`,
      lines: [
        line`${MILESTONE_STATE[m.status]} — ${share(m.shareBps)} of the raise${m.releasedAmount > 0n ? ` — paid ${usdc(m.releasedAmount)}` : ""}`,
        line`Estimated ${time(m.estimatedCompletion)}${m.stale ? " — 🕸️ stale" : m.behindSchedule ? " — ⚠️ behind schedule" : ""}`,
        line`Evidence type: ${m.evidenceType}${m.attempts > 0 ? ` — submissions: ${m.attempts}` : ""}`,
      ],
    })),
    buttons: campaignButtons(view),
  });
}
