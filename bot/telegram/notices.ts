/**
 * Announcements in Telegram HTML, one renderer per notice kind, with their inline buttons
 * (evidence link, flag, status). Campaign labels, titles and every other chain or user
 * string are escaped; evidence is a plain link, never rendered.
 */
import { InlineKeyboard } from "grammy";
import { shortAddress } from "../core/labels.js";
import type { MilestoneRef, Notice, NoticeKind } from "../core/notices.js";
import { explorerTxUrl, tokens, usdc, when } from "./format.js";
import { bold, code, escapeHtml, link } from "./html.js";
import { CALLBACK } from "./keyboards.js";

/** A rendered announcement. */
export interface RenderedNotice {
  readonly text: string;
  readonly keyboard: InlineKeyboard;
}

/** How notices link out: the cluster of explorer links (a flag's transaction). */
export interface RenderOptions {
  readonly cluster?: string;
  /** A localnet's RPC URL, which its explorer links open. */
  readonly rpcUrl?: string;
}

type Renderer<K extends NoticeKind> = (notice: Extract<Notice, { kind: K }>, options: RenderOptions) => string;

function milestone(m: MilestoneRef): string {
  return m.title === null ? `milestone ${m.index + 1}` : `milestone ${m.index + 1} ${bold(m.title)}`;
}

/** ": <explorer page>" of a transaction when the cluster is known. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function explorer(signature: string, options: RenderOptions): string {
  if (options.cluster === undefined) return "";
  const url = explorerTxUrl(signature, options.cluster, options.rpcUrl);
  return `: ${link(url, url)}`;
}

const RENDERERS: { readonly [K in NoticeKind]: Renderer<K> } = {
  CampaignCreated: (n) =>
    `🆕 New campaign by ${code(shortAddress(n.researcher))}: goal ${usdc(n.goal)}, ${n.milestoneCount} milestones, fundraising until ${when(n.deadline)}.`,
  FundraisingOpened: (n) => `💰 Fundraising is open: goal ${usdc(n.goal)} until ${when(n.deadline)}.`,
  FundraisingClosed: (n) =>
    n.succeeded
      ? `✅ Fundraising closed: ${usdc(n.raised)} of ${usdc(n.goal)} raised. The campaign is active.`
      : `❌ Fundraising closed at ${usdc(n.raised)} of ${usdc(n.goal)}: the goal was missed and backers may claim refunds.`,
  MilestoneSubmitted: (n) =>
    [
      `📄 Evidence submitted for ${milestone(n.milestone)} (attempt ${n.milestone.attempt}).`,
      `Evidence (${escapeHtml(n.evidence.type)}): ${link(n.evidence.url, n.evidence.id)}`,
      `SHA-256 ${code(n.evidence.sha256)}`,
      `Review window until ${when(n.windowEnd)}. Holders with at least ${tokens(n.flagThreshold)} deposited may flag; quorum is ${tokens(n.quorumWeight)}.`,
    ].join("\n"),
  FlagSubmitted: (n) =>
    `🚩 ${code(shortAddress(n.flagger))} flagged ${milestone(n.milestone)} with ${tokens(n.weight)}: ${tokens(n.totalWeight)} of ${tokens(n.quorumWeight)} to quorum. Rationale: ${link(n.rationale.url, n.rationale.id)}`,
  QuorumReached: (n) => `⚠️ Quorum reached on ${milestone(n.milestone)} (${tokens(n.totalWeight)} flagged): a dispute opens when the window closes.`,
  WindowClosed: (n) =>
    n.quorumReached
      ? `⏱ Review window of ${milestone(n.milestone)} closed with quorum (${tokens(n.flagWeight)} flagged): disputed.`
      : `⏱ Review window of ${milestone(n.milestone)} closed below quorum (${tokens(n.flagWeight)} flagged): the tranche can be released.`,
  TrancheReleased: (n) =>
    `💸 ${usdc(n.amount)} released to ${code(shortAddress(n.recipient))} for ${milestone(n.milestone)} (released so far: ${usdc(n.releasedTotal)}).`,
  DisputeOpened: (n) => `⚖️ Dispute opened on ${milestone(n.milestone)}; the PepFund team decides by ${when(n.deadline)}.`,
  DisputeResolved: (n) =>
    `⚖️ Dispute on ${milestone(n.milestone)} resolved: ${n.approved ? "approved, the tranche is released" : "rejected, the researcher may submit again"}. Reasons: ${link(n.reason.url, n.reason.id)}`,
  DisputeDeadlineNear: (n) => `⏰ The dispute on ${milestone(n.milestone)} must be resolved by ${when(n.deadline)}.`,
  BehindSchedule: (n) =>
    `🐢 ${milestone(n.milestone)} is behind schedule (expected ${when(n.estimatedCompletion)}). A stale review may be opened from ${when(n.staleAt)}.`,
  StaleEligible: (n) => `🕸 ${milestone(n.milestone)} is 90 days overdue: holders may open a stale review with /stale.`,
  StaleReviewOpened: (n) =>
    `🕸 Stale review round ${n.round} opened on ${milestone(n.milestone)}, until ${when(n.endsAt)}. ${tokens(n.quorumWeight)} support abandons the campaign; support with /stale.`,
  StaleSupportAdded: (n) =>
    `🕸 ${code(shortAddress(n.supporter))} supports the stale review (round ${n.round}) with ${tokens(n.weight)}: ${tokens(n.supportWeight)}` +
    `${n.quorumWeight === null ? "" : ` of ${tokens(n.quorumWeight)}`}.`,
  StaleReviewEnded: (n) =>
    n.outcome === "cancelled"
      ? `🕸 Stale review round ${n.round} cancelled: the researcher submitted evidence.`
      : `🕸 Stale review round ${n.round} ended without enough support${n.supportWeight === null ? "" : ` (${tokens(n.supportWeight)})`}.`,
  CampaignAbandoned: (n) => `🛑 Campaign abandoned: ${usdc(n.escrow)} will be refunded pro rata to backers. Claim your refund.`,
  RefundsSummary: (n) => `↩️ Refunds so far: ${usdc(n.refundedTotal)}${n.refundable === null ? "" : ` of ${usdc(n.refundable)}`}.`,
  CampaignCompleted: (n) => `🎉 Campaign completed: ${usdc(n.releasedTotal)} released over all milestones.`,
  FlagOutcome: (n, options) =>
    n.outcome.status === "confirmed"
      ? `🚩 Your flag on ${milestone(n.milestone)} is on-chain (${code(n.outcome.signature)})${explorer(n.outcome.signature, options)}. Rationale: ${link(n.outcome.rationale.url, n.outcome.rationale.id)}`
      : `🚩 Your flag on ${milestone(n.milestone)} could not be made (${escapeHtml(n.outcome.code)}).`,
  SigningOutcome: (n, options) =>
    n.outcome.status === "confirmed"
      ? `✍️ ${capitalised(escapeHtml(n.action))} is on-chain (${code(n.outcome.signature)})${explorer(n.outcome.signature, options)}.`
      : `✍️ ${capitalised(escapeHtml(n.action))} did not go through (${escapeHtml(n.outcome.code)}).`,
  WalletLinked: (n) => `✅ Linked wallet ${code(n.address)} to this account (signed on the page). /wallet shows it, /unlink removes it.`,
  WalletMovedAway: (n) =>
    `⚠️ Wallet ${code(n.address)} is no longer linked to this account: another Telegram account proved it holds the wallet's key. If that was not you, someone else has that key.`,
};

/** Buttons under an announcement (none under an account notice). */
function keyboardFor(notice: Notice): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (!("campaign" in notice)) return keyboard;
  const address = notice.campaign.address;
  if (notice.kind === "MilestoneSubmitted") {
    keyboard.url("Evidence", notice.evidence.url);
    keyboard.text("Flag", `${CALLBACK.flagSubmission}${address}:${notice.milestone.index}:${notice.milestone.attempt}`);
  }
  keyboard.text("Status", `${CALLBACK.status}${address}`);
  return keyboard;
}

/** The message for a notice: campaign header, the kind's sentence(s), buttons. */
export function renderNotice(notice: Notice, options: RenderOptions = {}): RenderedNotice {
  const render = RENDERERS[notice.kind] as Renderer<NoticeKind>;
  const header = "campaign" in notice ? `${bold(notice.campaign.label)}\n` : "";
  const text = `${header}${render(notice, options)}`;
  return { text, keyboard: keyboardFor(notice) };
}
