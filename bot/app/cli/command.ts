/**
 * The CLI's commands: each declares its arguments, options and help beside its `run`, as
 * chat commands do (bot/chat/command.ts); `parseCommand` reads argv with node's
 * `util.parseArgs` (strict: an unknown option or a missing argument is a usage error).
 */
import { parseArgs } from "node:util";
import type { CliContext } from "./context.js";
import { UsageError } from "./errors.js";

export { CliError, UsageError } from "./errors.js";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** `<value>` shown in help for string options. */
  readonly value?: string;
  readonly description: string;
  readonly required?: boolean;
}

export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
}

/** What `run` receives: the positional arguments by name, the options by name. */
export interface Invocation {
  readonly args: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
}

export interface CliCommand {
  /** The verb, e.g. `create`. */
  readonly name: string;
  readonly summary: string;
  /** Lines of help after the usage and the options. */
  readonly details?: readonly string[];
  readonly args: readonly ArgumentSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(ctx: CliContext, invocation: Invocation): Promise<void>;
}

export interface CliGroup {
  readonly name: string;
  readonly summary: string;
  readonly commands: readonly CliCommand[];
}

export function usageLine(group: CliGroup, command: CliCommand): string {
  const args = command.args.map((a) => `<${a.name}>`);
  const options = Object.entries(command.options).map(([name, o]) => {
    const text = o.type === "string" ? `--${name} <${o.value ?? name}>` : `--${name}`;
    return o.required === true ? text : `[${text}]`;
  });
  return ["npm run pepfund --", group.name, command.name, ...args, ...options].join(" ");
}

/** `--help` of one command. */
export function commandHelp(group: CliGroup, command: CliCommand): string {
  const lines = [command.summary, "", `Usage: ${usageLine(group, command)}`];
  if (command.args.length > 0) {
    lines.push("", "Arguments:");
    for (const a of command.args) lines.push(`  <${a.name}>`.padEnd(34) + a.description);
  }
  lines.push("", "Options:");
  for (const [name, o] of Object.entries(command.options)) {
    const flag = o.type === "string" ? `--${name} <${o.value ?? name}>` : `--${name}`;
    lines.push(`  ${flag}`.padEnd(34) + o.description);
  }
  lines.push("  --help".padEnd(34) + "This help.");
  if (command.details !== undefined) lines.push("", ...command.details);
  return lines.join("\n");
}

/** `--help` of a group: its commands. */
export function groupHelp(group: CliGroup): string {
  const lines = [group.summary, "", "Commands:"];
  for (const c of group.commands) lines.push(`  ${group.name} ${c.name}`.padEnd(34) + c.summary);
  lines.push("", `Run npm run pepfund -- ${group.name} <command> --help for one command's arguments.`);
  return lines.join("\n");
}

/** Reads `argv` (after the verb) for `command`; a usage error names what is wrong. */
export function parseCommand(group: CliGroup, command: CliCommand, argv: readonly string[]): Invocation {
  const usage = usageLine(group, command);
  const options = Object.fromEntries(Object.entries(command.options).map(([name, o]) => [name, { type: o.type }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages name the option ("Unknown option '--x'"); its codes are not needed here.
    throw new UsageError((error as Error).message.split("\n")[0] ?? "invalid arguments", usage);
  }
  const positionals = parsed.positionals;
  if (positionals.length < command.args.length) {
    throw new UsageError(`missing <${command.args[positionals.length]?.name ?? "argument"}>`, usage);
  }
  if (positionals.length > command.args.length) throw new UsageError(`unexpected argument "${positionals[command.args.length]}"`, usage);
  for (const [name, o] of Object.entries(command.options)) {
    if (o.required === true && parsed.values[name] === undefined) throw new UsageError(`missing --${name}`, usage);
  }
  const args = Object.fromEntries(command.args.map((a, i) => [a.name, positionals[i] ?? ""]));
  return { args, options: parsed.values as Record<string, string | boolean | undefined> };
}
