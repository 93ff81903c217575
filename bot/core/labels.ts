/** How campaigns and wallets are named in chat, the same on every platform. */
import type { CampaignView } from "./views.js";

/** `AbCd…WxYz`: enough of a base58 address to recognise it. */
export function shortAddress(address: string): string {
  return address.length <= 10 ? address : `${address.slice(0, 4)}…${address.slice(-4)}`;
}

/** "#<id> by <short researcher> — <first milestone title>". */
export function campaignLabel(campaign: CampaignView): string {
  const first = campaign.milestones[0]?.title;
  const head = `#${campaign.id} by ${shortAddress(campaign.researcher)}`;
  return first === undefined ? head : `${head} — ${first}`;
}
