/**
 * A holder asks to flag the submission under review. Every rule the program would refuse
 * on is checked first, in the program's order (`flag_submit.rs`: its accounts, then its
 * checks), so the user hears the refusal the program would give, right away; an accepted
 * request is stored once per holder per submission (a double click adds nothing) and is
 * then carried out by the relay (a later stage), signed by the relayer as the holder's
 * delegate.
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import type { CampaignView, ChainReader, ChatRef, Clock, FlagRequestRecord, HolderView, Store } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { checkFlagWeight } from "../rules/flags.js";
import { admitRelayAction } from "../rules/rate-limit.js";
import { checkFlagWindow } from "../rules/windows.js";
import { holderSubject } from "./holder-subject.js";

/** Longest rationale accepted, in characters. */
export const MAX_RATIONALE_CHARS = 2_000;

/** A flag as asked for in chat. */
export interface FlagCommand {
  readonly chat: ChatRef;
  readonly campaign: string;
  /** 0-based milestone index. */
  readonly milestoneIndex: number;
  /**
   * The submission the user saw (1-based), e.g. carried by a button under an announcement;
   * omitted means the one under review now. An older one is `StaleSubmission`.
   */
  readonly attempt?: number;
  readonly rationale: string;
}

/** What flag requests need. */
export interface FlagDeps {
  readonly store: Store;
  readonly chain: ChainReader;
  readonly clock: Clock;
  /** The relayer's address: it may flag for a holder only as the holder's delegate. */
  readonly relayer: string;
}

/** Every refusal a flag request may get. */
export type FlagRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/** `HolderRecord::is_owner_or_delegate`: the owner, or the delegate when one is set. */
function mayActFor(holder: HolderView, signer: string): boolean {
  return signer === holder.owner || (holder.delegate !== null && signer === holder.delegate);
}

/** Checks eligibility and records the request; returns it with the weight it will carry. */
export async function requestFlag(
  deps: FlagDeps,
  command: FlagCommand,
): Promise<Result<StoredFlag & { subject: { campaign: CampaignView } }, FlagRefusal>> {
  // What the bot needs before it can build the instruction at all.
  const rationale = command.rationale.trim();
  if (rationale.length === 0 || rationale.length > MAX_RATIONALE_CHARS) return fail("RationaleRequired");
  // The instruction's accounts: campaign, holder record, and a flag record `init` refuses
  // twice. A flag record can only exist for a milestone that exists (flag_submit is atomic).
  // The stored request is looked up with it, beside the holder record; its answer comes
  // later, after the program's refusals. Both are the submission's: the key.
  const found = await holderSubject(deps, command.chat, command.campaign, {
    keyOf: (campaign) => (campaign === null ? command.attempt : campaign.milestones[command.milestoneIndex] === undefined ? undefined : attemptOf(command, campaign)),
    read: async (wallet, attempt) => {
      const [flagged, requested] = await Promise.all([
        deps.chain.hasFlagged(command.campaign, command.milestoneIndex, attempt, wallet),
        deps.store.flagRequests.findByKey(flagKey(command, attempt, wallet)),
      ]);
      return { flagged, requested };
    },
    // No such milestone: refused before anything is looked up or stored.
    none: { flagged: false, requested: undefined as FlagRequestRecord | null | undefined },
  });
  if (!found.ok) return found;
  const { wallet, campaign, holder, also } = found.value;
  if (holder === null) return fail("NotDeposited");
  if (also.flagged) return fail("AlreadyFlagged");
  const milestone = campaign.milestones[command.milestoneIndex];
  const attempt = attemptOf(command, campaign);

  // The instruction's checks, in its order.
  if (!mayActFor(holder, deps.relayer)) return fail("NotHolderOrDelegate");
  if (campaign.status !== "Active") return fail("InvalidCampaignState");
  if (milestone === undefined || attempt === undefined) return fail("MilestoneNotFound");
  if (milestone.status !== "InReview") return fail("InvalidMilestoneState");
  if (attempt !== milestone.attempts) return fail("StaleSubmission");
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const window = checkFlagWindow(now, milestone.windowEnd);
  if (!window.ok) return window;
  const weight = checkFlagWeight(holder.deposited, milestone.supplySnapshot);
  if (!weight.ok) return weight;

  const stored = await storeFlagRequest(
    deps,
    {
      chat: command.chat,
      wallet,
      subject: "CAMPAIGN",
      campaign: command.campaign,
      milestoneIndex: command.milestoneIndex,
      attempt,
      rationale,
      idempotencyKey: flagKey(command, attempt, wallet),
      weight: weight.value.weight,
    },
    also.requested,
  );
  return stored.ok ? ok({ ...stored.value, subject: { campaign } }) : stored;
}

/** The submission the command names: the one its button carried, or the one under review now. */
function attemptOf(command: FlagCommand, campaign: CampaignView): number | undefined {
  return command.attempt ?? campaign.milestones[command.milestoneIndex]?.attempts;
}

/** One flag request per holder per submission. */
function flagKey(command: Pick<FlagCommand, "campaign" | "milestoneIndex">, attempt: number, wallet: string): string {
  return `${command.campaign}:${command.milestoneIndex}:${attempt}:${wallet}`;
}

/** A flag that passed every check, ready to be stored: one per holder (or staker) per submission. */
export type CheckedFlag = Omit<FlagRequestRecord, "id" | "status" | "platform" | "userId" | "chatId" | "rationaleId" | "txSignature" | "errorCode"> & {
  readonly chat: ChatRef;
  readonly weight: bigint;
};

/** A stored flag request and the weight it will carry. */
export interface StoredFlag {
  readonly request: FlagRequestRecord;
  readonly weight: bigint;
}

/**
 * Stores a checked flag once, after the double-click and rate-limit checks. A campaign flag and
 * a reward pool's KPI flag both end here, so both are relayed and resumed the same way.
 * `requested`: the request already stored under the flag's key, when the caller looked it up.
 */
export async function storeFlagRequest(
  deps: Pick<FlagDeps, "store" | "clock">,
  flag: CheckedFlag,
  requested?: FlagRequestRecord | null,
): Promise<Result<StoredFlag, "FlagAlreadyRequested" | "RateLimited">> {
  const { chat, weight, ...request } = flag;
  // A double click is answered as one before anything is counted: at the rate limit the
  // holder must still hear that their flag is on its way, not that they asked too often.
  const earlier = requested === undefined ? await deps.store.flagRequests.findByKey(request.idempotencyKey) : requested;
  if (earlier !== null) return fail("FlagAlreadyRequested");

  // Last, so a refusal the program would give is heard first and only relayable flags count.
  const admitted = await admitRelayAction(deps.store.relayRates, { chat, wallet: request.wallet }, "flag", deps.clock.now());
  if (!admitted.ok) return admitted;
  const { record, created } = await deps.store.flagRequests.create({ ...request, platform: chat.platform, userId: chat.userId, chatId: chat.chatId });
  if (!created) {
    // A double click racing the first one past the check above: nothing new will be relayed.
    await admitted.value.withdraw();
    return fail("FlagAlreadyRequested");
  }
  return ok({ request: record, weight });
}
