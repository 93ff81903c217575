/** Numbers and times as Telegram messages show them. */

/** USDC base units (6 decimals) as "1,234.5 USDC". */
export function usdc(amount: bigint): string {
  return `${tokens(amount)} USDC`;
}

/** Token base units (6 decimals) with thousands separators and no trailing zeros. */
export function tokens(amount: bigint): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = (abs / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/** A duration in seconds as "2d 3h" / "4h 5m" / "6m". */
export function duration(seconds: number): string {
  if (seconds <= 0) return "0m";
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${Math.max(1, m)}m`;
}

/**
 * A transaction's page on the Solana explorer for `cluster` (mainnet, devnet, testnet,
 * localnet); a localnet's page opens its RPC URL (Solana Explorer's `customUrl`) when given.
 */
export function explorerTxUrl(signature: string, cluster: string, rpcUrl?: string): string {
  const custom = rpcUrl === undefined ? "" : `&customUrl=${encodeURIComponent(rpcUrl)}`;
  const suffix = cluster === "mainnet" ? "" : cluster === "localnet" ? `?cluster=custom${custom}` : `?cluster=${cluster}`;
  return `https://explorer.solana.com/tx/${signature}${suffix}`;
}
