/**
 * Raw localnet throughput: signed pepfund transactions of a flag's size, sent and confirmed
 * through web3.js (HTTP send, WebSocket confirmation at `confirmed`), sequentially and 32 at
 * a time. The ceiling the bot's pipeline is later measured against.
 *
 * The transaction: a real pepfund instruction (`config_update`, signed by the admin, fee paid
 * by a separate relayer key, plus a compute-budget instruction): two signatures, five keys,
 * about the size of a relayed `flag_submit` (~440 bytes). It runs the native program and
 * emits an event, as a flag does; it creates no account (a flag creates its record by CPI).
 *
 *   npx tsx bench/localnet-throughput.ts [transactions per run, default 400] [--baseline <pepfund-localnet binary>]
 *
 * With `--baseline` the same measurement runs first on that binary (for example one built
 * with another profile) and its rows print beside this checkout's localnet, from one run.
 */
import { AnchorProvider, Program, Wallet, type Idl } from "@coral-xyz/anchor";
import {
  ComputeBudgetProgram,
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  Transaction,
  type TransactionInstruction,
} from "@solana/web3.js";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { localnetRpc, startLocalnet } from "../localnet/launch.js";
import { programDataPda } from "../bot/chain/pdas.js";

const args = process.argv.slice(2);
const baselineAt = args.indexOf("--baseline");
const baselineBin = baselineAt >= 0 ? args.splice(baselineAt, 2)[1] : undefined;
const total = Number(args[0] ?? 400);
const idl = JSON.parse(readFileSync(new URL("../programs/pepfund/idl/pepfund.json", import.meta.url), "utf8")) as Idl;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function fund(connection: Connection, key: PublicKey): Promise<void> {
  const signature = await connection.requestAirdrop(key, 100 * LAMPORTS_PER_SOL);
  const latest = await connection.getLatestBlockhash();
  await connection.confirmTransaction({ signature, ...latest });
}

interface Row {
  readonly concurrency: number;
  readonly count: number;
  readonly tps: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * Requests still in flight. web3.js's confirmTransaction leaves a status request running
 * after it returns; stopping the localnet under it rejected that request with nobody to catch
 * it (the ECONNRESET that ended this benchmark after its table). They are awaited first.
 */
const inFlight = new Set<Promise<Response>>();
const trackedFetch = (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
  const request = fetch(input, init);
  inFlight.add(request);
  void request.finally(() => inFlight.delete(request)).catch(() => undefined);
  return request;
};

/** One measurement on a fresh localnet (the binary PEPFUND_LOCALNET_BIN names, or this checkout's). */
async function measure(): Promise<{ size: number; rows: Row[] }> {
  // The admin deploys: only the program's upgrade authority may run config_init.
  const admin = Keypair.generate();
  const net = await startLocalnet({ upgradeAuthority: admin.publicKey.toBase58() });
  try {
    const connection = new Connection(net.rpcUrl, { commitment: "confirmed", wsEndpoint: net.wsUrl, fetch: trackedFetch });
    const relayer = Keypair.generate();
    await fund(connection, admin.publicKey);
    await fund(connection, relayer.publicKey);
    const program = new Program(idl, new AnchorProvider(connection, new Wallet(admin), { commitment: "confirmed" }));
    const method = (name: string) => {
      const build = program.methods[name];
      if (!build) throw new Error(`no instruction ${name} in the IDL`);
      return build;
    };
    const usdc = await localnetRpc<string>(net.rpcUrl, "localnet_createMint", [{ decimals: 6 }]);
    await method("configInit")({ admin: admin.publicKey, treasury: admin.publicKey, researcherAllocationBps: 500, protocolAllocationBps: 200 })
      .accounts({ usdcMint: new PublicKey(usdc), programData: programDataPda(), payer: admin.publicKey })
      .rpc();

    let counter = 0;
    const build = async (): Promise<Transaction> => {
      counter += 1;
      // A new treasury each time keeps every transaction's signature unique.
      const update: TransactionInstruction = await method("configUpdate")({
        treasury: Keypair.generate().publicKey,
        researcherAllocationBps: counter % 500,
        protocolAllocationBps: 200,
        pendingAdmin: PublicKey.default,
      })
        .accounts({ admin: admin.publicKey })
        .instruction();
      const tx = new Transaction().add(ComputeBudgetProgram.setComputeUnitLimit({ units: 200_000 }), update);
      tx.feePayer = relayer.publicKey;
      return tx;
    };
    const sample = await build();
    sample.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
    sample.sign(relayer, admin);
    const size = sample.serialize().length;

    const sendOne = async (): Promise<number> => {
      const tx = await build();
      const started = performance.now();
      const latest = await connection.getLatestBlockhash();
      tx.recentBlockhash = latest.blockhash;
      tx.sign(relayer, admin);
      const signature = await connection.sendRawTransaction(tx.serialize(), { preflightCommitment: "confirmed" });
      const { value } = await connection.confirmTransaction({ signature, ...latest }, "confirmed");
      if (value.err) throw new Error(`transaction failed: ${JSON.stringify(value.err)}`);
      return performance.now() - started;
    };

    const run = async (concurrency: number): Promise<Row> => {
      const latencies: number[] = [];
      let remaining = total;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (remaining > 0) {
            remaining -= 1;
            latencies.push(await sendOne());
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      return { concurrency, count: latencies.length, tps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
    };

    await run(4); // warm up
    return { size, rows: [await run(1), await run(32)] };
  } finally {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    await net.stop();
  }
}

async function main(): Promise<void> {
  const runs: { name: string; size: number; rows: Row[] }[] = [];
  if (baselineBin !== undefined) {
    const own = process.env.PEPFUND_LOCALNET_BIN;
    process.env.PEPFUND_LOCALNET_BIN = baselineBin;
    runs.push({ name: `baseline (${baselineBin})`, ...(await measure()) });
    if (own === undefined) delete process.env.PEPFUND_LOCALNET_BIN;
    else process.env.PEPFUND_LOCALNET_BIN = own;
  }
  runs.push({ name: process.env.PEPFUND_LOCALNET_BIN ?? "this checkout's localnet", ...(await measure()) });
  const lines = [
    `localnet throughput: pepfund config_update, ${runs[0]!.size}-byte transactions (2 signatures), confirmed over WebSocket; load ${loadavg()[0]!.toFixed(2)}`,
    "| localnet | mode | transactions | tx/s | p50 latency (ms) | p99 latency (ms) |",
    "|---|---|---|---|---|---|",
    ...runs.flatMap(({ name, rows }) =>
      rows.map((r) => `| ${name} | ${r.concurrency === 1 ? "sequential" : `${r.concurrency} concurrent`} | ${r.count} | ${r.tps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`),
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

await main();
// web3.js 1.x's Connection has no close: its RPC WebSocket keeps reconnecting to the stopped
// localnet and would hold the process open. Everything is measured and printed by now.
process.exit(0);
