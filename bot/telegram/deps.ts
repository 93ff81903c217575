/** What the Telegram adapter needs from the composition root: the use cases' dependencies. */
import type { FlagDeps } from "../core/usecases/flag-request.js";
import type { LinkDeps } from "../core/usecases/link-wallet.js";
import type { SubscriptionDeps } from "../core/usecases/subscriptions.js";

/** Every use case's dependencies plus the Telegram-side settings. */
export interface TelegramDeps extends LinkDeps, FlagDeps, SubscriptionDeps {
  /** Telegram user ids of the PepFund team (may resolve disputes). */
  readonly teamUserIds: ReadonlySet<string>;
}
