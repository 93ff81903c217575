/**
 * Reward pools in chat (docs/POOLS.md): /pools lists them, /pool shows one with its KPIs and,
 * for a linked wallet, its stake and claimable reward; /stake, /unstake and /claim answer the
 * caller only, with what the linked wallet will sign and the signing page.
 */
import { currentPoolMilestone, poolLabel } from "../../core/pools.js";
import type { Result } from "../../core/result.js";
import { requestClaim, requestStake, requestUnstake, type PoolActionDeps, type PoolActionRequest, type PoolRefusal } from "../../core/usecases/pool-actions.js";
import { defineCommand, type ParamSpec } from "../command.js";
import type { ChatDeps } from "../deps.js";
import { units } from "../format.js";
import { refusal, signingReply } from "../replies.js";
import { reply, type Reply, type Section } from "../reply.js";
import { bold, clip, code, line, type Line } from "../text.js";
import { kpiState, poolStatus, reward } from "../views/pool.js";

const pool = { kind: "address", description: "Reward pool address (type to search)", required: true, suggest: "pool", placeholder: "pool address" } as const satisfies ParamSpec;
const amount = { kind: "amount", description: "Stake tokens, e.g. 12.5 (default: all)", required: false, maxLength: 32 } as const satisfies ParamSpec;

function poolDeps(deps: ChatDeps): PoolActionDeps {
  return { store: deps.store, pools: deps.pools, clock: deps.clock, random: deps.random, signing: deps.signing, relayer: { authority: deps.relayAuthority } };
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
