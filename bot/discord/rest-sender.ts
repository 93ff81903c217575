/**
 * A Discord announcement sender without a gateway connection, for `PEPFUND_ROLE=workers`:
 * the outbox posts messages over REST only, so a workers replica needs the token but must not
 * open a second gateway session (Discord would dispatch interactions to it, which never answers).
 */
import { Routes } from "discord.js";
import type { ChatDeps } from "../chat/deps.js";
import { createDiscordClient, type ClientOptions } from "./client.js";
import { CommandMentions } from "./mentions.js";
import { DiscordNotifier } from "./notifier.js";

/** A REST-only Discord sender: its notifier, and `stop` to drop its pending requests. */
export interface DiscordSender {
  readonly notifier: DiscordNotifier;
  stop(): Promise<void>;
}

/** Reads the application once (proves the token) and returns a notifier that never logs in. */
export async function startDiscordSender(token: string, deps: Pick<ChatDeps, "explorer" | "link">, options: ClientOptions = {}): Promise<DiscordSender> {
  const client = createDiscordClient(options);
  client.rest.setToken(token);
  const application = (await client.rest.get(Routes.currentApplication())) as { id: string };
  const mentions = new CommandMentions(client, application.id);
  await mentions.start();
  return {
    notifier: new DiscordNotifier(client, { explorer: deps.explorer, publicBaseUrl: deps.link.baseUrl }, mentions),
    stop: () => client.destroy(),
  };
}
