/**
 * A reward pool's status as chat and the public page show it (docs/POOLS.md): funding and
 * releases, each KPI's metric, target, source and review state, and, for a linked wallet, its
 * stake and what it could claim now.
 */
import { poolLabel, type PoolMilestoneView, type PoolReader, type PoolView, type StakerView } from "../../core/pools.js";
import { weightToQuorum } from "../../core/rules/flags.js";
import { percent, share, units } from "../format.js";
import { reply, type Reply, type Section } from "../reply.js";
import { bold, code, line, time, type Line } from "../text.js";

export function reward(p: PoolView, amount: bigint): string {
  return units(amount, p.rewardDecimals);
}

/** Where a KPI stands, in words. */
export function kpiState(m: PoolMilestoneView, p: PoolView): Line {
  switch (m.status) {
    case "Pending":
      return m.attempts === 0 ? line`not submitted yet (estimated ${time(m.estimatedCompletion)})` : line`re-submission awaited (${m.attempts} so far)`;
    case "InReview": {
      const quorum = weightToQuorum(0n, m.backerSupplySnapshot);
      return line`in review until ${time(m.windowEnd)}: flags ${units(m.flagWeight, p.stakeDecimals)} of ${units(quorum, p.stakeDecimals)} quorum`;
    }
    case "Disputed":
      return line`disputed; decision by ${time(m.disputeDeadline)}`;
    case "Released":
      return line`released: ${reward(p, m.releasedAmount)} to stakers`;
  }
}

function kpiSection(m: PoolMilestoneView, p: PoolView): Section {
  return {
    title: line`KPI ${m.index + 1}: ${m.title} (${share(m.shareBps)})`,
    lines: [line`${code(m.kpi.metric)} reaches ${m.kpi.target.toString()}, read from ${code(m.kpi.dataSource)}`, kpiState(m, p)],
  };
}

function stakerLines(p: PoolView, s: StakerView | null): Line[] {
  if (s === null) return [line`Your linked wallet has no stake here: ${{ kind: "command", name: "stake" }} to earn from the next released tranche.`];
  return [
    line`Your stake: ${bold(units(s.staked, p.stakeDecimals))}; claimable now: ${bold(reward(p, s.claimable))}; claimed so far: ${reward(p, s.claimed)}.`,
    ...(s.lockedUntil > 0 ? [line`Locked by your flag until ${time(s.lockedUntil)}.`] : []),
  ];
}

/** One pool's status, with the caller's stake when their wallet is linked (`null`: no wallet, as on the public page). */
export async function poolStatus(deps: { readonly pools: PoolReader }, p: PoolView, wallet: string | null): Promise<Reply> {
  const staker = wallet === null ? null : await deps.pools.getStaker(p.address, wallet);
  const vesting = p.vesting;
  return reply({
    title: line`${bold(poolLabel(p))}`,
    lines: [
      line`${code(p.address)}: ${p.status}. Sponsor ${code(p.sponsor)}.`,
      ...(vesting === null ? [] : [line`Vesting pool (comparison): nothing before ${time(vesting.cliff)}, linear to ${time(vesting.end)}.`]),
      ...(wallet === null ? [] : stakerLines(p, staker)),
    ],
    facts: [
      { label: "Reward", value: line`${reward(p, p.funded)} of ${reward(p, p.rewardTotal)} funded` },
      { label: "Released to stakers", value: line`${reward(p, p.rewards.released)} (${percent(p.rewards.released, p.rewardTotal)})` },
      { label: "Staked", value: line`${units(p.rewards.totalStaked, p.stakeDecimals)}` },
      { label: "Expires", value: line`${time(p.expiresAt)}` },
    ],
    bars: [{ label: "Released", part: p.rewards.released, whole: p.rewardTotal, caption: line`${reward(p, p.rewards.released)} of ${reward(p, p.rewardTotal)}` }],
    sections: p.milestones.map((m) => kpiSection(m, p)),
    buttons: [
      { label: "Stake", run: { command: "stake", params: { pool: p.address } } },
      { label: "Claim", run: { command: "claim", params: { pool: p.address } }, style: "secondary" },
    ],
  });
}

