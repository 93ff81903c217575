/** A holder whose flag the core accepts: the fixture the flag request, relay and answer tests share. */
import type { CampaignView, ChatRef, Clock, Store } from "../../../bot/core/ports.js";
import { campaign, milestone } from "./campaigns.js";
import { randomAddress, type FakeChain } from "./fakes.js";

/**
 * `chat`'s user linked to a fresh wallet holding 50,000 base units of a new campaign whose
 * first milestone is in review (window open an hour, 800,000 backer supply), `relayer` its delegate.
 */
export async function flaggingHolder(
  deps: { readonly store: Store; readonly chain: FakeChain; readonly clock: Clock },
  chat: ChatRef,
  relayer: string,
): Promise<{ wallet: string; view: CampaignView }> {
  const { store, chain, clock } = deps;
  const wallet = randomAddress();
  await store.links.insert({ ...chat, address: wallet, challengeNonce: `flagger-${chat.platform}-${chat.userId}`, linkedAt: clock.now() });
  const now = Math.floor(clock.now().getTime() / 1000);
  const view = campaign({
    milestones: [milestone(0, { status: "InReview", attempts: 1, windowEnd: now + 3_600, supplySnapshot: 1_000_000n, backerSupplySnapshot: 800_000n }), milestone(1)],
  });
  chain.campaigns.set(view.address, view);
  chain.setHolder(view.address, { owner: wallet, deposited: 50_000n, delegate: relayer, lockedUntil: 0 });
  return { wallet, view };
}
