/**
 * The command menus, per scope (setMyCommands with a BotCommandScope): private chats list
 * the commands whose place is private or both, groups those whose place is group or both
 * (admin and team commands included: Telegram checks nothing, the chat layer does). Built
 * from the same declarations the router binds, so the menu and the routes cannot drift.
 */
import type { Api } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import type { AnyCommand } from "../chat/command.js";
import { COMMANDS } from "../chat/commands/index.js";
import { clip } from "../chat/text.js";
import { telegramName } from "./router.js";

/** Telegram's limit on a menu description. */
const MAX_DESCRIPTION = 256;

/** A scope's menu. */
export interface ScopedMenu {
  readonly scope: BotCommandScope;
  readonly commands: BotCommand[];
}

/** The conversation's own entry: ending a question the bot asked. */
const CANCEL: BotCommand = { command: "cancel", description: "Stop answering the bot's question (a flag's rationale)" };

/** One entry per Telegram command; a family of subcommands ("dispute list", "dispute resolve") shares one. */
function entries(commands: readonly AnyCommand[]): BotCommand[] {
  const byName = new Map<string, string[]>();
  for (const c of commands) byName.set(telegramName(c), [...(byName.get(telegramName(c)) ?? []), c.description]);
  return [...byName].map(([command, descriptions]) => ({ command, description: clip(descriptions.join("; "), MAX_DESCRIPTION) }));
}

/** The menus for private chats and for groups. */
export function menus(commands: readonly AnyCommand[] = COMMANDS): ScopedMenu[] {
  const where = (place: "private" | "group") => entries(commands.filter((c) => c.place === place || c.place === "both"));
  return [
    { scope: { type: "all_private_chats" }, commands: [...where("private"), CANCEL] },
    { scope: { type: "all_group_chats" }, commands: [...where("group"), CANCEL] },
  ];
}

/** Sets every scope's menu. */
export async function setMenus(api: Api): Promise<void> {
  for (const menu of menus()) await api.setMyCommands(menu.commands, { scope: menu.scope });
}
