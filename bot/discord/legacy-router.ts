/**
 * The handlers not yet ported to bot/chat, until they are (bot/discord/router.ts routes the
 * rest and hands these over). Routes interactions to handlers and keeps Discord's 3-second rule: a command that may be
 * slow (chain, Arweave, database) is deferred before its handler runs and its answer edited
 * in afterwards, so a user never sees "This interaction failed". Autocomplete cannot be
 * deferred: it answers with what it has before a deadline. Every message goes out with
 * `allowedMentions: { parse: [] }`: nothing the bot says pings anyone.
 */
import {
  MessageFlags,
  type ActionRowBuilder,
  type APIEmbed,
  type ApplicationCommandOptionChoiceData,
  type ButtonBuilder,
  type EmbedBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
} from "discord.js";
import type { HandlerContext } from "./context.js";
import { OUTAGE } from "./presenters/refusals.js";
import { NO_MENTIONS } from "./render.js";
import { AUTOCOMPLETE_DEADLINE_MS } from "./router.js";

/** What a handler answers with; the router adds the flags and the allowed mentions. */
export interface Reply {
  readonly content?: string;
  readonly embeds?: readonly (APIEmbed | EmbedBuilder)[];
  readonly components?: readonly ActionRowBuilder<ButtonBuilder>[];
}

/** How an interaction is acknowledged before its handler runs. */
export type Ack =
  /** Deferred, answer visible to the user only. */
  | "ephemeral"
  /** Deferred, answer visible to the channel. */
  | "public"
  /** The handler answers at once itself (a modal), with no slow work before. */
  | "self";

/** Shows intermediate progress by editing the deferred reply. */
export type Progress = (text: string) => Promise<void>;

export interface SlashCommand {
  readonly name: string;
  readonly ack: Ack;
  run(interaction: ChatInputCommandInteraction, ctx: HandlerContext, progress: Progress): Promise<Reply | null>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: HandlerContext): Promise<ApplicationCommandOptionChoiceData[]>;
}

/** A modal submit or button, routed by the prefix of its custom_id (`prefix:...`). */
export interface ComponentHandler<I extends ModalSubmitInteraction | ButtonInteraction> {
  readonly prefix: string;
  readonly ack: Ack;
  run(interaction: I, ctx: HandlerContext, progress: Progress): Promise<Reply | null>;
}



type Acknowledgeable = ChatInputCommandInteraction | ModalSubmitInteraction | ButtonInteraction;

export class InteractionRouter {
  private readonly commands = new Map<string, SlashCommand>();
  private readonly modals = new Map<string, ComponentHandler<ModalSubmitInteraction>>();
  private readonly buttons = new Map<string, ComponentHandler<ButtonInteraction>>();

  constructor(private readonly ctx: HandlerContext) {}

  command(handler: SlashCommand): this {
    this.commands.set(handler.name, handler);
    return this;
  }

  modal(handler: ComponentHandler<ModalSubmitInteraction>): this {
    this.modals.set(handler.prefix, handler);
    return this;
  }

  button(handler: ComponentHandler<ButtonInteraction>): this {
    this.buttons.set(handler.prefix, handler);
    return this;
  }

  /** Handles one interaction; never throws (failures are answered and logged). */
  async handle(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) return await this.autocomplete(interaction);
      if (interaction.isChatInputCommand()) {
        const handler = this.commands.get(interaction.commandName);
        if (handler !== undefined) await this.run(interaction, handler.ack, (p) => handler.run(interaction, this.ctx, p));
        return;
      }
      if (interaction.isModalSubmit() || interaction.isButton()) {
        const prefix = interaction.customId.split(":")[0] ?? "";
        if (interaction.isModalSubmit()) {
          const handler = this.modals.get(prefix);
          if (handler !== undefined) await this.run(interaction, handler.ack, (p) => handler.run(interaction, this.ctx, p));
        } else {
          const handler = this.buttons.get(prefix);
          if (handler !== undefined) await this.run(interaction, handler.ack, (p) => handler.run(interaction, this.ctx, p));
        }
      }
    } catch (error) {
      this.ctx.log.error(`discord: interaction ${interaction.id} could not be answered: ${(error as Error).message}`);
    }
  }

  private async run(interaction: Acknowledgeable, ack: Ack, work: (progress: Progress) => Promise<Reply | null>): Promise<void> {
    if (ack !== "self") {
      // Before any slow work: Discord waits 3 s for this, then the token is dead.
      await interaction.deferReply(ack === "ephemeral" ? { flags: MessageFlags.Ephemeral } : {});
    }
    const progress: Progress = async (text) => {
      if (interaction.deferred) await interaction.editReply({ content: text, allowedMentions: NO_MENTIONS });
    };
    let reply: Reply | null;
    try {
      reply = await work(progress);
    } catch (error) {
      this.ctx.log.error(`discord: /${describe(interaction)} failed: ${(error as Error).message}`);
      reply = { content: OUTAGE, embeds: [], components: [] };
    }
    if (reply === null) return;
    const message = { content: reply.content ?? "", embeds: [...(reply.embeds ?? [])], components: [...(reply.components ?? [])], allowedMentions: NO_MENTIONS };
    if (interaction.deferred || interaction.replied) await interaction.editReply(message);
    else await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const handler = this.commands.get(interaction.commandName);
    if (handler?.autocomplete === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<ApplicationCommandOptionChoiceData[]>((resolve) => {
      timer = setTimeout(() => resolve([]), AUTOCOMPLETE_DEADLINE_MS);
    });
    const choices = await Promise.race([
      handler.autocomplete(interaction, this.ctx).catch((error: unknown) => {
        this.ctx.log.warn(`discord: autocomplete for /${interaction.commandName} failed: ${(error as Error).message}`);
        return [];
      }),
      late,
    ]);
    clearTimeout(timer);
    await interaction.respond(choices.slice(0, 25));
  }
}

function describe(interaction: Acknowledgeable): string {
  return interaction.isChatInputCommand() ? interaction.commandName : interaction.customId.split(":")[0] ?? "component";
}
