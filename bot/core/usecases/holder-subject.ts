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
 * What else an action reads once the wallet is known (a flag: whether the holder flagged the
 * submission, and its stored request; a stale vote: whether the holder supported the round),
 * and the part of the campaign it depends on (the submission, the round): its key.
 */
export interface AlongsideReads<Key extends string | number, Also> {
  /**
   * The key `campaign` names; `undefined` when it names nothing to read (no such milestone).
   * Asked with `null` before the campaign is read: `undefined` then when the key needs it.
   */
  readonly keyOf: (campaign: CampaignView | null) => Key | undefined;
  readonly read: (wallet: string, key: Key) => Promise<Also>;
  /** What was read when the campaign names nothing to read. */
  readonly none: Also;
}

/**
 * The link first (an unlinked user costs no node read), then the campaign and the holder record
 * in one node call, and `alongside`'s reads in that same call when their key is known before
 * the campaign is read: named by the command (a button's submission), or guessed from the
 * campaign as the reader last read it (`ChainReader.recentCampaign`, no node call). The
 * campaign just read decides: a guess it contradicts (a new submission since) or no guess
 * costs a second round, for the key it names.
 */
export async function holderSubject<Key extends string | number = never, Also = undefined>(
  deps: { readonly store: Pick<Repositories, "links">; readonly chain: ChainReader },
  chat: ChatRef,
  campaignAddress: string,
  alongside?: AlongsideReads<Key, Also>,
): Promise<Result<HolderSubject<Also>, "NotLinked" | "CampaignNotFound">> {
  const link = await deps.store.links.findByUser(chat.platform, chat.userId);
  if (link === null) return fail("NotLinked");
  // An address that cannot be one is not read.
  if (decodeAddress(campaignAddress) === null) return fail("CampaignNotFound");
  const wallet = link.address;
  const guessed = alongside === undefined ? undefined : (alongside.keyOf(null) ?? alongside.keyOf(deps.chain.recentCampaign(campaignAddress)));
  const [campaign, holder, readEarly] = await Promise.all([
    deps.chain.getCampaign(campaignAddress),
    deps.chain.getHolder(campaignAddress, wallet),
    alongside !== undefined && guessed !== undefined ? alongside.read(wallet, guessed) : Promise.resolve(undefined),
  ]);
  if (campaign === null) return fail("CampaignNotFound");
  if (alongside === undefined) return ok({ wallet, campaign, holder, also: undefined as Also });
  const key = alongside.keyOf(campaign);
  const also = key === undefined ? alongside.none : key === guessed ? (readEarly as Also) : await alongside.read(wallet, key);
  return ok({ wallet, campaign, holder, also });
}
