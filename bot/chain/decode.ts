/**
 * Decoded accounts (Anchor TS shapes: BN integers, `{ variant: {} }` enums, byte arrays)
 * to the core's views: u64 as bigint, i64 and small integers as number, Arweave ids as
 * their 43-character base64url text, hashes as lowercase hex, all-zero ids as `null`.
 */
import type { BN, IdlAccounts, IdlTypes } from "@coral-xyz/anchor";
import type { PublicKey } from "@solana/web3.js";
import type {
  CampaignStatus,
  CampaignView,
  EvidenceType,
  HolderView,
  MilestoneView,
  ResearcherView,
} from "../core/ports.js";
import type { MilestoneStatus } from "../core/rules/windows.js";
import type { Pepfund } from "./program.js";

/** A decoded `Campaign` account. */
export type CampaignAccount = IdlAccounts<Pepfund>["campaign"];
/** A decoded `HolderRecord` account. */
export type HolderAccount = IdlAccounts<Pepfund>["holderRecord"];
/** A decoded `ResearcherRecord` account. */
export type ResearcherAccount = IdlAccounts<Pepfund>["researcherRecord"];
type MilestoneAccount = IdlTypes<Pepfund>["milestone"];

/** A u64 as bigint (exact at any size). */
export function u64(value: BN): bigint {
  return BigInt(value.toString());
}

/** An i64 Unix time as number (exact: times stay far below 2^53). */
export function i64(value: BN): number {
  return value.toNumber();
}

function isZero(bytes: readonly number[]): boolean {
  return bytes.every((b) => b === 0);
}

/** 32 raw bytes as an Arweave id (unpadded base64url), or `null` when unset (all zero). */
export function arweaveId(bytes: readonly number[]): string | null {
  return isZero(bytes) ? null : Buffer.from(bytes).toString("base64url");
}

/** 32 raw bytes as lowercase hex, or `null` when unset (all zero). */
export function hexHash(bytes: readonly number[]): string | null {
  return isZero(bytes) ? null : Buffer.from(bytes).toString("hex");
}

/** A default (all-zero) key means "none". */
export function optionalKey(key: PublicKey): string | null {
  return isZero([...key.toBytes()]) ? null : key.toBase58();
}

/** The variant name of a decoded Anchor enum (`{ inReview: {} }` -> `"InReview"`). */
function variant<T extends string>(value: object): T {
  const [name] = Object.keys(value);
  if (name === undefined) throw new TypeError("decoded enum has no variant");
  return (name.charAt(0).toUpperCase() + name.slice(1)) as T;
}

export function milestoneView(m: MilestoneAccount, index: number): MilestoneView {
  return {
    index,
    title: m.title,
    descriptionSha256: Buffer.from(m.descriptionHash).toString("hex"),
    evidenceType: variant<EvidenceType>(m.evidenceType),
    shareBps: m.shareBps,
    estimatedCompletion: i64(m.estimatedCompletion),
    status: variant<MilestoneStatus>(m.status),
    attempts: m.attempts,
    submittedAt: i64(m.submittedAt),
    windowEnd: i64(m.windowEnd),
    supplySnapshot: u64(m.supplySnapshot),
    backerSupplySnapshot: u64(m.backerSupplySnapshot),
    flagWeight: u64(m.flagWeight),
    flagCount: m.flagCount,
    disputeDeadline: i64(m.disputeDeadline),
    evidenceId: arweaveId(m.evidenceId),
    evidenceHash: hexHash(m.evidenceHash),
    releasedAmount: u64(m.releasedAmount),
    rejectionReasonId: arweaveId(m.rejectionReason),
  };
}

/**
 * Backer tokens in existence, from the account alone: minted 1:1 for USDC raised and burned
 * only by refunds (1:1 after a failed raise; after abandonment the snapshot counts them), so
 * a refund preview knows when a claim redeems the last tokens and takes the rounding dust.
 */
function backerSupply(c: CampaignAccount): bigint {
  const status = variant<CampaignStatus>(c.status);
  if (status === "Abandoned") return u64(c.abandonment.backerSupply) - u64(c.abandonment.tokensRedeemed);
  if (status === "Failed") return u64(c.raised) - u64(c.refunded);
  return u64(c.raised);
}

/** The campaign at `address`; `escrow` is the vault's token balance, read beside it. */
export function campaignView(address: PublicKey, c: CampaignAccount, escrow: bigint): CampaignView {
  return {
    address: address.toBase58(),
    researcher: c.researcher.toBase58(),
    id: u64(c.id),
    metadataId: arweaveId(c.metadata),
    metadataSha256: Buffer.from(c.metadataHash).toString("hex"),
    status: variant<CampaignStatus>(c.status),
    goal: u64(c.goal),
    deadline: i64(c.deadline),
    raised: u64(c.raised),
    released: u64(c.released),
    refunded: u64(c.refunded),
    escrow,
    backerSupply: backerSupply(c),
    allocations: {
      researcher: { amount: u64(c.researcherAllocation), claimed: c.researcherAllocationClaimed },
      protocol: { amount: u64(c.protocolAllocation), claimed: c.protocolAllocationClaimed },
    },
    staleReview: {
      round: c.staleReview.round,
      active: c.staleReview.active,
      milestoneIndex: c.staleReview.milestoneIndex,
      endsAt: i64(c.staleReview.endsAt),
      supportWeight: u64(c.staleReview.supportWeight),
      backerSupplySnapshot: u64(c.staleReview.backerSupplySnapshot),
    },
    milestones: c.milestones.map(milestoneView),
  };
}

export function holderView(h: HolderAccount): HolderView {
  return {
    owner: h.owner.toBase58(),
    deposited: u64(h.deposited),
    delegate: optionalKey(h.delegate),
    lockedUntil: i64(h.lockedUntil),
  };
}

export function researcherView(r: ResearcherAccount): ResearcherView {
  return {
    researcher: r.researcher.toBase58(),
    campaignsCreated: r.campaignsCreated,
    campaignsCompleted: r.campaignsCompleted,
    campaignsAbandoned: r.campaignsAbandoned,
    milestonesReleased: r.milestonesReleased,
    disputesOpened: r.disputesOpened,
    submissionsRejected: r.submissionsRejected,
    disputesLapsed: r.disputesLapsed,
  };
}
