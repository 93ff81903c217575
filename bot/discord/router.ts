/**
 * One router for every declared command: a slash command, a button (its custom_id is the
 * invocation it runs) and a modal submit (the form's invocation plus the typed field) all
 * become a `dispatch` of the chat layer, whose Reply is rendered here. Discord's 3-second
 * rule: the interaction is deferred before any slow work, except when a form is missing;
 * then dispatch answers fast (its form path reads nothing slow; `beforeForm` has a 1 s
 * budget) and the modal is the first response, as Discord requires. Autocomplete cannot be
 * deferred: it answers with what it has before a deadline.
 */
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  type Interaction,
  type ModalSubmitInteraction,
} from "discord.js";
import type { Logger } from "../app/logger.js";
import { choicesFor, MAX_CHOICES, type Choice } from "../chat/choices.js";
import type { AnyCommand, ParamSpecs } from "../chat/command.js";
import { commandForButton } from "../chat/commands/button-command.js";
import { findCommand } from "../chat/commands/index.js";
import type { ChatDeps } from "../chat/deps.js";
import { answerDelivered, dispatch } from "../chat/dispatch.js";
import { decodeInvocation, rawFromId, type RawValue } from "../chat/params.js";
import type { Reply } from "../chat/reply.js";
import { attachmentFile, callerOf } from "./caller.js";
import type { CommandMentions } from "./mentions.js";
import { messageOf, modalOf, progressOf } from "./render.js";
import type { DiscordSettings } from "./settings.js";
import { isOption } from "./slash.js";

/** Autocomplete must answer within 3 s; this leaves room for the network. */
export const AUTOCOMPLETE_DEADLINE_MS = 2000;

type Raw = Record<string, RawValue | undefined>;
type Answerable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/** The declared command an interaction names ("dispute resolve" for a subcommand). */
function commandOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): AnyCommand | undefined {
  const sub = interaction.options.getSubcommand(false);
  return findCommand(sub === null ? interaction.commandName : `${interaction.commandName} ${sub}`);
}

/** The options of a slash command by parameter name, as the chat layer takes them. */
function optionsOf(interaction: ChatInputCommandInteraction, command: AnyCommand): Raw {
  const raw: Raw = {};
  for (const [name, spec] of Object.entries(command.params as ParamSpecs)) {
    if (!isOption(spec)) continue;
    const o = interaction.options;
    if (spec.kind === "milestone" || spec.kind === "integer") raw[name] = o.getInteger(name) ?? undefined;
    else if (spec.kind === "boolean") raw[name] = o.getBoolean(name) ?? undefined;
    else if (spec.kind === "file") {
      const attachment = o.getAttachment(name);
      raw[name] = attachment === null ? undefined : attachmentFile(attachment);
    } else raw[name] = o.getString(name) ?? undefined;
  }
  return raw;
}

/** Every option value given so far (a milestone's choices need the campaign). */
function givenValues(options: readonly CommandInteractionOption[]): Record<string, unknown> {
  return Object.fromEntries(options.flatMap((o) => (o.options === undefined ? [[o.name, o.value]] : Object.entries(givenValues(o.options)))));
}

/** Whether a form parameter is missing, so the first response must be the modal. */
function needsForm(command: AnyCommand, raw: Raw): boolean {
  return Object.entries(command.params as ParamSpecs).some(([name, spec]) => spec.form !== undefined && spec.required && raw[name] === undefined);
}

export class ChatRouter {
  constructor(
    private readonly deps: ChatDeps,
    private readonly settings: DiscordSettings,
    private readonly log: Logger,
    private readonly mentions: CommandMentions,
  ) {}

  /**
   * Handles one interaction; never throws (failures are logged). An unknown slash command or a
   * malformed id (a stale deployment) is ignored; a button naming a command this deployment
   * lacks is answered by its stand-in (button-command.ts).
   */
  async handle(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) {
        const command = commandOf(interaction);
        if (command === undefined) return;
        return await this.autocomplete(interaction, command);
      }
      if (interaction.isChatInputCommand()) {
        const command = commandOf(interaction);
        if (command === undefined) return;
        return await this.answer(interaction, command, optionsOf(interaction, command), command.private);
      }
      if (interaction.isButton() || interaction.isModalSubmit()) {
        const decoded = decodeInvocation(interaction.customId);
        if (decoded === null) return;
        // A command this deployment lacks still answers (button-command.ts).
        const command = commandForButton(decoded.command);
        const raw: Raw = rawFromId(command, decoded.raw);
        if (interaction.isButton()) return await this.answer(interaction, command, raw, true);
        for (const [name, spec] of Object.entries(command.params as ParamSpecs)) {
          if (spec.form !== undefined) raw[name] = interaction.fields.getTextInputValue(name);
        }
        return await this.answer(interaction, command, raw, command.private);
      }
    } catch (error) {
      this.log.error(`discord: interaction ${interaction.id} could not be answered: ${(error as Error).message}`);
    }
  }

  /**
   * Runs the command and shows its reply. A button's answer is for the clicker only: the
   * message it sits under is everyone's, the answer to one member's click is theirs.
   */
  private async answer(interaction: Answerable, command: AnyCommand, raw: Raw, ephemeral: boolean): Promise<void> {
    const guildId = interaction.guildId;
    if (needsForm(command, raw) && !interaction.isModalSubmit()) {
      const reply = await dispatch(this.deps, callerOf(interaction, this.settings, () => Promise.resolve()), { command, raw, typed: false });
      const modal = reply.form === undefined ? null : modalOf(reply.form);
      if (modal !== null) {
        await interaction.showModal(modal);
        return;
      }
      const message = messageOf(reply, this.mentions.known(guildId));
      await interaction.reply({ ...message, ...(reply.visibility === "private" ? { flags: MessageFlags.Ephemeral } : {}) });
      return;
    }
    // Before any slow work: Discord waits 3 s for this, then the token is dead.
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    // Let interactions that arrived meanwhile send their own acknowledgement before this one's
    // work (reads, rendering) takes the event loop: under a burst, every 3-second clock is ticking.
    await new Promise((resolve) => setImmediate(resolve));
    const ids = await this.mentions.forGuild(guildId);
    const progress = async (update: Reply) => {
      await interaction.editReply(progressOf(update, ids));
    };
    const reply = await dispatch(this.deps, callerOf(interaction, this.settings, progress), { command, raw, typed: false });
    const message = messageOf(reply, ids);
    if (ephemeral || reply.visibility === "public") {
      await interaction.editReply(message);
    } else {
      // A private answer to a public command (a personal refusal) never goes to the channel.
      await interaction.deleteReply();
      await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
    }
    await answerDelivered(this.deps, reply);
  }

  private async autocomplete(interaction: AutocompleteInteraction, command: AnyCommand): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const spec = (command.params as ParamSpecs)[focused.name];
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Choice[]>((resolve) => {
      timer = setTimeout(() => resolve([]), AUTOCOMPLETE_DEADLINE_MS);
    });
    const found =
      spec === undefined
        ? []
        : await Promise.race([
            choicesFor(this.deps, spec, String(focused.value), givenValues(interaction.options.data)).catch((error: unknown) => {
              this.log.warn(`discord: autocomplete for /${command.name} failed: ${(error as Error).message}`);
              return [];
            }),
            late,
          ]);
    clearTimeout(timer);
    await interaction.respond(found.slice(0, MAX_CHOICES).map((c) => ({ name: c.label, value: c.value })));
  }
}
