/**
 * Reward-pool claim cost against the number of stakers (issue 16): for each staker count, one
 * pool on a fresh localnet with that many REAL stakers (each a `pool_stake` transaction), KPI 1
 * released, then claims by distinct stakers, one at a time. Prints per count the accounts a
 * claim touches, the compute units its CPIs used (the localnet runs the program natively, so
 * only the token transfer is metered), the time from send to confirmation, and the ratio of
 * the largest count's figures to the smallest's, all from one run.
 *
 *   npx tsx bench/pool-claim.ts [--stakers 10,1000,100000] [--claims 100] [--concurrency 64]
 *
 * Setup only uses the localnet's test methods to make the mints; every staker is funded, given
 * stake tokens and staked by an ordinary transaction (fee payer + staker signatures).
 */
import {
  ComputeBudgetProgram,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  SystemProgram,
  Transaction,
  type TransactionInstruction,
} from "@solana/web3.js";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { localnetRpc, startLocalnet } from "../localnet/launch.js";
import { poolPda, stakerPda } from "../bot/chain/pdas.js";
import { PollingConnection } from "../bot/chain/polling-connection.js";
import { poolClaim, poolCreate, poolFinalize, poolFund, poolStake, poolSubmit, type PoolRef } from "../bot/chain/pool-instructions.js";
import { BN, pepfundProgram, type PepfundProgram } from "../bot/chain/program.js";
import { TOKEN_PROGRAM_ID, associatedTokenAddress, createAssociatedTokenAccountIdempotent } from "../bot/chain/token.js";

const { values } = parseArgs({
  options: { stakers: { type: "string", default: "10,1000,100000" }, claims: { type: "string", default: "100" }, concurrency: { type: "string", default: "256" } },
});
const COUNTS = values.stakers.split(",").map(Number);
const CLAIMS = Number(values.claims);
const CONCURRENCY = Number(values.concurrency);
const DAY = 86_400;
const STAKE = 1_000_000n;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** An SPL Token `Transfer` (instruction 3), owner-signed. */
function tokenTransfer(from: PublicKey, to: PublicKey, owner: PublicKey, amount: bigint): TransactionInstruction {
  const data = Buffer.alloc(9);
  data.writeUInt8(3, 0);
  data.writeBigUInt64LE(amount, 1);
  return {
    programId: TOKEN_PROGRAM_ID,
    keys: [
      { pubkey: from, isSigner: false, isWritable: true },
      { pubkey: to, isSigner: false, isWritable: true },
      { pubkey: owner, isSigner: true, isWritable: false },
    ],
    data,
  };
}

async function sendAndConfirm(connection: PollingConnection, tx: Transaction, signers: Keypair[]): Promise<void> {
  tx.feePayer = signers[0]!.publicKey;
  tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
  tx.sign(...signers);
  const { value } = await connection.confirmTransaction(await connection.sendRawTransaction(tx.serialize()), "confirmed");
  if (value.err) throw new Error(`set-up transaction failed: ${JSON.stringify(value.err)}`);
}

interface Row {
  readonly stakers: number;
  readonly setupSeconds: number;
  readonly accounts: number;
  readonly cuP50: number;
  readonly p50: number;
  readonly p99: number;
}

async function measure(count: number): Promise<Row> {
  const net = await startLocalnet();
  try {
    const connection = new PollingConnection(net.rpcUrl, { commitment: "confirmed" });
    const payer = Keypair.generate();
    const sponsor = Keypair.generate();
    for (const key of [payer.publicKey, sponsor.publicKey]) {
      const signature = await connection.requestAirdrop(key, 1_000 * LAMPORTS_PER_SOL);
      await connection.confirmTransaction(signature, "confirmed");
    }
    const program: PepfundProgram = pepfundProgram(connection, payer);
    const mint = async () => new PublicKey(await localnetRpc<string>(net.rpcUrl, "localnet_createMint", [{ decimals: 6 }]));
    const [rewardMint, stakeMint] = [await mint(), await mint()];
    const reward = 1_000_000n * STAKE;
    await localnetRpc(net.rpcUrl, "localnet_mintTo", [rewardMint.toBase58(), sponsor.publicKey.toBase58(), reward.toString()]);
    const payerStake = (await localnetRpc<string>(net.rpcUrl, "localnet_mintTo", [stakeMint.toBase58(), payer.publicKey.toBase58(), (BigInt(count) * STAKE).toString()]));

    const now = (await connection.getBlockTime(await connection.getSlot())) ?? Math.floor(Date.now() / 1000);
    const address = poolPda(sponsor.publicKey, 1n);
    const ref: PoolRef = { address, account: { rewardMint, stakeMint, rewardTokenProgram: TOKEN_PROGRAM_ID, stakeTokenProgram: TOKEN_PROGRAM_ID } };
    const bytes = (b: number) => Array.from({ length: 32 }, () => b);
    const kpi = (i: number, shareBps: number) => ({
      title: `KPI ${i}`,
      statementHash: bytes(7),
      kpi: { metric: "tvl_usd", target: new BN(1), dataSource: "bench" },
      evidenceType: { computationalResults: {} },
      shareBps,
      estimatedCompletion: new BN(now + 30 * DAY * i),
    });
    const sponsorProgram = pepfundProgram(connection, sponsor);
    await poolCreate(sponsorProgram, {
      sponsor: sponsor.publicKey,
      pool: address,
      rewardMint,
      stakeMint,
      rewardTokenProgram: TOKEN_PROGRAM_ID,
      stakeTokenProgram: TOKEN_PROGRAM_ID,
      args: { id: new BN(1), metadata: bytes(1), metadataHash: bytes(2), rewardTotal: new BN(reward.toString()), expiresAt: new BN(now + 400 * DAY), milestones: [kpi(1, 3_000), kpi(2, 3_000), kpi(3, 4_000)], vesting: null },
    }).rpc();
    await poolFund(sponsorProgram, ref, { sponsor: sponsor.publicKey, amount: new BN(reward.toString()) }).rpc();

    // Stakers: each funded, given stake tokens and staked in one transaction. Every stake's
    // data is the same; only its staker's keys differ, so the instruction is built once by
    // Anchor and its keys replaced per staker (the client, not the localnet, was the limit).
    const template = await poolStake(program, ref, { owner: payer.publicKey, amount: new BN(STAKE.toString()), delegate: null }).instruction();
    const [templateRecord, templateTokens] = [stakerPda(address, payer.publicKey), associatedTokenAddress(payer.publicKey, stakeMint)];
    const stakeFor = (owner: PublicKey, ownerTokens: PublicKey): TransactionInstruction => {
      const swap = (key: PublicKey) =>
        key.equals(templateRecord) ? stakerPda(address, owner) : key.equals(templateTokens) ? ownerTokens : key.equals(payer.publicKey) ? owner : key;
      return { ...template, keys: template.keys.map((k) => ({ ...k, pubkey: swap(k.pubkey) })) };
    };
    const stakers: Keypair[] = [];
    const rent = await connection.getMinimumBalanceForRentExemption(300);
    const started = performance.now();
    let blockhash = (await connection.getLatestBlockhash()).blockhash;
    // Sent in chunks, confirmed a chunk at a time with one status request per 256 signatures:
    // one confirmation poll per transaction cost the client more CPU than the localnet spent.
    const CHUNK = 1_000;
    const payerTokens = new PublicKey(payerStake);
    for (let from = 0; from < count; from += CHUNK) {
      const chunk = Array.from({ length: Math.min(CHUNK, count - from) }, () => Keypair.generate());
      const signatures: string[] = [];
      for (let i = 0; i < chunk.length; i += CONCURRENCY) {
        signatures.push(
          ...(await Promise.all(
            chunk.slice(i, i + CONCURRENCY).map((staker) => {
              const tokens = associatedTokenAddress(staker.publicKey, stakeMint);
              const tx = new Transaction().add(
                ComputeBudgetProgram.setComputeUnitLimit({ units: 400_000 }),
                SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: staker.publicKey, lamports: rent * 2 }),
                createAssociatedTokenAccountIdempotent(payer.publicKey, staker.publicKey, stakeMint),
                tokenTransfer(payerTokens, tokens, payer.publicKey, STAKE),
                stakeFor(staker.publicKey, tokens),
              );
              tx.feePayer = payer.publicKey;
              tx.recentBlockhash = blockhash;
              tx.sign(payer, staker);
              return connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
            }),
          )),
        );
      }
      for (let i = 0; i < signatures.length; i += 256) {
        const batch = signatures.slice(i, i + 256);
        for (;;) {
          const { value } = await connection.getSignatureStatuses(batch);
          const failed = value.find((v) => v?.err);
          if (failed) throw new Error(`stake failed: ${JSON.stringify(failed.err)}`);
          if (value.every((v) => v !== null && (v.confirmationStatus === "confirmed" || v.confirmationStatus === "finalized"))) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      stakers.push(...chunk);
      blockhash = (await connection.getLatestBlockhash()).blockhash;
      if (stakers.length % 10_000 === 0) process.stderr.write(`${count} stakers: ${stakers.length} staked (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    }
    const setupSeconds = (performance.now() - started) / 1000;

    // KPI 1 released to everyone staked.
    await poolSubmit(sponsorProgram, address, { sponsor: sponsor.publicKey, milestoneIndex: 0, evidenceId: bytes(3), evidenceHash: bytes(4) }).rpc();
    await localnetRpc(net.rpcUrl, "localnet_advanceClock", [7 * DAY + 60]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await poolFinalize(program, address, 0).rpc();

    // The claimants' reward accounts are opened first (set-up, not the claim's cost).
    const claimants = stakers.slice(0, Math.min(CLAIMS, stakers.length));
    for (let i = 0; i < claimants.length; i += 10) {
      const open = new Transaction().add(...claimants.slice(i, i + 10).map((s) => createAssociatedTokenAccountIdempotent(payer.publicKey, s.publicKey, rewardMint)));
      await sendAndConfirm(connection, open, [payer]);
    }
    // Claims by distinct stakers, one at a time.
    const times: number[] = [];
    const units: number[] = [];
    let accounts = 0;
    for (const staker of claimants) {
      const claim = await poolClaim(program, ref, { owner: staker.publicKey }).instruction();
      const tx = new Transaction().add(claim);
      accounts = claim.keys.length;
      const latest = await connection.getLatestBlockhash();
      tx.feePayer = payer.publicKey;
      tx.recentBlockhash = latest.blockhash;
      tx.sign(payer, staker);
      const t0 = performance.now();
      const signature = await connection.sendRawTransaction(tx.serialize());
      const { value } = await connection.confirmTransaction(signature, "confirmed");
      times.push(performance.now() - t0);
      if (value.err) throw new Error(`claim failed: ${JSON.stringify(value.err)}`);
      const meta = (await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }))?.meta;
      units.push(meta?.computeUnitsConsumed ?? NaN);
    }
    times.sort((a, b) => a - b);
    units.sort((a, b) => a - b);
    return { stakers: count, setupSeconds, accounts, cuP50: percentile(units, 50), p50: percentile(times, 50), p99: percentile(times, 99) };
  } finally {
    await net.stop();
  }
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const rows: Row[] = [];
  for (const count of COUNTS) rows.push(await measure(count));
  const [small, large] = [rows[0]!, rows[rows.length - 1]!];
  const lines = [
    `pool claim cost: ${CLAIMS} sequential claims per pool after KPI 1's release; load ${loadBefore.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end`,
    "| stakers | setup (s) | accounts per claim | CU p50 (CPIs) | claim p50 (ms) | claim p99 (ms) |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.stakers} | ${r.setupSeconds.toFixed(0)} | ${r.accounts} | ${r.cuP50} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`),
    `ratio ${large.stakers} / ${small.stakers} stakers: accounts ${(large.accounts / small.accounts).toFixed(2)}, CU ${(large.cuP50 / small.cuP50).toFixed(2)}, claim p50 ${(large.p50 / small.p50).toFixed(2)}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
// web3.js 1.x's Connection has no close; everything is printed by now.
process.exit(0);
