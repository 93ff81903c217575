/**
 * The Discord adapter: the client, the router with every command installed, and the
 * notifier for announcements. No rules here: handlers call the core's use cases.
 */
import { Events, type Client } from "discord.js";
import type { Logger } from "../app/logger.js";
import { createDiscordClient, type ClientOptions } from "./client.js";
import { campaignCommand, milestonesCommand, profileCommand } from "./commands/campaigns.js";
import { flagButton, flagCommand, flagModalSubmit } from "./commands/flag.js";
import { helpCommand } from "./commands/help.js";
import { consentCommand, depositCommand, refundCommand, withdrawCommand } from "./commands/holder.js";
import { linkCommand, unlinkCommand, walletCommand } from "./commands/linking.js";
import { disputeCommand } from "./commands/disputes.js";
import { evidenceCommand } from "./commands/evidence.js";
import { staleCommand } from "./commands/stale.js";
import { statusButton } from "./commands/status-button.js";
import { submitCommand } from "./commands/submit.js";
import { subscribeCommand, unsubscribeCommand } from "./commands/subscriptions.js";
import type { CoreDeps, DiscordSettings, HandlerContext } from "./context.js";
import { DiscordNotifier } from "./notifier.js";
import { InteractionRouter } from "./router.js";

/** Every handler, installed in one place. */
export function createRouter(ctx: HandlerContext): InteractionRouter {
  return new InteractionRouter(ctx)
    .command(linkCommand)
    .command(unlinkCommand)
    .command(walletCommand)
    .command(campaignCommand)
    .command(milestonesCommand)
    .command(profileCommand)
    .command(evidenceCommand)
    .command(flagCommand)
    .command(submitCommand)
    .command(disputeCommand)
    .command(staleCommand)
    .command(depositCommand)
    .command(consentCommand)
    .command(withdrawCommand)
    .command(refundCommand)
    .command(subscribeCommand)
    .command(unsubscribeCommand)
    .command(helpCommand)
    .modal(flagModalSubmit)
    .button(flagButton)
    .button(statusButton);
}

/** A started Discord bot. */
export interface DiscordHandle {
  readonly client: Client;
  readonly notifier: DiscordNotifier;
  stop(): Promise<void>;
}

/** Logs in over the gateway and answers interactions; resolves once the client is ready. */
export async function startDiscord(
  token: string,
  deps: CoreDeps,
  settings: DiscordSettings,
  log: Logger,
  options: ClientOptions = {},
): Promise<DiscordHandle> {
  const client = createDiscordClient(options);
  const router = createRouter({ deps, settings, log });
  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));
  client.on(Events.Error, (error) => log.error(`discord: client error: ${error.message}`));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
  log.info(`discord: connected as ${client.user?.tag ?? "?"} in ${client.guilds.cache.size} guild(s)`);
  return {
    client,
    notifier: new DiscordNotifier(client),
    stop: () => client.destroy(),
  };
}
