/**
 * The campaign directory's worker: at its first pass the directory is filled from the chain
 * once per database (one getProgramAccounts; a deployment whose indexer cursor is past old
 * campaigns' events still lists them), then every pass reads the titles of untitled campaigns from
 * Arweave. Separate from the indexer so an Arweave outage never delays announcements.
 */
import type { ChainReader, Clock, EvidenceStore, Store } from "../core/ports.js";
import { syncDirectoryOnce } from "../core/usecases/campaign-directory.js";
import { TextsCache } from "../core/usecases/campaign-texts.js";
import { fillTitles } from "../core/usecases/campaign-titles.js";
import type { Logger } from "./logger.js";
import { type Loop, startLoop } from "./loop.js";

/** Texts documents read per pass. */
const TITLES_BATCH = 20;
/** Between passes: titles appear within seconds of a campaign's creation or edit. */
export const DIRECTORY_INTERVAL_MS = 5_000;

export interface DirectoryWorkerDeps {
  readonly store: Store;
  readonly chain: ChainReader;
  readonly clock: Clock;
  /** `null`: no Arweave reads configured, campaigns keep their "#id by …" labels. */
  readonly evidence: EvidenceStore | null;
}

export function startDirectoryWorker(deps: DirectoryWorkerDeps, log: Logger, intervalMs = DIRECTORY_INTERVAL_MS): Loop {
  let synced = false;
  const unverifiable = new Set<string>();
  const cache = new TextsCache(1_000_000);
  return startLoop("campaign-directory", intervalMs, async () => {
    if (!synced) {
      // Slot 0: whatever the indexer stores meanwhile was read later and is kept.
      const stored = await syncDirectoryOnce(deps, 0n);
      synced = true;
      if (stored !== null) log.info(`campaign-directory: filled from the chain (${stored} campaign(s))`);
    }
    if (deps.evidence === null) return;
    const report = await fillTitles({ store: deps.store, evidence: deps.evidence, cache }, TITLES_BATCH, unverifiable);
    if (report.titled + report.unverifiable > 0) log.info(`campaign-directory: titles ${JSON.stringify(report)}`);
  }, log);
}
