/**
 * /dispute list and /dispute resolve, for the PepFund team: the open disputes with their
 * deadlines, and a decision with its written reason, stored on Arweave and handed to the
 * admin wallet's signing page. The adapter's notion of the team (Discord role, Telegram
 * configured ids) is checked by dispatch; the core checks the configured ids, the admin
 * wallet and the program's rules again.
 */
import { arweaveLink } from "../../core/notices.js";
import { MAX_REASON_CHARS, openDisputes, resolveDispute, type OpenDispute } from "../../core/usecases/disputes.js";
import { defineCommand, defineWriteCommand } from "../command.js";
import { duration, tokens } from "../format.js";
import { usage } from "../params.js";
import { refusal, signingReply } from "../replies.js";
import { privateReply, type Section } from "../reply.js";
import { bold, code, line, link, time } from "../text.js";

/** Most disputes one answer lists (Discord's limit on embed fields). */
const MAX_LISTED = 25;

export const disputeResolveCommand = defineWriteCommand({
  name: "dispute resolve",
  description: "Approve or reject a disputed milestone, with your reason",
  params: {
    campaign: { kind: "campaign", description: "Campaign (type to search)", required: true },
    milestone: { kind: "milestone", description: "Milestone (type to search)", required: true },
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
    const result = await resolveDispute(
      { store: deps.store, chain: deps.chain, clock: deps.clock, random: deps.random, signing: deps.signing, evidence: writes.evidence, team: deps.team },
      { chat: caller.chat, isTeamMember: await caller.isTeamMember(), campaign: p.campaign, milestoneIndex: p.milestone, approve, reason: p.reason },
    );
    if (!result.ok) return refusal(result.code, result.details);
    const r = result.value;
    const reason = arweaveLink(writes.gatewayUrl, r.reasonId).url;
    const answer = signingReply({
      title: line`Sign the resolution (${p.decision}) of milestone ${p.milestone + 1} with the admin wallet`,
      lines: [line`Your ${approve ? "approval" : "rejection"} and its reason are stored on Arweave: ${link(reason)}`],
      wallet: r.admin,
      url: r.signingUrl,
      expiresAt: r.expiresAt,
      buttonLabel: "Sign the resolution",
    });
    return { ...answer, links: [...answer.links, { kind: "rationale", label: "Reason", url: reason }] };
  },
});

/** One open dispute: its deadline, its flag weight, its evidence and the campaign's address to resolve it with. */
function disputeSection(d: OpenDispute, gatewayUrl: string | null): Section {
  const title = d.milestone.title === null ? "" : ` ${d.milestone.title}`;
  return {
    title: line`${bold(d.campaign.label)}, milestone ${d.milestone.index + 1}${title}`,
    lines: [
      line`Decide by ${time(d.deadline)} (${duration(d.secondsLeft)} left)`,
      line`Flag weight ${tokens(d.flagWeight)}`,
      ...(d.evidenceId === null ? [] : [gatewayUrl === null ? line`Evidence ${code(d.evidenceId)}` : line`Evidence ${link(arweaveLink(gatewayUrl, d.evidenceId).url)}`]),
      line`${code(d.campaign.address)}`,
    ],
  };
}

export const disputeListCommand = defineCommand({
  name: "dispute list",
  description: "Open disputes and their 72-hour deadlines",
  params: {},
  audience: "team",
  place: "both",
  private: true,

  async run(deps) {
    const open = await openDisputes(deps);
    if (open.length === 0) return privateReply({ lines: [line`No dispute is open.`] });
    return privateReply({
      title: line`Open disputes (${open.length})`,
      lines: open.length > MAX_LISTED ? [line`The ${MAX_LISTED} nearest deadlines:`] : [],
      sections: open.slice(0, MAX_LISTED).map((d) => disputeSection(d, deps.gatewayUrl)),
      footer: line`Resolve one with ${usage(disputeResolveCommand)}`,
    });
  },
});
