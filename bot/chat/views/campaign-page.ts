/**
 * The public campaign page in words, once: the same milestone lines, review facts, quorum
 * bar, evidence verdict, texts check, researcher record and notice words as the chat replies,
 * so the page and chat never disagree. Each part is a Reply; bot/web renders them as HTML.
 */
import type { CampaignPageData, ReviewedEvidence } from "../../core/usecases/campaign-page.js";
import { arweaveLink } from "../../core/notices.js";
import { verdict } from "../commands/evidence.js";
import { recordFacts } from "../commands/profile.js";
import { campaignPageUrl, duration, usdc } from "../format.js";
import { noticeReply, type NoticeSettings } from "../notices.js";
import { campaignTitle } from "../replies.js";
import { reply, type Fact, type Reply } from "../reply.js";
import { code, command, line, link, plain, time, type Line } from "../text.js";
import { milestoneLine, quorumBar, reviewSection } from "./campaign.js";
import { documentLink, summaryLines, textsHeadline } from "./campaign-texts.js";

/** Characters of the summary shown (the full texts are one link away). */
const SUMMARY_CHARS = 2_000;

/** What the page links to. */
export interface CampaignPageSettings extends NoticeSettings {
  readonly publicBaseUrl: string;
  /** Arweave gateway origin for plain links, `null` without one. */
  readonly gatewayUrl: string | null;
}

/** One part of the page: an anchor id, its heading and its content. */
export interface PagePart {
  readonly id: "overview" | "roadmap" | "review" | "researcher" | "contribute" | "timeline";
  readonly heading: string;
  readonly replies: readonly Reply[];
}

/** The page: its title as plain text (the document's title) and its parts in order. */
export interface CampaignPageView {
  readonly title: string;
  readonly parts: readonly PagePart[];
}

/** "closes <date> — 3d 4h left", or that it has passed. */
function timeLeft(what: string, at: number, now: number): Line {
  return at > now ? line`${what} ${time(at)} — ${duration(at - now)} left` : line`${what} ${time(at)} — passed`;
}

function overview(data: CampaignPageData, settings: CampaignPageSettings): Reply {
  const c = data.status.campaign;
  const facts: Fact[] = [
    { label: "Status", value: line`${c.status}` },
    { label: "Raised", value: line`${usdc(c.raised)} of ${usdc(c.goal)}` },
    ...(c.status === "Fundraising" ? [{ label: "Fundraising", value: timeLeft("closes", c.deadline, data.now) }] : []),
    { label: "Escrow", value: line`${usdc(c.escrow)}` },
    { label: "Released", value: line`${usdc(c.released)}` },
    { label: "Address", value: [code(c.address)] },
  ];
  // The page's heading is the title already.
  return reply({
    lines: [textsHeadline(data.texts), ...summaryLines(data.texts, SUMMARY_CHARS), ...documentLink(c, settings.gatewayUrl)],
    facts,
    bars: [{ label: "Raised", part: c.raised, whole: c.goal, caption: line`${usdc(c.raised)} of ${usdc(c.goal)}` }],
  });
}

function review(found: ReviewedEvidence | null, data: CampaignPageData, settings: CampaignPageSettings): Reply {
  const m = found?.milestone ?? data.status.milestones.find((x) => x.status === "InReview" || x.status === "Disputed");
  if (m === undefined) return reply({ lines: [line`No submission is under review now.`] });
  const section = reviewSection(m, settings.gatewayUrl);
  if (found === null) {
    return reply({ title: section.title, lines: section.lines, bars: [quorumBar(m)] });
  }
  const words = verdict({ ...found.verdict, evidence: { type: m.evidenceType } });
  const url = settings.gatewayUrl === null || m.evidenceId === null ? null : arweaveLink(settings.gatewayUrl, m.evidenceId).url;
  return reply({
    tone: words.tone,
    title: section.title,
    lines: [...section.lines, line`Evidence check: ${plain(words.title)}`, words.finding],
    bars: [quorumBar(m)],
    links: url === null ? [] : [{ kind: "evidence", label: "View evidence", url }],
  });
}

function researcher(data: CampaignPageData): Reply {
  const who = data.status.campaign.researcher;
  const title = line`Researcher ${code(who)}`;
  if (data.researcher.outcome === "unavailable") return reply({ title, lines: [line`⚠️ The researcher's record is unavailable right now (the chain could not be read); reload later.`] });
  const record = data.researcher.value;
  return record === null ? reply({ title, lines: [line`No record on-chain yet.`] }) : reply({ title, facts: recordFacts(record) });
}

/** What a backer of a campaign that ended without completing does next, if anything. */
function afterTheRaise(c: CampaignPageData["status"]["campaign"]): Line[] {
  if (c.status === "Failed" || c.status === "Abandoned") {
    const share = c.status === "Failed" ? "all of your USDC (the goal was missed)" : "your share of what is left in escrow";
    return [line`Backers: claim ${share} back in chat with ${code(`/refund ${c.address}`)}; your linked wallet signs.`];
  }
  if (c.status === "Completed") return [];
  return [line`Follow it privately in chat with ${code(`/follow ${c.address}`)}: submissions, closing windows, outcomes, refunds.`];
}

function contribute(data: CampaignPageData, settings: CampaignPageSettings): Reply {
  const c = data.status.campaign;
  const page = campaignPageUrl(settings.publicBaseUrl, c.address);
  const share = line`Share link: ${link(page)} — Action-aware wallets and clients open the contribution from it.`;
  if (c.status !== "Fundraising" || c.deadline <= data.now) {
    return reply({ lines: [line`The raise is not open (status ${c.status}): contributions are not accepted now.`, ...afterTheRaise(c), share] });
  }
  return reply({
    lines: [
      line`In chat (Discord or Telegram), run ${command("contribute")} with this campaign and an amount in USDC, e.g. ${code(`/contribute ${c.address} 25`)}; your linked wallet signs on the page the bot sends.`,
      line`Goal ${usdc(c.goal)}; ${usdc(c.goal > c.raised ? c.goal - c.raised : 0n)} left to raise; closes ${time(c.deadline)}.`,
      ...afterTheRaise(c),
      share,
    ],
  });
}

function timeline(data: CampaignPageData, settings: CampaignPageSettings): Reply[] {
  if (data.timeline.length === 0) return [reply({ lines: [line`No announcements yet.`] })];
  const words: NoticeSettings = { explorer: settings.explorer };
  return data.timeline.map((entry) => {
    const r = noticeReply(entry.notice, words);
    // The page already names the campaign and has no chat to run commands in.
    return { ...r, buttons: [], footer: line`${time(Math.floor(entry.at.getTime() / 1000))}` };
  });
}

/** The page's parts, in reading order. */
export function campaignPageView(data: CampaignPageData, settings: CampaignPageSettings): CampaignPageView {
  return {
    title: plain(campaignTitle(data.status.campaign)),
    parts: [
      { id: "overview", heading: "Overview", replies: [overview(data, settings)] },
      { id: "roadmap", heading: "Roadmap", replies: [reply({ lines: data.status.milestones.map((m) => milestoneLine(m, data.status.current)) })] },
      { id: "review", heading: "Under review", replies: [review(data.review, data, settings)] },
      { id: "researcher", heading: "Researcher", replies: [researcher(data)] },
      { id: "contribute", heading: "Contribute", replies: [contribute(data, settings)] },
      { id: "timeline", heading: "Timeline", replies: timeline(data, settings) },
    ],
  };
}
