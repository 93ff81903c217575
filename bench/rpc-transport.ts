/**
 * The CPU and latency of one JSON-RPC call to a local node through web3.js's `Connection`, over
 * Node's `fetch` (web3.js's default) and over the bot's transport (`relayConnection`:
 * `node:http` with keep-alive, bot/chain/rpc-transport.ts), in alternating rounds of the same
 * calls. The node is the localnet in its own process: the CPU counted is this process's, what
 * the bot spends per call. Two calls: `getLatestBlockhash` (a small answer, as most of a
 * flag's calls) and `getMultipleAccountsInfo` of three accounts (the program, two sysvars: an
 * account read as the flag's checks make); one at a time and 32 at once.
 *
 *   npx tsx bench/rpc-transport.ts [calls per round, default 1000] [--rounds 3]
 */
import { Connection, SYSVAR_CLOCK_PUBKEY, SYSVAR_RENT_PUBKEY } from "@solana/web3.js";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { startLocalnet } from "../localnet/launch.js";
import { PROGRAM_ID } from "../bot/chain/program.js";
import { relayConnection } from "../bot/chain/relayer/rpc.js";

const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const ROUNDS = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 3;
const CALLS = Number(args[0] ?? 1000);
const IN_FLIGHT = 32;

type Call = (connection: Connection) => Promise<unknown>;
interface Figures {
  cpuUsPerCall: number;
  p50Ms: number;
  wallMsPerCall: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** `CALLS` calls, `inFlight` at a time: this process's CPU per call, the p50 latency, the wall time per call. */
async function measure(connection: Connection, call: Call, inFlight: number): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < CALLS) {
        next += 1;
        const t = performance.now();
        await call(connection);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { cpuUsPerCall: (used.user + used.system) / CALLS, p50Ms: median(latencies), wallMsPerCall: wall / CALLS };
}

const net = await startLocalnet();
try {
  const transports: Record<string, Connection> = {
    "fetch (web3.js default)": new Connection(net.rpcUrl, { commitment: "confirmed", wsEndpoint: net.wsUrl }),
    "node:http (relayConnection)": relayConnection(net.rpcUrl, { wsUrl: net.wsUrl }),
  };
  const accounts = [PROGRAM_ID, SYSVAR_CLOCK_PUBKEY, SYSVAR_RENT_PUBKEY];
  const calls: Record<string, Call> = {
    getLatestBlockhash: (c) => c.getLatestBlockhash(),
    getMultipleAccountsInfo: (c) => c.getMultipleAccountsInfo(accounts),
  };
  const loadBefore = loadavg()[0] ?? NaN;
  // Warm both (JIT, sockets) before anything is counted.
  for (const connection of Object.values(transports)) await measure(connection, calls.getLatestBlockhash!, IN_FLIGHT);
  const results = new Map<string, Figures[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [callName, call] of Object.entries(calls)) {
      for (const inFlight of [1, IN_FLIGHT]) {
        // Alternating which goes first, so neither always runs on a warmer machine.
        const order = round % 2 === 0 ? Object.entries(transports) : Object.entries(transports).reverse();
        for (const [name, connection] of order) {
          const key = `${callName}|${inFlight}|${name}`;
          results.set(key, [...(results.get(key) ?? []), await measure(connection, call, inFlight)]);
        }
      }
    }
  }
  const lines = [
    `RPC transport: ${CALLS} calls per row per round, medians of ${ROUNDS} alternating rounds; load ${loadBefore.toFixed(2)} -> ${(loadavg()[0] ?? NaN).toFixed(2)}`,
    "| call | at once | transport | CPU per call | p50 latency | wall time per call |",
    "|---|---|---|---|---|---|",
  ];
  for (const [key, figures] of results) {
    const [callName, inFlight, name] = key.split("|");
    const cpu = median(figures.map((f) => f.cpuUsPerCall));
    const p50 = median(figures.map((f) => f.p50Ms));
    const wall = median(figures.map((f) => f.wallMsPerCall));
    lines.push(`| ${callName} | ${inFlight} | ${name} | ${(cpu / 1000).toFixed(3)} ms | ${p50.toFixed(2)} ms | ${wall.toFixed(3)} ms |`);
  }
  process.stdout.write(`${lines.join("\n")}\n`);
} finally {
  await net.stop();
}
