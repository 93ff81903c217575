/**
 * One scheduler pass: read every campaign, ask the core what is due (scheduleDue), crank it
 * through the relayer and queue the notices. Time is the chain's own clock (the Clock
 * sysvar), not this machine's: a crank sent before the program's clock reaches the window's
 * end would be refused, and its idempotency key spent. Several replicas may run this at
 * once: each crank's relayer key and each notice's outbox dedupe key make it happen once.
 */
import { type Connection, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import type { ChainReader, ChatPlatforms, ChatTarget, Clock, Relayer, Store, TxOutcome } from "../core/ports.js";
import { announce, notify } from "../core/usecases/announce.js";
import { tellFollowers } from "../core/usecases/follows.js";
import type { PoolReader } from "../core/pools.js";
import { type DueCrank, poolCranksDue, scheduleDue } from "../core/usecases/schedule.js";
import type { Logger } from "./logger.js";

/** Byte offset of `unix_timestamp` in the Clock sysvar. */
const CLOCK_UNIX_TIMESTAMP_OFFSET = 32;

/** The chain's time (Unix seconds) at the latest confirmed slot. */
export async function chainTime(connection: Connection): Promise<number> {
  const clock = await connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed");
  if (clock === null) throw new Error("the Clock sysvar is missing");
  return Number(clock.data.readBigInt64LE(CLOCK_UNIX_TIMESTAMP_OFFSET));
}

/**
 * This machine's time moved by the chain's offset, as last observed: the clock the chat
 * answers check the program's rules at (a review window's end, the stale date). A localnet
 * or a lagging cluster may be minutes, or in tests days, away from this machine.
 */
export class ChainClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /**
   * The chain's time (Unix seconds) as just read. Whole seconds, read with some latency:
   * differences under {@link CLOCK_TOLERANCE_MS} are that jitter and are ignored, so the
   * clock does not step back and forth (a challenge issued a moment ago stays valid).
   */
  observe(chainSeconds: number): void {
    const offset = chainSeconds * 1000 + 500 - Date.now();
    if (Math.abs(offset - this.offsetMs) >= CLOCK_TOLERANCE_MS) this.offsetMs = offset;
  }
}

/** Chain and machine clocks closer than this are taken as agreeing. */
export const CLOCK_TOLERANCE_MS = 3_000;

/**
 * Program refusals that only mean "not yet" (the clock the simulation ran at had not reached
 * the end second), and an expiry that never landed: a later crank of the same milestone or
 * review must be able to try again, so it gets a fresh idempotency key.
 */
const RETRYABLE = new Set(["WindowOpen", "StaleReviewRunning", "FundraisingOpen", "DisputeNotLapsed", "TransactionExpired"]);

/**
 * Refusals that mean someone else already did it (a user, or a replica that read the chain
 * a moment earlier under another key): the crank's goal is met, not an error.
 */
const ALREADY_DONE: { readonly [K in DueCrank["kind"]]: ReadonlySet<string> } = {
  closeFundraising: new Set(["InvalidCampaignState"]),
  claimAllocation: new Set(["AllocationClaimed"]),
  finalizeMilestone: new Set(["InvalidMilestoneState"]),
  lapseDispute: new Set(["NoOpenDispute"]),
  finalizeStale: new Set(["NoStaleReview"]),
  finalizePool: new Set(["InvalidMilestoneState"]),
  lapsePoolDispute: new Set(["NoOpenDispute"]),
};

/** Sends one due crank through the relayer under `key`. */
function sendCrank(relayer: Relayer, crank: DueCrank, key: string): Promise<TxOutcome> {
  switch (crank.kind) {
    case "closeFundraising":
      return relayer.closeFundraising({ campaign: crank.campaign }, key);
    case "claimAllocation":
      return relayer.claimAllocation({ campaign: crank.campaign, protocol: crank.protocol }, key);
    case "finalizeMilestone":
      return relayer.finalizeMilestone({ campaign: crank.campaign, milestoneIndex: crank.milestoneIndex }, key);
    case "lapseDispute":
      return relayer.lapseDispute({ campaign: crank.campaign, milestoneIndex: crank.milestoneIndex }, key);
    case "finalizeStale":
      return relayer.finalizeStale({ campaign: crank.campaign }, key);
    case "finalizePool":
      return relayer.finalizePool({ pool: crank.pool, milestoneIndex: crank.milestoneIndex }, key);
    case "lapsePoolDispute":
      return relayer.lapsePoolDispute({ pool: crank.pool, milestoneIndex: crank.milestoneIndex }, key);
  }
}

function nothingLanded(outcome: TxOutcome): boolean {
  return outcome.status === "failed" && RETRYABLE.has(outcome.code) && (outcome.signature === null || outcome.code === "TransactionExpired");
}

/**
 * Per process: how many keys of each due crank were spent on a "not yet". After a restart
 * the count starts again at 0 and the spent keys answer their recorded refusal at once
 * (nothing is sent), so the first unspent key is reached within a few passes.
 */
export type CrankRetries = Map<string, number>;

export interface SchedulerDeps {
  readonly store: Pick<Store, "outbox" | "subscriptions" | "follows" | "timeline" | "transaction">;
  readonly chain: ChainReader;
  /** Reward pools whose KPI windows and disputes are cranked too; without it, only campaigns. */
  readonly pools?: Pick<PoolReader, "listPools">;
  readonly relayer: Relayer;
  /** Arweave gateway origin: a window-closing reminder links its evidence. */
  readonly gatewayUrl: string;
  readonly now: () => Promise<number>;
  /** Chats of the PepFund team, reminded of dispute deadlines. */
  readonly teamChats: readonly ChatTarget[];
  /** Where each platform's subscriptions are announced. */
  readonly platforms: ChatPlatforms;
  readonly log: Logger;
  /** Spent "not yet" keys per crank; one map per process, kept across passes. */
  readonly retries?: CrankRetries;
}

/** What one pass did. */
export interface SchedulerReport {
  readonly cranks: number;
  readonly confirmed: number;
  readonly notices: number;
}

export async function schedulerPass(deps: SchedulerDeps): Promise<SchedulerReport> {
  const now = await deps.now();
  const due = scheduleDue(await deps.chain.listCampaigns(), now, { gatewayUrl: deps.gatewayUrl });
  const poolCranks = deps.pools === undefined ? [] : poolCranksDue(await deps.pools.listPools(), now);
  let confirmed = 0;
  const retries = deps.retries ?? new Map<string, number>();
  for (const crank of [...due.cranks, ...poolCranks]) {
    const spent = retries.get(crank.key) ?? 0;
    const key = spent === 0 ? crank.key : `${crank.key}:retry:${spent}`;
    const outcome = await sendCrank(deps.relayer, crank, key);
    if (outcome.status === "confirmed") {
      confirmed += 1;
      retries.delete(crank.key);
      continue;
    }
    if (ALREADY_DONE[crank.kind].has(outcome.code)) {
      deps.log.info(`scheduler: ${key}: already done (${outcome.code})`);
      retries.delete(crank.key);
      continue;
    }
    deps.log.warn(`scheduler: ${key} failed: ${outcome.code}: ${outcome.message}`);
    if (nothingLanded(outcome)) retries.set(crank.key, spent + 1);
  }
  let notices = 0;
  for (const due_ of due.notices) {
    if (due_.audience === "subscribers") {
      // The timeline entry, the channels' and the followers' messages commit together.
      notices += await deps.store.transaction(async (store) => {
        const announced = await announce({ ...deps, store }, due_.notice, due_.dedupeKey, new Date(now * 1000));
        return announced.queued + (await tellFollowers({ ...deps, store }, due_.notice, due_.dedupeKey));
      });
    } else {
      for (const chat of deps.teamChats) if (await notify(deps, chat, due_.notice, due_.dedupeKey)) notices += 1;
    }
  }
  return { cranks: due.cranks.length + poolCranks.length, confirmed, notices };
}
