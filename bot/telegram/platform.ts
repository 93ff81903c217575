/**
 * Telegram as the core and the chat layer see it: user and chat ids are integers (groups
 * negative), a user's private chat has the user's id, so the bot can write to anyone who
 * started it; a subscription announces in the group, in its forum topic when there is one.
 */
import type { ChatTarget } from "../core/ports.js";
import type { PlatformDescription } from "../chat/platform.js";

export const telegramPlatform: PlatformDescription = {
  platform: "TELEGRAM",
  name: "Telegram",
  idPattern: /^-?\d{1,20}$/,
  typedCommands: true,
  privateAnswersInGroups: false,
  directTarget: (userId): ChatTarget => ({ platform: "TELEGRAM", chatId: userId }),
  subscriptionTarget: (scopeId, channelId): ChatTarget => ({ platform: "TELEGRAM", chatId: scopeId, ...(channelId === "" ? {} : { threadId: channelId }) }),
};
