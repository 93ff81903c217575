/**
 * Wallet-signed actions in words, once: what the signing page says will be signed, and how
 * an outcome notice names what was signed. Both read from the same facts (the action the
 * core prepared, or the small description its outcome notice carries), so the page and the
 * notice cannot describe one transaction two ways.
 */
import { campaignLabel } from "../../core/labels.js";
import type { SignedAction } from "../../core/notices.js";
import { poolLabel, type PoolView } from "../../core/pools.js";
import type { CampaignView, WalletAction } from "../../core/ports.js";
import { isPoolAction, type CampaignTerms, type PoolWalletAction } from "../../core/wallet-actions.js";
import { kpiGoal, share, tokens, units, usdc } from "../format.js";

/** What a signing page shows: a title and one plain sentence per fact. */
export interface ActionDescription {
  readonly title: string;
  readonly lines: string[];
}

/** The campaign as the page names it: its label when read, always its address (what the wallet shows). */
function campaignLine(address: string, view: CampaignView | null): string {
  return view === null ? `Campaign: ${address}` : `Campaign: ${campaignLabel(view)} (${address})`;
}

/** "Milestone 2: <title>", numbered from 1 as users count them. */
function milestoneLine(index: number, view: CampaignView | null): string {
  const title = view?.milestones[index]?.title;
  return title === undefined ? `Milestone: ${index + 1}` : `Milestone ${index + 1}: ${title}`;
}

function delegateLine(delegate: string): string {
  return `Delegate: ${delegate} may flag and support stale reviews on your behalf; it cannot move your tokens`;
}

/** What signing a dispute decision does to the milestone. */
function decisionWords(approve: boolean): string {
  return approve ? "approve (the milestone's USDC is released to the researcher)" : "reject (the researcher may resubmit)";
}

/** What signing a KPI dispute decision does to the KPI. */
function kpiDecisionWords(approve: boolean): string {
  return approve ? "approve (the KPI's tranche of reward tokens is released to the stakers)" : "reject (the sponsor may resubmit)";
}

/** The pool as the page names it: its label when read, always its address (what the wallet shows). */
function poolLine(address: string, view: PoolView | null): string {
  return view === null ? `Reward pool: ${address}` : `Reward pool: ${poolLabel(view)} (${address})`;
}

/** "KPI 2: <title> (tvl_usd ≥ 10000000)", numbered from 1 as users count them. */
function kpiLine(index: number, view: PoolView | null): string {
  const kpi = view?.milestones[index];
  return kpi === undefined ? `KPI: ${index + 1}` : `KPI ${index + 1}: ${kpi.title} (${kpiGoal(kpi.kpi)})`;
}

/** The roadmap a create or edit writes, one line per milestone, and the texts' binding. */
function termsLines(terms: CampaignTerms): string[] {
  return [
    `Goal: ${usdc(terms.goal)}, raised until ${new Date(terms.deadline * 1000).toISOString()}`,
    ...terms.milestones.map(
      (m, i) => `Milestone ${i + 1}: ${m.title} (${share(m.shareBps)} of the raise, evidence: ${m.evidenceType}, estimated ${new Date(m.estimatedCompletion * 1000).toISOString().slice(0, 10)}; description SHA-256 ${m.descriptionSha256})`,
    ),
    `Texts (Arweave): ${terms.metadataId}, SHA-256 ${terms.metadataSha256}`,
  ];
}

const REVIEW_LINE = "Also asks PepFund to review it; until approved you may still edit it.";

/**
 * What signing `action` does, one plain sentence per fact. `view` (the campaign read from the
 * chain, when available) adds the campaign's label and the milestone's title, `pool` (the
 * reward pool, for a pool action) the pool's label and the KPI; amounts are in tokens, exact.
 */
export function describeAction(action: WalletAction, view: CampaignView | null = null, pool: PoolView | null = null): ActionDescription {
  if (isPoolAction(action)) return describePoolAction(action, pool);
  const campaign = campaignLine(action.campaign, view);
  switch (action.kind) {
    case "campaignCreate":
      return {
        title: action.submit ? "Create your campaign and submit it for review" : "Create your campaign as a draft",
        lines: [campaign, ...termsLines(action.terms), "Pays the rent of the campaign's accounts from your wallet; moves no USDC.", ...(action.submit ? [REVIEW_LINE] : [])],
      };
    case "campaignEdit":
      return {
        title: action.submit ? "Replace your draft's roadmap and submit it for review" : "Replace your draft's roadmap",
        lines: [campaign, ...termsLines(action.terms), ...(action.submit ? [REVIEW_LINE] : ["The campaign stays a draft (an edit withdraws a pending review)."])],
      };
    case "campaignSubmitForReview":
      return { title: "Submit your campaign for review", lines: [campaign, REVIEW_LINE] };
    case "campaignApprove":
      return {
        title: "Approve the campaign",
        lines: [campaign, "Its roadmap becomes immutable and fundraising opens until its deadline."],
      };
    case "milestoneSubmit":
      return {
        title: `Submit evidence for milestone ${action.milestoneIndex + 1}`,
        lines: [
          campaign,
          milestoneLine(action.milestoneIndex, view),
          `Evidence (Arweave): ${action.evidenceId}`,
          `Evidence SHA-256: ${action.evidenceSha256}`,
          "Moves no funds; opens the milestone's review window.",
        ],
      };
    case "disputeResolve":
      return {
        title: `${action.approve ? "Approve" : "Reject"} the disputed milestone ${action.milestoneIndex + 1}`,
        lines: [campaign, milestoneLine(action.milestoneIndex, view), `Decision: ${decisionWords(action.approve)}`, `Written reasons (Arweave): ${action.reasonId}`],
      };
    case "holderDeposit":
      return {
        title: action.delegate === undefined ? "Deposit backer tokens" : "Deposit backer tokens and let the PepFund relayer flag for you",
        lines: [
          campaign,
          `Amount: ${tokens(action.amount)} backer tokens, moved from your wallet into the campaign`,
          "Deposited tokens give your flags and stale votes their weight.",
          ...(action.delegate === undefined ? [] : [delegateLine(action.delegate)]),
        ],
      };
    case "holderSetDelegate":
      return {
        title: action.delegate === null ? "Revoke the relay delegate" : "Let the PepFund relayer flag for you",
        lines: [campaign, action.delegate === null ? "Delegate: none (the relayer can no longer act for you)" : delegateLine(action.delegate)],
      };
    case "holderWithdraw":
      return {
        title: "Withdraw deposited backer tokens",
        lines: [campaign, `Amount: ${tokens(action.amount)} backer tokens, moved from the campaign back to your wallet`, "Withdrawn tokens no longer count for flags or stale votes."],
      };
    case "contribute":
      return {
        title: "Contribute USDC to the campaign",
        lines: [
          campaign,
          `Amount: ${usdc(action.amount)}, moved from your wallet's USDC account into the campaign's escrow`,
          `You receive ${tokens(action.amount)} backer tokens (1:1): your share of flags, stale votes and any refund`,
          "Opens your backer-token account for this campaign if you have none: your wallet pays its rent (about 0.002 SOL, yours again if you close the account); PepFund pays the fee.",
        ],
      };
    case "refundClaim":
      return {
        title: "Claim your refund",
        lines: [
          campaign,
          ...(action.withdraw === undefined ? [] : [`Deposit withdrawn first: ${tokens(action.withdraw)} backer tokens, back to your wallet`]),
          `Backer tokens burned: ${tokens(action.tokens)}, for their share of the remaining USDC`,
        ],
      };
  }
}

/** A pool action: amounts in the pool mint's own decimals. */
function describePoolAction(action: PoolWalletAction, view: PoolView | null): ActionDescription {
  const pool = poolLine(action.pool, view);
  switch (action.kind) {
    case "poolStake":
      return {
        title: action.delegate === undefined ? "Stake in the reward pool" : "Stake in the reward pool and let the PepFund relayer flag for you",
        lines: [
          pool,
          `Amount: ${units(action.amount, action.decimals)} stake tokens, moved from your wallet into the pool`,
          "Staked tokens earn a share of every KPI tranche released from now on, and weigh your flags on KPI submissions. Stake added while a review window is open does not count in that window's flags.",
          ...(action.delegate === undefined ? [] : [delegateLine(action.delegate)]),
        ],
      };
    case "poolUnstake":
      return {
        title: "Unstake from the reward pool",
        lines: [pool, `Amount: ${units(action.amount, action.decimals)} stake tokens, moved from the pool back to your wallet`, "Rewards you earned stay yours to claim."],
      };
    case "poolClaim":
      return {
        title: "Claim your pool rewards",
        lines: [
          pool,
          "Pays every whole reward token you have earned so far into your wallet.",
          "Opens your reward-token account if you have none: your wallet pays its rent (about 0.002 SOL); PepFund pays the fee.",
        ],
      };
    case "poolDisputeResolve":
      return {
        title: `${action.approve ? "Approve" : "Reject"} the disputed KPI ${action.milestoneIndex + 1}`,
        lines: [pool, kpiLine(action.milestoneIndex, view), `Decision: ${kpiDecisionWords(action.approve)}`, `Written reasons (Arweave): ${action.reasonId}`],
      };
  }
}

/** What was signed, as an outcome notice names it: "your evidence submission for milestone 2". */
export function signedActionWords(action: SignedAction): string {
  switch (action.kind) {
    case "campaignCreate":
      return action.submit ? "your new campaign, submitted for review" : "your new campaign draft";
    case "campaignEdit":
      return action.submit ? "your campaign's new roadmap, submitted for review" : "your campaign's new roadmap";
    case "campaignSubmitForReview":
      return "your campaign's submission for review";
    case "campaignApprove":
      return "your approval of the campaign";
    case "milestoneSubmit":
      return `your evidence submission for milestone ${action.milestoneIndex + 1}`;
    case "disputeResolve":
      return `your dispute decision (${action.approve ? "approve" : "reject"}) on milestone ${action.milestoneIndex + 1}`;
    case "holderDeposit":
      return action.delegate ? "your deposit of backer tokens, with the PepFund relayer as your delegate" : "your deposit of backer tokens";
    case "holderSetDelegate":
      return action.delegate ? "your consent to the PepFund relayer as your delegate" : "your revocation of the PepFund relayer as your delegate";
    case "holderWithdraw":
      return "your withdrawal of deposited backer tokens";
    case "refundClaim":
      return "your refund claim";
    case "contribute":
      return "your contribution";
    case "poolStake":
      return "your stake in the reward pool";
    case "poolUnstake":
      return "your unstaking from the reward pool";
    case "poolClaim":
      return "your reward claim";
    case "poolDisputeResolve":
      return `your dispute decision (${action.approve ? "approve" : "reject"}) on KPI ${action.milestoneIndex + 1}`;
    case "unknown":
      return "your signed transaction";
  }
}
