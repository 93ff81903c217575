/**
 * Token amounts as the signing page shows them. USDC and every campaign's backer token have
 * 6 decimals (constants.rs CAMPAIGN_TOKEN_DECIMALS); amounts stay bigints end to end, so a
 * large amount is shown exactly (a float would round it).
 */

const DECIMALS = 6;
const UNIT = 10n ** BigInt(DECIMALS);

/** `1234567890n` -> "1,234.56789"; whole amounts have no decimal point. */
export function tokenAmount(baseUnits: bigint): string {
  const sign = baseUnits < 0n ? "-" : "";
  const abs = baseUnits < 0n ? -baseUnits : baseUnits;
  const whole = (abs / UNIT).toString().replace(/\B(?=(\d{3})+$)/g, ",");
  const fraction = (abs % UNIT).toString().padStart(DECIMALS, "0").replace(/0+$/, "");
  return `${sign}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}
