/**
 * What the handlers not yet ported to bot/chat are given (/link, /unlink, /wallet, /profile,
 * /evidence, /submit, /dispute, /stale, /subscribe, /unsubscribe): the core's dependencies
 * in their old shape, built from the one ChatDeps record. Deleted with them.
 */
import type { Logger } from "../app/logger.js";
import type { ChatDeps } from "../chat/deps.js";
import { explorerTxUrl } from "../chat/format.js";
import type { ChainReader, EvidenceStore, Platform, Relayer } from "../core/ports.js";
import type { LinkDeps } from "../core/usecases/link-wallet.js";
import type { SigningSettings } from "../core/usecases/signing-requests.js";
import type { DiscordSettings as GuildSettings } from "./settings.js";

/** What commands that write (evidence, disputes, stale reviews) need. */
export interface ChainWrites {
  readonly relayer: Relayer;
  readonly evidence: EvidenceStore;
  readonly signing: SigningSettings;
  readonly gatewayUrl: string;
  readonly maxEvidenceBytes: number;
  readonly team: Partial<Record<Platform, readonly string[]>>;
}

/** The core's dependencies the old handlers pass to use cases. */
export type CoreDeps = LinkDeps & {
  readonly chain: ChainReader;
  readonly relayer: string;
  readonly writes: ChainWrites | null;
};

/** Guild settings plus the explorer link parts the old handlers print. */
export interface DiscordSettings extends GuildSettings {
  readonly explorerTxUrl: string;
  readonly explorerSuffix: string;
}

export interface HandlerContext {
  readonly deps: CoreDeps;
  readonly settings: DiscordSettings;
  readonly log: Logger;
}

/** The old handlers' context from the chat layer's dependency record. */
export function legacyContext(deps: ChatDeps, settings: GuildSettings, log: Logger): HandlerContext {
  const sample = explorerTxUrl("", deps.explorer);
  const writes = deps.writes === null ? null : { ...deps.writes, signing: deps.signing, maxEvidenceBytes: deps.maxEvidenceBytes, team: deps.team };
  return {
    deps: { store: deps.store, clock: deps.clock, random: deps.random, verifier: deps.verifier, settings: deps.link, platforms: deps.platforms, chain: deps.chain, relayer: deps.relayAuthority, writes },
    settings: { ...settings, explorerTxUrl: sample.replace(/\?.*$/, ""), explorerSuffix: sample.replace(/^[^?]*/, "") },
    log,
  };
}
