/**
 * /review and /approve, for the PepFund team: the campaigns waiting for review, one roadmap a
 * page (goal, deadline, each milestone's title, share, estimated date, evidence type and
 * description with its check against the on-chain hash), each with an Approve button; and
 * the approval itself, handed to the admin wallet's signing page (the program's
 * `campaign_approve` needs the admin's signature). The adapter's notion of the team is
 * checked by dispatch; the core checks the configured ids, the admin wallet and the
 * program's rules again.
 */
import type { CampaignView } from "../../core/ports.js";
import { approveCampaign, campaignsInReview } from "../../core/usecases/campaign-review.js";
import type { CampaignTextsCheck } from "../../core/usecases/campaign-texts.js";
import { defineCommand } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { share, usdc } from "../format.js";
import { refusal, signingReply } from "../replies.js";
import { privateReply, type CommandButton, type Section } from "../reply.js";
import { bold, clip, code, line, time, type Line } from "../text.js";
import { descriptionLines, documentLink, summaryLines, textsHeadline } from "../views/campaign-texts.js";
import { campaignLabel } from "../../core/labels.js";
import { checkedTexts } from "./campaign.js";

/** Campaigns named in the list above the roadmap. */
const MAX_LISTED = 10;
/** Characters of the summary shown. */
const SUMMARY_CHARS = 500;
/** Characters of all descriptions of one roadmap (one Discord embed holds 6,000, a Telegram message 4,096). */
const DESCRIPTIONS_CHARS = 2_000;

/** The campaign's terms and texts, then one section per milestone. */
function roadmapSections(deps: Pick<ChatDeps, "gatewayUrl">, c: CampaignView, texts: CampaignTextsCheck): Section[] {
  const budget = Math.max(120, Math.floor(DESCRIPTIONS_CHARS / Math.max(1, c.milestones.length)));
  const head: Section = {
    title: line`${clip(campaignLabel(c), 200)}`,
    lines: [
      textsHeadline(texts),
      ...summaryLines(texts, SUMMARY_CHARS),
      line`Goal ${usdc(c.goal)}; fundraising until ${time(c.deadline)}`,
      line`Researcher ${code(c.researcher)}`,
      line`Campaign ${code(c.address)}`,
      ...documentLink(c, deps.gatewayUrl),
    ],
  };
  const milestones = c.milestones.map(
    (m): Section => ({
      title: line`${m.index + 1}. ${m.title}`,
      lines: [line`${share(m.shareBps)} of the raise — evidence: ${m.evidenceType} — estimated ${time(m.estimatedCompletion)}`, ...descriptionLines(texts, m.index, budget)],
    }),
  );
  return [head, ...milestones];
}

export const reviewCommand = defineCommand({
  name: "review",
  description: "PepFund team: campaigns waiting for review, with their roadmaps",
  params: { page: { kind: "integer", description: "Which campaign of the list (default 1)", required: false, min: 1, max: 1000 } },
  audience: "team",
  place: "both",
  private: true,

  async run(deps, _caller, p) {
    const waiting = await campaignsInReview(deps);
    if (waiting.length === 0) return privateReply({ lines: [line`No campaign is waiting for review.`] });
    const page = Math.min(p.page ?? 1, waiting.length);
    const shown = waiting[page - 1] as CampaignView;
    const texts = await checkedTexts(deps, shown);
    const index: Line[] = waiting.slice(0, MAX_LISTED).map((c, i) => (i + 1 === page ? line`${bold(`${i + 1}. ${clip(campaignLabel(c), 80)}`)} (shown below)` : line`${i + 1}. ${clip(campaignLabel(c), 80)}`));
    const more = waiting.length > MAX_LISTED ? [line`And ${waiting.length - MAX_LISTED} more.`] : [];
    const buttons: CommandButton[] = [
      { label: "Approve", style: "primary", run: { command: "approve", params: { campaign: shown.address } } },
      ...(page > 1 ? [{ label: "Previous", run: { command: "review", params: { page: page - 1 } } }] : []),
      ...(page < waiting.length ? [{ label: "Next", run: { command: "review", params: { page: page + 1 } } }] : []),
    ];
    return privateReply({
      title: line`Campaigns waiting for review (${waiting.length})`,
      lines: [...index, ...more],
      sections: roadmapSections(deps, shown, texts),
      buttons,
      footer: line`Approving opens fundraising and locks the roadmap; the admin wallet signs it.`,
    });
  },
});

export const approveCommand = defineCommand({
  name: "approve",
  description: "PepFund team: approve a campaign waiting for review (signed by the admin wallet)",
  params: { campaign: { kind: "campaign", description: "Campaign (type to search)", required: true } },
  audience: "team",
  place: "both",
  private: true,

  async run(deps, caller, p) {
    const result = await approveCampaign(
      { store: deps.store, chain: deps.chain, clock: deps.clock, random: deps.random, signing: deps.signing, team: deps.team },
      { chat: caller.chat, isTeamMember: await caller.isTeamMember(), campaign: p.campaign },
    );
    if (!result.ok) return refusal(result.code, result.details);
    const r = result.value;
    return signingReply({
      title: line`Sign the approval of ${clip(campaignLabel(r.campaign), 120)} with the admin wallet`,
      lines: [line`Approving opens its fundraising (goal ${usdc(r.campaign.goal)}, until ${time(r.campaign.deadline)}) and makes its roadmap immutable.`],
      wallet: r.admin,
      url: r.signingUrl,
      expiresAt: r.expiresAt,
      buttonLabel: "Sign the approval",
    });
  },
});
