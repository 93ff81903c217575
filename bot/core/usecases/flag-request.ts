/**
 * A holder asks to flag the submission under review. Every rule the program would refuse
 * on is checked first, in the program's order, so the user hears why right away; an
 * accepted request is stored once per holder per submission (a double click adds nothing)
 * and is then carried out by the relay (a later stage).
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import type { ChainReader, ChatRef, Clock, FlagRequestRecord, Store } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { checkFlagWeight } from "../rules/flags.js";
import { checkFlagWindow } from "../rules/windows.js";
import { decodeAddress } from "../linking/encoding.js";

/** Longest rationale accepted, in characters. */
export const MAX_RATIONALE_CHARS = 2_000;

/** A flag as asked for in chat. */
export interface FlagCommand {
  readonly chat: ChatRef;
  readonly campaign: string;
  /** 0-based milestone index. */
  readonly milestoneIndex: number;
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

/** Checks eligibility and records the request; returns it with the weight it will carry. */
export async function requestFlag(
  deps: FlagDeps,
  command: FlagCommand,
): Promise<Result<{ request: FlagRequestRecord; weight: bigint }, FlagRefusal>> {
  const rationale = command.rationale.trim();
  if (rationale.length === 0 || rationale.length > MAX_RATIONALE_CHARS) return fail("RationaleRequired");
  const link = await deps.store.links.findByUser(command.chat.platform, command.chat.userId);
  if (link === null) return fail("NotLinked");
  if (decodeAddress(command.campaign) === null) return fail("CampaignNotFound");
  const campaign = await deps.chain.getCampaign(command.campaign);
  if (campaign === null) return fail("CampaignNotFound");
  if (campaign.status !== "Active") return fail("InvalidCampaignState");
  const milestone = campaign.milestones[command.milestoneIndex];
  if (milestone === undefined) return fail("MilestoneNotFound");
  if (milestone.status !== "InReview") return fail("InvalidMilestoneState");
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const window = checkFlagWindow(now, milestone.windowEnd);
  if (!window.ok) return window;
  const holder = await deps.chain.getHolder(command.campaign, link.address);
  if (holder === null) return fail("NoDeposit");
  if (holder.delegate !== deps.relayer) return fail("NotHolderOrDelegate");
  const weight = checkFlagWeight(holder.deposited, milestone.supplySnapshot);
  if (!weight.ok) return weight;
  const idempotencyKey = `${command.campaign}:${command.milestoneIndex}:${milestone.attempts}:${link.address}`;
  const { record, created } = await deps.store.flagRequests.create({
    idempotencyKey,
    platform: command.chat.platform,
    userId: command.chat.userId,
    chatId: command.chat.chatId,
    wallet: link.address,
    campaign: command.campaign,
    milestoneIndex: command.milestoneIndex,
    attempt: milestone.attempts,
    rationale,
  });
  if (!created) return fail("FlagAlreadyRequested");
  return ok({ request: record, weight: weight.value.weight });
}
