/**
 * A flag asked for in chat, on every platform the same way: checked and stored
 * (`requestFlag` for a campaign's milestone, `requestPoolFlag` for a reward pool's KPI), then
 * relayed at once (`carryOutFlag`) while the caller is told each stage. When the relay cannot
 * finish now (the chain does not answer, the process is stopping) the request stays stored at
 * its last step and the resume worker finishes it and tells the flagger; the answer then says
 * so instead of failing.
 *
 * The outcome reaches the flagger once even when the process dies between recording it and
 * answering: the outcome is recorded with its notice, queued held ({@link ANSWER_GRACE_MS});
 * the caller withdraws it once the answer was delivered (`heldNotice`), and otherwise (a crash,
 * an answer the platform refused) the outbox sends it when the hold ends.
 */
import { carryOutFlag, outcomeMessage, type FlagRelayOutcome, type FlagResumeDeps, type FlagSubject } from "./flag-relay.js";
import { requestPoolFlag, type PoolFlagCommand, type PoolFlagDeps } from "./flag-pool.js";
import { requestFlag, type FlagCommand, type FlagDeps, type FlagRefusal, type StoredFlag } from "./flag-request.js";
import { ok, type Result } from "../result.js";
import { heldNotice, type HeldNotice } from "./notify.js";

/**
 * How long the outcome notice waits for the command's own answer before it is sent instead:
 * far longer than an answer takes (even one the platform slows down), short enough that a
 * flagger whose answer a crash lost hears the outcome within the minute.
 */
export const ANSWER_GRACE_MS = 30_000;

/** Where a flag stands while the caller waits. */
export type FlagStage = "uploading";

/** The end of a chat flag: relayed now (`relay`), or stored and left to the resume worker (`relay: null`). */
export interface FlagNowOutcome {
  readonly weight: bigint;
  readonly milestoneIndex: number;
  readonly relay: FlagRelayOutcome | null;
  /** The outcome's notice, held for the answer: withdraw it once the answer was delivered. */
  readonly heldNotice: HeldNotice | null;
}

/** How the caller hears a flag's progress. */
export interface FlagProgress {
  /** Hears each slow step as it starts; the step does not wait for it. */
  readonly onStage: (stage: FlagStage, weight: bigint) => Promise<void>;
  /** The progress could not be shown (the platform refused it): the flag goes on regardless. */
  readonly onProgressFailed: (error: Error) => void;
  readonly onInterrupted: (requestId: string, error: Error) => void;
}

/** Checks, stores and relays a flag on a campaign's milestone. */
export async function flagNow(
  deps: { readonly request: FlagDeps; readonly relay: FlagResumeDeps },
  command: FlagCommand,
  progress: FlagProgress,
): Promise<Result<FlagNowOutcome, FlagRefusal>> {
  return relayNow(deps.relay, await requestFlag(deps.request, command), progress);
}

/** Checks, stores and relays a flag on a reward pool's KPI submission. */
export async function flagPoolNow(
  deps: { readonly request: PoolFlagDeps; readonly relay: FlagResumeDeps },
  command: PoolFlagCommand,
  progress: FlagProgress,
): Promise<Result<FlagNowOutcome, FlagRefusal>> {
  return relayNow(deps.relay, await requestPoolFlag(deps.request, command), progress);
}

async function relayNow(
  deps: FlagResumeDeps,
  accepted: Result<StoredFlag & { subject: FlagSubject }, FlagRefusal>,
  progress: FlagProgress,
): Promise<Result<FlagNowOutcome, FlagRefusal>> {
  if (!accepted.ok) return accepted;
  const { request, weight, subject } = accepted.value;
  const { milestoneIndex } = request;
  // The caller's progress message (a platform round trip: an interaction edit, a Telegram
  // message) goes out while the rationale uploads instead of before it; the answer still
  // comes after it, since this returns only once it is done.
  const told = progress.onStage("uploading", weight).catch((error: unknown) => progress.onProgressFailed(error as Error));
  let held: HeldNotice | null = null;
  const holdNotice = async (done: FlagRelayOutcome) => {
    // Named from what the request's checks read: no read on the way to the answer.
    const message = await outcomeMessage(deps, request, done, { heldUntil: new Date(deps.clock.now().getTime() + ANSWER_GRACE_MS), subject });
    held = heldNotice(message);
    return message;
  };
  try {
    const relayed = await carryOutFlag(deps, request, holdNotice);
    // The request was just stored: only a concurrent delete could lose it.
    if (!relayed.ok) return relayed;
    // `held` stays null when a resume worker finished the request first: it told the flagger.
    return ok({ weight, milestoneIndex, relay: relayed.value, heldNotice: held });
  } catch (error) {
    // Stored at its last step: the resume worker finishes it once and tells the flagger.
    progress.onInterrupted(request.id, error as Error);
    return ok({ weight, milestoneIndex, relay: null, heldNotice: null });
  } finally {
    await told;
  }
}
