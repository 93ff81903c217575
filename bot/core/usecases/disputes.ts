/**
 * Disputes: milestones whose flags reached quorum wait for the PepFund admin authority, who
 * has 72 hours from the window's end to approve (release the tranche) or reject (the
 * researcher may re-submit). The team lists them from chat and resolves them with a written
 * reason, stored on Arweave; the admin wallet signs the resolution on the signing page.
 * A reward pool's KPI is disputed the same way: it is listed beside the campaign milestones
 * and resolved by pool-disputes.ts.
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import { campaignRef, poolRef, type CampaignRef, type PoolRef, type SubmissionRef } from "../notices.js";
import type { KpiView, PoolReader } from "../pools.js";
import type { ChainReader, ChatRef, EvidenceStore, Platform, Repositories, WalletAction } from "../ports.js";
import { decodeAddress } from "../linking/encoding.js";
import { fail, ok, type Result } from "../result.js";
import { isDisputeLapsed, secondsLeft } from "../rules/windows.js";
import { createSigningRequest, type SigningDeps } from "./signing-requests.js";
import { linkedAdminWallet, onTeam } from "./team.js";

/** Longest written reason, in characters. */
export const MAX_REASON_CHARS = 2_000;

/** What every open dispute shows: its deadline, its flag weight and the evidence flagged. */
interface DisputeFacts {
  /** Unix seconds by which the admin must resolve it. */
  readonly deadline: number;
  readonly secondsLeft: number;
  /** Flag weight: backer tokens for a campaign, the pool's stake-mint base units for a KPI. */
  readonly flagWeight: bigint;
  readonly evidenceId: string | null;
  readonly evidenceHash: string | null;
}

/** A disputed campaign milestone. */
export interface OpenCampaignDispute extends DisputeFacts {
  readonly kind: "campaign";
  readonly campaign: CampaignRef;
  readonly milestone: SubmissionRef;
  readonly backerSupplySnapshot: bigint;
}

/** A reward pool's disputed KPI. */
export interface OpenKpiDispute extends DisputeFacts {
  readonly kind: "kpi";
  readonly pool: PoolRef;
  readonly kpi: SubmissionRef & Pick<KpiView, "metric" | "target">;
}

/** An open dispute, on a campaign milestone or a pool's KPI. */
export type OpenDispute = OpenCampaignDispute | OpenKpiDispute;

/** The open disputes found, and whether the reward pools could be read for theirs. */
export interface OpenDisputes {
  readonly disputes: OpenDispute[];
  /** The pool listing failed: the campaign disputes are all there, the KPI disputes are not. */
  readonly poolsUnread: boolean;
}

/**
 * Every disputed campaign milestone and pool KPI, the nearest deadline first. A failed pool
 * listing (a second `getProgramAccounts`) does not cost the team the campaigns' disputes.
 */
export async function openDisputes(deps: {
  readonly chain: Pick<ChainReader, "listCampaigns">;
  readonly pools: Pick<PoolReader, "listPools">;
  readonly clock: { now(): Date };
}): Promise<OpenDisputes> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const facts = (m: { disputeDeadline: number; flagWeight: bigint; evidenceId: string | null; evidenceHash: string | null }): DisputeFacts => ({
    deadline: m.disputeDeadline,
    secondsLeft: secondsLeft(now, m.disputeDeadline),
    flagWeight: m.flagWeight,
    evidenceId: m.evidenceId,
    evidenceHash: m.evidenceHash,
  });
  const [campaigns, pools] = await Promise.all([deps.chain.listCampaigns(), deps.pools.listPools().catch(() => null)]);
  // Only an active campaign's or pool's dispute can be resolved (the programs' state checks).
  const milestones = campaigns
    .filter((c) => c.status === "Active")
    .flatMap((c) =>
      c.milestones
        .filter((m) => m.status === "Disputed")
        .map((m): OpenDispute => ({
          kind: "campaign",
          campaign: campaignRef(c.address, c),
          milestone: { index: m.index, title: m.title, attempt: m.attempts },
          backerSupplySnapshot: m.backerSupplySnapshot,
          ...facts(m),
        })),
    );
  const kpis = (pools ?? [])
    .filter((p) => p.status === "Active")
    .flatMap((p) =>
      p.milestones
        .filter((m) => m.status === "Disputed")
        .map((m): OpenDispute => ({
          kind: "kpi",
          pool: poolRef(p.address, p),
          kpi: { index: m.index, title: m.title, attempt: m.attempts, metric: m.kpi.metric, target: m.kpi.target },
          ...facts(m),
        })),
    );
  return { disputes: [...milestones, ...kpis].sort((a, b) => a.deadline - b.deadline), poolsUnread: pools === null };
}

/** A resolution asked for in chat. */
export interface ResolveCommand {
  readonly chat: ChatRef;
  /** Whether the platform shows the user as PepFund team (Discord role, Telegram config). */
  readonly isTeamMember: boolean;
  readonly campaign: string;
  readonly milestoneIndex: number;
  readonly approve: boolean;
  readonly reason: string;
}

/** What resolving needs. */
export interface DisputeDeps extends SigningDeps {
  readonly store: Pick<Repositories, "links" | "signingRequests" | "audit" | "relayRates">;
  readonly chain: ChainReader;
  readonly evidence: EvidenceStore;
  /**
   * Configured team member ids per platform. When a platform has a list, the user must be
   * on it as well as pass the adapter's check; without one, the adapter's check decides.
   */
  readonly team: Partial<Record<Platform, readonly string[]>>;
}

/** The admin wallet's signing page for a resolution, and its stored reason. */
export interface ResolutionRequest {
  readonly signingUrl: string;
  readonly signingRequestId: string;
  /** The wallet that must sign: the program's admin. */
  readonly admin: string;
  readonly expiresAt: Date;
  /** The written reason's Arweave id. */
  readonly reasonId: string;
}

/** Every refusal a resolution may get. */
export type ResolveRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/**
 * The checks before any program rule, shared with a KPI dispute: the team, a written reason,
 * and the admin wallet linked to the chat user (`has_one = admin`). Returns the trimmed reason.
 */
export async function teamAdmin(
  deps: Pick<DisputeDeps, "team" | "store" | "chain">,
  command: Pick<ResolveCommand, "chat" | "isTeamMember" | "reason">,
): Promise<Result<{ admin: string; reason: string }, "NotTeamMember" | "ReasonRequired" | LinkErrorCode | "NotAdmin">> {
  if (!onTeam(deps.team, command.chat, command.isTeamMember)) return fail("NotTeamMember");
  const reason = command.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON_CHARS) return fail("ReasonRequired");
  const wallet = await linkedAdminWallet(deps, command.chat);
  if (!wallet.ok) return wallet;
  return ok({ admin: wallet.value, reason });
}

/**
 * Checks the team, the admin wallet and the program's rules (`dispute_resolve`: admin
 * account, then campaign state, milestone, open dispute), stores the reason, and returns the
 * admin wallet's signing page.
 */
export async function resolveDispute(
  deps: DisputeDeps,
  command: ResolveCommand,
): Promise<Result<ResolutionRequest, ResolveRefusal>> {
  const decider = await teamAdmin(deps, command);
  if (!decider.ok) return decider;
  const { admin, reason } = decider.value;
  if (decodeAddress(command.campaign) === null) return fail("CampaignNotFound");
  const campaign = await deps.chain.getCampaign(command.campaign);
  if (campaign === null) return fail("CampaignNotFound");
  if (campaign.status !== "Active") return fail("InvalidCampaignState");
  const milestone = campaign.milestones[command.milestoneIndex];
  if (milestone === undefined) return fail("MilestoneNotFound");
  if (milestone.status !== "Disputed") return fail("NoOpenDispute");
  if (isDisputeLapsed(milestone.disputeDeadline, Math.floor(deps.clock.now().getTime() / 1000))) return fail("DisputeLapsed");

  return prepareResolution(deps, command, {
    subject: "Campaign",
    address: command.campaign,
    attempt: milestone.attempts,
    admin,
    reason,
    action: (reasonId) => ({ kind: "disputeResolve", campaign: command.campaign, admin, milestoneIndex: command.milestoneIndex, approve: command.approve, reasonId }),
  });
}

/** What a resolution decides: a campaign's milestone or a pool's KPI, checked and ready to sign. */
export interface Decision {
  readonly subject: "Campaign" | "Pool";
  readonly address: string;
  /** The submission decided on (the milestone's or KPI's attempt). */
  readonly attempt: number;
  readonly admin: string;
  readonly reason: string;
  /** The admin's wallet action, given the reason's Arweave id. */
  readonly action: (reasonId: string) => WalletAction;
}

/**
 * The written reason on Arweave (tagged with what it decides), the admin wallet's signing page
 * for the decision and its audit entry: the same for a campaign's milestone and a pool's KPI.
 */
export async function prepareResolution(
  deps: DisputeDeps,
  command: Pick<ResolveCommand, "chat" | "milestoneIndex" | "approve">,
  decision: Decision,
): Promise<Result<ResolutionRequest, ResolveRefusal>> {
  const { id: reasonId } = await deps.evidence.upload(new TextEncoder().encode(decision.reason), "text/plain; charset=utf-8", {
    Type: "dispute-reason",
    [decision.subject]: decision.address,
    Milestone: String(command.milestoneIndex),
    Attempt: String(decision.attempt),
    Decision: command.approve ? "approve" : "reject",
  });
  const issued = await createSigningRequest(deps, { chat: command.chat, action: decision.action(reasonId) });
  if (!issued.ok) return issued;
  const request = issued.value;
  await deps.store.audit.record({
    at: deps.clock.now(),
    action: decision.subject === "Pool" ? "pool_dispute.resolution_prepared" : "dispute.resolution_prepared",
    platform: command.chat.platform,
    userId: command.chat.userId,
    subject: decision.address,
    details: { milestone: String(command.milestoneIndex), approve: String(command.approve), reasonId, signingRequest: request.id },
  });
  return ok({ signingUrl: request.url, signingRequestId: request.id, admin: decision.admin, expiresAt: request.expiresAt, reasonId });
}
