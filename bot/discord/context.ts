/**
 * What the Discord handlers are given: the core's dependencies (passed unchanged to the use
 * cases), the guild-side settings, and a logger. Handlers parse, call a use case, present.
 */
import type { Logger } from "../app/logger.js";
import type { ChainReader, EvidenceStore, Platform, Relayer } from "../core/ports.js";
import type { LinkDeps } from "../core/usecases/link-wallet.js";
import type { SigningSettings } from "../core/usecases/signing-requests.js";

/** What commands that write (flag relay, evidence, disputes, stale reviews) need. */
export interface ChainWrites {
  readonly relayer: Relayer;
  readonly evidence: EvidenceStore;
  readonly signing: SigningSettings;
  /** Arweave gateway origin for plain links. */
  readonly gatewayUrl: string;
  /** Largest evidence file accepted, bytes. */
  readonly maxEvidenceBytes: number;
  /** Team member ids per platform, when configured (the Discord team role is checked as well). */
  readonly team: Partial<Record<Platform, readonly string[]>>;
}

/** The core's dependencies every Discord command may pass to a use case. */
export type CoreDeps = LinkDeps & {
  readonly chain: ChainReader;
  /** The relayer's address: holders name it as their delegate so it may flag for them. */
  readonly relayer: string;
  /**
   * `null` in a deployment without the relayer and evidence store: flags are then stored
   * and relayed by the resume worker later, and /submit, /dispute resolve and /stale say
   * they are not available here.
   */
  readonly writes: ChainWrites | null;
};

/** Guild-side settings. */
export interface DiscordSettings {
  /** Role that may change subscriptions besides members with Manage Server; `null` for none. */
  readonly managerRoleId: string | null;
  /** The PepFund team role (disputes); `null` when unset: nobody may resolve from Discord. */
  readonly teamRoleId: string | null;
  /** Solana explorer transaction URL prefix, e.g. `https://explorer.solana.com/tx/`. */
  readonly explorerTxUrl: string;
  /** Query string for the explorer (cluster), e.g. `?cluster=devnet`. */
  readonly explorerSuffix: string;
}

/** What a handler runs with. */
export interface HandlerContext {
  readonly deps: CoreDeps;
  readonly settings: DiscordSettings;
  readonly log: Logger;
}
