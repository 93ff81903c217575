/**
 * A campaign and its milestones as replies show them (/campaign, /milestones, the status
 * button under announcements): one set of words for every platform.
 */
import { arweaveLink } from "../../core/notices.js";
import type { CampaignUpdateRecord } from "../../core/ports.js";
import type { CampaignTextsCheck } from "../../core/usecases/campaign-texts.js";
import type { CampaignStatusView, MilestoneStatusView } from "../../core/usecases/campaign-status.js";
import type { ChatDeps } from "../deps.js";
import { campaignPageUrl, duration, share, tokens, usdc } from "../format.js";
import { campaignTitle } from "../replies.js";
import { reply, type Bar, type CommandButton, type LinkRef, type Reply, type Section, type Visibility } from "../reply.js";
import { bold, clip, code, line, link, time, type Line } from "../text.js";
import { descriptionLines, documentLink, summaryLines, textsHeadline } from "./campaign-texts.js";

/** A rejected submission's written reasons: their Arweave link, and their text when short and plain. */
export interface RejectionReason {
  readonly index: number;
  readonly url: string;
  /** `null` when unreadable, too long to show here, or not read (Arweave down). */
  readonly text: string | null;
}

/** What /campaign and /milestones show besides the chain's view: read from Arweave and the database. */
export interface CampaignExtras {
  readonly texts: CampaignTextsCheck;
  readonly reasons: readonly RejectionReason[];
  /** The latest updates, newest first. */
  readonly updates: readonly CampaignUpdateRecord[];
}

/** Characters of a summary shown in /campaign (Discord's embed description holds 4,096 in all). */
const SUMMARY_CHARS = 1_200;
/** Characters of an update shown in /campaign's list. */
const UPDATE_CHARS = 200;
/** Characters of all descriptions together in /milestones (a Discord embed holds 6,000, a Telegram message 4,096). */
const DESCRIPTIONS_CHARS = 2_400;

/** Sections for rejected submissions' reasons and the latest updates. */
function extraSections(extras: CampaignExtras, gatewayUrl: string | null): Section[] {
  const reasons = extras.reasons.map((r) => ({
    title: line`Milestone ${r.index + 1}: last submission rejected`,
    lines: [line`Written reasons: ${link(r.url)}`, ...(r.text === null ? [] : [line`“${r.text}”`])],
  }));
  if (extras.updates.length === 0) return reasons;
  const updates: Section = {
    title: line`Latest updates from the researcher`,
    lines: extras.updates.map((u) => {
      const stored = gatewayUrl === null ? code(u.arweaveId) : link(arweaveLink(gatewayUrl, u.arweaveId).url);
      return line`${time(Math.floor(u.postedAt.getTime() / 1000))}: ${clip(u.text, UPDATE_CHARS)} — ${stored}`;
    }),
  };
  return [...reasons, updates];
}

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

/** Buttons under a campaign: its milestones, follow it (its notices privately), and flag when one is under review. */
export function campaignButtons(view: CampaignStatusView): CommandButton[] {
  const address = view.campaign.address;
  const inReview = view.milestones.find((m) => m.status === "InReview");
  return [
    { label: "Milestones", run: { command: "milestones", params: { campaign: address } }, style: "secondary" },
    { label: "Follow", run: { command: "follow", params: { campaign: address } }, style: "secondary" },
    ...(inReview === undefined
      ? []
      : [{ label: "Flag", run: { command: "flag", params: { campaign: address, milestone: inReview.index, attempt: inReview.attempts } }, style: "danger" as const }]),
  ];
}

/** The campaign's public page (`/c/<campaign>`), the same link the announcements carry. */
function pageLink(deps: Pick<ChatDeps, "link">, view: CampaignStatusView): LinkRef {
  return { kind: "page", label: "Campaign page", url: campaignPageUrl(deps.link.baseUrl, view.campaign.address) };
}

/** /campaign: status, money, the current milestone, reviews with their quorum bars, a stale review. */
export function campaignReply(deps: Pick<ChatDeps, "gatewayUrl" | "link">, view: CampaignStatusView, visibility: Visibility, extras?: CampaignExtras): Reply {
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
  if (extras !== undefined) sections.push(...extraSections(extras, deps.gatewayUrl));
  const texts = extras === undefined ? [] : [textsHeadline(extras.texts), ...summaryLines(extras.texts, SUMMARY_CHARS), ...documentLink(c, deps.gatewayUrl)];
  return reply({
    visibility,
    title: campaignTitle(c),
    lines: [...texts, ...view.milestones.map((m) => milestoneLine(m, view.current))],
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
    links: [pageLink(deps, view)],
    buttons: campaignButtons(view),
  });
}

/** /milestones: every milestone with its share, state, dates and payouts, and its description with its check. */
export function milestonesReply(deps: Pick<ChatDeps, "gatewayUrl" | "link">, view: CampaignStatusView, visibility: Visibility, texts?: CampaignTextsCheck): Reply {
  const budget = Math.max(150, Math.floor(DESCRIPTIONS_CHARS / Math.max(1, view.milestones.length)));
  return reply({
    visibility,
    title: line`Milestones of ${campaignTitle(view.campaign)}`,
    lines: texts === undefined ? [] : [textsHeadline(texts), ...documentLink(view.campaign, deps.gatewayUrl)],
    sections: view.milestones.map((m) => ({
      title: line`${m.index + 1}. ${m.title}`,
      lines: [
        line`${MILESTONE_STATE[m.status]} — ${share(m.shareBps)} of the raise${m.releasedAmount > 0n ? ` — paid ${usdc(m.releasedAmount)}` : ""}`,
        line`Estimated ${time(m.estimatedCompletion)}${m.stale ? " — 🕸️ stale" : m.behindSchedule ? " — ⚠️ behind schedule" : ""}`,
        line`Evidence type: ${m.evidenceType}${m.attempts > 0 ? ` — submissions: ${m.attempts}` : ""}`,
        ...(texts === undefined ? [] : descriptionLines(texts, m.index, budget)),
      ],
    })),
    links: [pageLink(deps, view)],
    buttons: campaignButtons(view),
  });
}
