/**
 * The announcements both chat adapters render, as typed facts: amounts stay `bigint` base
 * units, times Unix seconds, evidence an Arweave id with its plain gateway link and hash.
 * `noticeForEvent` turns a program event into the notice subscribed channels get; the
 * scheduler builds the time-driven ones (behind schedule, stale eligibility, dispute
 * reminders) and the relay the flag outcome it tells the flagger.
 */
import type { ProgramEvent, ProgramEventOf } from "./events.js";
import { campaignLabel } from "./labels.js";
import type { ProgramErrorName } from "./codes.js";
import type { CampaignView, EvidenceType, TxOutcome } from "./views.js";
import type { WalletAction } from "./wallet-actions.js";
import { weightToQuorum } from "./rules/flags.js";
import { shortAddress } from "./labels.js";
import { poolLabel, type PoolView } from "./pools.js";

/** A campaign as a notice names it. */
export interface CampaignRef {
  readonly address: string;
  /** "#<id> by <short researcher> — <first milestone title>", or the short address when unknown. */
  readonly label: string;
}

/** A milestone as a notice names it (0-based index; show `index + 1`). */
export interface MilestoneRef {
  readonly index: number;
  /** `null` when the campaign could not be read. */
  readonly title: string | null;
}

/** A submission of a milestone: which attempt (1-based). */
export interface SubmissionRef extends MilestoneRef {
  readonly attempt: number;
}

/** Something stored on Arweave, shown as a plain link (never rendered). */
export interface ArweaveLink {
  readonly id: string;
  readonly url: string;
}

/**
 * A notice about one chat user's own wallet link, for their private chat only (never
 * announced): a link completed on the signing page, or their wallet proved by another
 * account of the same platform (it is no longer linked to them).
 */
export type AccountNotice =
  | { readonly kind: "WalletLinked"; readonly address: string }
  | { readonly kind: "WalletMovedAway"; readonly address: string };

/** Every notice: about a campaign (announcements, reminders, flag outcomes), a reward pool, or an account. */
export type Notice = CampaignNotice | PoolNotice | AccountNotice;

/** A reward pool as a notice names it. */
export interface PoolRef {
  readonly address: string;
  /** "pool #<id> by <short sponsor>", or the short address when the pool could not be read. */
  readonly label: string;
  /** Decimals of the reward and stake mints (amounts are base units of these); `null` when unread. */
  readonly decimals: { readonly reward: number; readonly stake: number } | null;
}

/** A KPI submission of a pool: its milestone (0-based) and attempt (1-based). */
export interface KpiSubmissionRef {
  readonly index: number;
  readonly attempt: number;
  /** The KPI's metric, `null` when the pool could not be read. */
  readonly metric: string | null;
}

/**
 * Every notice about a reward pool (docs/POOLS.md), announced in channels that follow the pool.
 * Stake, unstake and claim of individuals are not announced.
 */
export type PoolNotice =
  | { readonly kind: "PoolCreated"; readonly pool: PoolRef; readonly sponsor: string; readonly rewardTotal: bigint; readonly milestoneCount: number; readonly vesting: boolean; readonly expiresAt: number }
  | { readonly kind: "PoolFunded"; readonly pool: PoolRef; readonly amount: bigint; readonly funded: bigint; readonly rewardTotal: bigint; readonly activated: boolean }
  | {
      readonly kind: "PoolKpiSubmitted";
      readonly pool: PoolRef;
      readonly kpi: KpiSubmissionRef;
      readonly evidence: ArweaveLink & { readonly sha256: string };
      readonly windowEnd: number;
      readonly flagThreshold: bigint;
      readonly quorumWeight: bigint;
    }
  | {
      readonly kind: "PoolFlagSubmitted";
      readonly pool: PoolRef;
      readonly kpi: KpiSubmissionRef;
      readonly flagger: string;
      readonly weight: bigint;
      readonly totalWeight: bigint;
      readonly quorumWeight: bigint;
      readonly rationale: ArweaveLink;
    }
  | { readonly kind: "PoolQuorumReached"; readonly pool: PoolRef; readonly kpi: KpiSubmissionRef; readonly totalWeight: bigint }
  | { readonly kind: "PoolWindowClosed"; readonly pool: PoolRef; readonly kpi: KpiSubmissionRef; readonly flagWeight: bigint; readonly quorumReached: boolean }
  | {
      readonly kind: "PoolTrancheReleased";
      readonly pool: PoolRef;
      /** `null` for a vesting release (milestone index 255). */
      readonly kpi: Omit<KpiSubmissionRef, "attempt"> | null;
      readonly amount: bigint;
      readonly releasedTotal: bigint;
      readonly totalStaked: bigint;
    }
  | { readonly kind: "PoolDisputeOpened"; readonly pool: PoolRef; readonly kpi: KpiSubmissionRef; readonly deadline: number }
  | { readonly kind: "PoolDisputeResolved"; readonly pool: PoolRef; readonly kpi: KpiSubmissionRef; readonly approved: boolean; readonly reason: ArweaveLink }
  | { readonly kind: "PoolDisputeLapsed"; readonly pool: PoolRef; readonly kpi: KpiSubmissionRef; readonly deadline: number }
  | { readonly kind: "PoolCompleted"; readonly pool: PoolRef; readonly releasedTotal: bigint }
  | { readonly kind: "PoolClosed"; readonly pool: PoolRef; readonly reclaimed: bigint; readonly releasedTotal: bigint }
  | {
      /** To the flagger's chat: what became of their relayed flag on a KPI submission. */
      readonly kind: "PoolFlagOutcome";
      readonly pool: PoolRef;
      readonly kpi: KpiSubmissionRef;
      readonly outcome:
        | { readonly status: "confirmed"; readonly signature: string; readonly rationale: ArweaveLink }
        | {
            readonly status: "failed";
            readonly code: ProgramErrorName | "TransactionExpired" | "ChainUnavailable" | "TransactionFailed";
            readonly signature: string | null;
          };
    };

/** Every notice about a campaign. */
export type CampaignNotice =
  | {
      readonly kind: "CampaignCreated";
      readonly campaign: CampaignRef;
      readonly researcher: string;
      readonly goal: bigint;
      readonly deadline: number;
      readonly milestoneCount: number;
      /**
       * The campaign was already raising when its creation was read (an indexer catching up):
       * the notice then offers to contribute.
       */
      readonly raising?: boolean;
    }
  | { readonly kind: "FundraisingOpened"; readonly campaign: CampaignRef; readonly goal: bigint; readonly deadline: number }
  | {
      readonly kind: "FundraisingClosed";
      readonly campaign: CampaignRef;
      readonly raised: bigint;
      readonly goal: bigint;
      /** Goal met: the campaign is active; otherwise it failed and backers may claim refunds. */
      readonly succeeded: boolean;
    }
  | {
      /** An allocation was minted: the researcher's (`protocol` false) or PepFund's treasury's. */
      readonly kind: "AllocationClaimed";
      readonly campaign: CampaignRef;
      readonly recipient: string;
      readonly amount: bigint;
      readonly protocol: boolean;
    }
  | {
      readonly kind: "MilestoneSubmitted";
      readonly campaign: CampaignRef;
      readonly milestone: SubmissionRef;
      readonly evidence: ArweaveLink & { readonly sha256: string; readonly type: EvidenceType };
      readonly windowEnd: number;
      /** Smallest deposit that may flag. */
      readonly flagThreshold: bigint;
      /** Flag weight that reaches quorum. */
      readonly quorumWeight: bigint;
    }
  | {
      readonly kind: "FlagSubmitted";
      readonly campaign: CampaignRef;
      readonly milestone: SubmissionRef;
      readonly flagger: string;
      readonly weight: bigint;
      readonly totalWeight: bigint;
      readonly quorumWeight: bigint;
      readonly rationale: ArweaveLink;
    }
  | { readonly kind: "QuorumReached"; readonly campaign: CampaignRef; readonly milestone: SubmissionRef; readonly totalWeight: bigint }
  | {
      readonly kind: "WindowClosed";
      readonly campaign: CampaignRef;
      readonly milestone: SubmissionRef;
      readonly flagWeight: bigint;
      readonly quorumReached: boolean;
    }
  | {
      readonly kind: "TrancheReleased";
      readonly campaign: CampaignRef;
      readonly milestone: MilestoneRef;
      readonly amount: bigint;
      readonly recipient: string;
      readonly releasedTotal: bigint;
    }
  | { readonly kind: "DisputeOpened"; readonly campaign: CampaignRef; readonly milestone: SubmissionRef; readonly deadline: number }
  | {
      readonly kind: "DisputeResolved";
      readonly campaign: CampaignRef;
      readonly milestone: SubmissionRef;
      readonly approved: boolean;
      readonly reason: ArweaveLink;
    }
  | {
      /** The dispute's deadline passed undecided: rejected without reasons, the researcher may re-submit. */
      readonly kind: "DisputeLapsed";
      readonly campaign: CampaignRef;
      readonly milestone: SubmissionRef;
      readonly deadline: number;
    }
  | {
      /**
       * To the campaign's followers: a review window closes within a day (the last chance to
       * flag the submission). `evidence` is `null` when the campaign read had no evidence id.
       */
      readonly kind: "ReviewWindowClosingSoon";
      readonly campaign: CampaignRef;
      readonly milestone: SubmissionRef;
      readonly windowEnd: number;
      readonly evidence: ArweaveLink | null;
      readonly flagWeight: bigint;
      readonly quorumWeight: bigint;
    }
  | {
      /** To the PepFund team: a dispute's 72-hour deadline is near. */
      readonly kind: "DisputeDeadlineNear";
      readonly campaign: CampaignRef;
      readonly milestone: SubmissionRef;
      readonly deadline: number;
    }
  | {
      readonly kind: "BehindSchedule";
      readonly campaign: CampaignRef;
      readonly milestone: MilestoneRef;
      readonly estimatedCompletion: number;
      /** When a stale review may be opened if nothing is submitted. */
      readonly staleAt: number;
    }
  | { readonly kind: "StaleEligible"; readonly campaign: CampaignRef; readonly milestone: MilestoneRef; readonly staleAt: number }
  | {
      readonly kind: "StaleReviewOpened";
      readonly campaign: CampaignRef;
      readonly round: number;
      readonly milestone: MilestoneRef;
      readonly endsAt: number;
      /** Support weight that confirms abandonment. */
      readonly quorumWeight: bigint;
    }
  | {
      readonly kind: "StaleSupportAdded";
      readonly campaign: CampaignRef;
      readonly round: number;
      readonly supporter: string;
      readonly weight: bigint;
      readonly supportWeight: bigint;
      /** `null` when the campaign could not be read. */
      readonly quorumWeight: bigint | null;
    }
  | {
      readonly kind: "StaleReviewEnded";
      readonly campaign: CampaignRef;
      readonly round: number;
      /** Cancelled by a submission, or rejected for lack of support. */
      readonly outcome: "cancelled" | "rejected";
      readonly supportWeight: bigint | null;
    }
  | {
      readonly kind: "CampaignAbandoned";
      readonly campaign: CampaignRef;
      readonly round: number;
      /** USDC left to refund pro rata. */
      readonly escrow: bigint;
      readonly backerSupply: bigint;
    }
  | {
      readonly kind: "RefundsSummary";
      readonly campaign: CampaignRef;
      readonly refundedTotal: bigint;
      /** USDC refundable in all (raised minus released), `null` when the campaign could not be read. */
      readonly refundable: bigint | null;
    }
  | { readonly kind: "CampaignCompleted"; readonly campaign: CampaignRef; readonly releasedTotal: bigint }
  | {
      /** The researcher posted an update (`/update`): its text, stored on Arweave. */
      readonly kind: "ResearcherUpdate";
      readonly campaign: CampaignRef;
      readonly text: string;
      readonly stored: ArweaveLink;
    }
  | {
      /** To the flagger's chat: what became of their relayed flag. */
      readonly kind: "FlagOutcome";
      readonly campaign: CampaignRef;
      readonly milestone: SubmissionRef;
      readonly outcome:
        | { readonly status: "confirmed"; readonly signature: string; readonly rationale: ArweaveLink }
        | {
            readonly status: "failed";
            readonly code: ProgramErrorName | "TransactionExpired" | "ChainUnavailable" | "TransactionFailed";
            readonly signature: string | null;
          };
    }
  | {
      /**
       * To the requester's chat: what became of a wallet-signed transaction the bot finished
       * after a restart (the signing page that would have shown it may be gone).
       */
      readonly kind: "SigningOutcome";
      readonly campaign: CampaignRef;
      /** What was signed (the chat layer puts it in words). */
      readonly action: SignedAction;
      readonly outcome:
        | { readonly status: "confirmed"; readonly signature: string }
        | {
            readonly status: "failed";
            readonly code: ProgramErrorName | "TransactionExpired" | "ChainUnavailable" | "TransactionFailed";
            readonly signature: string | null;
          };
    };

/** The kind of every notice. */
export type NoticeKind = Notice["kind"];

/** What a notice needs besides its event. */
export interface NoticeContext {
  /** The campaign now (for its label and milestone titles), or `null` when it could not be read. */
  readonly campaign: CampaignView | null;
  /** The reward pool now (pool events: its label, mints' decimals and KPIs), or `null`/absent when unread. */
  readonly pool?: PoolView | null;
  /** Arweave gateway origin for plain links, e.g. `https://arweave.net`. */
  readonly gatewayUrl: string;
}

/** A campaign reference for notices. */
export function campaignRef(address: string, campaign: CampaignView | null): CampaignRef {
  const known = campaign !== null && campaign.address === address;
  return { address, label: known ? campaignLabel(campaign) : address };
}

/** The plain gateway link of an Arweave id. */
export function arweaveLink(gatewayUrl: string, id: string): ArweaveLink {
  return { id, url: `${gatewayUrl.replace(/\/+$/, "")}/${id}` };
}

function milestoneRef(campaign: CampaignView | null, index: number): MilestoneRef {
  return { index, title: campaign?.milestones[index]?.title ?? null };
}

function submissionRef(campaign: CampaignView | null, index: number, attempt: number): SubmissionRef {
  return { ...milestoneRef(campaign, index), attempt };
}

/** Weight that reaches 10% of `supply` (quorum, and stale-review confirmation). */
export function quorumWeightOf(supply: bigint): bigint {
  return weightToQuorum(0n, supply);
}

/** A pool reference for notices. */
export function poolRef(address: string, pool: PoolView | null | undefined): PoolRef {
  const known = pool !== null && pool !== undefined && pool.address === address;
  return {
    address,
    label: known ? poolLabel(pool) : `Pool ${shortAddress(address)}`,
    decimals: known ? { reward: pool.rewardDecimals, stake: pool.stakeDecimals } : null,
  };
}

/** A KPI submission reference for notices. */
export function kpiRef(pool: PoolView | null | undefined, index: number, attempt: number): KpiSubmissionRef {
  return { index, attempt, metric: pool?.milestones[index]?.kpi.metric ?? null };
}

/** The milestone index of a vesting release in `PoolTrancheReleased`. */
const VESTING_RELEASE = 255;

type Builder<N extends ProgramEvent["name"]> = (event: ProgramEventOf<N>, context: NoticeContext) => CampaignNotice | PoolNotice | null;

const none = () => null;

/** One builder per event; `null` for events that interest no channel. */
const BUILDERS: { readonly [N in ProgramEvent["name"]]: Builder<N> } = {
  ConfigInitialized: none,
  ConfigUpdated: none,
  AdminChanged: none,
  CampaignCreated: (e, c) => ({
    kind: "CampaignCreated",
    campaign: campaignRef(e.campaign, c.campaign),
    researcher: e.researcher,
    goal: e.goal,
    deadline: e.deadline,
    milestoneCount: e.milestoneCount,
    ...(c.campaign?.address === e.campaign && c.campaign.status === "Fundraising" ? { raising: true } : {}),
  }),
  CampaignEdited: none,
  CampaignSubmittedForReview: none,
  CampaignApproved: (e, c) =>
    c.campaign === null
      ? null
      : { kind: "FundraisingOpened", campaign: campaignRef(e.campaign, c.campaign), goal: c.campaign.goal, deadline: c.campaign.deadline },
  ContributionMade: none,
  FundraisingClosed: (e, c) => ({
    kind: "FundraisingClosed",
    campaign: campaignRef(e.campaign, c.campaign),
    raised: e.raised,
    goal: e.goal,
    succeeded: e.status === "Active",
  }),
  AllocationClaimed: (e, c) => ({
    kind: "AllocationClaimed",
    campaign: campaignRef(e.campaign, c.campaign),
    recipient: e.recipient,
    amount: e.amount,
    protocol: e.protocol,
  }),
  HolderDeposited: none,
  HolderWithdrew: none,
  HolderDelegateSet: none,
  MilestoneSubmitted: (e, c) => ({
    kind: "MilestoneSubmitted",
    campaign: campaignRef(e.campaign, c.campaign),
    milestone: submissionRef(c.campaign, e.milestoneIndex, e.attempt),
    evidence: { ...arweaveLink(c.gatewayUrl, e.evidenceId), sha256: e.evidenceHash, type: e.evidenceType },
    windowEnd: e.windowEnd,
    flagThreshold: e.flagThreshold,
    quorumWeight: quorumWeightOf(e.backerSupplySnapshot),
  }),
  FlagSubmitted: (e, c) => ({
    kind: "FlagSubmitted",
    campaign: campaignRef(e.campaign, c.campaign),
    milestone: submissionRef(c.campaign, e.milestoneIndex, e.attempt),
    flagger: e.owner,
    weight: e.weight,
    totalWeight: e.totalWeight,
    quorumWeight: e.quorumWeight,
    rationale: arweaveLink(c.gatewayUrl, e.rationale),
  }),
  QuorumReached: (e, c) => ({
    kind: "QuorumReached",
    campaign: campaignRef(e.campaign, c.campaign),
    milestone: submissionRef(c.campaign, e.milestoneIndex, e.attempt),
    totalWeight: e.totalWeight,
  }),
  WindowClosed: (e, c) => ({
    kind: "WindowClosed",
    campaign: campaignRef(e.campaign, c.campaign),
    milestone: submissionRef(c.campaign, e.milestoneIndex, e.attempt),
    flagWeight: e.flagWeight,
    quorumReached: e.quorumReached,
  }),
  TrancheReleased: (e, c) => ({
    kind: "TrancheReleased",
    campaign: campaignRef(e.campaign, c.campaign),
    milestone: milestoneRef(c.campaign, e.milestoneIndex),
    amount: e.amount,
    recipient: e.recipient,
    releasedTotal: e.releasedTotal,
  }),
  DisputeOpened: (e, c) => ({
    kind: "DisputeOpened",
    campaign: campaignRef(e.campaign, c.campaign),
    milestone: submissionRef(c.campaign, e.milestoneIndex, e.attempt),
    deadline: e.deadline,
  }),
  DisputeResolved: (e, c) => ({
    kind: "DisputeResolved",
    campaign: campaignRef(e.campaign, c.campaign),
    milestone: submissionRef(c.campaign, e.milestoneIndex, e.attempt),
    approved: e.approved,
    reason: arweaveLink(c.gatewayUrl, e.reason),
  }),
  DisputeLapsed: (e, c) => ({
    kind: "DisputeLapsed",
    campaign: campaignRef(e.campaign, c.campaign),
    milestone: submissionRef(c.campaign, e.milestoneIndex, e.attempt),
    deadline: e.deadline,
  }),
  CampaignCompleted: (e, c) => ({
    kind: "CampaignCompleted",
    campaign: campaignRef(e.campaign, c.campaign),
    releasedTotal: e.releasedTotal,
  }),
  StaleReviewOpened: (e, c) => ({
    kind: "StaleReviewOpened",
    campaign: campaignRef(e.campaign, c.campaign),
    round: e.round,
    milestone: milestoneRef(c.campaign, e.milestoneIndex),
    endsAt: e.endsAt,
    quorumWeight: quorumWeightOf(e.backerSupplySnapshot),
  }),
  StaleSupportAdded: (e, c) => {
    const review = c.campaign?.staleReview;
    return {
      kind: "StaleSupportAdded",
      campaign: campaignRef(e.campaign, c.campaign),
      round: e.round,
      supporter: e.owner,
      weight: e.weight,
      supportWeight: e.supportWeight,
      quorumWeight: review !== undefined && review.round === e.round ? quorumWeightOf(review.backerSupplySnapshot) : null,
    };
  },
  StaleReviewCancelled: (e, c) => ({
    kind: "StaleReviewEnded",
    campaign: campaignRef(e.campaign, c.campaign),
    round: e.round,
    outcome: "cancelled",
    supportWeight: null,
  }),
  StaleReviewRejected: (e, c) => ({
    kind: "StaleReviewEnded",
    campaign: campaignRef(e.campaign, c.campaign),
    round: e.round,
    outcome: "rejected",
    supportWeight: e.supportWeight,
  }),
  CampaignAbandoned: (e, c) => ({
    kind: "CampaignAbandoned",
    campaign: campaignRef(e.campaign, c.campaign),
    round: e.round,
    escrow: e.escrow,
    backerSupply: e.backerSupply,
  }),
  RefundClaimed: (e, c) => ({
    kind: "RefundsSummary",
    campaign: campaignRef(e.campaign, c.campaign),
    refundedTotal: e.refundedTotal,
    refundable: c.campaign === null ? null : c.campaign.raised - c.campaign.released,
  }),
  // Reward-pool events: announced to channels that follow the pool; individual stakes and claims are not.
  PoolCreated: (e, c) => ({
    kind: "PoolCreated",
    pool: poolRef(e.pool, c.pool),
    sponsor: e.sponsor,
    rewardTotal: e.rewardTotal,
    milestoneCount: e.milestoneCount,
    vesting: e.vesting,
    expiresAt: e.expiresAt,
  }),
  PoolFunded: (e, c) => ({ kind: "PoolFunded", pool: poolRef(e.pool, c.pool), amount: e.amount, funded: e.funded, rewardTotal: e.rewardTotal, activated: e.activated }),
  PoolStaked: none,
  PoolUnstaked: none,
  PoolRewardClaimed: none,
  PoolMilestoneSubmitted: (e, c) => ({
    kind: "PoolKpiSubmitted",
    pool: poolRef(e.pool, c.pool),
    kpi: kpiRef(c.pool, e.milestoneIndex, e.attempt),
    evidence: { ...arweaveLink(c.gatewayUrl, e.evidenceId), sha256: e.evidenceHash },
    windowEnd: e.windowEnd,
    flagThreshold: e.flagThreshold,
    quorumWeight: quorumWeightOf(e.stakedSnapshot),
  }),
  PoolFlagSubmitted: (e, c) => ({
    kind: "PoolFlagSubmitted",
    pool: poolRef(e.pool, c.pool),
    kpi: kpiRef(c.pool, e.milestoneIndex, e.attempt),
    flagger: e.owner,
    weight: e.weight,
    totalWeight: e.totalWeight,
    quorumWeight: e.quorumWeight,
    rationale: arweaveLink(c.gatewayUrl, e.rationale),
  }),
  PoolQuorumReached: (e, c) => ({ kind: "PoolQuorumReached", pool: poolRef(e.pool, c.pool), kpi: kpiRef(c.pool, e.milestoneIndex, e.attempt), totalWeight: e.totalWeight }),
  PoolWindowClosed: (e, c) => ({
    kind: "PoolWindowClosed",
    pool: poolRef(e.pool, c.pool),
    kpi: kpiRef(c.pool, e.milestoneIndex, e.attempt),
    flagWeight: e.flagWeight,
    quorumReached: e.quorumReached,
  }),
  PoolDisputeOpened: (e, c) => ({ kind: "PoolDisputeOpened", pool: poolRef(e.pool, c.pool), kpi: kpiRef(c.pool, e.milestoneIndex, e.attempt), deadline: e.deadline }),
  PoolDisputeResolved: (e, c) => ({
    kind: "PoolDisputeResolved",
    pool: poolRef(e.pool, c.pool),
    kpi: kpiRef(c.pool, e.milestoneIndex, e.attempt),
    approved: e.approved,
    reason: arweaveLink(c.gatewayUrl, e.reason),
  }),
  PoolDisputeLapsed: (e, c) => ({ kind: "PoolDisputeLapsed", pool: poolRef(e.pool, c.pool), kpi: kpiRef(c.pool, e.milestoneIndex, e.attempt), deadline: e.deadline }),
  PoolTrancheReleased: (e, c) => ({
    kind: "PoolTrancheReleased",
    pool: poolRef(e.pool, c.pool),
    kpi: e.milestoneIndex === VESTING_RELEASE ? null : { index: e.milestoneIndex, metric: c.pool?.milestones[e.milestoneIndex]?.kpi.metric ?? null },
    amount: e.amount,
    releasedTotal: e.releasedTotal,
    totalStaked: e.totalStaked,
  }),
  PoolCompleted: (e, c) => ({ kind: "PoolCompleted", pool: poolRef(e.pool, c.pool), releasedTotal: e.releasedTotal }),
  PoolClosed: (e, c) => ({ kind: "PoolClosed", pool: poolRef(e.pool, c.pool), reclaimed: e.reclaimed, releasedTotal: e.releasedTotal }),
};

/** The notice subscribed channels get for `event`, or `null` when it is not announced. */
export function noticeForEvent(event: ProgramEvent, context: NoticeContext): CampaignNotice | PoolNotice | null {
  // TypeScript cannot correlate the looked-up builder with the narrowed event; the table's type does.
  const build = BUILDERS[event.name] as (event: ProgramEvent, context: NoticeContext) => CampaignNotice | PoolNotice | null;
  return build(event, context);
}

/** The campaign a notice is about; `null` for an account notice. */
export function noticeCampaign(notice: Notice): string | null {
  return "campaign" in notice ? notice.campaign.address : null;
}

/** The reward pool a notice is about; `null` for campaign and account notices. */
export function noticePool(notice: Notice): string | null {
  return "pool" in notice ? notice.pool.address : null;
}

/** A notice's outcome for a relayed flag on a KPI submission, from the relayer's outcome. */
export function poolFlagOutcomeNotice(pool: PoolRef, kpi: KpiSubmissionRef, outcome: TxOutcome, rationale: ArweaveLink): PoolNotice {
  return {
    kind: "PoolFlagOutcome",
    pool,
    kpi,
    outcome:
      outcome.status === "confirmed"
        ? { status: "confirmed", signature: outcome.signature, rationale }
        : { status: "failed", code: outcome.code, signature: outcome.signature },
  };
}

/** A notice's outcome for a relayed flag, from the relayer's outcome. */
export function flagOutcomeNotice(
  campaign: CampaignRef,
  milestone: SubmissionRef,
  outcome: TxOutcome,
  rationale: ArweaveLink,
): CampaignNotice {
  return {
    kind: "FlagOutcome",
    campaign,
    milestone,
    outcome:
      outcome.status === "confirmed"
        ? { status: "confirmed", signature: outcome.signature, rationale }
        : { status: "failed", code: outcome.code, signature: outcome.signature },
  };
}

/**
 * What a wallet-signed transaction did, as its outcome notice carries it: the kind and the
 * few facts its words need, no amounts or ids (the notice links the transaction). `unknown`
 * is an action queued by an older version whose words could not be read back.
 */
export type SignedAction =
  | { readonly kind: "campaignCreate"; readonly submit: boolean }
  | { readonly kind: "campaignEdit"; readonly submit: boolean }
  | { readonly kind: "campaignSubmitForReview" }
  | { readonly kind: "campaignApprove" }
  | { readonly kind: "milestoneSubmit"; readonly milestoneIndex: number }
  | { readonly kind: "disputeResolve"; readonly milestoneIndex: number; readonly approve: boolean }
  | { readonly kind: "holderDeposit"; readonly delegate: boolean }
  | { readonly kind: "holderSetDelegate"; readonly delegate: boolean }
  | { readonly kind: "holderWithdraw" }
  | { readonly kind: "refundClaim" }
  | { readonly kind: "contribute" }
  | { readonly kind: "poolStake" }
  | { readonly kind: "poolUnstake" }
  | { readonly kind: "poolClaim" }
  | { readonly kind: "poolDisputeResolve"; readonly milestoneIndex: number; readonly approve: boolean }
  | { readonly kind: "unknown" };

/**
 * Which signed actions are about a reward pool: their outcome notice carries the pool's
 * address where a campaign's would be. A record over every kind, so a new kind must say.
 */
const ABOUT_A_POOL: Readonly<Record<SignedAction["kind"], boolean>> = {
  campaignCreate: false,
  campaignEdit: false,
  campaignSubmitForReview: false,
  campaignApprove: false,
  milestoneSubmit: false,
  disputeResolve: false,
  holderDeposit: false,
  holderSetDelegate: false,
  holderWithdraw: false,
  refundClaim: false,
  contribute: false,
  poolStake: true,
  poolUnstake: true,
  poolClaim: true,
  poolDisputeResolve: true,
  unknown: false,
};

/** Whether `action` is about a reward pool rather than a campaign. */
export function isPoolSignedAction(action: SignedAction): boolean {
  return ABOUT_A_POOL[action.kind];
}

/** The facts of `action` its outcome notice needs. */
export function signedAction(action: WalletAction): SignedAction {
  switch (action.kind) {
    case "campaignCreate":
    case "campaignEdit":
      return { kind: action.kind, submit: action.submit };
    case "campaignSubmitForReview":
    case "campaignApprove":
      return { kind: action.kind };
    case "milestoneSubmit":
      return { kind: action.kind, milestoneIndex: action.milestoneIndex };
    case "disputeResolve":
    case "poolDisputeResolve":
      return { kind: action.kind, milestoneIndex: action.milestoneIndex, approve: action.approve };
    case "holderDeposit":
      return { kind: action.kind, delegate: action.delegate !== undefined };
    case "holderSetDelegate":
      return { kind: action.kind, delegate: action.delegate !== null };
    case "holderWithdraw":
    case "refundClaim":
    case "contribute":
    case "poolStake":
    case "poolUnstake":
    case "poolClaim":
      return { kind: action.kind };
  }
}

/** The outcome notice of a wallet-signed transaction the bot finished on its own. */
export function signingOutcomeNotice(campaign: CampaignRef, action: WalletAction, outcome: TxOutcome): CampaignNotice {
  return {
    kind: "SigningOutcome",
    campaign,
    action: signedAction(action),
    outcome:
      outcome.status === "confirmed"
        ? { status: "confirmed", signature: outcome.signature }
        : { status: "failed", code: outcome.code, signature: outcome.signature },
  };
}
