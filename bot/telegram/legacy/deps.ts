/**
 * The old per-feature handlers' view of the one dependency record. These features (link,
 * wallet, profile, evidence, subscriptions) are being ported to
 * bot/chat/commands; once they are there, this folder is deleted.
 */
import type { EvidenceStore, Store } from "../../core/ports.js";
import type { LinkDeps } from "../../core/usecases/link-wallet.js";
import type { SubscriptionDeps } from "../../core/usecases/subscriptions.js";
import type { VerifyEvidenceDeps } from "../../core/usecases/verify-evidence.js";
import type { ChatDeps } from "../../chat/deps.js";

/** Every legacy use case's dependencies in one bag. */
export interface TelegramDeps
  extends Omit<LinkDeps, "store">,
    Omit<SubscriptionDeps, "store">,
    VerifyEvidenceDeps {
  readonly store: Store;
}

const notConfigured = () => Promise.reject(new Error("no relayer or evidence store is configured"));

/** The old bag from the one record; without an evidence store, reading evidence fails as an outage. */
export function legacyDeps(deps: ChatDeps): TelegramDeps {
  const evidence: EvidenceStore = deps.evidence ?? { upload: notConfigured, fetch: notConfigured, read: notConfigured };
  return {
    store: deps.store,
    clock: deps.clock,
    random: deps.random,
    verifier: deps.verifier,
    settings: deps.link,
    chain: deps.chain,
    evidence,
    gatewayUrl: deps.gatewayUrl ?? "",
    maxEvidenceBytes: deps.maxEvidenceBytes,
  };
}
