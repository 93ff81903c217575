/**
 * Campaigns to pick from: autocomplete on Discord, inline keyboards on Telegram, `/campaigns`
 * and typed names. Everything here reads the campaign directory (table `campaign`, kept by
 * the indexer), never the chain: a keystroke must not cost a getProgramAccounts call.
 */
import { campaignLabel, shortAddress } from "../labels.js";
import type { CampaignEntry, CampaignStatus, CampaignView, ChainReader, Clock, Repositories } from "../ports.js";

/** What the directory use cases read. */
export interface DirectoryDeps {
  readonly store: Pick<Repositories, "campaigns">;
}

/** A campaign in a picker. */
export interface CampaignChoice {
  readonly address: string;
  /** The title (or "#<id> by <short researcher> — <first milestone>"), "— by <researcher>" when two share it. */
  readonly label: string;
  readonly status: CampaignStatus;
}

/** Every state, for lists that show all campaigns. */
const ALL_STATUSES: readonly CampaignStatus[] = ["Active", "Fundraising", "PendingReview", "Draft", "Completed", "Failed", "Abandoned"];

/** `#12`: a campaign's number. */
const NUMBER = /^#(\d{1,19})$/;
/** Something that may begin a base58 address (typed to find a campaign or researcher by it). */
const ADDRESS_PREFIX = /^[1-9A-HJ-NP-Za-km-z]{4,44}$/;

/**
 * Choices labelled by title; campaigns sharing a title (any case) are told apart by their
 * researcher, and by number when one researcher has both.
 */
export function choicesOf(entries: readonly CampaignEntry[]): CampaignChoice[] {
  const labels = entries.map((e) => campaignLabel(e.view));
  const seen = new Map<string, number>();
  for (const label of labels) seen.set(label.toLowerCase(), (seen.get(label.toLowerCase()) ?? 0) + 1);
  return entries.map((e, i) => {
    const label = labels[i] as string;
    const shared = (seen.get(label.toLowerCase()) ?? 0) > 1;
    return { address: e.view.address, label: shared ? disambiguated(e.view, label, entries) : label, status: e.view.status };
  });
}

function disambiguated(view: CampaignView, label: string, entries: readonly CampaignEntry[]): string {
  const sameResearcher = entries.filter((e) => e.view.researcher === view.researcher && campaignLabel(e.view).toLowerCase() === label.toLowerCase());
  const by = `${label} — by ${shortAddress(view.researcher)}`;
  return sameResearcher.length > 1 ? `${by} #${view.id}` : by;
}

/** Up to `limit` campaigns, most relevant first (active, raising, under review, drafts, ended). */
export async function listCampaigns(deps: DirectoryDeps, limit: number): Promise<CampaignChoice[]> {
  const { entries } = await deps.store.campaigns.page(ALL_STATUSES, { offset: 0, limit: Math.max(0, limit) });
  return choicesOf(entries);
}

/** Adds `more` after `found`, each campaign once, up to `limit`. */
function merged(found: readonly CampaignEntry[], more: readonly CampaignEntry[], limit: number): CampaignEntry[] {
  const seen = new Set(found.map((e) => e.view.address));
  return [...found, ...more.filter((e) => !seen.has(e.view.address))].slice(0, Math.max(0, limit));
}

/** The directory's entries for what the user typed (see `searchCampaigns`). */
async function searchEntries(deps: DirectoryDeps, query: string, limit: number): Promise<CampaignEntry[]> {
  const text = query.trim().slice(0, 100);
  if (text === "") return [...(await deps.store.campaigns.page(ALL_STATUSES, { offset: 0, limit: Math.max(0, limit) })).entries];
  const number = NUMBER.exec(text)?.[1];
  if (number !== undefined) return deps.store.campaigns.findByNumber(BigInt(number), limit);
  const byAddress = ADDRESS_PREFIX.test(text) ? await deps.store.campaigns.findByAddressPrefix(text, limit) : [];
  const words = text.toLowerCase().split(/\s+/).filter((w) => w !== "");
  const byWords = await deps.store.campaigns.search(words, limit);
  return merged(byAddress, byWords, limit);
}

/**
 * Campaigns matching what the user typed: `#<id>`, an address prefix (of the campaign or its
 * researcher), or words of the title (any case). An empty query lists campaigns.
 */
export async function searchCampaigns(deps: DirectoryDeps, query: string, limit: number): Promise<CampaignChoice[]> {
  return choicesOf(await searchEntries(deps, query, limit));
}

/**
 * The campaigns a typed name means: an exact title (any case) first, then `#<id>`, an
 * address prefix or title words. One match is the campaign; several are offered to pick.
 */
export async function resolveCampaignName(deps: DirectoryDeps, name: string, limit: number): Promise<CampaignChoice[]> {
  const exact = await deps.store.campaigns.findByTitle(name.trim());
  if (exact.length > 0) return choicesOf(exact.slice(0, Math.max(0, limit)));
  return searchCampaigns(deps, name, limit);
}

/** A researcher to pick: their address and what they are known for (a campaign of theirs). */
export interface ResearcherChoice {
  readonly address: string;
  readonly label: string;
}

/** Researchers of the campaigns matching `query` (see `searchCampaigns`), each once, up to `limit`. */
export async function searchResearchers(deps: DirectoryDeps, query: string, limit: number): Promise<ResearcherChoice[]> {
  const entries = await searchEntries(deps, query, limit * 4);
  const labels = choicesOf(entries);
  const researchers = new Map<string, ResearcherChoice>();
  for (const [i, e] of entries.entries()) {
    const address = e.view.researcher;
    if (!researchers.has(address)) researchers.set(address, { address, label: `${shortAddress(address)} — ${labels[i]?.label ?? ""}` });
  }
  return [...researchers.values()].slice(0, Math.max(0, limit));
}

/** The states `/campaigns` lists together. */
export type CampaignGroup = "raising" | "active" | "ended";

const GROUP_STATUSES: Readonly<Record<CampaignGroup, readonly CampaignStatus[]>> = {
  raising: ["Fundraising"],
  active: ["Active"],
  ended: ["Completed", "Failed", "Abandoned"],
};

/** Which group a campaign's state belongs to (drafts and campaigns under review are not listed). */
export function campaignGroup(status: CampaignStatus): CampaignGroup | null {
  const found = (Object.keys(GROUP_STATUSES) as CampaignGroup[]).find((g) => GROUP_STATUSES[g].includes(status));
  return found ?? null;
}

/** One page of the campaigns in a group, most relevant first, with how many there are in all. */
export async function campaignsInGroup(
  deps: DirectoryDeps,
  group: CampaignGroup,
  page: { readonly offset: number; readonly limit: number },
): Promise<{ readonly total: number; readonly campaigns: readonly CampaignView[] }> {
  const { total, entries } = await deps.store.campaigns.page(GROUP_STATUSES[group], page);
  return { total, campaigns: entries.map((e) => e.view) };
}

/**
 * Fills the directory from the chain (one getProgramAccounts): for a deployment whose
 * indexer cursor is already past old campaigns' events, or a fresh database. Entries are
 * stored at `slot`, a slot at or before the read (0 when unknown), so anything the indexer
 * read meanwhile is newer and kept. Returns how many campaigns were stored.
 */
export async function syncDirectory(
  deps: { readonly store: Pick<Repositories, "campaigns">; readonly chain: Pick<ChainReader, "listCampaigns">; readonly clock: Clock },
  slot: bigint,
): Promise<number> {
  const campaigns = await deps.chain.listCampaigns();
  let stored = 0;
  for (const view of campaigns) {
    if (await deps.store.campaigns.upsert({ view, slot, at: deps.clock.now() })) stored += 1;
  }
  return stored;
}

/** The `indexer_cursor` row marking that this database's directory was filled from the chain. */
export const DIRECTORY_SYNC_MARK = "campaign-directory-sync";

/**
 * Fills the directory from the chain once per database (marked in `indexer_cursor`), so
 * campaigns whose events the indexer's cursor had passed before the directory existed are
 * listed too, even when the indexer stored newer campaigns first. `null` when done before.
 */
export async function syncDirectoryOnce(
  deps: Parameters<typeof syncDirectory>[0] & { readonly store: Pick<Repositories, "campaigns" | "cursors"> },
  slot: bigint,
): Promise<number | null> {
  if ((await deps.store.cursors.get(DIRECTORY_SYNC_MARK)) !== null) return null;
  const stored = await syncDirectory(deps, slot);
  await deps.store.cursors.set(DIRECTORY_SYNC_MARK, { signature: null, slot });
  return stored;
}

/** `view` named by the directory's verified title while its texts are the ones the title was read from. */
export async function withDirectoryTitle(deps: DirectoryDeps, view: CampaignView): Promise<CampaignView> {
  if (typeof view.title === "string") return view;
  const known = await deps.store.campaigns.find(view.address);
  const title = known !== null && known.view.metadataSha256 === view.metadataSha256 ? known.title : null;
  return title === null ? view : { ...view, title };
}
