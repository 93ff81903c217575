/** How campaigns and wallets are named in chat, the same on every platform. */
import type { CampaignView } from "./views.js";

/** `AbCd…WxYz`: enough of a base58 address to recognise it. */
export function shortAddress(address: string): string {
  return address.length <= 10 ? address : `${address.slice(0, 4)}…${address.slice(-4)}`;
}

/**
 * A campaign's name: its title once its texts were read and matched their hash, else
 * "#<id> by <short researcher> — <first milestone title>".
 */
export function campaignLabel(campaign: CampaignView): string {
  if (typeof campaign.title === "string" && campaign.title.trim() !== "") return campaign.title;
  const first = campaign.milestones[0]?.title;
  const head = `#${campaign.id} by ${shortAddress(campaign.researcher)}`;
  return first === undefined ? head : `${head} — ${first}`;
}
