/**
 * The accounts every holder action names, looked up in the program's order: the chat user's
 * linked wallet, the campaign, and the wallet's holder record (null before a first deposit).
 * Flags, stale votes and the signing-page actions all start here.
 */
import { decodeAddress } from "../linking/encoding.js";
import type { CampaignView, ChainReader, ChatRef, HolderView, Repositories } from "../ports.js";
import { fail, ok, type Result } from "../result.js";

export interface HolderSubject {
  readonly wallet: string;
  readonly campaign: CampaignView;
  readonly holder: HolderView | null;
}

export async function holderSubject(
  deps: { readonly store: Pick<Repositories, "links">; readonly chain: ChainReader },
  chat: ChatRef,
  campaignAddress: string,
): Promise<Result<HolderSubject, "NotLinked" | "CampaignNotFound">> {
  const link = await deps.store.links.findByUser(chat.platform, chat.userId);
  if (link === null) return fail("NotLinked");
  if (decodeAddress(campaignAddress) === null) return fail("CampaignNotFound");
  // Both reads at once: a flag waits for one node round trip here, not two (the holder read
  // of a campaign that does not exist is simply unused).
  const [campaign, holder] = await Promise.all([deps.chain.getCampaign(campaignAddress), deps.chain.getHolder(campaignAddress, link.address)]);
  if (campaign === null) return fail("CampaignNotFound");
  return ok({ wallet: link.address, campaign, holder });
}
