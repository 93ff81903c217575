/**
 * The two compute-budget instructions every relayed or prepared transaction starts with: a
 * compute-unit limit (what the transaction may use, and what the priority fee is charged on)
 * and a compute-unit price (the priority fee, micro-lamports per unit). The fee payer pays
 * price x limit / 1e6 lamports on top of the base fee, so the price is capped here and again
 * by the relay policy (policy.ts), whatever the estimate or a signed transaction says.
 *
 * `auto` price: a percentile of `getRecentPrioritizationFees` over the transaction's writable
 * accounts (a real node answers one sample per recent slot, often many zeros; the localnet
 * answers [] and the price is 0). `auto` limit: the transaction is simulated with the maximum
 * limit and gets what it used plus a margin.
 */
import {
  ComputeBudgetProgram,
  type Connection,
  type PublicKey,
  type TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from "@solana/web3.js";
import { type RetryPolicy, withRetries } from "./rpc.js";

/** The most compute units a transaction may request (the runtime's limit). */
export const MAX_COMPUTE_UNITS = 1_400_000;
/** The least a configured limit may be: below this no PepFund instruction runs. */
export const MIN_COMPUTE_UNITS = 10_000;
/** Default cap on the price: at most 1.4 M units x 1 lamport = 0.0014 SOL priority fee per transaction. */
export const DEFAULT_MAX_PRIORITY_FEE = 1_000_000;
/** The highest cap the configuration accepts (100 lamports per unit, 0.14 SOL per transaction at most). */
export const MAX_PRIORITY_FEE_CAP = 100_000_000;
/** Margin on the simulated units: state read later may take a slightly longer path. */
const LIMIT_MARGIN = 1.2;
/** Per transaction: the budget instructions themselves and rounding. */
const LIMIT_PAD = 1_000;
/** Limit per instruction when the simulation fails (the send's preflight then reports why). */
const FALLBACK_UNITS_PER_INSTRUCTION = 200_000;
/** How web3.js 1.x words a JSON-RPC error answer to `simulateTransaction` (a plain Error). */
const SIMULATION_REFUSED = "failed to simulate transaction:";
/** Most writable accounts `getRecentPrioritizationFees` takes. */
const MAX_FEE_ACCOUNTS = 128;

/** How the priority fee and the compute-unit limit are chosen (PRIORITY_FEE_*, COMPUTE_UNIT_LIMIT). */
export interface FeeSettings {
  /** Micro-lamports per compute unit, or `auto` (estimated). */
  readonly price: "auto" | number;
  /** No price above this, estimated or configured. */
  readonly maxPrice: number;
  /** Which percentile of recent fees `auto` pays (0-100). */
  readonly percentile: number;
  /** Compute units, or `auto` (simulated). */
  readonly unitLimit: "auto" | number;
}

export const DEFAULT_FEES: FeeSettings = { price: "auto", maxPrice: DEFAULT_MAX_PRIORITY_FEE, percentile: 75, unitLimit: "auto" };

/** The nearest-rank `percentile` of `samples` (0 for none). */
export function percentileFee(samples: readonly number[], percentile: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(Math.max(percentile, 0), 100) / 100) * sorted.length);
  return sorted[Math.max(rank - 1, 0)] ?? 0;
}

/** The price to pay, micro-lamports per unit: configured or estimated, never above the cap. */
export async function priorityFee(
  connection: Connection,
  writable: readonly PublicKey[],
  settings: FeeSettings,
  retry: RetryPolicy,
): Promise<number> {
  if (settings.price !== "auto") return Math.min(settings.price, settings.maxPrice);
  const recent = await withRetries(
    "getRecentPrioritizationFees",
    () => connection.getRecentPrioritizationFees({ lockedWritableAccounts: writable.slice(0, MAX_FEE_ACCOUNTS) }),
    retry,
  );
  return Math.min(percentileFee(recent.map((r) => r.prioritizationFee), settings.percentile), settings.maxPrice);
}

/**
 * The units the instructions use in a simulation at the maximum limit, plus the margin; and
 * whether the simulation ran them without an error (`passed`; false: the fallback limit).
 */
export async function simulatedUnitLimit(
  connection: Connection,
  payer: PublicKey,
  instructions: readonly TransactionInstruction[],
  retry: RetryPolicy,
): Promise<{ units: number; passed: boolean }> {
  const message = new TransactionMessage({
    payerKey: payer,
    // Replaced by the node (replaceRecentBlockhash): any well-formed hash will do.
    recentBlockhash: payer.toBase58(),
    instructions: [ComputeBudgetProgram.setComputeUnitLimit({ units: MAX_COMPUTE_UNITS }), ...instructions],
  }).compileToLegacyMessage();
  // A refusal (in the result, or as the node's JSON-RPC error, e.g. an unfunded payer) is not
  // retried: the send's preflight reports it with the program's code, and this limit never runs.
  const refused = (error: unknown) => error instanceof Error && error.message.startsWith(SIMULATION_REFUSED);
  const fallback = Math.min(FALLBACK_UNITS_PER_INSTRUCTION * instructions.length, MAX_COMPUTE_UNITS);
  let simulation;
  try {
    simulation = await withRetries(
      "simulateTransaction",
      () => connection.simulateTransaction(new VersionedTransaction(message), { sigVerify: false, replaceRecentBlockhash: true, commitment: "confirmed" }),
      retry,
      refused,
    );
  } catch (error) {
    if (refused(error)) return { units: fallback, passed: false };
    throw error;
  }
  const used = simulation.value.unitsConsumed;
  if (simulation.value.err !== null || used === undefined || used === 0) return { units: fallback, passed: false };
  return { units: Math.min(Math.max(Math.ceil(used * LIMIT_MARGIN) + LIMIT_PAD, MIN_COMPUTE_UNITS), MAX_COMPUTE_UNITS), passed: true };
}

/** The accounts the instructions write (the fee payer's too): where fees compete for the lock. */
export function writableAccounts(payer: PublicKey, instructions: readonly TransactionInstruction[]): PublicKey[] {
  const seen = new Map<string, PublicKey>([[payer.toBase58(), payer]]);
  for (const ix of instructions) for (const k of ix.keys) if (k.isWritable) seen.set(k.pubkey.toBase58(), k.pubkey);
  return [...seen.values()];
}

/**
 * The limit and price instructions for `instructions` paid by `payer`, to put first, and
 * whether the instructions were simulated without an error to choose the limit (`auto` limit). Such a simulation is the send's preflight done
 * already: the relayer then sends without a second one (sender.ts).
 */
export async function computeBudget(
  connection: Connection,
  payer: PublicKey,
  instructions: readonly TransactionInstruction[],
  settings: FeeSettings,
  retry: RetryPolicy,
): Promise<{ instructions: TransactionInstruction[]; simulated: boolean }> {
  const [limit, microLamports] = await Promise.all([
    settings.unitLimit === "auto" ? simulatedUnitLimit(connection, payer, instructions, retry) : Promise.resolve({ units: settings.unitLimit, passed: false }),
    priorityFee(connection, writableAccounts(payer, instructions), settings, retry),
  ]);
  return {
    instructions: [ComputeBudgetProgram.setComputeUnitLimit({ units: limit.units }), ComputeBudgetProgram.setComputeUnitPrice({ microLamports })],
    simulated: limit.passed,
  };
}
