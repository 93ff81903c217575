/**
 * Every notice as a Reply, in one set of words for every platform: announcements to
 * subscribed chats, reminders, and the personal outcome notices (a flag landed, a signed
 * transaction landed, a wallet linked). Titles, labels and every other string from the chain
 * or a user are plain spans, escaped by the adapter; evidence is a plain link, never
 * rendered. The table is keyed by `NoticeKind`: a new notice without words does not compile.
 */
import { isPoolSignedAction, type KpiSubmissionRef, type MilestoneRef, type Notice, type NoticeKind, type PoolRef } from "../core/notices.js";
import { campaignPageUrl, explorerTxUrl, shortAddress, tokens, units, usdc, type ExplorerSettings } from "./format.js";
import { reply, type Bar, type CommandButton, type LinkRef, type Reply, type Tone } from "./reply.js";
import { bold, code, command, line, link, time, type Line } from "./text.js";
import { signedActionWords } from "./words/actions.js";
import { refusalWords } from "./words/refusals.js";

/** What notices link to. */
export interface NoticeSettings {
  readonly explorer: ExplorerSettings;
  /** The web server's public base URL: every campaign notice links the campaign's page there. */
  readonly publicBaseUrl?: string;
}

/** The parts of a notice's reply its renderer sets; the campaign line and buttons are added for all. */
interface NoticeParts {
  readonly tone: Tone;
  readonly title: Line;
  readonly lines: readonly Line[];
  readonly bars?: readonly Bar[];
  readonly links?: readonly LinkRef[];
  readonly buttons?: readonly CommandButton[];
}

type Renderer<K extends NoticeKind> = (notice: Extract<Notice, { kind: K }>, settings: NoticeSettings) => NoticeParts;

/** "Milestone 2 (Protein assay)". */
function milestoneName(m: MilestoneRef): Line {
  return m.title === null ? line`Milestone ${m.index + 1}` : line`Milestone ${m.index + 1} (${m.title})`;
}

function quorumBar(label: string, part: bigint, whole: bigint): Bar {
  return { label, part, whole, caption: line`${tokens(part)} of ${tokens(whole)} to quorum` };
}

function flagButton(campaign: string, m: MilestoneRef & { attempt: number }): CommandButton {
  return { label: "Flag", style: "danger", run: { command: "flag", params: { campaign, milestone: m.index, attempt: m.attempt } } };
}

/** Contribute to a raise (`/contribute`): the notices that open one ask backers to act. */
function contributeButton(campaign: string): CommandButton {
  return { label: "Contribute", style: "primary", run: { command: "contribute", params: { campaign } } };
}

/** Follow the campaign (its notices privately): what a new campaign's announcement offers. */
function followButton(campaign: string): CommandButton {
  return { label: "Follow", style: "secondary", run: { command: "follow", params: { campaign } } };
}

/** Claim a refund (`/refund`): the notices that make one available. */
function refundButton(campaign: string): CommandButton {
  return { label: "Claim refund", style: "primary", run: { command: "refund", params: { campaign } } };
}

/** "KPI 2 (tvl_usd)". */
function kpiName(k: Pick<KpiSubmissionRef, "index" | "metric">): Line {
  return k.metric === null ? line`KPI ${k.index + 1}` : line`KPI ${k.index + 1} (${k.metric})`;
}

/** An amount of the pool's reward mint, in its decimals (base units when the pool was unread). */
function reward(pool: PoolRef, amount: bigint): string {
  return pool.decimals === null ? `${amount} base units` : units(amount, pool.decimals.reward);
}

/** An amount of the pool's stake mint (stake, flag weight), in its decimals. */
function stake(pool: PoolRef, amount: bigint): string {
  return pool.decimals === null ? `${amount} base units` : units(amount, pool.decimals.stake);
}

function poolQuorumBar(pool: PoolRef, part: bigint, whole: bigint): Bar {
  return { label: "Flag weight", part, whole, caption: line`${stake(pool, part)} of ${stake(pool, whole)} to quorum` };
}

/** Flag the pool's KPI submission (`/flag <pool> <kpi>`), the one the notice was about. */
function poolFlagButton(pool: string, kpi: KpiSubmissionRef): CommandButton {
  return { label: "Flag", style: "danger", run: { command: "flag", params: { campaign: pool, milestone: kpi.index, attempt: kpi.attempt } } };
}

/** Stake in the pool (`/stake`): what a pool that opens asks stakers to do. */
function stakeButton(pool: string): CommandButton {
  return { label: "Stake", style: "primary", run: { command: "stake", params: { pool } } };
}

/** Claim rewards (`/claim`): what a released tranche offers. */
function claimButton(pool: string): CommandButton {
  return { label: "Claim rewards", style: "primary", run: { command: "claim", params: { pool } } };
}

const RENDERERS: { readonly [K in NoticeKind]: Renderer<K> } = {
  PoolCreated: (n) => ({
    tone: "info",
    title: line`🆕 New reward pool`,
    lines: [
      line`Sponsor ${code(n.sponsor)}`,
      line`${reward(n.pool, n.rewardTotal)} reward tokens, ${n.vesting ? "released on a vesting schedule" : `released over ${n.milestoneCount} KPI milestones`}; expires ${time(n.expiresAt)}.`,
    ],
  }),
  PoolFunded: (n) => ({
    tone: n.activated ? "good" : "info",
    title: n.activated ? line`💰 Reward pool funded: active` : line`💰 Reward pool funding`,
    lines: [
      line`${reward(n.pool, n.amount)} deposited; funded ${reward(n.pool, n.funded)} of ${reward(n.pool, n.rewardTotal)}.`,
      ...(n.activated ? [line`The pool is active: stake with ${command("stake")} to share each released tranche.`] : []),
    ],
    bars: [{ label: "Funded", part: n.funded, whole: n.rewardTotal, caption: line`${reward(n.pool, n.funded)} of ${reward(n.pool, n.rewardTotal)}` }],
    buttons: n.activated ? [stakeButton(n.pool.address)] : [],
  }),
  PoolKpiSubmitted: (n) => ({
    tone: "info",
    title: line`📄 ${kpiName(n.kpi)} submitted`,
    lines: [
      line`Submission ${n.kpi.attempt}.`,
      line`Evidence: ${link(n.evidence.url)}`,
      line`SHA-256: ${code(n.evidence.sha256)}`,
      line`Review window closes ${time(n.windowEnd)}.`,
      line`Stakers with at least ${stake(n.pool, n.flagThreshold)} staked before the window may flag with ${command("flag")}; quorum is ${stake(n.pool, n.quorumWeight)}.`,
    ],
    links: [{ kind: "evidence", label: "View evidence", url: n.evidence.url }],
    buttons: [poolFlagButton(n.pool.address, n.kpi)],
  }),
  PoolFlagSubmitted: (n) => ({
    tone: "warn",
    title: line`🚩 ${kpiName(n.kpi)} flagged`,
    lines: [line`Flag by ${code(shortAddress(n.flagger))} with weight ${stake(n.pool, n.weight)}.`, line`Rationale: ${link(n.rationale.url)}`],
    bars: [poolQuorumBar(n.pool, n.totalWeight, n.quorumWeight)],
    links: [{ kind: "rationale", label: "Read rationale", url: n.rationale.url }],
    buttons: [poolFlagButton(n.pool.address, n.kpi)],
  }),
  PoolQuorumReached: (n) => ({
    tone: "bad",
    title: line`⚠️ ${kpiName(n.kpi)}: flag quorum reached`,
    lines: [line`Flag weight ${stake(n.pool, n.totalWeight)}: the KPI goes to dispute when the window closes.`],
  }),
  PoolWindowClosed: (n) => ({
    tone: n.quorumReached ? "bad" : "good",
    title: line`⏱ ${kpiName(n.kpi)}: review window closed`,
    lines: [
      n.quorumReached
        ? line`Flag weight ${stake(n.pool, n.flagWeight)}: quorum reached, the KPI is disputed.`
        : line`Flag weight ${stake(n.pool, n.flagWeight)}: below quorum, the tranche is released to stakers.`,
    ],
  }),
  PoolTrancheReleased: (n) => ({
    tone: "good",
    title: n.kpi === null ? line`💸 Vesting release to stakers` : line`💸 ${kpiName(n.kpi)}: tranche released to stakers`,
    lines: [
      line`${reward(n.pool, n.amount)} reward tokens shared pro rata among ${stake(n.pool, n.totalStaked)} staked.`,
      line`Released so far: ${reward(n.pool, n.releasedTotal)}. Stakers claim their share with ${command("claim")}.`,
    ],
    buttons: [claimButton(n.pool.address)],
  }),
  PoolDisputeOpened: (n) => ({
    tone: "bad",
    title: line`⚖️ ${kpiName(n.kpi)}: dispute opened`,
    lines: [line`The PepFund team decides by ${time(n.deadline)}.`],
  }),
  PoolDisputeResolved: (n) => ({
    tone: n.approved ? "good" : "bad",
    title: line`⚖️ ${kpiName(n.kpi)}: dispute ${n.approved ? "approved" : "rejected"}`,
    lines: [
      n.approved ? line`Approved: the tranche is released to stakers.` : line`Rejected: the sponsor may submit the KPI again.`,
      line`Reasons: ${link(n.reason.url)}`,
    ],
    links: [{ kind: "rationale", label: "Read reasons", url: n.reason.url }],
  }),
  PoolDisputeLapsed: (n) => ({
    tone: "warn",
    title: line`⌛ ${kpiName(n.kpi)}: dispute lapsed`,
    lines: [
      line`Nobody decided the dispute by its deadline ${time(n.deadline)}: it lapsed as a rejection without reasons.`,
      line`The tranche stays in the pool; the sponsor may submit the KPI again for a fresh review window.`,
    ],
  }),
  PoolCompleted: (n) => ({
    tone: "good",
    title: line`🎉 Reward pool completed`,
    lines: [line`Every tranche released: ${reward(n.pool, n.releasedTotal)}. Stakers claim what is left with ${command("claim")}.`],
    buttons: [claimButton(n.pool.address)],
  }),
  PoolClosed: (n) => ({
    tone: "info",
    title: line`🔒 Reward pool closed`,
    lines: [line`Released ${reward(n.pool, n.releasedTotal)}; the sponsor reclaimed ${reward(n.pool, n.reclaimed)} unreleased.`],
  }),
  PoolFlagOutcome: (n, settings) => {
    const o = n.outcome;
    if (o.status === "failed") return { tone: "bad", title: line`🚩 Your flag on ${kpiName(n.kpi)} did not go through`, lines: [refusalWords(o.code)] };
    const explorer = explorerTxUrl(o.signature, settings.explorer);
    return {
      tone: "good",
      title: line`🚩 Your flag on ${kpiName(n.kpi)} is on-chain`,
      lines: [line`Transaction: ${link(explorer)}`, line`Rationale: ${link(o.rationale.url)}`],
      links: [
        { kind: "explorer", label: "Transaction", url: explorer },
        { kind: "rationale", label: "Rationale", url: o.rationale.url },
      ],
    };
  },
  CampaignCreated: (n) => ({
    tone: "info",
    title: line`🆕 New campaign`,
    lines: [line`Researcher ${code(n.researcher)}`, line`Goal ${usdc(n.goal)} by ${time(n.deadline)}; ${n.milestoneCount} milestones.`],
    buttons: [...(n.raising === true ? [contributeButton(n.campaign.address)] : []), followButton(n.campaign.address)],
  }),
  FundraisingOpened: (n) => ({
    tone: "info",
    title: line`💰 Fundraising open`,
    lines: [line`Goal ${usdc(n.goal)}, closes ${time(n.deadline)}.`],
    buttons: [contributeButton(n.campaign.address), followButton(n.campaign.address)],
  }),
  FundraisingClosed: (n) => ({
    tone: n.succeeded ? "good" : "bad",
    title: n.succeeded ? line`✅ Fundraising succeeded` : line`❌ Fundraising failed`,
    lines: [
      line`Raised ${usdc(n.raised)} of ${usdc(n.goal)}.`,
      n.succeeded
        ? line`The goal was met: the campaign is active and its first milestone can be submitted.`
        : line`The goal was missed: every backer gets all of their USDC back. Claim it with ${code(`/refund ${n.campaign.address}`)}.`,
    ],
    bars: [{ label: "Raised", part: n.raised, whole: n.goal, caption: line`${usdc(n.raised)} of ${usdc(n.goal)}` }],
    buttons: n.succeeded ? [] : [refundButton(n.campaign.address)],
  }),
  AllocationClaimed: (n) => ({
    tone: "info",
    title: n.protocol ? line`🎟 PepFund's allocation minted` : line`🎟 Researcher's allocation minted`,
    lines: [
      line`${tokens(n.amount)} allocation tokens to ${code(n.recipient)}.`,
      line`Allocation tokens never count toward the flag quorum and take no share of refunds.`,
    ],
  }),
  MilestoneSubmitted: (n) => ({
    tone: "info",
    title: line`📄 ${milestoneName(n.milestone)} submitted`,
    lines: [
      line`Submission ${n.milestone.attempt}; evidence type ${n.evidence.type}.`,
      line`Evidence: ${link(n.evidence.url)}`,
      line`SHA-256: ${code(n.evidence.sha256)}`,
      line`Review window closes ${time(n.windowEnd)}.`,
      line`Holders with at least ${tokens(n.flagThreshold)} deposited may flag with ${command("flag")}; quorum is ${tokens(n.quorumWeight)}.`,
    ],
    links: [{ kind: "evidence", label: "View evidence", url: n.evidence.url }],
    buttons: [flagButton(n.campaign.address, n.milestone)],
  }),
  FlagSubmitted: (n) => ({
    tone: "warn",
    title: line`🚩 ${milestoneName(n.milestone)} flagged`,
    lines: [line`Flag by ${code(shortAddress(n.flagger))} with weight ${tokens(n.weight)}.`, line`Rationale: ${link(n.rationale.url)}`],
    bars: [quorumBar("Flag weight", n.totalWeight, n.quorumWeight)],
    links: [{ kind: "rationale", label: "Read rationale", url: n.rationale.url }],
    buttons: [flagButton(n.campaign.address, n.milestone)],
  }),
  ReviewWindowClosingSoon: (n) => ({
    tone: "warn",
    title: line`⏳ ${milestoneName(n.milestone)}: review window closes soon`,
    lines: [
      line`The review window of submission ${n.milestone.attempt} closes ${time(n.windowEnd)}; after that it can no longer be flagged.`,
      ...(n.evidence === null ? [] : [line`Evidence: ${link(n.evidence.url)}`]),
      line`Flag weight so far ${tokens(n.flagWeight)}; quorum is ${tokens(n.quorumWeight)}.`,
    ],
    bars: [quorumBar("Flag weight", n.flagWeight, n.quorumWeight)],
    links: n.evidence === null ? [] : [{ kind: "evidence", label: "View evidence", url: n.evidence.url }],
    buttons: [flagButton(n.campaign.address, n.milestone)],
  }),
  QuorumReached: (n) => ({
    tone: "bad",
    title: line`⚠️ ${milestoneName(n.milestone)}: flag quorum reached`,
    lines: [line`Flag weight ${tokens(n.totalWeight)}: the milestone goes to dispute when the window closes.`],
  }),
  WindowClosed: (n) => ({
    tone: n.quorumReached ? "bad" : "good",
    title: line`⏱ ${milestoneName(n.milestone)}: review window closed`,
    lines: [
      n.quorumReached
        ? line`Flag weight ${tokens(n.flagWeight)}: quorum reached, the milestone is disputed.`
        : line`Flag weight ${tokens(n.flagWeight)}: below quorum, the tranche can be released.`,
    ],
  }),
  TrancheReleased: (n) => ({
    tone: "good",
    title: line`💸 ${milestoneName(n.milestone)}: tranche released`,
    lines: [line`${usdc(n.amount)} paid to ${code(n.recipient)}.`, line`Released so far: ${usdc(n.releasedTotal)}.`],
  }),
  DisputeOpened: (n) => ({
    tone: "bad",
    title: line`⚖️ ${milestoneName(n.milestone)}: dispute opened`,
    lines: [line`The PepFund team decides by ${time(n.deadline)}.`],
  }),
  DisputeResolved: (n) => ({
    tone: n.approved ? "good" : "bad",
    title: line`⚖️ ${milestoneName(n.milestone)}: dispute ${n.approved ? "approved" : "rejected"}`,
    lines: [
      n.approved ? line`Approved: the tranche is released.` : line`Rejected: the researcher may submit again.`,
      line`Reasons: ${link(n.reason.url)}`,
    ],
    links: [{ kind: "rationale", label: "Read reasons", url: n.reason.url }],
  }),
  DisputeLapsed: (n) => ({
    tone: "warn",
    title: line`⌛ ${milestoneName(n.milestone)}: dispute lapsed`,
    lines: [
      line`Nobody decided the dispute by its deadline ${time(n.deadline)}: it lapsed unresolved, as a rejection without reasons.`,
      line`The tranche stays in escrow; the researcher may submit the milestone again for a fresh review window.`,
    ],
  }),
  DisputeDeadlineNear: (n) => ({
    tone: "warn",
    title: line`⏰ ${milestoneName(n.milestone)}: dispute deadline near`,
    lines: [line`Resolve it by ${time(n.deadline)} with ${command("dispute resolve")}.`],
  }),
  BehindSchedule: (n) => ({
    tone: "warn",
    title: line`🐢 ${milestoneName(n.milestone)} is behind schedule`,
    lines: [line`Estimated ${time(n.estimatedCompletion)}.`, line`A stale review may be opened from ${time(n.staleAt)} if nothing is submitted.`],
  }),
  StaleEligible: (n) => ({
    tone: "warn",
    title: line`🕸️ Campaign is stale`,
    lines: [line`${milestoneName(n.milestone)} is 90 days past its estimate; holders may open a stale review with ${command("stale")}.`],
  }),
  StaleReviewOpened: (n) => ({
    tone: "warn",
    title: line`🕸️ Stale review ${n.round} opened`,
    lines: [line`On ${milestoneName(n.milestone)}; ends ${time(n.endsAt)}.`, line`${tokens(n.quorumWeight)} support abandons the campaign; support it with ${command("stale")}.`],
  }),
  StaleSupportAdded: (n) => ({
    tone: "warn",
    title: line`🕸️ Stale review ${n.round}: support added`,
    lines: [line`${code(shortAddress(n.supporter))} added ${tokens(n.weight)}; support is ${tokens(n.supportWeight)}${n.quorumWeight === null ? "" : ` of ${tokens(n.quorumWeight)}`}.`],
    bars: n.quorumWeight === null ? [] : [quorumBar("Support", n.supportWeight, n.quorumWeight)],
  }),
  StaleReviewEnded: (n) => ({
    tone: "info",
    title: line`🕸️ Stale review ${n.round} ended`,
    lines: [
      n.outcome === "cancelled"
        ? line`Cancelled: the researcher submitted evidence.`
        : line`Rejected: not enough support${n.supportWeight === null ? "" : ` (${tokens(n.supportWeight)})`}.`,
    ],
  }),
  CampaignAbandoned: (n) => ({
    tone: "bad",
    title: line`🛑 Campaign abandoned`,
    lines: [line`${usdc(n.escrow)} is refundable pro rata to backers: claim your share with ${command("refund")}.`],
    buttons: [refundButton(n.campaign.address)],
  }),
  RefundsSummary: (n) => ({
    tone: "info",
    title: line`↩️ Refunds`,
    lines: [line`Claimed so far: ${usdc(n.refundedTotal)}${n.refundable === null ? "" : ` of ${usdc(n.refundable)}`}.`],
    buttons: [refundButton(n.campaign.address)],
  }),
  CampaignCompleted: (n) => ({
    tone: "good",
    title: line`🎉 Campaign completed`,
    lines: [line`All milestones released: ${usdc(n.releasedTotal)}.`],
  }),
  ResearcherUpdate: (n) => ({
    tone: "info",
    title: line`📣 Update from the researcher`,
    lines: [line`${n.text}`, line`Stored on Arweave: ${link(n.stored.url)}`],
    links: [{ kind: "link", label: "Update on Arweave", url: n.stored.url }],
  }),
  FlagOutcome: (n, settings) => {
    const o = n.outcome;
    if (o.status === "failed") {
      return { tone: "bad", title: line`🚩 Your flag on ${milestoneName(n.milestone)} did not go through`, lines: [refusalWords(o.code)] };
    }
    const explorer = explorerTxUrl(o.signature, settings.explorer);
    return {
      tone: "good",
      title: line`🚩 Your flag on ${milestoneName(n.milestone)} is on-chain`,
      lines: [line`Transaction: ${link(explorer)}`, line`Rationale: ${link(o.rationale.url)}`],
      links: [
        { kind: "explorer", label: "Transaction", url: explorer },
        { kind: "rationale", label: "Rationale", url: o.rationale.url },
      ],
    };
  },
  SigningOutcome: (n, settings) => {
    const o = n.outcome;
    const words = signedActionWords(n.action);
    const what = `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
    if (o.status === "failed") return { tone: "bad", title: line`✍️ ${what} did not go through`, lines: [refusalWords(o.code)] };
    const explorer = explorerTxUrl(o.signature, settings.explorer);
    return {
      tone: "good",
      title: line`✍️ ${what} is on-chain`,
      lines: [line`Transaction: ${link(explorer)}`],
      links: [{ kind: "explorer", label: "Transaction", url: explorer }],
    };
  },
  WalletLinked: (n) => ({
    tone: "good",
    title: line`✅ Wallet linked`,
    lines: [line`Linked wallet ${code(n.address)} to this account (signed on the page). ${command("wallet")} shows it, ${command("unlink")} removes it.`],
  }),
  WalletMovedAway: (n) => ({
    tone: "bad",
    title: line`⚠️ Wallet no longer linked`,
    lines: [
      line`Wallet ${code(n.address)} is no longer linked to this account: another account proved it holds the wallet's key. If that was not you, someone else has that key.`,
    ],
  }),
};

/** Is this notice for one user alone (never announced in a channel)? */
export function isPersonalNotice(notice: Notice): boolean {
  return notice.kind === "FlagOutcome" || notice.kind === "PoolFlagOutcome" || notice.kind === "SigningOutcome" || notice.kind === "WalletLinked" || notice.kind === "WalletMovedAway";
}

/** The reply for a notice: title, the campaign it is about, the kind's lines, links (the campaign's page last) and buttons. */
export function noticeReply(notice: Notice, settings: NoticeSettings): Reply {
  const render = RENDERERS[notice.kind] as Renderer<NoticeKind>;
  const parts = render(notice, settings);
  if ("pool" in notice) {
    // A reward pool's notice names the pool and links its page and /pool.
    const pool = notice.pool;
    return reply({
      visibility: isPersonalNotice(notice) ? "private" : "public",
      tone: parts.tone,
      title: parts.title,
      lines: [line`Reward pool ${bold(pool.label)}`, ...parts.lines],
      bars: parts.bars ?? [],
      links: [...(parts.links ?? []), ...(settings.publicBaseUrl === undefined ? [] : [{ kind: "page" as const, label: "Pool page", url: `${settings.publicBaseUrl.replace(/\/+$/, "")}/p/${pool.address}` }])],
      buttons: [...(parts.buttons ?? []), { label: "Pool status", style: "secondary", run: { command: "pool", params: { pool: pool.address } } }],
    });
  }
  const campaign = "campaign" in notice ? notice.campaign : null;
  // A signed pool action's notice carries the pool's address where a campaign's would be.
  if (notice.kind === "SigningOutcome" && isPoolSignedAction(notice.action)) {
    const pool = notice.campaign.address;
    return reply({
      visibility: "private",
      tone: parts.tone,
      title: parts.title,
      lines: [line`Reward pool ${code(pool)}`, ...parts.lines],
      links: [...(parts.links ?? []), ...(settings.publicBaseUrl === undefined ? [] : [{ kind: "page" as const, label: "Pool page", url: `${settings.publicBaseUrl.replace(/\/+$/, "")}/p/${pool}` }])],
      buttons: [...(parts.buttons ?? []), { label: "Pool status", style: "secondary", run: { command: "pool", params: { pool } } }],
    });
  }
  return reply({
    visibility: isPersonalNotice(notice) ? "private" : "public",
    tone: parts.tone,
    title: parts.title,
    lines: campaign === null ? parts.lines : [line`Campaign ${bold(campaign.label)}`, ...parts.lines],
    bars: parts.bars ?? [],
    links:
      campaign === null || settings.publicBaseUrl === undefined
        ? (parts.links ?? [])
        : [...(parts.links ?? []), { kind: "page", label: "Campaign page", url: campaignPageUrl(settings.publicBaseUrl, campaign.address) }],
    buttons:
      campaign === null
        ? (parts.buttons ?? [])
        : [...(parts.buttons ?? []), { label: "Campaign status", style: "secondary", run: { command: "campaign", params: { campaign: campaign.address } } }],
  });
}
