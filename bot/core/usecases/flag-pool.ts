/**
 * A staker flags a reward pool's KPI submission from chat (`/flag <pool> <kpi>`). Every rule
 * `pool_flag` would refuse on is checked first, in the program's order, so the staker hears the
 * program's answer at once: not staked, or stake added during the window (`NoDeposit`); a flag
 * already on-chain (`AlreadyFlagged`); the relayer not the staker's delegate
 * (`NotHolderOrDelegate`); below 0.1% of the stake snapshot (`BelowFlagThreshold`);
 * `WindowClosed`. An accepted flag is then stored as a flag request, once per staker per
 * submission, and relayed as campaign flags are (`flag-relay.ts`): a restart mid-relay resumes
 * it, it goes out once, and the staker is told the outcome.
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import { poolFlagWeight, type PoolReader, type PoolView } from "../pools.js";
import type { ChatRef, Clock, Store } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { flagThreshold } from "../rules/flags.js";
import { checkFlagWindow } from "../rules/windows.js";
import { MAX_RATIONALE_CHARS, storeFlagRequest, type StoredFlag } from "./flag-request.js";

export interface PoolFlagDeps {
  readonly store: Store;
  readonly pools: Pick<PoolReader, "getPool" | "getStaker" | "hasFlagged">;
  readonly clock: Clock;
  /** The relayer's address: it flags as the delegate the staker named when staking. */
  readonly relayer: string;
}

export interface PoolFlagCommand {
  readonly chat: ChatRef;
  readonly pool: string;
  /** 0-based KPI index. */
  readonly milestoneIndex: number;
  /** The submission the user saw; omitted: the one under review now. */
  readonly attempt?: number;
  readonly rationale: string;
}

export type PoolFlagRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/** What `wallet`'s KPI flag would weigh, or the program's refusal; nothing is stored or sent. */
export async function checkPoolFlag(
  deps: Pick<PoolFlagDeps, "pools" | "clock" | "relayer">,
  command: { readonly wallet: string; readonly pool: string; readonly milestoneIndex: number; readonly attempt?: number },
): Promise<Result<{ weight: bigint; attempt: number; pool: PoolView }, ProgramErrorName | "AlreadyFlagged">> {
  // The instruction's accounts: the pool, the staker record, and a flag record `init` refuses twice.
  // All three at once when the command names its submission (a button under an announcement);
  // otherwise the flag record waits for the pool, which names the submission under review.
  const flaggedOn = (attempt: number) => deps.pools.hasFlagged(command.pool, command.milestoneIndex, attempt, command.wallet);
  const [pool, staker, flaggedNamed] = await Promise.all([
    deps.pools.getPool(command.pool),
    deps.pools.getStaker(command.pool, command.wallet),
    command.attempt === undefined ? Promise.resolve(false) : flaggedOn(command.attempt),
  ]);
  if (pool === null) return fail("InvalidPoolState");
  if (staker === null) return fail("NoDeposit");
  const milestone = pool.milestones[command.milestoneIndex];
  const attempt = command.attempt ?? milestone?.attempts;
  // A flag record exists only for a KPI that exists (pool_flag is atomic): no KPI, no read.
  if (command.attempt !== undefined ? flaggedNamed : attempt !== undefined && (await flaggedOn(attempt))) return fail("AlreadyFlagged");
  // validate_actor: the relayer signs as the staker's delegate.
  if (staker.delegate !== deps.relayer) return fail("NotHolderOrDelegate");
  if (pool.status !== "Active") return fail("InvalidPoolState");
  if (milestone === undefined || attempt === undefined) return fail("MilestoneNotFound");
  if (milestone.status !== "InReview") return fail("InvalidMilestoneState");
  if (attempt !== milestone.attempts) return fail("StaleSubmission");
  const window = checkFlagWindow(Math.floor(deps.clock.now().getTime() / 1000), milestone.windowEnd);
  if (!window.ok) return window;
  const weight = poolFlagWeight(staker, command.milestoneIndex, attempt);
  if (weight === 0n) return fail("NoDeposit");
  const threshold = flagThreshold(milestone.supplySnapshot);
  if (weight < threshold) return fail("BelowFlagThreshold", { deposited: weight.toString(), threshold: threshold.toString() });
  return ok({ weight, attempt, pool });
}

/** Checks the KPI flag and stores it as a flag request; returns it with the weight it will carry. */
export async function requestPoolFlag(
  deps: PoolFlagDeps,
  command: PoolFlagCommand,
): Promise<Result<StoredFlag & { subject: { pool: PoolView } }, PoolFlagRefusal>> {
  const rationale = command.rationale.trim();
  if (rationale.length === 0 || rationale.length > MAX_RATIONALE_CHARS) return fail("RationaleRequired");
  const link = await deps.store.links.findByUser(command.chat.platform, command.chat.userId);
  if (link === null) return fail("NotLinked");
  const checked = await checkPoolFlag(deps, { ...command, wallet: link.address });
  if (!checked.ok) return checked;
  const { weight, attempt, pool } = checked.value;
  const stored = await storeFlagRequest(deps, {
    chat: command.chat,
    wallet: link.address,
    subject: "POOL",
    campaign: command.pool,
    milestoneIndex: command.milestoneIndex,
    attempt,
    rationale,
    // The relay journal's key for this flag since pool flags were first relayed.
    idempotencyKey: `pool-flag:${command.pool}:${command.milestoneIndex}:${attempt}:${link.address}`,
    weight,
  });
  return stored.ok ? ok({ ...stored.value, subject: { pool } }) : stored;
}
