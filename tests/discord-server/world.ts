/**
 * What the local Discord knows: the bot's user and application, one guild with its roles,
 * members and text channels, the messages in them, and registered application commands.
 * Objects have the shapes of Discord's API v10 (developer docs: Guild, Role, Channel, Member).
 */
import { snowflake } from "./snowflake.js";

type Json = Record<string, unknown>;

/** Permission bits used by the tests (developer docs: Permissions). */
export const Permission = {
  Administrator: 1n << 3n,
  ManageGuild: 1n << 5n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseApplicationCommands: 1n << 31n,
} as const;

/** What @everyone may do in the test guild. */
export const EVERYONE_PERMISSIONS =
  Permission.ViewChannel | Permission.SendMessages | Permission.EmbedLinks | Permission.ReadMessageHistory |
  Permission.UseApplicationCommands;

export interface RoleRecord {
  readonly id: string;
  readonly name: string;
  readonly permissions: bigint;
}

export interface MemberRecord {
  readonly id: string;
  readonly username: string;
  readonly roles: string[];
}

export interface ChannelRecord {
  readonly id: string;
  readonly name: string;
  /** 0 text, 1 DM (outside the guild), 11 public thread. */
  readonly type: 0 | 1 | 11;
  readonly parentId?: string;
  /** A DM's other person. */
  readonly recipientId?: string;
}

/** A registered application command, as Discord stores it. */
export type CommandRecord = Json & { id: string; name: string; guild_id?: string };

export class World {
  readonly botUser: Json;
  readonly applicationId = snowflake();
  readonly guildId = snowflake();
  readonly ownerId = snowflake();
  readonly roles = new Map<string, RoleRecord>();
  readonly members = new Map<string, MemberRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** Messages by id, in every channel (including interaction responses). */
  readonly messages = new Map<string, Json>();
  readonly globalCommands = new Map<string, CommandRecord>();
  readonly guildCommands = new Map<string, CommandRecord>();
  /**
   * A guild admin may override a command's default_member_permissions (Server Settings ->
   * Integrations); names listed here are open to everyone in this guild.
   */
  readonly commandOverrides = new Set<string>();

  constructor() {
    const botId = this.applicationId;
    this.botUser = { id: botId, username: "PepFund", discriminator: "0", global_name: null, avatar: null, bot: true, flags: 0 };
    this.roles.set(this.guildId, { id: this.guildId, name: "@everyone", permissions: EVERYONE_PERMISSIONS });
    this.members.set(botId, { id: botId, username: "PepFund", roles: [] });
    this.members.set(this.ownerId, { id: this.ownerId, username: "owner", roles: [] });
  }

  addRole(name: string, permissions: bigint = 0n): RoleRecord {
    const role = { id: snowflake(), name, permissions };
    this.roles.set(role.id, role);
    return role;
  }

  addMember(username: string, roles: string[] = []): MemberRecord {
    const member = { id: snowflake(), username, roles };
    this.members.set(member.id, member);
    return member;
  }

  /**
   * The bot's DM channel with a user (Create DM, POST /users/@me/channels): created once,
   * then the same channel every time, as Discord does.
   */
  openDm(userId: string): ChannelRecord {
    const existing = [...this.channels.values()].find((c) => c.type === 1 && c.recipientId === userId);
    if (existing !== undefined) return existing;
    const channel: ChannelRecord = { id: snowflake(), name: "", type: 1, recipientId: userId };
    this.channels.set(channel.id, channel);
    return channel;
  }

  addChannel(name: string, type: 0 | 11 = 0, parentId?: string): ChannelRecord {
    const channel: ChannelRecord = parentId === undefined ? { id: snowflake(), name, type } : { id: snowflake(), name, type, parentId };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** A member's guild-wide permissions, as Discord computes them (owner and Administrator: all). */
  permissionsOf(userId: string): bigint {
    if (userId === this.ownerId) return (1n << 50n) - 1n;
    const member = this.members.get(userId);
    let bits = this.roles.get(this.guildId)?.permissions ?? 0n;
    for (const id of member?.roles ?? []) bits |= this.roles.get(id)?.permissions ?? 0n;
    return (bits & Permission.Administrator) !== 0n ? (1n << 50n) - 1n : bits;
  }

  userJson(id: string): Json {
    if (id === this.applicationId) return this.botUser;
    const member = this.members.get(id);
    return { id, username: member?.username ?? "unknown", discriminator: "0", global_name: member?.username ?? null, avatar: null, flags: 0 };
  }

  memberJson(id: string, withPermissions = false): Json {
    const member = this.members.get(id);
    const json: Json = {
      user: this.userJson(id),
      roles: member?.roles ?? [],
      nick: null,
      avatar: null,
      banner: null,
      joined_at: "2025-01-01T00:00:00.000000+00:00",
      premium_since: null,
      deaf: false,
      mute: false,
      pending: false,
      flags: 0,
      communication_disabled_until: null,
    };
    if (withPermissions) json.permissions = this.permissionsOf(id).toString();
    return json;
  }

  roleJson(role: RoleRecord, position: number): Json {
    return {
      id: role.id,
      name: role.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: role.permissions.toString(),
      managed: false,
      mentionable: false,
      flags: 0,
    };
  }

  channelJson(channel: ChannelRecord): Json {
    if (channel.type === 1) {
      return { id: channel.id, type: 1, last_message_id: null, flags: 0, recipients: [this.userJson(channel.recipientId ?? "")] };
    }
    const base: Json = {
      id: channel.id,
      type: channel.type,
      guild_id: this.guildId,
      name: channel.name,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
    };
    if (channel.type === 11) {
      return {
        ...base,
        parent_id: channel.parentId ?? null,
        owner_id: this.ownerId,
        message_count: 0,
        member_count: 1,
        total_message_sent: 0,
        thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: "2025-01-01T00:00:00.000000+00:00", locked: false },
      };
    }
    return { ...base, position: 0, permission_overwrites: [], parent_id: null, topic: null, nsfw: false };
  }

  /** The GUILD_CREATE payload for the guild (available, with members and channels). */
  guildJson(): Json {
    const channels = [...this.channels.values()];
    return {
      id: this.guildId,
      name: "PepFund Test Guild",
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: this.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [...this.roles.values()].map((role, i) => this.roleJson(role, i)),
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: "en-US",
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      stickers: [],
      joined_at: "2025-01-01T00:00:00.000000+00:00",
      large: false,
      unavailable: false,
      member_count: this.members.size,
      voice_states: [],
      members: [...this.members.keys()].map((id) => this.memberJson(id)),
      channels: channels.filter((c) => c.type === 0).map((c) => this.channelJson(c)),
      threads: channels.filter((c) => c.type === 11).map((c) => this.channelJson(c)),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
}
