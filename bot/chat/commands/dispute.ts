/**
 * /dispute list and /dispute resolve, for the PepFund team: the open disputes with their
 * deadlines, and a decision with its written reason, stored on Arweave and handed to the
 * admin wallet's signing page. The adapter's notion of the team (Discord role, Telegram
 * configured ids) is checked by dispatch; the core checks the configured ids, the admin
 * wallet and the program's rules again. A reward pool's address in place of the campaign
 * resolves that pool's disputed KPI (`pool_dispute_resolve`), as /flag takes a pool's KPI.
 */
import { arweaveLink } from "../../core/notices.js";
import { poolAt } from "../../core/usecases/pool-at.js";
import { MAX_REASON_CHARS, openDisputes, resolveDispute, type OpenCampaignDispute, type OpenDispute, type OpenKpiDispute } from "../../core/usecases/disputes.js";
import { resolveKpiDispute } from "../../core/usecases/pool-disputes.js";
import { defineCommand, defineWriteCommand } from "../command.js";
import { duration, kpiGoal, tokens, units } from "../format.js";
import { usage } from "../params.js";
import { refusal, signingReply } from "../replies.js";
import { privateReply, type Section } from "../reply.js";
import { bold, code, line, link, time, type Line } from "../text.js";

/** Most disputes one answer lists (Discord's limit on embed fields). */
const MAX_LISTED = 25;

export const disputeResolveCommand = defineWriteCommand({
  name: "dispute resolve",
  description: "Approve or reject a disputed milestone or pool KPI, with your reason",
  params: {
    // A reward pool's address also fits (its KPI as the milestone): both are offered as choices.
    campaign: { kind: "campaign", description: "Campaign or reward pool (type to search)", required: true, suggest: "pool" },
    milestone: { kind: "milestone", description: "Milestone, or the pool's KPI (type to search)", required: true, suggest: "pool", focus: "Disputed" },
    decision: {
      kind: "choice",
      description: "Release the tranche, or reject the submission",
      required: true,
      choices: [
        { label: "Approve (release)", value: "approve" },
        { label: "Reject", value: "reject" },
      ],
    },
    reason: { kind: "text", description: "Why (stored on Arweave, public)", required: true, minLength: 1, maxLength: MAX_REASON_CHARS },
  },
  audience: "team",
  place: "both",
  private: true,

  async run(deps, caller, p) {
    const { writes } = deps;
    const approve = p.decision === "approve";
    const resolving = { store: deps.store, chain: deps.chain, clock: deps.clock, random: deps.random, signing: deps.signing, evidence: writes.evidence, team: deps.team };
    const command = { chat: caller.chat, isTeamMember: await caller.isTeamMember(), milestoneIndex: p.milestone, approve, reason: p.reason };
    // A reward pool's address in place of the campaign: the pool's KPI dispute.
    const pool = await poolAt(deps, p.campaign);
    const result =
      pool === null
        ? await resolveDispute(resolving, { ...command, campaign: p.campaign })
        : await resolveKpiDispute({ ...resolving, pools: deps.pools }, { ...command, pool: p.campaign, read: pool });
    if (!result.ok) return refusal(result.code, result.details);
    const r = result.value;
    const reason = arweaveLink(writes.gatewayUrl, r.reasonId).url;
    const what = `${pool === null ? "milestone" : "KPI"} ${p.milestone + 1}`;
    const answer = signingReply({
      title: line`Sign the resolution (${p.decision}) of ${what} with the admin wallet`,
      lines: [line`Your ${approve ? "approval" : "rejection"} and its reason are stored on Arweave: ${link(reason)}`],
      wallet: r.admin,
      url: r.signingUrl,
      expiresAt: r.expiresAt,
      buttonLabel: "Sign the resolution",
    });
    return { ...answer, links: [...answer.links, { kind: "rationale", label: "Reason", url: reason }] };
  },
});

/** The title of a dispute: the campaign's milestone, or the pool's KPI with its target. */
function disputeTitle(d: OpenDispute): Line {
  return d.kind === "kpi" ? kpiTitle(d) : campaignTitle(d);
}

function campaignTitle(d: OpenCampaignDispute): Line {
  const title = d.milestone.title === null ? "" : ` ${d.milestone.title}`;
  return line`${bold(d.campaign.label)}, milestone ${d.milestone.index + 1}${title}`;
}

function kpiTitle(d: OpenKpiDispute): Line {
  const title = d.kpi.title === null ? "" : ` ${d.kpi.title}`;
  return line`${bold(d.pool.label)}, KPI ${d.kpi.index + 1}${title}: ${kpiGoal(d.kpi)}`;
}

/** A KPI's flag weight is in the pool's stake token (its own decimals), a milestone's in backer tokens. */
function flagWeight(d: OpenDispute): string {
  if (d.kind === "campaign") return tokens(d.flagWeight);
  return d.pool.decimals === null ? `${d.flagWeight} base units` : units(d.flagWeight, d.pool.decimals.stake);
}

/** One open dispute: its deadline, its flag weight, its evidence and the campaign's or pool's address to resolve it with. */
function disputeSection(d: OpenDispute, gatewayUrl: string | null): Section {
  return {
    title: disputeTitle(d),
    lines: [
      line`Decide by ${time(d.deadline)} (${duration(d.secondsLeft)} left)`,
      line`Flag weight ${flagWeight(d)}`,
      ...(d.evidenceId === null ? [] : [gatewayUrl === null ? line`Evidence ${code(d.evidenceId)}` : line`Evidence ${link(arweaveLink(gatewayUrl, d.evidenceId).url)}`]),
      line`${code(d.kind === "kpi" ? d.pool.address : d.campaign.address)}`,
    ],
  };
}

export const disputeListCommand = defineCommand({
  name: "dispute list",
  description: "Open disputes (campaign milestones and pool KPIs) and their 72-hour deadlines",
  params: {},
  audience: "team",
  place: "both",
  private: true,

  async run(deps) {
    const { disputes: open, poolsUnread } = await openDisputes(deps);
    const unread = poolsUnread ? [line`The reward pools could not be read just now: their KPI disputes are not in this list. Try again in a moment.`] : [];
    if (open.length === 0) return privateReply({ lines: [poolsUnread ? line`No campaign dispute is open.` : line`No dispute is open.`, ...unread] });
    return privateReply({
      title: line`Open disputes (${open.length})`,
      lines: [...unread, ...(open.length > MAX_LISTED ? [line`The ${MAX_LISTED} nearest deadlines:`] : [])],
      sections: open.slice(0, MAX_LISTED).map((d) => disputeSection(d, deps.gatewayUrl)),
      footer: line`Resolve one with ${usage(disputeResolveCommand)}`,
    });
  },
});
