/**
 * Discord as the chat layer and the core see it: snowflake ids, commands picked from forms
 * (slash commands) rather than typed, and a direct message reachable for any member the bot
 * shares a server with. A direct target names the user (`dm:<user id>`); the notifier opens
 * the DM channel for it (POST /users/@me/channels), because Discord addresses messages to
 * channels, never to users.
 */
import type { ChatTarget } from "../core/ports.js";
import type { PlatformDescription } from "../chat/platform.js";

/** Marks a target's chat id as a user to message directly, not a channel. */
export const DIRECT_PREFIX = "dm:";

/** The user id of a direct target, or `null` for a channel target. */
export function directUserId(target: ChatTarget): string | null {
  return target.chatId.startsWith(DIRECT_PREFIX) ? target.chatId.slice(DIRECT_PREFIX.length) : null;
}

export const discordPlatform: PlatformDescription = {
  platform: "DISCORD",
  name: "Discord",
  idPattern: /^[0-9]{5,20}$/,
  typedCommands: false,
  privateAnswersInGroups: true,
  directTarget: (userId) => ({ platform: "DISCORD", chatId: `${DIRECT_PREFIX}${userId}` }),
  subscriptionTarget: (_guildId, channelId) => ({ platform: "DISCORD", chatId: channelId }),
};
