/**
 * Program-derived addresses, seed for seed as `programs/pepfund/src/constants.rs` and the
 * `seeds = [...]` of each accounts struct (integers little-endian, fixed widths).
 * tests/bot/chain/pdas.test.ts checks the seeds against the IDL's constants.
 */
import { PublicKey } from "@solana/web3.js";
import { PROGRAM_ID } from "./program.js";

/** The seed byte strings, as in constants.rs. */
export const SEEDS = {
  config: "config",
  campaign: "campaign",
  backerMint: "backer_mint",
  allocationMint: "alloc_mint",
  vault: "vault",
  deposits: "deposits",
  holder: "holder",
  flag: "flag",
  staleVote: "stale_vote",
  researcher: "researcher",
  pool: "pool",
  poolRewardVault: "pool_reward",
  poolStakeVault: "pool_stake",
  staker: "staker",
  poolFlag: "pool_flag",
} as const;

/**
 * Addresses already derived, by their seeds. Deriving one is a search of hashes and curve
 * checks in pure JavaScript (about a quarter of a millisecond), and a flag derives its holder
 * and flag records twice (the read, then the instruction). Bounded: the oldest go first.
 */
const derived = new Map<string, PublicKey>();
const MAX_DERIVED = 10_000;

function pda(...seeds: Uint8Array[]): PublicKey {
  const key = seeds.map((seed) => Buffer.from(seed.buffer, seed.byteOffset, seed.byteLength).toString("hex")).join(":");
  let address = derived.get(key);
  if (address === undefined) {
    address = PublicKey.findProgramAddressSync(seeds, PROGRAM_ID)[0];
    if (derived.size >= MAX_DERIVED) derived.delete(derived.keys().next().value as string);
    derived.set(key, address);
  }
  return address;
}

function text(seed: string): Buffer {
  return Buffer.from(seed, "utf8");
}

function u8(value: number): Buffer {
  const bytes = Buffer.alloc(1);
  bytes.writeUInt8(value);
  return bytes;
}

function u32le(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

function u64le(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  return bytes;
}

/** `["config"]`: the protocol config. */
export function configPda(): PublicKey {
  return pda(text(SEEDS.config));
}

/** `["campaign", researcher, id (u64 LE)]`. */
export function campaignPda(researcher: PublicKey, id: bigint): PublicKey {
  return pda(text(SEEDS.campaign), researcher.toBytes(), u64le(id));
}

/** The campaign address of `researcher`'s campaign `id`, for the core (which knows no PublicKey). */
export function campaignAddress(researcher: string, id: bigint): string {
  return campaignPda(new PublicKey(researcher), id).toBase58();
}

/** `["backer_mint", campaign]`: backer tokens, minted 1:1 for USDC. */
export function backerMintPda(campaign: PublicKey): PublicKey {
  return pda(text(SEEDS.backerMint), campaign.toBytes());
}

/** `["alloc_mint", campaign]`: researcher and protocol allocation tokens. */
export function allocationMintPda(campaign: PublicKey): PublicKey {
  return pda(text(SEEDS.allocationMint), campaign.toBytes());
}

/** `["vault", campaign]`: the USDC escrow. */
export function vaultPda(campaign: PublicKey): PublicKey {
  return pda(text(SEEDS.vault), campaign.toBytes());
}

/** `["deposits", campaign]`: backer tokens deposited as flag weight. */
export function depositsPda(campaign: PublicKey): PublicKey {
  return pda(text(SEEDS.deposits), campaign.toBytes());
}

/** `["holder", campaign, owner]`: a holder's deposit and delegate. */
export function holderPda(campaign: PublicKey, owner: PublicKey): PublicKey {
  return pda(text(SEEDS.holder), campaign.toBytes(), owner.toBytes());
}

/** `["flag", campaign, milestone index (u8), attempt (u32 LE), owner]`: one flag per submission. */
export function flagPda(campaign: PublicKey, milestoneIndex: number, attempt: number, owner: PublicKey): PublicKey {
  return pda(text(SEEDS.flag), campaign.toBytes(), u8(milestoneIndex), u32le(attempt), owner.toBytes());
}

/** `["stale_vote", campaign, round (u32 LE), owner]`: one stale-review vote per round. */
export function staleVotePda(campaign: PublicKey, round: number, owner: PublicKey): PublicKey {
  return pda(text(SEEDS.staleVote), campaign.toBytes(), u32le(round), owner.toBytes());
}

/** `["researcher", researcher]`: the researcher's public record. */
export function researcherPda(researcher: PublicKey): PublicKey {
  return pda(text(SEEDS.researcher), researcher.toBytes());
}

/** The BPF upgradeable loader, which owns the deployed program and its ProgramData. */
export const UPGRADEABLE_LOADER_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");

/** `[program id]` under the upgradeable loader: the ProgramData account holding the upgrade authority. */
export function programDataPda(): PublicKey {
  return PublicKey.findProgramAddressSync([PROGRAM_ID.toBytes()], UPGRADEABLE_LOADER_ID)[0];
}

/** `["pool", sponsor, id (u64 LE)]`: a sponsor's reward pool. */
export function poolPda(sponsor: PublicKey, id: bigint): PublicKey {
  return pda(text(SEEDS.pool), sponsor.toBytes(), u64le(id));
}

/** `["pool_reward", pool]` and `["pool_stake", pool]`: the pool's two vaults. */
export function poolVaultPdas(pool: PublicKey): { readonly reward: PublicKey; readonly stake: PublicKey } {
  return { reward: pda(text(SEEDS.poolRewardVault), pool.toBytes()), stake: pda(text(SEEDS.poolStakeVault), pool.toBytes()) };
}

/** `["staker", pool, owner]`: one wallet's stake in a pool. */
export function stakerPda(pool: PublicKey, owner: PublicKey): PublicKey {
  return pda(text(SEEDS.staker), pool.toBytes(), owner.toBytes());
}

/** `["pool_flag", pool, milestone_index (u8), attempt (u32 LE), owner]`: one staker's flag on one KPI submission. */
export function poolFlagPda(pool: PublicKey, milestoneIndex: number, attempt: number, owner: PublicKey): PublicKey {
  return pda(text(SEEDS.poolFlag), pool.toBytes(), u8(milestoneIndex), u32le(attempt), owner.toBytes());
}
