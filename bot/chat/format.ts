/**
 * Numbers, durations and links as every platform shows them, written once. Amounts are
 * base units (`bigint`); campaign tokens and USDC both have 6 decimals
 * (programs/pepfund/src/constants.rs CAMPAIGN_TOKEN_DECIMALS).
 */
import { isLocalHost } from "../core/local-host.js";
import { campaignShareLinks } from "../core/share-links.js";
export { shortAddress } from "../core/labels.js";

const DECIMALS = 6;

/** `1234567890n` -> "1,234.56789": thousands separators, no trailing zeros. */
export function tokens(baseUnits: bigint): string {
  return units(baseUnits, DECIMALS);
}

/** An amount of a mint with `decimals` decimals, exact ("1,234.5"): reward-pool mints have their own. */
export function units(baseUnits: bigint, decimals: number): string {
  const unit = 10n ** BigInt(decimals);
  const negative = baseUnits < 0n;
  const abs = negative ? -baseUnits : baseUnits;
  const whole = (abs / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = decimals === 0 ? "" : (abs % unit).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/** A USDC amount with its unit: "1,234.5 USDC". */
export function usdc(baseUnits: bigint): string {
  return `${tokens(baseUnits)} USDC`;
}

/** A KPI's goal as chat writes it everywhere: "tvl_usd ≥ 10000000". */
export function kpiGoal(kpi: { readonly metric: string; readonly target: bigint }): string {
  return `${kpi.metric} ≥ ${kpi.target}`;
}

/** `part` of `whole` as a percentage with two decimals, rounded down ("9.99%"). */
export function percent(part: bigint, whole: bigint): string {
  if (whole <= 0n) return "0%";
  const hundredths = (part * 10_000n) / whole;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}%`;
}

/** Basis points as a percentage: 2500 -> "25%", 3333 -> "33.33%". */
export function share(bps: number): string {
  return `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")}%`;
}

/** A bar of `cells` cells for `part` of `whole`: "███░░░░░░░". */
export function bar(part: bigint, whole: bigint, cells = 10): string {
  const filled = whole <= 0n ? 0 : Number((part * BigInt(cells)) / whole);
  const n = Math.max(0, Math.min(cells, filled));
  return `${"█".repeat(n)}${"░".repeat(cells - n)}`;
}

/** Seconds as "2d 3h", "4h 5m" or "6m" (under a minute: "<1m"; nothing left: "0m"). */
export function duration(seconds: number): string {
  if (seconds <= 0) return "0m";
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  return m > 0 ? `${m}m` : "<1m";
}

/** "in 3d 4h" / "2h 5m ago", relative to `now` (both Unix seconds). */
export function relative(unix: number, now: number): string {
  const delta = unix - now;
  if (Math.abs(delta) < 60) return "now";
  return delta > 0 ? `in ${duration(delta)}` : `${duration(-delta)} ago`;
}

/** Which cluster explorer links point at. */
export interface ExplorerSettings {
  /** `mainnet`, `devnet`, `testnet` or `localnet`. */
  readonly cluster: string;
  /** A localnet's RPC URL, which its explorer pages open (Solana Explorer's `customUrl`). */
  readonly rpcUrl?: string;
}

function clusterQuery(explorer: ExplorerSettings): string {
  if (explorer.cluster === "mainnet") return "";
  if (explorer.cluster !== "localnet") return `?cluster=${explorer.cluster}`;
  // Only a URL on this machine goes into links people share: a remote provider's URL carries
  // its API key in the path or query, and a link must never publish it.
  const shareable = explorer.rpcUrl !== undefined && isLocalHost(explorer.rpcUrl);
  return `?cluster=custom${shareable ? `&customUrl=${encodeURIComponent(explorer.rpcUrl)}` : ""}`;
}

/** A transaction's page on the Solana explorer. */
export function explorerTxUrl(signature: string, explorer: ExplorerSettings): string {
  return `https://explorer.solana.com/tx/${signature}${clusterQuery(explorer)}`;
}

/** An account's page on the Solana explorer. */
export function explorerAddressUrl(address: string, explorer: ExplorerSettings): string {
  return `https://explorer.solana.com/address/${address}${clusterQuery(explorer)}`;
}

/** A campaign's public page (`<base>/c/<campaign>`, also its share link: bot/core/share-links.ts). */
export function campaignPageUrl(publicBaseUrl: string, campaign: string): string {
  return campaignShareLinks(publicBaseUrl, campaign).page;
}
