/**
 * One scheduler pass: read every campaign, ask the core what is due (scheduleDue), crank it
 * through the relayer and queue the notices. Time is the chain's own clock (the Clock
 * sysvar), not this machine's: a crank sent before the program's clock reaches the window's
 * end would be refused, and its idempotency key spent. Several replicas may run this at
 * once: each crank's relayer key and each notice's outbox dedupe key make it happen once.
 */
import { type Connection, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import type { ChainReader, ChatTarget, Relayer, Repositories } from "../core/ports.js";
import { announce, notify } from "../core/usecases/announce.js";
import { scheduleDue } from "../core/usecases/schedule.js";
import type { Logger } from "./logger.js";

/** Byte offset of `unix_timestamp` in the Clock sysvar. */
const CLOCK_UNIX_TIMESTAMP_OFFSET = 32;

/** The chain's time (Unix seconds) at the latest confirmed slot. */
export async function chainTime(connection: Connection): Promise<number> {
  const clock = await connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed");
  if (clock === null) throw new Error("the Clock sysvar is missing");
  return Number(clock.data.readBigInt64LE(CLOCK_UNIX_TIMESTAMP_OFFSET));
}

export interface SchedulerDeps {
  readonly store: Pick<Repositories, "outbox" | "subscriptions">;
  readonly chain: ChainReader;
  readonly relayer: Relayer;
  readonly now: () => Promise<number>;
  /** Chats of the PepFund team, reminded of dispute deadlines. */
  readonly teamChats: readonly ChatTarget[];
  readonly log: Logger;
}

/** What one pass did. */
export interface SchedulerReport {
  readonly cranks: number;
  readonly confirmed: number;
  readonly notices: number;
}

export async function schedulerPass(deps: SchedulerDeps): Promise<SchedulerReport> {
  const due = scheduleDue(await deps.chain.listCampaigns(), await deps.now());
  let confirmed = 0;
  for (const crank of due.cranks) {
    const outcome =
      crank.kind === "finalizeMilestone"
        ? await deps.relayer.finalizeMilestone({ campaign: crank.campaign, milestoneIndex: crank.milestoneIndex }, crank.key)
        : await deps.relayer.finalizeStale({ campaign: crank.campaign }, crank.key);
    if (outcome.status === "confirmed") confirmed += 1;
    else deps.log.warn(`scheduler: ${crank.key} failed: ${outcome.code}`);
  }
  let notices = 0;
  for (const due_ of due.notices) {
    if (due_.audience === "subscribers") {
      notices += (await announce(deps, due_.notice, due_.dedupeKey)).queued;
    } else {
      for (const chat of deps.teamChats) if (await notify(deps, chat, due_.notice, due_.dedupeKey)) notices += 1;
    }
  }
  return { cranks: due.cranks.length, confirmed, notices };
}
