/**
 * A flag asked for in chat, on every platform the same way: checked and stored
 * (`requestFlag`), then relayed at once (`carryOutFlag`) while the caller is told each
 * stage. When the relay cannot finish now (the chain does not answer, the process is
 * stopping) the request stays stored at its last step and the resume worker finishes it
 * and tells the holder; the answer then says so instead of failing.
 */
import type { FlagRelayOutcome } from "./flag-relay.js";
import { carryOutFlag, type FlagRelayDeps } from "./flag-relay.js";
import { requestFlag, type FlagCommand, type FlagDeps, type FlagRefusal } from "./flag-request.js";
import { ok, type Result } from "../result.js";

/** Where a flag stands while the caller waits. */
export type FlagStage = "uploading";

/** The end of a chat flag: relayed now (`relay`), or stored and left to the resume worker (`relay: null`). */
export interface FlagNowOutcome {
  readonly weight: bigint;
  readonly milestoneIndex: number;
  readonly relay: FlagRelayOutcome | null;
}

/** Checks, stores and relays a flag; `onStage` hears each slow step before it starts. */
export async function flagNow(
  deps: { readonly request: FlagDeps; readonly relay: FlagRelayDeps },
  command: FlagCommand,
  onStage: (stage: FlagStage, weight: bigint) => Promise<void>,
  onInterrupted: (requestId: string, error: Error) => void,
): Promise<Result<FlagNowOutcome, FlagRefusal>> {
  const accepted = await requestFlag(deps.request, command);
  if (!accepted.ok) return accepted;
  const { request, weight } = accepted.value;
  await onStage("uploading", weight);
  try {
    const relayed = await carryOutFlag(deps.relay, request.id);
    // The request was just stored: only a concurrent delete could lose it.
    if (!relayed.ok) return relayed;
    return ok({ weight, milestoneIndex: command.milestoneIndex, relay: relayed.value });
  } catch (error) {
    // Stored at its last step: the resume worker finishes it once and tells the holder.
    onInterrupted(request.id, error as Error);
    return ok({ weight, milestoneIndex: command.milestoneIndex, relay: null });
  }
}
