/**
 * The accounts every holder action names, looked up in the program's order: the chat user's
 * linked wallet, the campaign, and the wallet's holder record (null before a first deposit).
 * Flags, stale votes and the signing-page actions all start here.
 */
import { decodeAddress } from "../linking/encoding.js";
import type { CampaignView, ChainReader, ChatRef, HolderView, Repositories } from "../ports.js";
import { fail, ok, type Result } from "../result.js";

export interface HolderSubject<Also = undefined> {
  readonly wallet: string;
  readonly campaign: CampaignView;
  readonly holder: HolderView | null;
  /** What `alongside` read. */
  readonly also: Also;
}

/**
 * `alongside`, when given, reads what else the action needs once the wallet and campaign are
 * known (a flag: whether the holder flagged, and its stored request), at the same time as the
 * holder record: the action waits for two rounds of reads, not three.
 */
export async function holderSubject<Also = undefined>(
  deps: { readonly store: Pick<Repositories, "links">; readonly chain: ChainReader },
  chat: ChatRef,
  campaignAddress: string,
  alongside?: (wallet: string, campaign: CampaignView) => Promise<Also>,
): Promise<Result<HolderSubject<Also>, "NotLinked" | "CampaignNotFound">> {
  // The link and the campaign at once (an address that cannot be one is not read); the
  // answers keep their order: NotLinked before CampaignNotFound.
  const validAddress = decodeAddress(campaignAddress) !== null;
  const [link, campaign] = await Promise.all([
    deps.store.links.findByUser(chat.platform, chat.userId),
    validAddress ? deps.chain.getCampaign(campaignAddress) : Promise.resolve(null),
  ]);
  if (link === null) return fail("NotLinked");
  if (campaign === null) return fail("CampaignNotFound");
  const [holder, also] = await Promise.all([
    deps.chain.getHolder(campaignAddress, link.address),
    alongside === undefined ? Promise.resolve(undefined as Also) : alongside(link.address, campaign),
  ]);
  return ok({ wallet: link.address, campaign, holder, also });
}
