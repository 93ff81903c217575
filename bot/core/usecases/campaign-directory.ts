/**
 * Campaigns to pick from: autocomplete on Discord, inline keyboards on Telegram. Each entry
 * carries the address the use cases take and a label people recognise.
 */
import { campaignLabel } from "../labels.js";
import type { CampaignStatus, ChainReader, CampaignView } from "../ports.js";

/** A campaign in a picker. */
export interface CampaignChoice {
  readonly address: string;
  /** "#<id> by <short researcher> — <first milestone title>". */
  readonly label: string;
  readonly status: CampaignStatus;
}

/** Campaigns people act on come first: active, then fundraising, then the rest. */
const STATUS_ORDER: Readonly<Record<CampaignStatus, number>> = {
  Active: 0,
  Fundraising: 1,
  PendingReview: 2,
  Draft: 3,
  Completed: 4,
  Failed: 5,
  Abandoned: 6,
};

function byRelevance(a: CampaignView, b: CampaignView): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    a.researcher.localeCompare(b.researcher) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function choice(campaign: CampaignView): CampaignChoice {
  return { address: campaign.address, label: campaignLabel(campaign), status: campaign.status };
}

/** Up to `limit` campaigns, most relevant first. */
export async function listCampaigns(deps: { readonly chain: ChainReader }, limit: number): Promise<CampaignChoice[]> {
  const campaigns = await deps.chain.listCampaigns();
  return campaigns.sort(byRelevance).slice(0, Math.max(0, limit)).map(choice);
}

/**
 * Campaigns matching what the user typed: an address prefix, `#<id>`, or words of the label
 * (any case). An empty query lists campaigns.
 */
export async function searchCampaigns(
  deps: { readonly chain: ChainReader },
  query: string,
  limit: number,
): Promise<CampaignChoice[]> {
  const text = query.trim().slice(0, 100);
  if (text === "") return listCampaigns(deps, limit);
  const lower = text.toLowerCase();
  const campaigns = await deps.chain.listCampaigns();
  const matches = campaigns.filter((c) => {
    if (c.address.startsWith(text) || c.researcher.startsWith(text)) return true;
    if (lower === `#${c.id}`) return true;
    const label = campaignLabel(c).toLowerCase();
    return lower.split(/\s+/).every((word) => label.includes(word));
  });
  return matches.sort(byRelevance).slice(0, Math.max(0, limit)).map(choice);
}

/** The states `/campaigns` lists together. */
export type CampaignGroup = "raising" | "active" | "ended";

/** Which group a campaign's state belongs to (drafts and campaigns under review are not listed). */
export function campaignGroup(status: CampaignStatus): CampaignGroup | null {
  if (status === "Fundraising") return "raising";
  if (status === "Active") return "active";
  if (status === "Completed" || status === "Failed" || status === "Abandoned") return "ended";
  return null;
}

/** One page of the campaigns in a group, most relevant first, with how many there are in all. */
export async function campaignsInGroup(
  deps: { readonly chain: ChainReader },
  group: CampaignGroup,
  page: { readonly offset: number; readonly limit: number },
): Promise<{ readonly total: number; readonly campaigns: readonly CampaignView[] }> {
  const all = (await deps.chain.listCampaigns()).filter((c) => campaignGroup(c.status) === group).sort(byRelevance);
  return { total: all.length, campaigns: all.slice(page.offset, page.offset + page.limit) };
}
