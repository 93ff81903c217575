/**
 * Reward pools in chat (docs/POOLS.md): /pools lists them, /pool shows one with its KPIs and,
 * for a linked wallet, its stake and claimable reward; /stake, /unstake and /claim answer the
 * caller only, with what the linked wallet will sign and the signing page.
 */
import { currentPoolMilestone, poolLabel, type PoolMilestoneView, type PoolView, type StakerView } from "../../core/pools.js";
import type { Result } from "../../core/result.js";
import { requestClaim, requestStake, requestUnstake, type PoolActionDeps, type PoolActionRequest, type PoolRefusal } from "../../core/usecases/pool-actions.js";
import { weightToQuorum } from "../../core/rules/flags.js";
import { defineCommand, type ParamSpec } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { percent, share, units } from "../format.js";
import { refusal, signingReply } from "../replies.js";
import { reply, type Reply, type Section } from "../reply.js";
import { bold, clip, code, line, time, type Line } from "../text.js";

const pool = { kind: "address", description: "Reward pool address (type to search)", required: true, suggest: "pool", placeholder: "pool address" } as const satisfies ParamSpec;
const amount = { kind: "amount", description: "Stake tokens, e.g. 12.5 (default: all)", required: false, maxLength: 32 } as const satisfies ParamSpec;

function poolDeps(deps: ChatDeps): PoolActionDeps {
  return { store: deps.store, pools: deps.pools, clock: deps.clock, random: deps.random, signing: deps.signing, relayer: { authority: deps.relayAuthority } };
}

function reward(p: PoolView, amount: bigint): string {
  return units(amount, p.rewardDecimals);
}

/** Where a KPI stands, in words. */
function kpiState(m: PoolMilestoneView, p: PoolView): Line {
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

/** One pool's status, with the caller's stake when their wallet is linked. */
async function poolStatus(deps: ChatDeps, p: PoolView, wallet: string | null): Promise<Reply> {
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

export const poolsCommand = defineCommand({
  name: "pools",
  description: "Reward pools: tranches released to stakers on verified KPIs",
  params: {},
  audience: "everyone",
  place: "both",
  private: false,
  async run(deps) {
    const pools = await deps.pools.listPools();
    const sections: Section[] = pools.slice(0, 10).map((p) => {
      const current = currentPoolMilestone(p);
      return {
        title: line`${poolLabel(p)} (${p.status})`,
        lines: [
          line`${code(p.address)}: ${reward(p, p.rewards.released)} of ${reward(p, p.rewardTotal)} released, ${units(p.rewards.totalStaked, p.stakeDecimals)} staked`,
          ...(current === null ? [] : [line`Now: KPI ${current.index + 1} ${current.title}, ${kpiState(current, p)}`]),
        ],
      };
    });
    return reply({
      title: line`Reward pools (${pools.length})`,
      lines: pools.length === 0 ? [line`None at the moment.`] : [],
      sections,
      buttons: pools.slice(0, 5).map((p) => ({ label: clip(`${poolLabel(p)}: status`, 60), run: { command: "pool", params: { pool: p.address } }, style: "secondary" as const })),
    });
  },
});

export const poolCommand = defineCommand({
  name: "pool",
  description: "A reward pool's KPIs, releases and your stake",
  params: { pool },
  audience: "everyone",
  place: "both",
  private: false,
  async run(deps, caller, p) {
    const found = await deps.pools.getPool(p.pool);
    if (found === null) return refusal("PoolNotFound");
    const link = await deps.store.links.findByUser(caller.chat.platform, caller.chat.userId);
    return poolStatus(deps, found, link?.address ?? null);
  },
});

/** What will be signed, in words. */
function summary(r: PoolActionRequest, relayer: string): Line[] {
  const s = r.summary;
  switch (s.kind) {
    case "stake":
      return [
        line`Stake ${bold(units(s.amount, s.decimals))}; your stake becomes ${units(s.stakedAfter, s.decimals)}. It earns from tranches released from now on.`,
        ...(s.consent ? [line`The PepFund relayer ${code(relayer)} becomes your delegate: it may flag KPI submissions for you, never move your tokens.`] : []),
      ];
    case "unstake":
      return [line`Unstake ${bold(units(s.amount, s.decimals))} back to your wallet; your stake becomes ${units(s.stakedAfter, s.decimals)}. Rewards earned stay claimable.`];
    case "claim":
      return [line`Claim ${bold(units(s.amount, s.decimals))} reward tokens into your wallet.`];
  }
}

async function answer(deps: ChatDeps, run: (deps: PoolActionDeps) => Promise<Result<PoolActionRequest, PoolRefusal>>): Promise<Reply> {
  const result = await run(poolDeps(deps));
  if (!result.ok) return refusal(result.code, result.details);
  const r = result.value;
  return signingReply({ title: [bold(r.pool.label)], lines: summary(r, deps.relayAuthority), wallet: r.wallet, url: r.signingUrl, expiresAt: r.expiresAt });
}

export const stakeCommand = defineCommand({
  name: "stake",
  description: "Stake in a reward pool (signed by your wallet)",
  params: { pool, amount },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  run: (deps, caller, p) => answer(deps, (d) => requestStake(d, { chat: caller.chat, pool: p.pool, ...(p.amount === undefined ? {} : { amount: p.amount }) })),
});

export const unstakeCommand = defineCommand({
  name: "unstake",
  description: "Take stake back from a reward pool (signed by your wallet)",
  params: { pool, amount: { ...amount, description: "Stake tokens, e.g. 12.5 (default: all staked)" } },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  run: (deps, caller, p) => answer(deps, (d) => requestUnstake(d, { chat: caller.chat, pool: p.pool, ...(p.amount === undefined ? {} : { amount: p.amount }) })),
});

export const claimCommand = defineCommand({
  name: "claim",
  description: "Claim your reward-pool rewards (signed by your wallet)",
  params: { pool },
  audience: "everyone",
  place: "both",
  private: true,
  personal: true,
  run: (deps, caller, p) => answer(deps, (d) => requestClaim(d, { chat: caller.chat, pool: p.pool })),
});
