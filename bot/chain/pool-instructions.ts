/**
 * Builders of the reward-pool instructions, every account named explicitly from the PDA
 * helpers and the pool's own mints and token programs (SPL Token or Token-2022), as
 * instructions.ts does for campaigns.
 */
import type { BN, IdlAccounts, IdlTypes } from "@coral-xyz/anchor";
import { type PublicKey, SystemProgram } from "@solana/web3.js";
import { configPda, poolFlagPda, poolVaultPdas, stakerPda } from "./pdas.js";
import type { Pepfund, PepfundProgram } from "./program.js";
import { associatedTokenAddress } from "./token.js";

/** The pool account fields the builders need. */
export type PoolAccount = IdlAccounts<Pepfund>["pool"];

/** A pool's address with its decoded account. */
export interface PoolRef {
  readonly address: PublicKey;
  readonly account: Pick<PoolAccount, "rewardMint" | "stakeMint" | "rewardTokenProgram" | "stakeTokenProgram">;
}

function vaults(pool: PoolRef) {
  const { reward, stake } = poolVaultPdas(pool.address);
  return { rewardVault: reward, stakeVault: stake };
}

export function poolStake(program: PepfundProgram, pool: PoolRef, a: { owner: PublicKey; amount: BN; delegate: PublicKey | null }) {
  const { stakeMint, stakeTokenProgram } = pool.account;
  return program.methods.poolStake({ amount: a.amount, delegate: a.delegate }).accountsStrict({
    pool: pool.address,
    stakerRecord: stakerPda(pool.address, a.owner),
    stakeMint,
    ...vaults(pool),
    ownerTokens: associatedTokenAddress(a.owner, stakeMint, stakeTokenProgram),
    owner: a.owner,
    stakeTokenProgram,
    systemProgram: SystemProgram.programId,
  });
}

export function poolUnstake(program: PepfundProgram, pool: PoolRef, a: { owner: PublicKey; amount: BN }) {
  const { stakeMint, stakeTokenProgram } = pool.account;
  return program.methods.poolUnstake(a.amount).accountsStrict({
    pool: pool.address,
    stakerRecord: stakerPda(pool.address, a.owner),
    stakeMint,
    ...vaults(pool),
    ownerTokens: associatedTokenAddress(a.owner, stakeMint, stakeTokenProgram),
    owner: a.owner,
    stakeTokenProgram,
  });
}

export function poolClaim(program: PepfundProgram, pool: PoolRef, a: { owner: PublicKey }) {
  const { rewardMint, rewardTokenProgram } = pool.account;
  return program.methods.poolClaim().accountsStrict({
    pool: pool.address,
    stakerRecord: stakerPda(pool.address, a.owner),
    rewardMint,
    ...vaults(pool),
    ownerRewards: associatedTokenAddress(a.owner, rewardMint, rewardTokenProgram),
    owner: a.owner,
    rewardTokenProgram,
  });
}

/** A flag by `authority` (the staker or the delegate it named) for `owner`, rent paid by `payer`. */
export function poolFlag(
  program: PepfundProgram,
  pool: PublicKey,
  a: { owner: PublicKey; authority: PublicKey; payer: PublicKey; milestoneIndex: number; attempt: number; rationale: number[] },
) {
  return program.methods
    .poolFlag({ milestoneIndex: a.milestoneIndex, attempt: a.attempt, rationale: a.rationale })
    .accountsStrict({
      pool,
      stakerRecord: stakerPda(pool, a.owner),
      flagRecord: poolFlagPda(pool, a.milestoneIndex, a.attempt, a.owner),
      authority: a.authority,
      payer: a.payer,
      systemProgram: SystemProgram.programId,
    });
}

/** Anyone, after the window: releases the tranche to stakers or opens a dispute. */
export function poolFinalize(program: PepfundProgram, pool: PublicKey, milestoneIndex: number) {
  return program.methods.poolFinalize(milestoneIndex).accountsStrict({ pool });
}

/** Anyone, from the dispute's deadline on: the undecided dispute lapses (a rejection without reasons). */
export function poolDisputeLapse(program: PepfundProgram, pool: PublicKey, milestoneIndex: number) {
  return program.methods.poolDisputeLapse(milestoneIndex).accountsStrict({ pool });
}

/** The admin's decision on a disputed KPI. */
export function poolDisputeResolve(
  program: PepfundProgram,
  pool: PublicKey,
  a: { admin: PublicKey; milestoneIndex: number; approve: boolean; reason: number[] },
) {
  return program.methods
    .poolDisputeResolve({ milestoneIndex: a.milestoneIndex, approve: a.approve, reason: a.reason })
    .accountsStrict({ config: configPda(), pool, admin: a.admin });
}

/** The sponsor's new pool with its vaults (`args.id` seeds the address). */
export function poolCreate(
  program: PepfundProgram,
  a: { sponsor: PublicKey; pool: PublicKey; rewardMint: PublicKey; stakeMint: PublicKey; rewardTokenProgram: PublicKey; stakeTokenProgram: PublicKey; args: IdlTypes<Pepfund>["poolCreateArgs"] },
) {
  const { reward, stake } = poolVaultPdas(a.pool);
  return program.methods.poolCreate(a.args).accountsStrict({
    pool: a.pool,
    rewardMint: a.rewardMint,
    stakeMint: a.stakeMint,
    rewardVault: reward,
    stakeVault: stake,
    sponsor: a.sponsor,
    rewardTokenProgram: a.rewardTokenProgram,
    stakeTokenProgram: a.stakeTokenProgram,
    systemProgram: SystemProgram.programId,
  });
}

/** The sponsor deposits reward tokens from its associated account. */
export function poolFund(program: PepfundProgram, pool: PoolRef, a: { sponsor: PublicKey; amount: BN }) {
  const { rewardMint, rewardTokenProgram } = pool.account;
  return program.methods.poolFund(a.amount).accountsStrict({
    pool: pool.address,
    rewardMint,
    ...vaults(pool),
    sponsorTokens: associatedTokenAddress(a.sponsor, rewardMint, rewardTokenProgram),
    sponsor: a.sponsor,
    rewardTokenProgram,
  });
}

/** The sponsor submits KPI evidence for the current milestone. */
export function poolSubmit(program: PepfundProgram, pool: PublicKey, a: { sponsor: PublicKey; milestoneIndex: number; evidenceId: number[]; evidenceHash: number[] }) {
  return program.methods
    .poolSubmit({ milestoneIndex: a.milestoneIndex, evidenceId: a.evidenceId, evidenceHash: a.evidenceHash })
    .accountsStrict({ pool, sponsor: a.sponsor });
}
