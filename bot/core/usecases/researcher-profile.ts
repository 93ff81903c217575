/** A researcher's public record and campaigns: what backers weigh before they fund. */
import type { BotErrorCode } from "../codes.js";
import { decodeAddress } from "../linking/encoding.js";
import type { ChainReader, Repositories, ResearcherView } from "../ports.js";
import { fail, ok, type Result } from "../result.js";
import { campaignLabel } from "../labels.js";
import type { CampaignChoice } from "./campaign-directory.js";

/** Most campaigns read for one researcher. */
const MAX_CAMPAIGNS = 200;

/** The record and the campaigns, newest first. */
export interface ResearcherProfile {
  readonly record: ResearcherView;
  readonly campaigns: readonly (CampaignChoice & { readonly id: bigint })[];
}

/** The profile of the researcher at `address`. */
export async function researcherProfile(
  deps: { readonly chain: ChainReader; readonly store: Pick<Repositories, "campaigns"> },
  address: string,
): Promise<Result<ResearcherProfile, BotErrorCode>> {
  const researcher = address.trim();
  if (decodeAddress(researcher) === null) return fail("ResearcherNotFound");
  const record = await deps.chain.getResearcher(researcher);
  if (record === null) return fail("ResearcherNotFound");
  // From the campaign directory (titles, no getProgramAccounts); a researcher has few campaigns.
  const campaigns = (await deps.store.campaigns.findByAddressPrefix(researcher, MAX_CAMPAIGNS))
    .map((e) => e.view)
    .filter((c) => c.researcher === researcher)
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((c) => ({ address: c.address, label: campaignLabel(c), status: c.status, id: c.id }));
  return ok({ record, campaigns });
}
