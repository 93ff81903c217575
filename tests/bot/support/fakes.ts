/**
 * Test doubles for the core's ports: a settable clock, a deterministic-free random source,
 * a wallet that signs like a browser wallet or the Solana CLI, and an in-memory chain.
 */
import type { PoolReader, PoolView, StakerView } from "../../../bot/core/pools.js";
import { randomBytes } from "node:crypto";
import nacl from "tweetnacl";
import { base58Encode } from "../../../bot/core/linking/encoding.js";
import { legacyEnvelope, v0Envelope } from "../../../bot/core/linking/offchain.js";
import type {
  BackerFunds,
  CampaignView,
  ChainReader,
  Clock,
  HolderView,
  RandomSource,
  ResearcherView,
} from "../../../bot/core/ports.js";

/** A clock that stands still until moved. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date("2030-01-01T00:00:00.000Z")) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = new Date(at);
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export const secureRandom: RandomSource = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/** An ed25519 keypair that signs messages the ways wallets do. */
export class TestWallet {
  readonly keys = nacl.sign.keyPair();
  get address(): string {
    return base58Encode(this.keys.publicKey);
  }
  /** Signs the raw UTF-8 bytes (browser wallets' `solana:signMessage`). */
  signRaw(text: string): Uint8Array {
    return nacl.sign.detached(new TextEncoder().encode(text), this.keys.secretKey);
  }
  /** Signs as `solana sign-offchain-message` does (legacy v0 envelope). */
  signOffchainLegacy(text: string): Uint8Array {
    return nacl.sign.detached(legacyEnvelope(new TextEncoder().encode(text)), this.keys.secretKey);
  }
  /** Signs the off-chain specification's v0 envelope (application domain zero, one signer). */
  signOffchainV0(text: string): Uint8Array {
    return nacl.sign.detached(v0Envelope(new TextEncoder().encode(text), this.keys.publicKey), this.keys.secretKey);
  }
}

/** Base58 of a signature, as the CLI prints it. */
export function b58(bytes: Uint8Array): string {
  return base58Encode(bytes);
}

/** Base64 of a signature, as the signing page posts it. */
export function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** A chain holding whatever campaigns, deposits and flags a test puts in. */
export class FakeChain implements ChainReader {
  readonly campaigns = new Map<string, CampaignView>();
  readonly holders = new Map<string, HolderView>();
  /** Flag records, keyed `campaign:milestoneIndex:attempt:owner`. */
  readonly flags = new Set<string>();
  /** Stale votes, keyed `campaign:round:owner`. */
  readonly staleVotes = new Set<string>();
  readonly researchers = new Map<string, ResearcherView>();
  /** Wallet balances of backer tokens, keyed `campaign:owner`. */
  readonly backerBalances = new Map<string, bigint>();
  admin: string | null = null;
  /** What `getCampaign` last answered per address, as the real reader remembers it. */
  private readonly lastRead = new Map<string, CampaignView>();
  getCampaign(address: string): Promise<CampaignView | null> {
    const view = this.campaigns.get(address) ?? null;
    if (view !== null) this.lastRead.set(address, view);
    return Promise.resolve(view);
  }
  recentCampaign(address: string): CampaignView | null {
    return this.lastRead.get(address) ?? null;
  }
  getHolder(campaign: string, owner: string): Promise<HolderView | null> {
    return Promise.resolve(this.holders.get(`${campaign}:${owner}`) ?? null);
  }
  hasFlagged(campaign: string, milestoneIndex: number, attempt: number, owner: string): Promise<boolean> {
    return Promise.resolve(this.flags.has(`${campaign}:${milestoneIndex}:${attempt}:${owner}`));
  }
  hasSupportedStale(campaign: string, round: number, owner: string): Promise<boolean> {
    return Promise.resolve(this.staleVotes.has(`${campaign}:${round}:${owner}`));
  }
  listCampaigns(): Promise<CampaignView[]> {
    return Promise.resolve([...this.campaigns.values()]);
  }
  getResearcher(researcher: string): Promise<ResearcherView | null> {
    return Promise.resolve(this.researchers.get(researcher) ?? null);
  }
  getBackerBalance(campaign: string, owner: string): Promise<bigint> {
    return Promise.resolve(this.backerBalances.get(`${campaign}:${owner}`) ?? 0n);
  }
  getAdmin(): Promise<string | null> {
    return Promise.resolve(this.admin);
  }
  /** Each wallet's funds by `campaign:owner` (default: no USDC account, no SOL, the account still to open). */
  readonly backerFunds = new Map<string, BackerFunds>();
  getBackerFunds(campaign: string, owner: string): Promise<BackerFunds> {
    return Promise.resolve(this.backerFunds.get(`${campaign}:${owner}`) ?? { usdc: null, lamports: 0n, backerAccountRent: 2_039_280n });
  }
  /** Puts a holder record for `owner` in `campaign`. */
  setHolder(campaign: string, holder: HolderView): void {
    this.holders.set(`${campaign}:${holder.owner}`, holder);
  }
}

/** A fresh random base58 address (a campaign, a wallet, the relayer). */
export function randomAddress(): string {
  return base58Encode(new Uint8Array(randomBytes(32)));
}

/**
 * Reward pools in memory, for adapter harnesses that run on {@link FakeChain}: the same
 * answers as AnchorPoolReader for what a test puts in (none by default).
 */
export class FakePools implements PoolReader {
  readonly pools = new Map<string, PoolView>();
  /** Staker records, keyed `pool:owner`. */
  readonly stakers = new Map<string, StakerView>();
  /** Stake-mint balances, keyed `pool:owner`. */
  readonly balances = new Map<string, bigint>();

  getPool(address: string): Promise<PoolView | null> {
    return Promise.resolve(this.pools.get(address) ?? null);
  }

  /** Set to make `listPools` fail as a throttling RPC node would. */
  listingFails: Error | null = null;

  listPools(): Promise<PoolView[]> {
    return this.listingFails === null ? Promise.resolve([...this.pools.values()]) : Promise.reject(this.listingFails);
  }

  getStaker(pool: string, owner: string): Promise<StakerView | null> {
    return Promise.resolve(this.stakers.get(`${pool}:${owner}`) ?? null);
  }

  getStakeBalance(pool: string, owner: string): Promise<bigint> {
    return Promise.resolve(this.balances.get(`${pool}:${owner}`) ?? 0n);
  }

  /** Flag records on-chain, keyed `pool:index:attempt:owner`. */
  readonly flags = new Set<string>();

  hasFlagged(pool: string, index: number, attempt: number, owner: string): Promise<boolean> {
    return Promise.resolve(this.flags.has(`${pool}:${index}:${attempt}:${owner}`));
  }
}
