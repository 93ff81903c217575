/** /campaign and /milestones: a campaign as the chain shows it, with the rules' derived facts. */
import { campaignStatus, type CampaignStatusView } from "../../core/usecases/campaign-status.js";
import { defineCommand } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { refusal } from "../replies.js";
import type { Reply } from "../reply.js";
import { campaignReply, milestonesReply } from "../views/campaign.js";

/** A public read of one campaign, shown by `view`. */
function campaignView(name: string, description: string, view: (deps: ChatDeps, status: CampaignStatusView) => Reply) {
  return defineCommand({
    name,
    description,
    params: { campaign: { kind: "campaign", description: "Campaign (type to search)", required: true } },
    audience: "everyone",
    place: "both",
    private: false,
    async run(deps, _caller, p) {
      const status = await campaignStatus(deps, p.campaign);
      return status.ok ? view(deps, status.value) : refusal(status.code, undefined, "public");
    },
  });
}

export const campaignCommand = campaignView("campaign", "A campaign's status: milestones, window, flags, escrow", (deps, status) =>
  campaignReply(deps, status, "public"),
);

export const milestonesCommand = campaignView("milestones", "A campaign's milestones with dates and status", (_deps, status) => milestonesReply(status, "public"));
