/**
 * The facts about a platform that commands and the core need, as each adapter describes its
 * own (bot/discord/platform.ts, bot/telegram/platform.ts, bot/console/platform.ts).
 */
export type { ChatPlatform as PlatformDescription } from "../core/ports.js";
