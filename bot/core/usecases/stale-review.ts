/**
 * A holder acts on a stale campaign (a milestone 90 days past its estimate with nothing
 * accepted): opens the review when none is running, else supports the running one. The
 * relayer signs as the holder's delegate, so eligibility is checked first, in the program's
 * order (`stale_open` / `stale_support`: accounts, then checks).
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import type { CampaignView, ChainReader, ChatRef, Clock, Relayer, Repositories, TxOutcome } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { checkStaleEligible } from "../rules/windows.js";
import { admitRelayAction } from "../rules/rate-limit.js";
import { holderSubject } from "./holder-subject.js";

/** What stale actions need. */
export interface StaleDeps {
  readonly store: Pick<Repositories, "links" | "audit" | "relayRates">;
  readonly chain: ChainReader;
  readonly relayer: Relayer;
  readonly clock: Clock;
}

/** What was done. */
export interface StaleActionOutcome {
  readonly action: "opened" | "supported";
  readonly round: number;
  /** The holder's deposit: the weight of their support. */
  readonly weight: bigint;
  readonly outcome: TxOutcome;
}

/** Every refusal a stale action may get. */
export type StaleRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/** The round a vote now counts in: the open review's, or the next one it would open. */
function voteRound(campaign: CampaignView): number {
  const review = campaign.staleReview;
  return review.active ? review.round : review.round + 1;
}

/** Opens or supports the stale review of `campaign` for the caller's linked wallet. */
export async function staleAction(
  deps: StaleDeps,
  command: { readonly chat: ChatRef; readonly campaign: string },
): Promise<Result<StaleActionOutcome, StaleRefusal>> {
  // The stale_vote account for (round, owner) is `init`: a second one is refused. It is read
  // beside the holder record when the campaign as last read names the same round.
  const found = await holderSubject(deps, command.chat, command.campaign, {
    keyOf: (campaign) => (campaign === null ? undefined : voteRound(campaign)),
    read: (wallet, round) => deps.chain.hasSupportedStale(command.campaign, round, wallet),
    none: false,
  });
  if (!found.ok) return found;
  const { wallet, campaign, holder, also: supported } = found.value;
  if (holder === null) return fail("NotDeposited");
  const review = campaign.staleReview;
  const opening = !review.active;
  const round = voteRound(campaign);
  if (supported) return fail("AlreadySupported");

  if (holder.owner !== deps.relayer.authority && holder.delegate !== deps.relayer.authority) return fail("NotHolderOrDelegate");
  if (campaign.status !== "Active") return fail("InvalidCampaignState");
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  if (opening) {
    const current = campaign.milestones.find((m) => m.status !== "Released");
    if (current === undefined) return fail("NotStale");
    const eligible = checkStaleEligible(current, now);
    if (!eligible.ok) return eligible;
  } else if (now >= review.endsAt) {
    return fail("StaleReviewEnded");
  }
  if (holder.deposited === 0n) return fail("NoDeposit");
  const admitted = await admitRelayAction(deps.store.relayRates, { chat: command.chat, wallet: wallet }, "stale", deps.clock.now());
  if (!admitted.ok) return admitted;

  const input = { campaign: command.campaign, owner: wallet, round };
  const key = `stale:${command.campaign}:${round}:${wallet}`;
  const outcome = opening ? await deps.relayer.staleOpen(input, key) : await deps.relayer.staleSupport(input, key);
  await deps.store.audit.record({
    at: deps.clock.now(),
    action: opening ? "stale.open" : "stale.support",
    platform: command.chat.platform,
    userId: command.chat.userId,
    subject: command.campaign,
    details: { round: String(round), wallet: wallet, outcome: outcome.status, signature: outcome.signature ?? "" },
  });
  return ok({ action: opening ? "opened" : "supported", round, weight: holder.deposited, outcome });
}
