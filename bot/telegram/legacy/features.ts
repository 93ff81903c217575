/** The features not yet ported to bot/chat/commands, installed after the router (which answers first). */
import { Composer } from "grammy";
import type { ChatDeps } from "../../chat/deps.js";
import type { BotContext } from "../context.js";
import { legacyDeps } from "./deps.js";
import { evidenceFeature } from "./evidence.js";
import { linkFeature } from "./link.js";
import { profileFeature } from "./profile.js";
import { subscriptionFeature } from "./subscriptions.js";
import { walletFeature } from "./wallet.js";

/** Every legacy feature over the old bag of dependencies. */
export function legacyFeatures(chatDeps: ChatDeps): Composer<BotContext> {
  const deps = legacyDeps(chatDeps);
  return new Composer<BotContext>(
    linkFeature(deps),
    walletFeature(deps),
    profileFeature(deps),
    subscriptionFeature(deps),
    evidenceFeature(deps),
  );
}
