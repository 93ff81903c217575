/** Numbers and times as Discord users read them. */

/** Campaign tokens and USDC both have 6 decimals (constants.rs CAMPAIGN_TOKEN_DECIMALS). */
const DECIMALS = 6n;
const UNIT = 10n ** DECIMALS;

/** `1234567890n` -> "1,234.56789". */
export function amount(baseUnits: bigint): string {
  const negative = baseUnits < 0n;
  const abs = negative ? -baseUnits : baseUnits;
  const whole = (abs / UNIT).toLocaleString("en-US");
  const fraction = (abs % UNIT).toString().padStart(Number(DECIMALS), "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/** USDC amount with its unit. */
export function usdc(baseUnits: bigint): string {
  return `${amount(baseUnits)} USDC`;
}

/** `part` of `whole` as a percentage with two decimals. */
export function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return "0%";
  const hundredths = (part * 10_000n) / whole;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, "0")}%`;
}

/** A 10-cell bar of `part` against `whole` (flag weight against quorum). */
export function progressBar(part: bigint, whole: bigint, cells = 10): string {
  const filled = whole === 0n ? 0 : Number((part * BigInt(cells)) / whole);
  const n = Math.max(0, Math.min(cells, filled));
  return `${"█".repeat(n)}${"░".repeat(cells - n)}`;
}

/** "2h 5m" for a number of seconds. */
export function duration(seconds: number): string {
  if (seconds <= 0) return "0m";
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return [d > 0 ? `${d}d` : "", h > 0 ? `${h}h` : "", d === 0 && m > 0 ? `${m}m` : ""].filter(Boolean).join(" ") || "<1m";
}
