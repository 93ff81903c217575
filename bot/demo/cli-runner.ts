/**
 * Runs the product's CLI commands (bot/app/cli) in this process, as `npm run pepfund` would,
 * with the demo's evidence store instead of an Arweave wallet file. Output lines go to the
 * caller (the demo narrates them); a failed command throws with its message.
 */
import { CliContext, type CliOutput } from "../app/cli/context.js";
import { type CliGroup, parseCommand } from "../app/cli/command.js";
import type { CliEnv } from "../app/cli/env.js";
import type { EvidenceStore } from "../core/ports.js";

/** A CLI context whose texts go to the given store (the CLI's own reads ARWEAVE_WALLET). */
export class DemoCliContext extends CliContext {
  constructor(
    env: CliEnv,
    io: CliOutput,
    private readonly store: EvidenceStore,
  ) {
    super(env, io);
  }

  override evidence(): Promise<EvidenceStore> {
    return Promise.resolve(this.store);
  }
}

/** The lines a command printed on stdout. */
export type CliLines = readonly string[];

/** Runs `group command ...argv`; returns its stdout lines (progress lines go to `progress`). */
export async function runCliCommand(
  context: { env: CliEnv; evidence: EvidenceStore; progress: (line: string) => void },
  group: CliGroup,
  name: string,
  argv: readonly string[],
): Promise<CliLines> {
  const command = group.commands.find((c) => c.name === name);
  if (command === undefined) throw new Error(`no CLI command ${group.name} ${name}`);
  const lines: string[] = [];
  const ctx = new DemoCliContext(context.env, { out: (line) => lines.push(line), progress: context.progress }, context.evidence);
  await command.run(ctx, parseCommand(group, command, argv));
  return lines;
}

/** The value of a `Name: value` line a command printed. */
export function cliField(lines: CliLines, name: string): string {
  const line = lines.find((l) => l.startsWith(`${name}: `));
  if (line === undefined) throw new Error(`the command printed no "${name}:" line:\n${lines.join("\n")}`);
  return line.slice(name.length + 2).trim();
}
