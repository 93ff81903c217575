/**
 * A reward pool's disputed KPI, resolved from chat as a campaign milestone's dispute is
 * (disputes.ts): the same team and admin-wallet checks, then `pool_dispute_resolve`'s rules
 * in the program's order, the written reason on Arweave, and a signing page for the admin
 * wallet. Approving releases the KPI's tranche to the stakers; rejecting lets the sponsor
 * re-submit.
 */
import type { PoolReader, PoolView } from "../pools.js";
import { fail, type Result } from "../result.js";
import { poolResolveRefusal } from "../rules/pool-actions.js";
import { prepareResolution, teamAdmin, type DisputeDeps, type ResolutionRequest, type ResolveCommand, type ResolveRefusal } from "./disputes.js";

/** A KPI resolution asked for in chat: the pool's address in place of the campaign's. */
export interface ResolveKpiCommand extends Omit<ResolveCommand, "campaign"> {
  readonly pool: string;
  /** The pool as the caller just read it (the chat command's `poolAt`); read here when omitted. */
  readonly read?: PoolView;
}

/** What resolving a KPI dispute needs: the pool's reader, beside what a campaign's needs. */
export interface KpiDisputeDeps extends DisputeDeps {
  readonly pools: Pick<PoolReader, "getPool">;
}

/**
 * Checks the team, the admin wallet and `pool_dispute_resolve`'s rules (admin account, then
 * pool state, KPI, open dispute, deadline), stores the reason with tags naming the pool, and
 * returns the admin wallet's signing page.
 */
export async function resolveKpiDispute(deps: KpiDisputeDeps, command: ResolveKpiCommand): Promise<Result<ResolutionRequest, ResolveRefusal>> {
  const decider = await teamAdmin(deps, command);
  if (!decider.ok) return decider;
  const { admin, reason } = decider.value;
  const pool = command.read ?? (await deps.pools.getPool(command.pool));
  if (pool === null) return fail("PoolNotFound");
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  // The admin is checked above against the chain's; the rule's own admin check then passes.
  const refused = poolResolveRefusal(pool, command.milestoneIndex, admin, admin, now);
  if (refused !== null) return fail(refused);
  return prepareResolution(deps, command, {
    subject: "Pool",
    address: command.pool,
    attempt: pool.milestones[command.milestoneIndex]?.attempts ?? 0,
    admin,
    reason,
    action: (reasonId) => ({ kind: "poolDisputeResolve", pool: command.pool, admin, milestoneIndex: command.milestoneIndex, approve: command.approve, reasonId }),
  });
}
