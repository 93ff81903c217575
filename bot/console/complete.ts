/**
 * Tab completion for the console: the command name while the first word is typed, then the
 * parameter under the cursor from the chat layer's `choicesFor` (campaign addresses found by
 * label or address, milestone numbers of the campaign typed before, choices, on/off).
 */
import type { ParamSpecs } from "../chat/command.js";
import { choicesFor } from "../chat/choices.js";
import { COMMANDS, findCommand } from "../chat/commands/index.js";
import type { ChatDeps } from "../chat/deps.js";

/** Completions of the last word of `text` and that word, as node:readline's completer returns them. */
export async function completeLine(deps: Pick<ChatDeps, "store" | "chain" | "clock" | "pools">, ownCommands: readonly string[], text: string): Promise<[string[], string]> {
  const match = /^\/(\S*)$/.exec(text);
  if (match !== null) {
    const names = [...new Set([...COMMANDS.map((c) => c.name.split(" ")[0] ?? c.name), ...ownCommands])];
    const hits = names.filter((n) => n.startsWith(match[1] ?? "")).map((n) => `/${n}`);
    return [hits.sort(), text];
  }
  const words = text.split(/\s+/);
  const partial = words.pop() ?? "";
  const [head = "", ...args] = words;
  // A subcommand ("/dispute resolve") is its first two words.
  const sub = args[0] === undefined ? undefined : findCommand(`${head.slice(1)} ${args[0]}`);
  const command = sub ?? findCommand(head.slice(1));
  if (command === undefined) return [[], partial];
  const given = sub === undefined ? args : args.slice(1);
  const typable = Object.entries(command.params as ParamSpecs).filter(([, s]) => s.kind !== "file" && s.hidden !== true);
  const [name, spec] = typable[given.length] ?? [];
  if (name === undefined || spec === undefined) return [[], partial];
  const others = Object.fromEntries(given.map((value, i) => [typable[i]?.[0] ?? "", value]));
  const choices = await choicesFor(deps, spec, partial, others);
  // Typed milestones count from 1; a choice's value is what the command takes.
  const values = choices.map((c) => (spec.kind === "milestone" ? String(Number(c.value) + 1) : String(c.value)));
  // Campaigns and researchers are found by title words: their values need not start with what was typed.
  return [values.filter((v) => spec.kind === "campaign" || spec.suggest === "researcher" || v.startsWith(partial)), partial];
}
