/**
 * A campaign driven through the real instructions, step by step, for tests that need one
 * at a given stage. Amounts are USDC base units (6 decimals); every call confirms.
 */
import { type Keypair, type PublicKey, Transaction } from "@solana/web3.js";
import {
  type Bytes32,
  type MilestoneInput,
  campaignApprove,
  campaignCreate,
  campaignSubmitForReview,
  contribute,
  flagSubmit,
  fundraisingClose,
  holderDeposit,
  holderSetDelegate,
  milestoneFinalize,
  milestoneSubmit,
} from "../../../../bot/chain/instructions.js";
import { allocationMintPda, backerMintPda, campaignPda } from "../../../../bot/chain/pdas.js";
import { BN } from "../../../../bot/chain/program.js";
import { associatedTokenAddress, createAssociatedTokenAccountIdempotent } from "../../../../bot/chain/token.js";
import type { Protocol } from "./protocol.js";

export const DAY = 24 * 60 * 60;
/** 1 USDC in base units. */
export const USDC = 1_000_000n;

/** 32 bytes filled with `byte`: a recognisable Arweave id or hash in tests. */
export function bytes32(byte: number): Bytes32 {
  return Array.from({ length: 32 }, () => byte);
}

/** A roadmap with the given shares, one milestone every 30 days from the deadline. */
export function roadmap(shares: readonly number[], deadline: number): MilestoneInput[] {
  return shares.map((shareBps, i) => ({
    title: `Deliverable ${i + 1}`,
    descriptionHash: bytes32(1),
    evidenceType: { dataset: {} },
    shareBps,
    estimatedCompletion: new BN(deadline + 30 * DAY * i),
  }));
}

let nextId = 1n;

export interface FixtureOptions {
  /** The researcher has no USDC account (never held USDC). */
  readonly researcherWithoutUsdc?: boolean;
}

export class CampaignFixture {
  readonly backers: Keypair[] = [];

  private constructor(
    readonly protocol: Protocol,
    readonly researcher: Keypair,
    readonly id: bigint,
    readonly address: PublicKey,
  ) {}

  /**
   * A campaign the product created (the form, the CLI): the fixture only drives what the
   * product does not yet (contributions). Where released tranches go is created too.
   */
  static async adopt(protocol: Protocol, researcher: Keypair, id: bigint): Promise<CampaignFixture> {
    await protocol.chain.mintTo(protocol.usdcMint, researcher.publicKey, 0n);
    return new CampaignFixture(protocol, researcher, id, campaignPda(researcher.publicKey, id));
  }

  /**
   * A draft with the given shares and goal, fundraising for 30 days. Its researcher gets a
   * USDC account for released tranches unless `researcherWithoutUsdc` (one who never held USDC).
   */
  static async draft(protocol: Protocol, shares: readonly number[], goal: bigint, options: FixtureOptions = {}): Promise<CampaignFixture> {
    const { chain } = protocol;
    const researcher = await chain.fundedKeypair();
    const id = nextId++;
    const deadline = (await chain.now()) + 30 * DAY;
    await campaignCreate(protocol.as(researcher), {
      researcher: researcher.publicKey,
      usdcMint: protocol.usdcMint,
      args: {
        id: new BN(id.toString()),
        metadata: bytes32(9),
        metadataHash: bytes32(19),
        goal: new BN(goal.toString()),
        deadline: new BN(deadline),
        milestones: roadmap(shares, deadline),
      },
    }).rpc();
    // Where released tranches go.
    if (options.researcherWithoutUsdc !== true) await chain.mintTo(protocol.usdcMint, researcher.publicKey, 0n);
    return new CampaignFixture(protocol, researcher, id, campaignPda(researcher.publicKey, id));
  }

  /** Submitted for review and approved: open for contributions. */
  static async fundraising(protocol: Protocol, shares: readonly number[], goal: bigint, options: FixtureOptions = {}): Promise<CampaignFixture> {
    const campaign = await CampaignFixture.draft(protocol, shares, goal, options);
    await campaign.submitForReview();
    await campaign.approve();
    return campaign;
  }

  /** One backer per contribution, goal = their sum, closed early by the researcher. */
  static async active(protocol: Protocol, shares: readonly number[], contributions: readonly bigint[], options: FixtureOptions = {}) {
    const goal = contributions.reduce((a, b) => a + b, 0n);
    const campaign = await CampaignFixture.fundraising(protocol, shares, goal, options);
    for (const amount of contributions) await campaign.addBacker(amount);
    await campaign.close();
    return campaign;
  }

  get researcherUsdc(): PublicKey {
    return associatedTokenAddress(this.researcher.publicKey, this.protocol.usdcMint);
  }

  get backerMint(): PublicKey {
    return backerMintPda(this.address);
  }

  backerUsdc(backer: Keypair): PublicKey {
    return associatedTokenAddress(backer.publicKey, this.protocol.usdcMint);
  }

  backerTokens(backer: Keypair): PublicKey {
    return associatedTokenAddress(backer.publicKey, this.backerMint);
  }

  /** The campaign account, decoded by Anchor. */
  fetch() {
    return this.protocol.as(this.researcher).account.campaign.fetch(this.address);
  }

  submitForReview(): Promise<string> {
    const { researcher } = this;
    return campaignSubmitForReview(this.protocol.as(researcher), {
      campaign: this.address,
      researcher: researcher.publicKey,
    }).rpc();
  }

  approve(): Promise<string> {
    const { admin } = this.protocol;
    return campaignApprove(this.protocol.as(admin), { campaign: this.address, admin: admin.publicKey }).rpc();
  }

  /** A new backer given `amount` USDC, who contributes all of it. */
  async addBacker(amount: bigint): Promise<Keypair> {
    const { chain, usdcMint } = this.protocol;
    const backer = await chain.fundedKeypair();
    await chain.mintTo(usdcMint, backer.publicKey, amount);
    await this.contribute(backer, amount);
    this.backers.push(backer);
    return backer;
  }

  /** Contributes, creating the backer's backer-token ATA in the same transaction. */
  contribute(backer: Keypair, amount: bigint): Promise<string> {
    return contribute(this.protocol.as(backer), {
      campaign: this.address,
      backer: backer.publicKey,
      usdcMint: this.protocol.usdcMint,
      amount: new BN(amount.toString()),
    })
      .preInstructions([createAssociatedTokenAccountIdempotent(backer.publicKey, backer.publicKey, this.backerMint)])
      .rpc();
  }

  /**
   * `owner` opens its allocation-token account, which the allocation crank mints into (the
   * relay policy signs no account creation, so the owner must); returns the account.
   */
  async openAllocationAccount(owner: Keypair): Promise<PublicKey> {
    const mint = allocationMintPda(this.address);
    const tx = new Transaction().add(createAssociatedTokenAccountIdempotent(owner.publicKey, owner.publicKey, mint));
    await this.protocol.as(owner).provider.sendAndConfirm?.(tx);
    return associatedTokenAddress(owner.publicKey, mint);
  }

  /** Early close by the researcher (the goal must be met). */
  close(): Promise<string> {
    const { researcher } = this;
    return fundraisingClose(this.protocol.as(researcher), {
      campaign: this.address,
      authority: researcher.publicKey,
    }).rpc();
  }

  deposit(backer: Keypair, amount: bigint): Promise<string> {
    return holderDeposit(this.protocol.as(backer), {
      campaign: this.address,
      owner: backer.publicKey,
      amount: new BN(amount.toString()),
    }).rpc();
  }

  setDelegate(backer: Keypair, delegate: PublicKey): Promise<string> {
    return holderSetDelegate(this.protocol.as(backer), {
      campaign: this.address,
      owner: backer.publicKey,
      delegate,
    }).rpc();
  }

  /** The researcher submits evidence for milestone `index`; returns the attempt number. */
  async submitMilestone(index: number, evidence = { id: bytes32(3), hash: bytes32(4) }): Promise<number> {
    const { researcher } = this;
    await milestoneSubmit(this.protocol.as(researcher), {
      campaign: this.address,
      researcher: researcher.publicKey,
      milestoneIndex: index,
      evidenceId: evidence.id,
      evidenceHash: evidence.hash,
    }).rpc();
    const milestone = (await this.fetch()).milestones[index];
    if (milestone === undefined) throw new Error(`no milestone ${index}`);
    return milestone.attempts;
  }

  /** `owner` flags, signed and paid by `by` (the owner itself, or its delegate). */
  flag(owner: Keypair, index: number, attempt: number, by: Keypair = owner, rationale = bytes32(5)): Promise<string> {
    return flagSubmit(this.protocol.as(by), {
      campaign: this.address,
      owner: owner.publicKey,
      authority: by.publicKey,
      payer: by.publicKey,
      milestoneIndex: index,
      attempt,
      rationale,
    }).rpc();
  }

  /** Anyone may finalize; `by` pays the fee. */
  finalize(index: number, by: Keypair = this.protocol.relay): Promise<string> {
    return milestoneFinalize(this.protocol.as(by), {
      campaign: this.address,
      researcher: this.researcher.publicKey,
      usdcMint: this.protocol.usdcMint,
      milestoneIndex: index,
    }).rpc();
  }

  /** Seconds until milestone `index`'s review window closes. */
  async windowLeft(index: number): Promise<number> {
    const milestone = (await this.fetch()).milestones[index];
    if (milestone === undefined) throw new Error(`no milestone ${index}`);
    return milestone.windowEnd.toNumber() - (await this.protocol.chain.now());
  }
}
