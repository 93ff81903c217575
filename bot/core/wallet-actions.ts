/** Wallet-signed actions, apart from ports.ts so notices can name them without a cycle. */
import type { EvidenceType } from "./views.js";

/** A milestone of a roadmap as the program takes it: texts only by their hash. */
export interface RoadmapMilestone {
  readonly title: string;
  /** Hex SHA-256 of the description (the text itself is in the texts document on Arweave). */
  readonly descriptionSha256: string;
  readonly evidenceType: EvidenceType;
  /** Share of the raise, basis points. */
  readonly shareBps: number;
  /** Estimated completion, Unix seconds. */
  readonly estimatedCompletion: number;
}

/** What `campaign_create` and `campaign_edit` write: the fundraising terms, the roadmap, the texts' binding. */
export interface CampaignTerms {
  /** Arweave id (base64url) of the texts document (campaign-texts.ts). */
  readonly metadataId: string;
  /** Hex SHA-256 of the texts document's bytes. */
  readonly metadataSha256: string;
  /** Fundraising goal, USDC base units. */
  readonly goal: bigint;
  /** Fundraising deadline, Unix seconds. */
  readonly deadline: number;
  readonly milestones: readonly RoadmapMilestone[];
}

/** The actions only the program's admin signs: a multisig may sign them instead (docs/MULTISIG.md). */
export const ADMIN_ACTION_KINDS = ["campaignApprove", "disputeResolve", "poolDisputeResolve"] as const;

/** Whether `action` is signed by the admin (and so may be handed to a multisig unsigned). */
export function isAdminAction(action: WalletAction): action is Extract<WalletAction, { kind: (typeof ADMIN_ACTION_KINDS)[number] }> {
  return (ADMIN_ACTION_KINDS as readonly string[]).includes(action.kind);
}

/**
 * An action only the user's own wallet may sign (the program requires that signer): the
 * chain adapter builds the transaction, the signing page has the wallet sign it, the
 * relayer adds the fee and sends it.
 */
export type WalletAction = CampaignWalletAction | PoolWalletAction;

/** Every wallet-signed action about a campaign (each names it). */
export type CampaignWalletAction =
  | {
      /** A new draft at PDA ["campaign", researcher, id]; `submit` also asks for review in the same signature. */
      readonly kind: "campaignCreate";
      readonly campaign: string;
      readonly researcher: string;
      readonly id: bigint;
      readonly terms: CampaignTerms;
      readonly submit: boolean;
    }
  | {
      /** Replaces a draft's (or a pending review's) terms; `submit` asks for review again in the same signature. */
      readonly kind: "campaignEdit";
      readonly campaign: string;
      readonly researcher: string;
      readonly terms: CampaignTerms;
      readonly submit: boolean;
    }
  | { readonly kind: "campaignSubmitForReview"; readonly campaign: string; readonly researcher: string }
  | {
      /** The admin's approval: the roadmap becomes immutable and fundraising opens. */
      readonly kind: "campaignApprove";
      readonly campaign: string;
      readonly admin: string;
    }
  | {
      readonly kind: "milestoneSubmit";
      readonly campaign: string;
      readonly researcher: string;
      readonly milestoneIndex: number;
      readonly evidenceId: string;
      /** Hex SHA-256 of the evidence bytes. */
      readonly evidenceSha256: string;
    }
  | {
      readonly kind: "disputeResolve";
      readonly campaign: string;
      readonly admin: string;
      readonly milestoneIndex: number;
      readonly approve: boolean;
      /** Arweave id of the written reasons. */
      readonly reasonId: string;
    }
  | {
      readonly kind: "holderDeposit";
      readonly campaign: string;
      readonly owner: string;
      readonly amount: bigint;
      /**
       * Also names this delegate, in the same transaction before the deposit (`holder_set_delegate`
       * then `holder_deposit`): a first deposit and the holder's consent in one signature.
       */
      readonly delegate?: string;
    }
  | { readonly kind: "holderSetDelegate"; readonly campaign: string; readonly owner: string; readonly delegate: string | null }
  | { readonly kind: "holderWithdraw"; readonly campaign: string; readonly owner: string; readonly amount: bigint }
  | {
      /**
       * USDC from the backer's USDC account into the campaign's vault, backer tokens 1:1 back.
       * The same transaction first opens the backer's backer-token account when it is missing
       * (idempotent create, rent paid by the backer: docs/SECURITY-MAP.md).
       */
      readonly kind: "contribute";
      readonly campaign: string;
      readonly backer: string;
      /** USDC base units. */
      readonly amount: bigint;
    }
  | {
      readonly kind: "refundClaim";
      readonly campaign: string;
      readonly owner: string;
      /** Backer tokens burned (those in the wallet, plus `withdraw`). */
      readonly tokens: bigint;
      /**
       * Deposited tokens first taken back to the wallet, in the same transaction
       * (`holder_withdraw` then `refund_claim`), so they are refunded too.
       */
      readonly withdraw?: bigint;
    };

/**
 * Wallet-signed actions on a reward pool (docs/POOLS.md): a staker's, and the admin's decision
 * on a disputed KPI. The claim first opens the staker's reward-token account when it is
 * missing (idempotent create, rent paid by the staker, as a contribution opens the
 * backer-token account).
 */
export type PoolWalletAction =
  | {
      readonly kind: "poolStake";
      readonly pool: string;
      readonly owner: string;
      /** Stake-mint base units. */
      readonly amount: bigint;
      /** The stake mint's decimals, for the words. */
      readonly decimals: number;
      /** Also names this delegate (the relayer) that may flag for the staker. */
      readonly delegate?: string;
    }
  | { readonly kind: "poolUnstake"; readonly pool: string; readonly owner: string; readonly amount: bigint; readonly decimals: number }
  | { readonly kind: "poolClaim"; readonly pool: string; readonly owner: string }
  | {
      /** The admin's decision on a disputed KPI: approve releases its tranche to the stakers. */
      readonly kind: "poolDisputeResolve";
      readonly pool: string;
      readonly admin: string;
      readonly milestoneIndex: number;
      readonly approve: boolean;
      /** Arweave id of the written reasons. */
      readonly reasonId: string;
    };

const POOL_ACTION_KINDS: ReadonlySet<WalletAction["kind"]> = new Set<PoolWalletAction["kind"]>(["poolStake", "poolUnstake", "poolClaim", "poolDisputeResolve"]);

/** Whether `action` is about a reward pool rather than a campaign. */
export function isPoolAction(action: WalletAction): action is PoolWalletAction {
  return POOL_ACTION_KINDS.has(action.kind);
}

/** The account an action is about: its campaign, or its pool. */
export function actionSubject(action: WalletAction): string {
  return isPoolAction(action) ? action.pool : action.campaign;
}
