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
  const d = store.campaigns;
  const fed: CampaignDirectoryRepository = {
    upsert: (entry) => d.upsert(entry),
    setTitle: (address, sha, title) => d.setTitle(address, sha, title),
    find: async (address) => (await feed(), d.find(address)),
    page: async (statuses, page) => (await feed(), d.page(statuses, page)),
    search: async (words, limit) => (await feed(), d.search(words, limit)),
    findByTitle: async (title) => (await feed(), d.findByTitle(title)),
    findByNumber: async (number, limit) => (await feed(), d.findByNumber(number, limit)),
    findByAddressPrefix: async (prefix, limit) => (await feed(), d.findByAddressPrefix(prefix, limit)),
    untitled: async (limit) => (await feed(), d.untitled(limit)),
  };
  return { ...store, campaigns: fed };
}
