/** Menu entries of the legacy features (deleted with them, once bot/chat/commands declares them). */
import type { BotCommand } from "grammy/types";

export const LEGACY_MENU: readonly BotCommand[] = [
  { command: "submit", description: "Researchers: submit evidence for a milestone" },
  { command: "stale", description: "Open or support a stale review: /stale <address>" },
  { command: "dispute", description: "PepFund team: open disputes and resolutions" },
];

/** The legacy features' command names (routed by their own composers). */
export const LEGACY_NAMES: readonly string[] = LEGACY_MENU.map((c) => c.command);
