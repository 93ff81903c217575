/**
 * Titles for the campaign directory: each untitled campaign's texts document is read from
 * Arweave and its title stored once the document matches the on-chain `metadata_hash`. This
 * runs apart from the indexer, so an Arweave outage never holds announcements back: a
 * campaign whose texts cannot be read now is tried again on a later pass.
 */
import type { Repositories } from "../ports.js";
import { campaignTexts, type TextsDeps } from "./campaign-texts.js";

export interface TitlesDeps extends TextsDeps {
  readonly store: Pick<Repositories, "campaigns">;
}

/** What a pass did. */
export interface TitlesReport {
  /** Titles stored. */
  readonly titled: number;
  /** Texts not readable now (outage): tried again next pass. */
  readonly unavailable: number;
  /** Texts that do not match their hash or are not a texts document: left untitled. */
  readonly unverifiable: number;
}

/**
 * Reads the texts of up to `limit` untitled campaigns. `skip` holds `<address>:<hash>` of
 * texts found unverifiable before (they will not match until the campaign is edited, which
 * changes the hash); new ones are added to it.
 */
export async function fillTitles(deps: TitlesDeps, limit: number, skip: Set<string>): Promise<TitlesReport> {
  const untitled = await deps.store.campaigns.untitled(limit + skip.size);
  let titled = 0;
  let unavailable = 0;
  let unverifiable = 0;
  for (const { view } of untitled) {
    const key = `${view.address}:${view.metadataSha256}`;
    if (skip.has(key)) continue;
    if (titled + unavailable + unverifiable >= limit) break;
    const texts = await campaignTexts(deps, view);
    if (texts.outcome === "unavailable") {
      unavailable += 1;
    } else if (texts.outcome === "read" && texts.documentMatches && texts.title.trim() !== "") {
      await deps.store.campaigns.setTitle(view.address, view.metadataSha256, texts.title);
      titled += 1;
    } else {
      skip.add(key);
      unverifiable += 1;
    }
  }
  return { titled, unavailable, unverifiable };
}
