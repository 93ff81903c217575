/**
 * The demo's reward-pool chapter (docs/POOLS.md): a sponsor funds a pool with its own reward
 * token and three KPI milestones; two backers find it with /pools, /stake in their console
 * chats and sign; the sponsor submits KPI 1's evidence; its window passes without flags, the
 * scheduler's crank closes it and its tranche is released to the stakers pro rata; each backer
 * sees it in /pool and /claims.
 * Creating and funding a pool is the sponsor's own wallet action (no chat command: sponsors
 * are networks, not chat users), sent here like the CLI sends a campaign.
 */
import { type Keypair, PublicKey } from "@solana/web3.js";
import { localnetRpc } from "../../localnet/launch.js";
import { poolPda } from "../chain/pdas.js";
import { poolCreate, poolFund, poolSubmit, type PoolRef } from "../chain/pool-instructions.js";
import { AnchorPoolReader } from "../chain/pool-reader.js";
import { BN, pepfundProgram } from "../chain/program.js";
import { TOKEN_PROGRAM_ID, associatedTokenAddress, tokenAmount } from "../chain/token.js";
import type { ChatSeat } from "./chat-stage.js";
import type { WorldBuilder } from "./world.js";

const TOKEN = 1_000_000n;
/** The sponsor's reward total, and what each staking backer stakes. */
export const POOL_REWARD = 1_000n * TOKEN;
export const POOL_STAKES = [600n * TOKEN, 400n * TOKEN] as const;
const DAY = 86_400;
/** How long the scheduler's crank may take to close a window after the clock moved. */
const CRANK_WAIT_MS = 30_000;

/** What the chapter acts through: the demo's own typing helpers. */
export interface PoolScene {
  readonly builder: WorldBuilder;
  readonly rpcUrl: string;
  readonly sponsor: Keypair;
  readonly stakers: readonly [ChatSeat, Keypair][];
  type(seat: ChatSeat, text: string, show?: "all" | "first"): Promise<string>;
  typeAndSign(seat: ChatSeat, text: string): Promise<void>;
  line(text: string): void;
}

/** The pool's address and the reward tokens each staker holds at the end. */
export interface PoolResult {
  readonly pool: string;
  readonly rewards: readonly bigint[];
}

const bytes32 = (b: number) => Array.from({ length: 32 }, () => b);

export async function livePool(scene: PoolScene): Promise<PoolResult> {
  const { builder, sponsor } = scene;
  const mint = async () => new PublicKey(await localnetRpc<string>(scene.rpcUrl, "localnet_createMint", [{ decimals: 6 }]));
  const [rewardMint, stakeMint] = [await mint(), await mint()];
  const mintTo = (m: PublicKey, owner: PublicKey, amount: bigint) => localnetRpc(scene.rpcUrl, "localnet_mintTo", [m.toBase58(), owner.toBase58(), amount.toString()]);
  await mintTo(rewardMint, sponsor.publicKey, POOL_REWARD);
  for (const [i, [, wallet]] of scene.stakers.entries()) await mintTo(stakeMint, wallet.publicKey, POOL_STAKES[i] ?? 0n);

  const program = pepfundProgram(builder.connection, sponsor);
  const now = await builder.chainNow();
  const address = poolPda(sponsor.publicKey, 1n);
  const ref: PoolRef = { address, account: { rewardMint, stakeMint, rewardTokenProgram: TOKEN_PROGRAM_ID, stakeTokenProgram: TOKEN_PROGRAM_ID } };
  const kpi = (title: string, metric: string, target: number, shareBps: number, days: number) => ({
    title,
    statementHash: bytes32(7),
    kpi: { metric, target: new BN(target), dataSource: "pepfund:demo-dashboard" },
    evidenceType: { computationalResults: {} },
    shareBps,
    estimatedCompletion: new BN(now + days * DAY),
  });
  const create = await poolCreate(program, {
    sponsor: sponsor.publicKey,
    pool: address,
    rewardMint,
    stakeMint,
    rewardTokenProgram: TOKEN_PROGRAM_ID,
    stakeTokenProgram: TOKEN_PROGRAM_ID,
    args: {
      id: new BN(1),
      metadata: bytes32(1),
      metadataHash: bytes32(2),
      rewardTotal: new BN(POOL_REWARD.toString()),
      expiresAt: new BN(now + 400 * DAY),
      milestones: [kpi("Mainnet launch", "mainnet_blocks", 1, 3_000, 30), kpi("1,000 TPS for 7 days", "tps_7d", 1_000, 3_000, 90), kpi("10,000 active wallets", "active_wallets", 10_000, 4_000, 180)],
      vesting: null,
    },
  }).instruction();
  const fund = await poolFund(program, ref, { sponsor: sponsor.publicKey, amount: new BN(POOL_REWARD.toString()) }).instruction();
  await builder.send(sponsor, [create, fund], "pool create + fund");
  scene.line(`(the sponsor creates and funds pool ${address.toBase58()} with 1,000 reward tokens and three KPIs, from its own wallet)`);

  const [first] = scene.stakers;
  if (first === undefined) throw new Error("no stakers");
  await scene.type(first[0], "/pools", "all");
  for (const [seat] of scene.stakers) await scene.typeAndSign(seat, `/stake ${address.toBase58()}`);

  const submit = await poolSubmit(program, address, { sponsor: sponsor.publicKey, milestoneIndex: 0, evidenceId: bytes32(3), evidenceHash: bytes32(4) }).instruction();
  await builder.send(sponsor, [submit], "pool submit");
  scene.line("(the sponsor submits KPI 1's evidence: a 7-day review window opens; nobody flags it)");
  scene.line("(moving the local chain's clock 7 days forward, past KPI 1's review window)");
  await builder.advanceClock(7 * DAY + 60);
  const pools = new AnchorPoolReader(program);
  const until = Date.now() + CRANK_WAIT_MS;
  while ((await pools.getPool(address.toBase58()))?.milestones[0]?.status !== "Released") {
    if (Date.now() > until) throw new Error(`the scheduler did not close KPI 1's window within ${CRANK_WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  scene.line("(the scheduler's crank: finalize KPI 1's window: its tranche released to the stakers)");

  const rewards: bigint[] = [];
  for (const [seat, wallet] of scene.stakers) {
    await scene.type(seat, `/pool ${address.toBase58()}`, "all");
    await scene.typeAndSign(seat, `/claim ${address.toBase58()}`);
    const info = await builder.connection.getAccountInfo(associatedTokenAddress(wallet.publicKey, rewardMint), "confirmed");
    rewards.push(info === null ? 0n : tokenAmount(info.data));
  }
  scene.line(`reward tokens claimed: ${rewards.map((r) => (r / TOKEN).toString()).join(" and ")} (KPI 1's 300, shared 600:400)`);
  return { pool: address.toBase58(), rewards };
}
