/**
 * The old per-feature handlers' view of the one dependency record. These features (link,
 * wallet, profile, evidence, submit, subscriptions, dispute, stale) are being ported to
 * bot/chat/commands; once they are there, this folder is deleted.
 */
import type { Relayer, EvidenceStore, Store } from "../../core/ports.js";
import type { DisputeDeps } from "../../core/usecases/disputes.js";
import type { LinkDeps } from "../../core/usecases/link-wallet.js";
import type { StaleDeps } from "../../core/usecases/stale-review.js";
import type { SubmitDeps } from "../../core/usecases/submit-evidence.js";
import type { SubscriptionDeps } from "../../core/usecases/subscriptions.js";
import type { VerifyEvidenceDeps } from "../../core/usecases/verify-evidence.js";
import type { ChatDeps } from "../../chat/deps.js";

/** Every use case's dependencies in one bag, plus the Telegram team's user ids. */
export interface TelegramDeps
  extends Omit<LinkDeps, "store">,
    Omit<SubscriptionDeps, "store">,
    Omit<SubmitDeps, "store">,
    Omit<DisputeDeps, "store">,
    Omit<StaleDeps, "store">,
    VerifyEvidenceDeps {
  readonly store: Store;
  /** Telegram user ids of the PepFund team (may resolve disputes); the core checks them again. */
  readonly teamUserIds: readonly string[];
}

const notConfigured = () => Promise.reject(new Error("no relayer or evidence store is configured"));

/** The old bag from the one record; without writes, relaying and uploading fail as outages. */
export function legacyDeps(deps: ChatDeps): TelegramDeps {
  const relayer: Relayer = deps.writes?.relayer ?? {
    authority: deps.relayAuthority,
    flag: notConfigured,
    staleOpen: notConfigured,
    staleSupport: notConfigured,
    finalizeMilestone: notConfigured,
    finalizeStale: notConfigured,
  };
  const evidence: EvidenceStore = deps.evidence ?? { upload: notConfigured, fetch: notConfigured, read: notConfigured };
  return {
    store: deps.store,
    clock: deps.clock,
    random: deps.random,
    verifier: deps.verifier,
    settings: deps.link,
    platforms: deps.platforms,
    chain: deps.chain,
    relayer,
    evidence,
    gatewayUrl: deps.gatewayUrl ?? "",
    maxEvidenceBytes: deps.maxEvidenceBytes,
    signing: deps.signing,
    team: deps.team,
    teamUserIds: deps.team.TELEGRAM ?? [],
  };
}
