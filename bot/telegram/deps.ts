/** What the Telegram adapter needs from the composition root: the use cases' dependencies. */
import type { Store } from "../core/ports.js";
import type { DisputeDeps } from "../core/usecases/disputes.js";
import type { LinkDeps } from "../core/usecases/link-wallet.js";
import type { StaleDeps } from "../core/usecases/stale-review.js";
import type { SubmitDeps } from "../core/usecases/submit-evidence.js";
import type { SubscriptionDeps } from "../core/usecases/subscriptions.js";
import type { VerifyEvidenceDeps } from "../core/usecases/verify-evidence.js";

/**
 * Every use case's dependencies in one bag (flag requests take the relayer's address,
 * `relayer.authority`), plus the Telegram-side settings.
 */
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

/** The flag use case's view of the bag. */
export function flagDeps(deps: TelegramDeps) {
  return { store: deps.store, chain: deps.chain, clock: deps.clock, relayer: deps.relayer.authority };
}
