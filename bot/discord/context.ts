/**
 * What the Discord handlers are given: the core's dependencies (passed unchanged to the use
 * cases), the guild-side settings, and a logger. Handlers parse, call a use case, present.
 */
import type { Logger } from "../app/logger.js";
import type { ChainReader } from "../core/ports.js";
import type { LinkDeps } from "../core/usecases/link-wallet.js";

/** The core's dependencies every Discord command may pass to a use case. */
export type CoreDeps = LinkDeps & {
  readonly chain: ChainReader;
  /** The relayer's address: holders name it as their delegate so it may flag for them. */
  readonly relayer: string;
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
