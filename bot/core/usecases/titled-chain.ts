/**
 * A chain reader whose campaigns carry their verified titles from the campaign directory, so
 * every reply, signing page and notice built from a read names the campaign by its title.
 * Titles come from the database (one indexed lookup); the campaigns themselves are still read
 * from the chain, as the rules need.
 */
import type { CampaignStatus, ChainReader, Repositories } from "../ports.js";
import { withDirectoryTitle } from "./campaign-directory.js";

const ALL_STATUSES: readonly CampaignStatus[] = ["Active", "Fundraising", "PendingReview", "Draft", "Completed", "Failed", "Abandoned"];

export function titledChain(chain: ChainReader, store: Pick<Repositories, "campaigns">): ChainReader {
  const titled = Object.create(chain) as ChainReader;
  titled.getCampaign = async (address) => {
    const view = await chain.getCampaign(address);
    return view === null ? null : withDirectoryTitle({ store }, view);
  };
  titled.listCampaigns = async () => {
    const [views, { entries }] = await Promise.all([chain.listCampaigns(), store.campaigns.page(ALL_STATUSES, { offset: 0, limit: 100_000 })]);
    const known = new Map(entries.map((e) => [e.view.address, e]));
    return views.map((view) => {
      const entry = known.get(view.address);
      return entry?.title != null && entry.view.metadataSha256 === view.metadataSha256 ? { ...view, title: entry.title } : view;
    });
  };
  return titled;
}
