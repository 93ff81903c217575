/**
 * The demo's money: each party's USDC on the chain, what the rules say they end with, and
 * the differences in words (the demo exits 1 naming them).
 */
import { type Connection, PublicKey } from "@solana/web3.js";
import { vaultPda } from "../chain/pdas.js";
import { associatedTokenAddress } from "../chain/token.js";
import { USDC } from "./world.js";

/** USDC base units of each party at the end (and at every step). */
export interface Balances {
  readonly researcher: bigint;
  readonly escrow: bigint;
  readonly treasury: bigint;
  readonly backers: readonly bigint[];
}

/** Whose balances the demo shows. */
export interface Holders {
  readonly researcher: PublicKey;
  readonly treasury: PublicKey;
  readonly backers: readonly PublicKey[];
}

/** What the rules say the demo ends with: 40% released, the remaining 60% refunded pro rata. */
export function expectedFinalBalances(start: bigint, contributions: readonly bigint[]): Balances {
  const raised = contributions.reduce((a, b) => a + b, 0n);
  const released = (raised * 4_000n) / 10_000n;
  const left = raised - released;
  return {
    researcher: released,
    escrow: 0n,
    treasury: 0n,
    backers: contributions.map((c) => start - c + (c * left) / raised),
  };
}

/** The differences between what ended and what the rules say, in words. */
export function differences(actual: Balances, expected: Balances): string[] {
  const out: string[] = [];
  const check = (name: string, a: bigint | undefined, e: bigint | undefined) => {
    if (a !== e) out.push(`${name}: ${String(a)} base units, expected ${String(e)}`);
  };
  check("researcher", actual.researcher, expected.researcher);
  check("escrow", actual.escrow, expected.escrow);
  check("treasury", actual.treasury, expected.treasury);
  expected.backers.forEach((e, i) => check(`backer ${i + 1}`, actual.backers[i], e));
  return out;
}

/** The balances as JSON numbers of USDC base units (they fit: at most 10^10). */
export const balancesJson = (b: Balances) =>
  JSON.stringify({ researcher: Number(b.researcher), escrow: Number(b.escrow), treasury: Number(b.treasury), backers: b.backers.map(Number) });

/** `units` as USDC ("400 USDC", "12.5 USDC"). */
export function usdc(units: bigint): string {
  const whole = units / USDC;
  const fraction = (units % USDC).toString().padStart(6, "0").replace(/0+$/, "");
  return `${whole}${fraction === "" ? "" : `.${fraction}`} USDC`;
}

async function tokenBalance(connection: Connection, account: PublicKey): Promise<bigint> {
  if ((await connection.getAccountInfo(account, "confirmed")) === null) return 0n;
  return BigInt((await connection.getTokenAccountBalance(account, "confirmed")).value.amount);
}

/** Each holder's USDC and the campaign's escrow (its vault), read from the chain. */
export async function readBalances(connection: Connection, usdcMint: PublicKey, holders: Holders, campaign: string): Promise<Balances> {
  const of = (owner: PublicKey) => tokenBalance(connection, associatedTokenAddress(owner, usdcMint));
  const [escrow, researcher, treasury, ...backers] = await Promise.all([
    tokenBalance(connection, vaultPda(new PublicKey(campaign))),
    of(holders.researcher),
    of(holders.treasury),
    ...holders.backers.map(of),
  ]);
  return { researcher: researcher ?? 0n, escrow: escrow ?? 0n, treasury: treasury ?? 0n, backers };
}

/** One line of balances for the narration. */
export function balancesLine(b: Balances): string {
  return `balances: researcher ${usdc(b.researcher)} | escrow ${usdc(b.escrow)} | treasury ${usdc(b.treasury)} | ${b.backers.map((x, i) => `backer ${i + 1} ${usdc(x)}`).join(" | ")}`;
}
