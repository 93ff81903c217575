/**
 * Registers the slash commands with Discord from the same definitions the bot runs:
 *   npm run discord:deploy-commands             (global: every guild, may take a while to show)
 *   npm run discord:deploy-commands -- --guild <id>   (one guild, at once: for testing)
 * Reads DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_API_BASE) from the environment.
 */
import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from "discord.js";
import { pathToFileURL } from "node:url";
import { commandBodies } from "./slash.js";

/** Replaces the application's commands (globally, or in one guild) with ours; returns what Discord stored. */
export async function deployCommands(rest: REST, applicationId: string, guildId?: string): Promise<RESTPutAPIApplicationCommandsResult> {
  const route = guildId === undefined ? Routes.applicationCommands(applicationId) : Routes.applicationGuildCommands(applicationId, guildId);
  return (await rest.put(route, { body: commandBodies() })) as RESTPutAPIApplicationCommandsResult;
}

/** `--guild <id>` from the command line, when given. */
export function guildArgument(argv: readonly string[]): string | undefined {
  const at = argv.indexOf("--guild");
  if (at === -1) return undefined;
  const id = argv[at + 1];
  if (id === undefined || !/^[0-9]{5,20}$/.test(id)) throw new Error("--guild needs a guild id (a Discord snowflake)");
  return id;
}

async function main(): Promise<void> {
  const token = process.env.DISCORD_TOKEN?.trim();
  const applicationId = process.env.DISCORD_APPLICATION_ID?.trim();
  if (!token || !applicationId) throw new Error("set DISCORD_TOKEN and DISCORD_APPLICATION_ID");
  const api = process.env.DISCORD_API_BASE?.trim();
  const rest = new REST(api ? { api } : {}).setToken(token);
  const guild = guildArgument(process.argv.slice(2));
  const stored = await deployCommands(rest, applicationId, guild);
  process.stdout.write(`registered ${stored.length} commands ${guild === undefined ? "globally" : `in guild ${guild}`}: ${stored.map((c) => `/${c.name}`).join(" ")}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    process.stderr.write(`deploy-commands: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
