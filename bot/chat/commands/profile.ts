/** /profile: a researcher's public record (campaigns, milestones, disputes) and their campaigns. */
import type { ResearcherView } from "../../core/ports.js";
import type { ResearcherProfile } from "../../core/usecases/researcher-profile.js";
import { researcherProfile } from "../../core/usecases/researcher-profile.js";
import { defineCommand } from "../command.js";
import { refusal } from "../replies.js";
import { reply, type Fact, type Reply } from "../reply.js";
import { bold, clip, code, line } from "../text.js";

/** Campaigns listed; a researcher with more is rare, and the record counts them all. */
const MAX_CAMPAIGNS = 15;

/** A researcher's record as counts (also on the public campaign page). */
export function recordFacts(r: ResearcherView): Fact[] {
  return [
    { label: "Campaigns", value: line`${r.campaignsCreated} created — ${r.campaignsCompleted} completed — ${r.campaignsAbandoned} abandoned` },
    {
      label: "Milestones",
      value:
        (r.disputesLapsed ?? 0) > 0
          ? line`${r.milestonesReleased} released — ${r.disputesOpened} disputed — ${r.submissionsRejected} submissions rejected — ${r.disputesLapsed ?? 0} disputes lapsed undecided`
          : line`${r.milestonesReleased} released — ${r.disputesOpened} disputed — ${r.submissionsRejected} submissions rejected`,
    },
  ];
}

/** The record as counts, then the campaigns, newest first. */
export function profileReply(profile: ResearcherProfile): Reply {
  const r = profile.record;
  const shown = profile.campaigns.slice(0, MAX_CAMPAIGNS);
  return reply({
    title: line`Researcher ${code(r.researcher)}`,
    facts: recordFacts(r),
    sections: [
      {
        title: line`Their campaigns`,
        lines: shown.length === 0 ? [line`None yet.`] : shown.map((c) => line`${bold(c.label)} — ${c.status} — ${code(c.address)}`),
      },
    ],
    buttons: shown.slice(0, 5).map((c) => ({ label: clip(c.label, 60), run: { command: "campaign", params: { campaign: c.address } } })),
  });
}

export const profileCommand = defineCommand({
  name: "profile",
  description: "A researcher's record and campaigns",
  params: { researcher: { kind: "address", description: "Researcher wallet address (type to search)", required: true, suggest: "researcher" } },
  audience: "everyone",
  place: "both",
  private: false,
  async run(deps, _caller, p) {
    const result = await researcherProfile(deps, p.researcher);
    return result.ok ? profileReply(result.value) : refusal(result.code, result.details, "public");
  },
});
