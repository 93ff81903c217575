/**
 * The core's `PoolReader` over Anchor: reward pools and staker records decoded with the IDL's
 * coder, at "confirmed". A staker's claimable reward is settled here exactly as the program's
 * accumulator settles it (`pool_accumulator.rs`), so chat shows what a claim would pay.
 */
import bs58 from "bs58";
import type { AccountInfo, Commitment, Connection } from "@solana/web3.js";
import { PublicKey } from "@solana/web3.js";
import type { BN, IdlAccounts } from "@coral-xyz/anchor";
import type { PoolMilestoneView, PoolReader, PoolStatus, PoolView, StakerView } from "../core/pools.js";
import { i64, milestoneView, optionalKey, u64 } from "./decode.js";
import { AccountBatch } from "./account-batch.js";
import { rpcCall } from "./errors.js";
import { poolFlagPda, stakerPda } from "./pdas.js";
import { PROGRAM_ID, type Pepfund, type PepfundProgram } from "./program.js";
import { associatedTokenAddress, tokenAmount } from "./token.js";

type PoolAccount = IdlAccounts<Pepfund>["pool"];
type StakerAccount = IdlAccounts<Pepfund>["stakerRecord"];

/** Fixed-point scale of the accumulator (`ACC_SCALE`). */
const ACC_SCALE = 1_000_000_000_000n;

function u128(value: BN): bigint {
  return BigInt(value.toString());
}

function parseKey(address: string): PublicKey | null {
  try {
    return new PublicKey(address);
  } catch {
    return null;
  }
}

function status(value: object): PoolStatus {
  const name = Object.keys(value)[0] ?? "";
  return (name.charAt(0).toUpperCase() + name.slice(1)) as PoolStatus;
}

export function poolView(address: PublicKey, p: PoolAccount): PoolView {
  const milestones: PoolMilestoneView[] = p.milestones.map((m, index) => ({
    ...milestoneView(m.review, index),
    kpi: { metric: m.kpi.metric, target: u64(m.kpi.target), dataSource: m.kpi.dataSource },
  }));
  return {
    address: address.toBase58(),
    sponsor: p.sponsor.toBase58(),
    id: u64(p.id),
    status: status(p.status),
    rewardMint: p.rewardMint.toBase58(),
    stakeMint: p.stakeMint.toBase58(),
    rewardDecimals: p.rewardDecimals,
    stakeDecimals: p.stakeDecimals,
    rewardTotal: u64(p.rewardTotal),
    funded: u64(p.funded),
    claimed: u64(p.claimed),
    reclaimed: u64(p.reclaimed),
    expiresAt: i64(p.expiresAt),
    rewards: { released: u64(p.accumulator.released), totalStaked: u64(p.accumulator.totalStaked) },
    vesting: p.vesting === null ? null : { start: i64(p.vesting.start), cliff: i64(p.vesting.cliff), end: i64(p.vesting.end) },
    milestones,
  };
}

/** The staker's record with its claimable reward settled against `accPerShare`. */
export function stakerView(s: StakerAccount, accPerShare: bigint): StakerView {
  const amount = u64(s.position.amount);
  const earned = amount * (accPerShare - u128(s.position.accSnapshot)) + u128(s.position.carryScaled);
  return {
    owner: s.owner.toBase58(),
    staked: amount,
    claimable: u64(s.position.pending) + earned / ACC_SCALE,
    claimed: u64(s.claimed),
    delegate: optionalKey(s.delegate),
    lockedUntil: i64(s.lockedUntil),
    windowWeight:
      s.windowAttempt === 0 ? null : { milestoneIndex: s.windowIndex, attempt: s.windowAttempt, weightBefore: u64(s.weightBeforeWindow) },
  };
}

export class AnchorPoolReader implements PoolReader {
  private readonly connection: Connection;
  /** Accounts read in the same turn go to the node as one call (as the campaign reader's). */
  private readonly batch: AccountBatch;

  constructor(
    private readonly program: PepfundProgram,
    private readonly commitment: Commitment = "confirmed",
  ) {
    this.connection = program.provider.connection;
    this.batch = new AccountBatch(this.connection, commitment);
  }

  async getPool(address: string): Promise<PoolView | null> {
    const key = parseKey(address);
    if (key === null) return null;
    const pool = await this.account<PoolAccount>("pool", key, "getPool");
    return pool && poolView(key, pool);
  }

  async listPools(): Promise<PoolView[]> {
    const discriminator = bs58.encode(this.discriminator("pool"));
    const accounts = await rpcCall("listPools", () =>
      this.connection.getProgramAccounts(PROGRAM_ID, { commitment: this.commitment, filters: [{ memcmp: { offset: 0, bytes: discriminator } }] }),
    );
    return accounts.flatMap(({ pubkey, account }) => {
      const pool = this.decode<PoolAccount>("pool", account);
      return pool === null ? [] : [poolView(pubkey, pool)];
    });
  }

  async getStaker(pool: string, owner: string): Promise<StakerView | null> {
    const [poolKey, ownerKey] = [parseKey(pool), parseKey(owner)];
    if (poolKey === null || ownerKey === null) return null;
    const [poolInfo, stakerInfo] = await this.batch.read("getStaker", [poolKey, stakerPda(poolKey, ownerKey)]);
    const decodedPool = this.decode<PoolAccount>("pool", poolInfo ?? null);
    const staker = this.decode<StakerAccount>("stakerRecord", stakerInfo ?? null);
    if (decodedPool === null || staker === null) return null;
    return stakerView(staker, u128(decodedPool.accumulator.accPerShare));
  }

  async getStakeBalance(pool: string, owner: string): Promise<bigint> {
    const [poolKey, ownerKey] = [parseKey(pool), parseKey(owner)];
    if (poolKey === null || ownerKey === null) return 0n;
    const decoded = await this.account<PoolAccount>("pool", poolKey, "getStakeBalance");
    if (decoded === null) return 0n;
    const address = associatedTokenAddress(ownerKey, decoded.stakeMint, decoded.stakeTokenProgram);
    const [info] = await this.batch.read("getStakeBalance", [address]);
    return info === null || info === undefined ? 0n : tokenAmount(info.data);
  }

  async hasFlagged(pool: string, index: number, attempt: number, owner: string): Promise<boolean> {
    const [poolKey, ownerKey] = [parseKey(pool), parseKey(owner)];
    if (poolKey === null || ownerKey === null) return false;
    const [info] = await this.batch.read("hasPoolFlagged", [poolFlagPda(poolKey, index, attempt, ownerKey)]);
    return info !== null && info !== undefined && info.owner.equals(PROGRAM_ID) && info.data.subarray(0, 8).equals(this.discriminator("poolFlagRecord"));
  }

  private async account<T>(name: "pool" | "stakerRecord", key: PublicKey, operation: string): Promise<T | null> {
    const [info] = await this.batch.read(operation, [key]);
    return this.decode<T>(name, info ?? null);
  }

  private decode<T>(name: "pool" | "stakerRecord", info: AccountInfo<Buffer> | null): T | null {
    if (info === null || !info.owner.equals(PROGRAM_ID)) return null;
    if (!info.data.subarray(0, 8).equals(this.discriminator(name))) return null;
    return this.program.coder.accounts.decode<T>(name, info.data);
  }

  private discriminator(name: "pool" | "stakerRecord" | "poolFlagRecord"): Buffer {
    const account = this.program.idl.accounts.find((a) => a.name === name);
    if (account === undefined) throw new TypeError(`the IDL has no account ${name}`);
    return Buffer.from(account.discriminator);
  }
}
