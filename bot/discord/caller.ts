/**
 * The chat layer's Caller for a Discord interaction: who (the user), where (the guild and
 * channel; a DM is the private place), what they may do (Manage Server or the manager role,
 * the team role, read from what Discord sent) and how progress is shown (by editing the
 * deferred answer).
 */
import type { Attachment, Interaction } from "discord.js";
import type { Caller, ChatFile } from "../chat/command.js";
import type { Reply } from "../chat/reply.js";
import { discordPlatform } from "./platform.js";
import { isChannelManager, isTeamMember } from "./permissions.js";
import type { DiscordSettings } from "./settings.js";

export function callerOf(interaction: Interaction, settings: DiscordSettings, progress: (update: Reply) => Promise<void>): Caller {
  const channelId = interaction.channelId ?? "";
  return {
    chat: { platform: "DISCORD", userId: interaction.user.id, chatId: channelId },
    platform: discordPlatform,
    place: interaction.inGuild() ? "group" : "private",
    channel: { scopeId: interaction.guildId ?? "", channelId },
    isChatAdmin: () => Promise.resolve(isChannelManager(interaction, settings)),
    isTeamMember: () => Promise.resolve(isTeamMember(interaction, settings)),
    progress,
  };
}

/** An attachment as a chat file: read from Discord's CDN, never more than asked for. */
export function attachmentFile(attachment: Attachment): ChatFile {
  return {
    name: attachment.name,
    size: attachment.size,
    contentType: attachment.contentType ?? "application/octet-stream",
    async read(maxBytes) {
      if (attachment.size > maxBytes) throw new Error(`attachment is ${attachment.size} bytes, above ${maxBytes}`);
      const response = await fetch(attachment.url);
      if (!response.ok) throw new Error(`attachment download failed: HTTP ${response.status}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength > maxBytes) throw new Error(`attachment is larger than ${maxBytes} bytes`);
      return bytes;
    },
  };
}
