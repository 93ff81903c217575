/**
 * A campaign's texts for `campaign show`: fetched from the first gateway that serves them
 * and trusted only when their SHA-256 is the one bound on-chain (no Arweave wallet needed:
 * the hash, not the gateway, makes the bytes authentic).
 */
import { type CampaignTexts, MAX_CAMPAIGN_TEXTS_BYTES, decodeCampaignTexts, sha256Hex } from "../../core/campaign-texts.js";

export type TextsOutcome =
  | { readonly kind: "ok"; readonly texts: CampaignTexts }
  | { readonly kind: "mismatch" }
  | { readonly kind: "unavailable"; readonly why: string };

export async function fetchCampaignTexts(gateways: readonly string[], id: string, sha256: string): Promise<TextsOutcome> {
  let why = "no gateway configured (ARWEAVE_GATEWAYS)";
  for (const gateway of gateways) {
    try {
      const response = await fetch(`${gateway}/${id}`, { signal: AbortSignal.timeout(20_000) });
      if (!response.ok) {
        why = `${gateway} answered ${response.status}`;
        continue;
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.length > MAX_CAMPAIGN_TEXTS_BYTES || sha256Hex(bytes) !== sha256) return { kind: "mismatch" };
      const decoded = decodeCampaignTexts(bytes);
      return decoded.ok ? { kind: "ok", texts: decoded.value } : { kind: "mismatch" };
    } catch (error) {
      why = `${gateway}: ${(error as Error).message}`;
    }
  }
  return { kind: "unavailable", why };
}
