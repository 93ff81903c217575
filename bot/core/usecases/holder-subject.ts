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
 * What else an action reads once the wallet and the campaign are known (a flag: whether the
 * holder flagged this submission, and its stored request; a stale vote: whether the holder
 * supported this round), and what of the campaign those reads depend on.
 */
export interface AlongsideReads<Also> {
  /** The part of the campaign `read` depends on, as a string (a flag: the submission it names). */
  readonly dependsOn: (campaign: CampaignView) => string;
  readonly read: (wallet: string, campaign: CampaignView) => Promise<Also>;
}

/**
 * The link first (an unlinked user costs no node read), then the campaign and the holder record
 * in one node call. `alongside`'s reads go out in that same call when the campaign directory's
 * copy of the campaign (kept by the indexer, read beside the link) chooses what the campaign
 * just read chooses: one round of node reads, not two. The directory is only a guess: the
 * chain's campaign decides, and a guess it contradicts (a submission the indexer has not seen
 * yet) or no guess at all costs the second round.
 */
export async function holderSubject<Also = undefined>(
  deps: { readonly store: Pick<Repositories, "links"> & Partial<Pick<Repositories, "campaigns">>; readonly chain: ChainReader },
  chat: ChatRef,
  campaignAddress: string,
  alongside?: AlongsideReads<Also>,
): Promise<Result<HolderSubject<Also>, "NotLinked" | "CampaignNotFound">> {
  // An address that cannot be one is not read; the answers keep their order: NotLinked first.
  const validAddress = decodeAddress(campaignAddress) !== null;
  const [link, known] = await Promise.all([
    deps.store.links.findByUser(chat.platform, chat.userId),
    // A guess that cannot be read is no guess: the chain's answer is waited for instead.
    alongside !== undefined && validAddress && deps.store.campaigns !== undefined ? deps.store.campaigns.find(campaignAddress).catch(() => null) : Promise.resolve(null),
  ]);
  if (link === null) return fail("NotLinked");
  if (!validAddress) return fail("CampaignNotFound");
  const wallet = link.address;
  const guess = known?.view ?? null;
  const [campaign, holder, guessed] = await Promise.all([
    deps.chain.getCampaign(campaignAddress),
    deps.chain.getHolder(campaignAddress, wallet),
    alongside !== undefined && guess !== null ? alongside.read(wallet, guess) : Promise.resolve(undefined),
  ]);
  if (campaign === null) return fail("CampaignNotFound");
  let also = guessed as Also;
  if (alongside !== undefined && (guess === null || alongside.dependsOn(guess) !== alongside.dependsOn(campaign))) {
    also = await alongside.read(wallet, campaign);
  }
  return ok({ wallet, campaign, holder, also });
}
