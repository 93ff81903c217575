/**
 * A staker flags a reward pool's KPI submission from chat (`/flag <pool> <kpi>`): every rule
 * `pool_flag` would refuse on is checked first, in the program's order, so the staker hears the
 * program's answer at once (not staked and stake added during the window: `NoDeposit`; the
 * relayer not the staker's delegate: `NotHolderOrDelegate`; below 0.1% of the stake snapshot:
 * `BelowFlagThreshold`; `WindowClosed`); then the rationale is stored on Arweave and the flag
 * relayed under one key per staker per submission (the relay journal sends it once).
 * Not yet kept as a durable request: a relay interrupted by a restart is not resumed.
 */
import type { ProgramErrorName } from "../codes.js";
import { arweaveLink, type ArweaveLink } from "../notices.js";
import { poolFlagWeight, type PoolReader } from "../pools.js";
import type { Clock, EvidenceStore, Relayer, TxOutcome } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { flagThreshold } from "../rules/flags.js";
import { checkFlagWindow } from "../rules/windows.js";
import { MAX_RATIONALE_CHARS } from "./flag-request.js";

export interface PoolFlagDeps {
  readonly pools: Pick<PoolReader, "getPool" | "getStaker">;
  readonly clock: Clock;
  readonly relayer: Relayer;
  readonly evidence: EvidenceStore;
  readonly gatewayUrl: string;
}

export interface PoolFlagCommand {
  /** The staker's linked wallet. */
  readonly wallet: string;
  readonly pool: string;
  /** 0-based KPI index. */
  readonly milestoneIndex: number;
  /** The submission the user saw; omitted: the one under review now. */
  readonly attempt?: number;
  readonly rationale: string;
}

export type PoolFlagRefusal = ProgramErrorName | "RationaleRequired";

/** What a KPI flag would weigh, or the program's refusal; nothing is sent. */
export async function checkPoolFlag(
  deps: Pick<PoolFlagDeps, "pools" | "clock" | "relayer">,
  command: Omit<PoolFlagCommand, "rationale">,
): Promise<Result<{ weight: bigint; attempt: number }, PoolFlagRefusal>> {
  const pool = await deps.pools.getPool(command.pool);
  if (pool === null) return fail("InvalidPoolState");
  // The accounts: the staker record must exist.
  const staker = await deps.pools.getStaker(command.pool, command.wallet);
  if (staker === null) return fail("NoDeposit");
  // validate_actor: the relayer signs as the staker's delegate.
  if (staker.delegate !== deps.relayer.authority) return fail("NotHolderOrDelegate");
  if (pool.status !== "Active") return fail("InvalidPoolState");
  const milestone = pool.milestones[command.milestoneIndex];
  if (milestone === undefined) return fail("MilestoneNotFound");
  if (milestone.status !== "InReview") return fail("InvalidMilestoneState");
  const attempt = command.attempt ?? milestone.attempts;
  if (attempt !== milestone.attempts) return fail("StaleSubmission");
  const window = checkFlagWindow(Math.floor(deps.clock.now().getTime() / 1000), milestone.windowEnd);
  if (!window.ok) return window;
  const weight = poolFlagWeight(staker, command.milestoneIndex, attempt);
  if (weight === 0n) return fail("NoDeposit");
  const threshold = flagThreshold(milestone.supplySnapshot);
  if (weight < threshold) return fail("BelowFlagThreshold", { deposited: weight.toString(), threshold: threshold.toString() });
  return ok({ weight, attempt });
}

/** Checks, stores the rationale on Arweave, and relays the flag; the program's answer when it refuses. */
export async function flagPoolKpi(
  deps: PoolFlagDeps,
  command: PoolFlagCommand,
): Promise<Result<{ weight: bigint; attempt: number; outcome: TxOutcome; rationale: ArweaveLink }, PoolFlagRefusal>> {
  const text = command.rationale.trim();
  if (text.length === 0 || text.length > MAX_RATIONALE_CHARS) return fail("RationaleRequired");
  const checked = await checkPoolFlag(deps, command);
  if (!checked.ok) return checked;
  const { weight, attempt } = checked.value;
  const { id } = await deps.evidence.upload(new TextEncoder().encode(text), "text/plain; charset=utf-8", {
    Type: "flag-rationale",
    Pool: command.pool,
    Milestone: String(command.milestoneIndex),
    Attempt: String(attempt),
  });
  const key = `pool-flag:${command.pool}:${command.milestoneIndex}:${attempt}:${command.wallet}`;
  const outcome = await deps.relayer.poolFlag({ pool: command.pool, owner: command.wallet, milestoneIndex: command.milestoneIndex, attempt, rationaleId: id }, key);
  return ok({ weight, attempt, outcome, rationale: arweaveLink(deps.gatewayUrl, id) });
}
