/**
 * /campaigns: campaigns by state, a page at a time. Raising campaigns show their progress to
 * the goal and the time left, active ones the milestone under review, ended ones how they
 * ended; each has a button to its status.
 */
import { campaignLabel } from "../../core/labels.js";
import type { CampaignView } from "../../core/ports.js";
import { campaignsInGroup, type CampaignGroup } from "../../core/usecases/campaign-directory.js";
import { defineCommand } from "../command.js";
import { duration, usdc } from "../format.js";
import { reply, type Section } from "../reply.js";
import { clip, line, time, type Line } from "../text.js";

/** Campaigns per page: a Discord embed holds 25 fields, a chat message stays readable at 10. */
const PAGE_SIZE = 10;

const GROUP_TITLE: Readonly<Record<CampaignGroup, string>> = {
  raising: "Raising",
  active: "Active",
  ended: "Completed, failed or abandoned",
};

function summary(c: CampaignView, group: CampaignGroup, now: number): Line {
  if (group === "raising") return line`${usdc(c.raised)} of ${usdc(c.goal)} raised; closes ${time(c.deadline)} (${duration(c.deadline - now)} left)`;
  if (group === "ended") return line`${c.status}; ${usdc(c.released)} released of ${usdc(c.raised)} raised`;
  const review = c.milestones.find((m) => m.status === "InReview" || m.status === "Disputed");
  return review === undefined
    ? line`No milestone under review; ${usdc(c.released)} released of ${usdc(c.raised)}`
    : line`Milestone ${review.index + 1} (${review.title}) ${review.status === "InReview" ? `in review until` : "disputed; decision by"} ${time(review.status === "InReview" ? review.windowEnd : review.disputeDeadline)}`;
}

export const campaignsCommand = defineCommand({
  name: "campaigns",
  description: "Campaigns by state: raising, active, or ended",
  params: {
    state: {
      kind: "choice",
      description: "Which campaigns (default: raising)",
      required: false,
      choices: [
        { label: "Raising", value: "raising" },
        { label: "Active", value: "active" },
        { label: "Completed, failed or abandoned", value: "ended" },
      ],
    },
    page: { kind: "integer", description: "Page (default 1)", required: false, min: 1, max: 1000 },
  },
  audience: "everyone",
  place: "both",
  private: false,
  async run(deps, _caller, p) {
    const group = (p.state ?? "raising") as CampaignGroup;
    const page = p.page ?? 1;
    const { total, campaigns } = await campaignsInGroup(deps, group, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const sections: Section[] = campaigns.map((c) => ({ title: line`${campaignLabel(c)}`, lines: [summary(c, group, now)] }));
    return reply({
      title: line`${GROUP_TITLE[group]} campaigns (${total})`,
      lines: total === 0 ? [line`None at the moment.`] : [line`Page ${Math.min(page, pages)} of ${pages}.`],
      sections,
      bars: group === "raising" ? campaigns.map((c) => ({ label: campaignLabel(c), part: c.raised, whole: c.goal, caption: line`${usdc(c.raised)} of ${usdc(c.goal)}` })) : [],
      buttons: [
        ...campaigns.slice(0, 5).map((c) => ({ label: clip(`${campaignLabel(c)}: status`, 60), run: { command: "campaign", params: { campaign: c.address } }, style: "secondary" as const })),
        ...(page < pages ? [{ label: "Next page", run: { command: "campaigns", params: { state: group, page: page + 1 } } }] : []),
      ],
    });
  },
});
