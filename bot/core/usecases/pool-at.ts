/**
 * Commands that take a campaign or a reward pool by address (`/flag`, `/dispute`) ask which one
 * it is here.
 */
import type { PoolReader, PoolView } from "../pools.js";
import type { ChainReader } from "../ports.js";

/**
 * The reward pool at `address`, or `null` when it is none (a campaign, nothing): what a command
 * that takes either (`/flag`, `/dispute`) acts on. An address the chain reader read lately as a
 * campaign is no pool (an account's type never changes): no node call.
 *
 * `readCampaign`: the campaign is read beside the pool, so the campaign action's own reads find
 * it read lately (`ChainReader.recentCampaign`: a flag then needs one round of reads, not two).
 * Only an action that uses that memory asks for it (`/flag`); to any other it is a read more.
 */
export async function poolAt(
  deps: { readonly chain: Pick<ChainReader, "recentCampaign" | "getCampaign">; readonly pools: Pick<PoolReader, "getPool"> },
  address: string,
  options: { readonly readCampaign?: boolean } = {},
): Promise<PoolView | null> {
  if (deps.chain.recentCampaign(address) !== null) return null;
  const [pool] = await Promise.all([deps.pools.getPool(address), options.readCampaign === true ? deps.chain.getCampaign(address) : null]);
  return pool;
}
