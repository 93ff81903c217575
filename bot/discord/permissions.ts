/**
 * Who may do what, read from the interaction Discord sent: `member.permissions` is what
 * Discord computed for the member in this channel, and `member.roles` their role ids. These
 * are checked on every admin command whatever the command's default permissions say, because
 * a guild admin may open a command to everyone in Server Settings > Integrations.
 */
import { GuildMember, PermissionFlagsBits, type Interaction } from "discord.js";
import type { DiscordSettings } from "./settings.js";

function roleIds(interaction: Interaction): readonly string[] {
  const member = interaction.member;
  if (member === null) return [];
  return member instanceof GuildMember ? [...member.roles.cache.keys()] : member.roles;
}

/** Manage Server, or the configured manager role: may change the channel's subscriptions. */
export function isChannelManager(interaction: Interaction, settings: DiscordSettings): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true) return true;
  return settings.managerRoleId !== null && roleIds(interaction).includes(settings.managerRoleId);
}

/** Holds the configured PepFund team role. */
export function isTeamMember(interaction: Interaction, settings: DiscordSettings): boolean {
  return settings.teamRoleId !== null && roleIds(interaction).includes(settings.teamRoleId);
}
