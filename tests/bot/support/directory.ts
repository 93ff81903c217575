/**
 * The indexer's part for tests over the FakeChain: a store whose campaign directory holds the
 * FakeChain's campaigns whenever it is read, as the indexer keeps it current in production.
 * The directory itself is the real one (bot/store/campaign-tables.ts); only its feeding is
 * done here, just in time, at a newer slot each time.
 */
import type { CampaignDirectoryRepository, Store } from "../../../bot/core/ports.js";
import type { FakeChain } from "./fakes.js";

export function indexedStore(store: Store, chain: FakeChain): Store {
  let slot = 1n;
  const feed = async () => {
    slot += 1n;
    for (const view of chain.campaigns.values()) {
      await store.campaigns.upsert({ view, slot, at: new Date(), ...(typeof view.title === "string" ? { title: view.title } : {}) });
    }
  };
  const directory = store.campaigns;
  const reads: (keyof CampaignDirectoryRepository)[] = ["find", "page", "search", "findByTitle", "findByNumber", "findByAddressPrefix", "count", "untitled"];
  const fed = { ...directory } as Record<string, unknown>;
  for (const name of reads) {
    const read = directory[name] as (...args: unknown[]) => Promise<unknown>;
    fed[name] = async (...args: unknown[]) => {
      await feed();
      return read(...args);
    };
  }
  return { ...store, campaigns: fed as unknown as CampaignDirectoryRepository };
}
