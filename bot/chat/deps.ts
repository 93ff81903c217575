/**
 * One dependency record for every adapter: what the commands pass to the core's use cases.
 * The composition root (bot/app) builds it once; Discord, Telegram and the console get the
 * same object.
 */
import type { ChainReader, ChatPlatforms, Clock, EvidenceStore, Platform, RandomSource, Relayer, SignatureVerifier, Store } from "../core/ports.js";
import type { PoolReader } from "../core/pools.js";
import type { LinkDeps, LinkSettings } from "../core/usecases/link-wallet.js";
import type { SigningSettings } from "../core/usecases/signing-requests.js";
import type { ExplorerSettings } from "./format.js";

/** What commands that write need: present only when the relayer and evidence storage are configured. */
export interface ChainWrites {
  readonly relayer: Relayer;
  readonly evidence: EvidenceStore;
  /** Arweave gateway origin for plain links. */
  readonly gatewayUrl: string;
}

/** Everything a command may use. */
export interface ChatDeps {
  readonly store: Store;
  readonly chain: ChainReader;
  /** Reward pools (docs/POOLS.md). */
  readonly pools: PoolReader;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly verifier: SignatureVerifier;
  /** Wallet linking: domain, base URL, cluster, challenge lifetime. */
  readonly link: LinkSettings;
  /** Signing pages for wallet-signed transactions. */
  readonly signing: SigningSettings;
  /** The relay authority's address: holders name it as their delegate. */
  readonly relayAuthority: string;
  /** `null` without a relayer or evidence store: write commands are refused with `WritesNotConfigured`. */
  readonly writes: ChainWrites | null;
  /** Evidence reads (verification); may be configured while writes are not. */
  readonly evidence: EvidenceStore | null;
  /** Arweave gateway origin for plain links, `null` without one. */
  readonly gatewayUrl: string | null;
  /** Largest evidence file accepted or checked, bytes. */
  readonly maxEvidenceBytes: number;
  /** Configured PepFund team ids per platform (the core checks them again). */
  readonly team: Partial<Record<Platform, readonly string[]>>;
  readonly explorer: ExplorerSettings;
  /** The platforms this deployment runs. */
  readonly platforms: ChatPlatforms;
  /** Where commands report what went wrong on our side (never secrets). */
  readonly log: { warn(message: string): void; error(message: string): void };
  /** Counts each answered command (pepfund_commands_total); absent in tests that do not look. */
  readonly metrics?: CommandMetrics;
}

/**
 * Where dispatch reports each command's outcome: "ok", "asked" (a form or picker), the
 * refusal's code, or "error" (an outage).
 */
export interface CommandMetrics {
  commandAnswered(platform: string, command: string, outcome: string): void;
}

/** The linking use cases' view of the record. */
export function linkDeps(deps: ChatDeps): LinkDeps {
  return { store: deps.store, clock: deps.clock, random: deps.random, verifier: deps.verifier, settings: deps.link, platforms: deps.platforms };
}
