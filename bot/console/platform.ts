/**
 * The console as the core and the chat layer see it: one local chat where the person at the
 * keyboard types commands. Its ids are decimal like the others (the link message names them);
 * the chat is the user's own, so a personal notice and a subscription's announcements both
 * print in it.
 */
import type { ChatTarget } from "../core/ports.js";
import type { PlatformDescription } from "../chat/platform.js";

export const consolePlatform: PlatformDescription = {
  platform: "CONSOLE",
  name: "the console",
  idPattern: /^[0-9]{1,20}$/,
  typedCommands: true,
  privateAnswersInGroups: true,
  directTarget: (userId): ChatTarget => ({ platform: "CONSOLE", chatId: userId }),
  subscriptionTarget: (scopeId): ChatTarget => ({ platform: "CONSOLE", chatId: scopeId }),
};
