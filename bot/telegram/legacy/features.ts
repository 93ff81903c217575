/** The features not yet ported to bot/chat/commands, installed after the router (which answers first). */
import { Composer } from "grammy";
import type { ChatDeps } from "../../chat/deps.js";
import type { BotContext } from "../context.js";
import type { FileDownloader } from "../files.js";
import { legacyDeps } from "./deps.js";
import { disputeFeature } from "./dispute.js";
import { staleFeature } from "./stale.js";
import { submitFeature } from "./submit.js";

/** Every legacy feature over the old bag of dependencies. */
export function legacyFeatures(chatDeps: ChatDeps, download: FileDownloader): Composer<BotContext> {
  const deps = legacyDeps(chatDeps);
  return new Composer<BotContext>(
    submitFeature(deps, download),
    disputeFeature(deps),
    staleFeature(deps),
  );
}
