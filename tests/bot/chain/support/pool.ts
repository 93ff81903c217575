/**
 * A reward pool on a test chain, built through the real instructions: a sponsor with its own
 * reward and stake mints (the localnet's mint authority mints them), a KPI roadmap, funded in
 * full (so active) unless asked otherwise.
 */
import type { Keypair, PublicKey } from "@solana/web3.js";
import { poolPda } from "../../../../bot/chain/pdas.js";
import { poolCreate, poolFinalize, poolFund, poolSubmit, type PoolRef } from "../../../../bot/chain/pool-instructions.js";
import { BN } from "../../../../bot/chain/program.js";
import { TOKEN_PROGRAM_ID } from "../../../../bot/chain/token.js";
import { bytes32, DAY } from "./campaign.js";
import type { Protocol } from "./protocol.js";

let nextId = 1n;

export class PoolFixture {
  private constructor(
    readonly protocol: Protocol,
    readonly sponsor: Keypair,
    readonly ref: PoolRef,
  ) {}

  get address(): PublicKey {
    return this.ref.address;
  }

  /** A pool with KPIs of the given shares (one every 30 days), funded with `rewardTotal` unless `funded` is false. */
  static async create(protocol: Protocol, shares: readonly number[], rewardTotal: bigint, options: { funded?: boolean } = {}): Promise<PoolFixture> {
    const { chain } = protocol;
    const [sponsor, rewardMint, stakeMint] = await Promise.all([chain.fundedKeypair(), chain.createMint(6), chain.createMint(6)]);
    const id = nextId++;
    const now = await chain.now();
    const milestones = shares.map((shareBps, i) => ({
      title: `KPI ${i + 1}`,
      statementHash: bytes32(7),
      kpi: { metric: "tvl_usd", target: new BN(10_000_000), dataSource: "defillama:protocol/pepfund" },
      evidenceType: { computationalResults: {} },
      shareBps,
      estimatedCompletion: new BN(now + 30 * DAY * (i + 1)),
    }));
    const pool = poolPda(sponsor.publicKey, id);
    const program = protocol.as(sponsor);
    await poolCreate(program, {
      sponsor: sponsor.publicKey,
      pool,
      rewardMint,
      stakeMint,
      rewardTokenProgram: TOKEN_PROGRAM_ID,
      stakeTokenProgram: TOKEN_PROGRAM_ID,
      args: {
        id: new BN(id.toString()),
        metadata: bytes32(1),
        metadataHash: bytes32(2),
        rewardTotal: new BN(rewardTotal.toString()),
        expiresAt: new BN(now + 30 * DAY * (shares.length + 12)),
        milestones,
        vesting: null,
      },
    }).rpc();
    const ref: PoolRef = { address: pool, account: { rewardMint, stakeMint, rewardTokenProgram: TOKEN_PROGRAM_ID, stakeTokenProgram: TOKEN_PROGRAM_ID } };
    await chain.mintTo(rewardMint, sponsor.publicKey, rewardTotal);
    if (options.funded !== false) await poolFund(program, ref, { sponsor: sponsor.publicKey, amount: new BN(rewardTotal.toString()) }).rpc();
    return new PoolFixture(protocol, sponsor, ref);
  }

  /** Gives `owner` stake tokens in their associated account (created if missing); returns it. */
  giveStake(owner: PublicKey, amount: bigint): Promise<PublicKey> {
    return this.protocol.chain.mintTo(this.ref.account.stakeMint, owner, amount);
  }

  /** The sponsor submits KPI `index`. */
  async submit(index: number): Promise<void> {
    await poolSubmit(this.protocol.as(this.sponsor), this.address, { sponsor: this.sponsor.publicKey, milestoneIndex: index, evidenceId: bytes32(3), evidenceHash: bytes32(4) }).rpc();
  }

  /** Submits KPI `index`, lets its window pass, and finalizes it with no flags: its tranche goes to the stakers. */
  async release(index: number): Promise<void> {
    await this.submit(index);
    await this.protocol.chain.advanceClock(7 * DAY);
    await poolFinalize(this.protocol.as(this.protocol.relay), this.address, index).rpc();
  }
}
