/**
 * What a staker does from chat with a reward pool (docs/POOLS.md): stake, unstake and claim.
 * Only the staker's wallet may sign these, so each becomes a signing request for the linked
 * wallet, checked first against the chain in the program's order so the chat answer is what
 * the program would say. A first stake also names the relayer as the staker's delegate, so
 * KPI flags can be relayed (as a first campaign deposit does).
 */
import type { BotErrorCode, LinkErrorCode, ProgramErrorName } from "../codes.js";
import { decodeAddress } from "../linking/encoding.js";
import { poolLabel, type PoolReader, type PoolView, type StakerView } from "../pools.js";
import type { ChatRef, Relayer, Repositories, WalletAction } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { createSigningRequest, type SigningDeps } from "./signing-requests.js";

const MAX_U64 = 2n ** 64n - 1n;

export interface PoolActionDeps extends SigningDeps {
  readonly store: Pick<Repositories, "links" | "signingRequests" | "audit" | "relayRates">;
  readonly pools: PoolReader;
  readonly relayer: Pick<Relayer, "authority">;
}

export type PoolRefusal = ProgramErrorName | LinkErrorCode | BotErrorCode;

/** What the wallet will sign, for the chat answer; amounts in base units of the pool's mints. */
export type PoolActionSummary =
  | { readonly kind: "stake"; readonly amount: bigint; readonly stakedAfter: bigint; readonly decimals: number; readonly consent: boolean }
  | { readonly kind: "unstake"; readonly amount: bigint; readonly stakedAfter: bigint; readonly decimals: number }
  | { readonly kind: "claim"; readonly amount: bigint; readonly decimals: number };

export interface PoolActionRequest {
  readonly signingUrl: string;
  readonly expiresAt: Date;
  readonly pool: { readonly address: string; readonly label: string };
  readonly wallet: string;
  readonly summary: PoolActionSummary;
}

interface PoolCommand {
  readonly chat: ChatRef;
  readonly pool: string;
}

interface PoolSubject {
  readonly wallet: string;
  readonly pool: PoolView;
  readonly staker: StakerView | null;
}

/** `"12.5"` -> base units of a mint with `decimals` decimals; `null` when not such a number within a u64. */
export function parseUnits(text: string, decimals: number): bigint | null {
  const match = /^(\d{1,20})(?:\.(\d+))?$/.exec(text.trim().replaceAll(",", ""));
  if (match === null || (match[2] ?? "").length > decimals) return null;
  const amount = BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt((match[2] ?? "").padEnd(decimals, "0") || "0");
  return amount > MAX_U64 ? null : amount;
}

/** An optional amount: absent or "all" means all; present must parse. */
function optionalAmount(text: string | undefined, decimals: number): Result<bigint | null, "AmountMalformed"> {
  if (text === undefined || text.trim() === "" || text.trim().toLowerCase() === "all") return ok(null);
  const amount = parseUnits(text, decimals);
  return amount === null ? fail("AmountMalformed", { decimals: String(decimals) }) : ok(amount);
}

/** The linked wallet, the pool and the wallet's staker record (null before a first stake). */
async function poolSubject(deps: PoolActionDeps, command: PoolCommand): Promise<Result<PoolSubject, PoolRefusal>> {
  const link = await deps.store.links.findByUser(command.chat.platform, command.chat.userId);
  if (link === null) return fail("NotLinked");
  if (decodeAddress(command.pool) === null) return fail("PoolNotFound");
  const pool = await deps.pools.getPool(command.pool);
  if (pool === null) return fail("PoolNotFound");
  return ok({ wallet: link.address, pool, staker: await deps.pools.getStaker(command.pool, link.address) });
}

async function issue(
  deps: PoolActionDeps,
  command: PoolCommand,
  s: PoolSubject,
  action: WalletAction,
  summary: PoolActionSummary,
): Promise<Result<PoolActionRequest, PoolRefusal>> {
  const issued = await createSigningRequest(deps, { chat: command.chat, action });
  if (!issued.ok) return issued;
  await deps.store.audit.record({
    at: deps.clock.now(),
    action: `pool.${summary.kind}_prepared`,
    platform: command.chat.platform,
    userId: command.chat.userId,
    subject: command.pool,
    details: { wallet: s.wallet, signingRequest: issued.value.id, kind: action.kind },
  });
  return ok({
    signingUrl: issued.value.url,
    expiresAt: issued.value.expiresAt,
    pool: { address: s.pool.address, label: poolLabel(s.pool) },
    wallet: s.wallet,
    summary,
  });
}

/**
 * Stakes from the linked wallet (`amount` in stake tokens; absent or "all" = every stake token it
 * holds). `pool_stake` refuses a pool neither funding nor active (`InvalidPoolState`), then a zero
 * amount (`AmountZero`); the token transfer fails when the wallet holds less (`NothingToStake`).
 */
export async function requestStake(
  deps: PoolActionDeps,
  command: PoolCommand & { readonly amount?: string },
): Promise<Result<PoolActionRequest, PoolRefusal>> {
  const found = await poolSubject(deps, command);
  if (!found.ok) return found;
  const s = found.value;
  const decimals = s.pool.stakeDecimals;
  const amount = optionalAmount(command.amount, decimals);
  if (!amount.ok) return amount;
  if (s.pool.status !== "Funding" && s.pool.status !== "Active") return fail("InvalidPoolState");
  if (amount.value === 0n) return fail("AmountZero");
  const held = await deps.pools.getStakeBalance(command.pool, s.wallet);
  const stake = amount.value ?? held;
  if (stake === 0n || stake > held) return fail("NothingToStake", { held: held.toString(), decimals: String(decimals) });
  const consent = s.staker === null;
  const action: WalletAction = {
    kind: "poolStake",
    pool: command.pool,
    owner: s.wallet,
    amount: stake,
    decimals,
    ...(consent ? { delegate: deps.relayer.authority } : {}),
  };
  const stakedAfter = (s.staker?.staked ?? 0n) + stake;
  return issue(deps, command, s, action, { kind: "stake", amount: stake, stakedAfter, decimals, consent });
}

/**
 * Unstakes to the linked wallet (absent or "all" = the whole stake), in the program's order:
 * `AmountZero`, then `TokensLocked` while a window the stake flagged in is open, then
 * `InsufficientDeposit`.
 */
export async function requestUnstake(
  deps: PoolActionDeps,
  command: PoolCommand & { readonly amount?: string },
): Promise<Result<PoolActionRequest, PoolRefusal>> {
  const found = await poolSubject(deps, command);
  if (!found.ok) return found;
  const s = found.value;
  const decimals = s.pool.stakeDecimals;
  const amount = optionalAmount(command.amount, decimals);
  if (!amount.ok) return amount;
  if (s.staker === null || s.staker.staked === 0n) return fail("NotStaked");
  if (amount.value === 0n) return fail("AmountZero");
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  // `staked` in the details: the words are about a stake in the pool's token, not a campaign deposit.
  if (now < s.staker.lockedUntil) return fail("TokensLocked", { lockedUntil: String(s.staker.lockedUntil), staked: s.staker.staked.toString() });
  const unstake = amount.value ?? s.staker.staked;
  if (unstake > s.staker.staked) return fail("InsufficientDeposit", { staked: s.staker.staked.toString(), decimals: String(decimals) });
  const action: WalletAction = { kind: "poolUnstake", pool: command.pool, owner: s.wallet, amount: unstake, decimals };
  return issue(deps, command, s, action, { kind: "unstake", amount: unstake, stakedAfter: s.staker.staked - unstake, decimals });
}

/** Claims every whole reward token earned so far; `NothingToClaim` when none is. */
export async function requestClaim(deps: PoolActionDeps, command: PoolCommand): Promise<Result<PoolActionRequest, PoolRefusal>> {
  const found = await poolSubject(deps, command);
  if (!found.ok) return found;
  const s = found.value;
  if (s.staker === null) return fail("NotStaked");
  if (s.staker.claimable === 0n) return fail("NothingToClaim");
  const action: WalletAction = { kind: "poolClaim", pool: command.pool, owner: s.wallet };
  return issue(deps, command, s, action, { kind: "claim", amount: s.staker.claimable, decimals: s.pool.rewardDecimals });
}
