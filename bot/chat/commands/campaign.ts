/** /campaign and /milestones: a campaign as the chain shows it, with the rules' derived facts. */
import { campaignStatus } from "../../core/usecases/campaign-status.js";
import { defineCommand, type ParamSpec } from "../command.js";
import { refusal } from "../replies.js";
import { campaignReply, milestonesReply } from "../views/campaign.js";

const campaign = { kind: "campaign", description: "Campaign (type to search)", required: true } as const satisfies ParamSpec;

export const campaignCommand = defineCommand({
  name: "campaign",
  description: "A campaign's status: milestones, window, flags, escrow",
  params: { campaign },
  audience: "everyone",
  place: "both",
  private: false,
  async run(deps, _caller, p) {
    const status = await campaignStatus(deps, p.campaign);
    return status.ok ? campaignReply(deps, status.value, "public") : refusal(status.code, undefined, "public");
  },
});

export const milestonesCommand = defineCommand({
  name: "milestones",
  description: "A campaign's milestones with dates and status",
  params: { campaign },
  audience: "everyone",
  place: "both",
  private: false,
  async run(deps, _caller, p) {
    const status = await campaignStatus(deps, p.campaign);
    return status.ok ? milestonesReply(status.value, "public") : refusal(status.code, undefined, "public");
  },
});
