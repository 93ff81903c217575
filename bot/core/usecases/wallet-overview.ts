/**
 * What the caller's linked wallet holds in each campaign: deposited backer tokens (the flag
 * weight), backer tokens still in the wallet, and their share of the backer supply.
 */
import type { LinkErrorCode } from "../codes.js";
import { campaignLabel } from "../labels.js";
import type { ChainReader, Platform, Repositories } from "../ports.js";
import { fail, ok, type Result } from "../result.js";

/** One campaign's holding. */
export interface Holding {
  readonly campaign: string;
  readonly label: string;
  /** Backer tokens deposited with the program: the weight of a flag or stale-review support. */
  readonly deposited: bigint;
  /** Backer tokens in the wallet, not deposited. */
  readonly undeposited: bigint;
  /** The relayer (or anyone) the holder named to act for them, or `null`. */
  readonly delegate: string | null;
  /** Deposit lock (Unix seconds; 0 when none). */
  readonly lockedUntil: number;
  /** Backer tokens in existence, the share's denominator. */
  readonly backerSupply: bigint;
  /** (deposited + undeposited) / backerSupply in basis points, rounded down. */
  readonly shareBps: number;
}

/** A wallet and its holdings. */
export interface WalletOverview {
  readonly address: string;
  readonly holdings: readonly Holding[];
}

/** The linked wallet of `chat`'s user and every campaign it holds tokens of. */
export async function walletOverview(
  deps: { readonly store: Pick<Repositories, "links">; readonly chain: ChainReader },
  chat: { readonly platform: Platform; readonly userId: string },
): Promise<Result<WalletOverview, LinkErrorCode>> {
  const link = await deps.store.links.findByUser(chat.platform, chat.userId);
  if (link === null) return fail("NotLinked");
  const campaigns = await deps.chain.listCampaigns();
  const holdings = await Promise.all(
    campaigns.map(async (campaign): Promise<Holding | null> => {
      const [holder, undeposited] = await Promise.all([
        deps.chain.getHolder(campaign.address, link.address),
        deps.chain.getBackerBalance(campaign.address, link.address),
      ]);
      const deposited = holder?.deposited ?? 0n;
      if (deposited === 0n && undeposited === 0n && holder === null) return null;
      const backerSupply = campaign.backerSupply ?? campaign.raised;
      const held = deposited + undeposited;
      return {
        campaign: campaign.address,
        label: campaignLabel(campaign),
        deposited,
        undeposited,
        delegate: holder?.delegate ?? null,
        lockedUntil: holder?.lockedUntil ?? 0,
        backerSupply,
        shareBps: backerSupply === 0n ? 0 : Number((held * 10_000n) / backerSupply),
      };
    }),
  );
  return ok({ address: link.address, holdings: holdings.filter((h): h is Holding => h !== null) });
}
