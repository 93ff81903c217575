/**
 * The Discord adapter: the client, one router over the chat layer's commands, and the
 * notifier for announcements and personal notices. No rules here: the chat layer and the
 * core decide, this file binds them to discord.js.
 */
import { Events, type Client, type Interaction } from "discord.js";
import type { Logger } from "../app/logger.js";
import type { ChatDeps } from "../chat/deps.js";
import { createDiscordClient, type ClientOptions } from "./client.js";
import { CommandMentions } from "./mentions.js";
import { DiscordNotifier } from "./notifier.js";
import { ChatRouter } from "./router.js";
import type { DiscordSettings } from "./settings.js";
import { withLogContext } from "../observability/log-context.js";

/** A started Discord bot. */
export interface DiscordHandle {
  readonly client: Client;
  readonly notifier: DiscordNotifier;
  stop(): Promise<void>;
}

/** Durable interaction claims shared by every replica (bot/store/chat-state.ts). */
export interface InteractionClaims {
  /** True for the one caller that may answer this interaction. */
  claim(interactionId: string): Promise<boolean>;
}

/** Logs in over the gateway and answers interactions; resolves once the client is ready. */
export async function startDiscord(token: string, deps: ChatDeps, settings: DiscordSettings, log: Logger, options: ClientOptions = {}, claims: InteractionClaims | null = null): Promise<DiscordHandle> {
  const client = createDiscordClient(options);
  const mentions = new CommandMentions(client);
  const router = new ChatRouter(deps, settings, log, mentions);
  // Every line logged while an interaction is handled names it (docs/OBSERVABILITY.md).
  const handle = (interaction: Interaction) =>
    withLogContext({ interaction_id: interaction.id }, async () => {
      const started = performance.now();
      await router.handle(interaction);
      log.info("discord: interaction handled", { ms: Math.round(performance.now() - started) });
    });
  client.on(Events.InteractionCreate, (interaction) => {
    if (claims === null) return void handle(interaction);
    // Several replicas may receive one dispatch: only the claim's winner answers.
    claims.claim(interaction.id).then(
      (ours) => (ours ? handle(interaction) : log.info(`discord: interaction ${interaction.id} answered by another replica`)),
      (error: unknown) => log.error(`discord: interaction claim failed, not answering: ${(error as Error).message}`),
    );
  });
  client.on(Events.Error, (error) => log.error(`discord: client error: ${error.message}`));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
  await mentions.start();
  log.info(`discord: connected as ${client.user?.tag ?? "?"} in ${client.guilds.cache.size} guild(s)`);
  return { client, notifier: new DiscordNotifier(client, { explorer: deps.explorer, publicBaseUrl: deps.link.baseUrl }, mentions), stop: () => client.destroy() };
}
