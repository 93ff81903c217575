/**
 * Slash commands built from the chat layer's declarations, so what Discord shows and what
 * the router answers cannot drift: one option per parameter (a text typed in a form is not
 * an option: a modal asks for it; a hidden one travels in buttons only), "group sub" names as
 * subcommands. Default member permissions are only a default a guild admin may change
 * (Server Settings > Integrations): the chat layer checks the audience again server-side.
 */
import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type SlashCommandSubcommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { AnyCommand, ParamSpec, ParamSpecs } from "../chat/command.js";
import { COMMANDS } from "../chat/commands/index.js";
import { MAX_MILESTONES } from "../chat/params.js";

/** Discord's longest option description. */
const DESCRIPTION_MAX = 100;

type Options = SlashCommandBuilder | SlashCommandSubcommandBuilder;

/** Adds one parameter as an option. */
function addOption(to: Options, name: string, spec: ParamSpec): void {
  const base = <O extends { setName(n: string): O; setDescription(d: string): O; setRequired(r: boolean): O }>(o: O): O =>
    o.setName(name).setDescription(spec.description.slice(0, DESCRIPTION_MAX)).setRequired(spec.required);
  switch (spec.kind) {
    case "campaign":
      to.addStringOption((o) => base(o).setAutocomplete(true).setMaxLength(64));
      return;
    case "milestone":
      to.addIntegerOption((o) => base(o).setAutocomplete(true).setMinValue(0).setMaxValue(MAX_MILESTONES - 1));
      return;
    case "address":
      to.addStringOption((o) => base(o).setAutocomplete(spec.suggest !== undefined).setMinLength(32).setMaxLength(44));
      return;
    case "text":
      to.addStringOption((o) => base(o).setMinLength(spec.minLength ?? (spec.required ? 1 : 0)).setMaxLength(Math.min(spec.maxLength ?? 2000, 6000)));
      return;
    case "amount":
      to.addStringOption((o) => base(o).setMaxLength(spec.maxLength ?? 32));
      return;
    case "choice":
      to.addStringOption((o) => base(o).addChoices(...(spec.choices ?? []).map((c) => ({ name: c.label, value: c.value }))));
      return;
    case "boolean":
      to.addBooleanOption((o) => base(o));
      return;
    case "file":
      to.addAttachmentOption((o) => base(o));
      return;
    case "integer":
      to.addIntegerOption((o) => {
        const x = base(o);
        if (spec.min !== undefined) x.setMinValue(spec.min);
        return spec.max === undefined ? x : x.setMaxValue(spec.max);
      });
  }
}

/** Whether the parameter is a slash-command option (not a form field, not carried by buttons only). */
export function isOption(spec: ParamSpec): boolean {
  return spec.hidden !== true && spec.form === undefined;
}

function addOptions(to: Options, params: ParamSpecs): void {
  // Discord wants required options before optional ones.
  const entries = Object.entries(params).filter(([, s]) => isOption(s));
  for (const [name, spec] of [...entries.filter(([, s]) => s.required), ...entries.filter(([, s]) => !s.required)]) addOption(to, name, spec);
}

/** One top-level command: a plain command, or a group of subcommands ("dispute list", "dispute resolve"). */
function build(group: string, members: readonly AnyCommand[]): SlashCommandBuilder {
  const builder = new SlashCommandBuilder().setName(group).setContexts(InteractionContextType.Guild);
  if (members.some((c) => c.audience !== "everyone")) builder.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild);
  const only = members[0];
  if (members.length === 1 && only !== undefined && only.name === group) {
    addOptions(builder.setDescription(only.description), only.params as ParamSpecs);
    return builder;
  }
  builder.setDescription(`/${group}: ${members.map((c) => c.name.split(" ")[1] ?? "").join(", ")}`.slice(0, DESCRIPTION_MAX));
  for (const c of members) {
    builder.addSubcommand((s) => {
      addOptions(s.setName(c.name.split(" ")[1] ?? "").setDescription(c.description), c.params as ParamSpecs);
      return s;
    });
  }
  return builder;
}

/** The top-level names of the declared commands, in declaration order. */
export function declaredGroups(): Map<string, AnyCommand[]> {
  const groups = new Map<string, AnyCommand[]>();
  for (const c of COMMANDS) {
    const group = c.name.split(" ")[0] ?? c.name;
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  return groups;
}

/** The JSON bodies Discord takes (PUT /applications/:id/commands). */
export function commandBodies(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const groups = declaredGroups();
  const ported = [...groups].map(([group, members]) => build(group, members).toJSON());
  return ported;
}
