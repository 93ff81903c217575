/**
 * Every platform's own description, as the composition root passes them to the core: tests
 * of use cases that target notices (announcements, personal outcomes) use these.
 */
import type { ChatPlatforms } from "../../../bot/core/ports.js";
import { consolePlatform } from "../../../bot/console/platform.js";
import { discordPlatform } from "../../../bot/discord/platform.js";
import { telegramPlatform } from "../../../bot/telegram/platform.js";

export const PLATFORMS: ChatPlatforms = { DISCORD: discordPlatform, TELEGRAM: telegramPlatform, CONSOLE: consolePlatform };
