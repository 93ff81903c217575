/**
 * Registered command ids, so replies can mention commands as clickable `</name:id>`. Global
 * commands are read once at start; a guild's own (deploy-commands --guild) the first time an
 * interaction comes from it. Where an id is unknown, the renderer falls back to `/name`.
 */
import { Routes, type Client } from "discord.js";
import type { CommandIds } from "./render.js";

type Registered = readonly { readonly id: string; readonly name: string }[];

export class CommandMentions {
  private global = new Map<string, string>();
  private readonly guilds = new Map<string, Map<string, string>>();
  private readonly loading = new Map<string, Promise<void>>();

  /** `applicationId`: for a client that never logs in (REST-only senders), read from /applications/@me. */
  constructor(
    private readonly client: Client,
    private readonly fixedApplicationId: string | null = null,
  ) {}

  /** Reads the global commands; a failure leaves `/name` mentions, never stops the bot. */
  async start(): Promise<void> {
    this.global = await this.read(Routes.applicationCommands(this.applicationId()));
  }

  /** The ids known for a guild without waiting (the modal path must answer at once). */
  known(guildId: string | null): CommandIds {
    const own = guildId === null ? undefined : this.guilds.get(guildId);
    return own === undefined ? this.global : new Map([...this.global, ...own]);
  }

  /** The ids for a guild, reading its commands once. */
  async forGuild(guildId: string | null): Promise<CommandIds> {
    if (guildId !== null && !this.guilds.has(guildId)) {
      const pending =
        this.loading.get(guildId) ??
        this.read(Routes.applicationGuildCommands(this.applicationId(), guildId)).then((ids) => {
          this.guilds.set(guildId, ids);
        });
      this.loading.set(guildId, pending);
      await pending;
    }
    return this.known(guildId);
  }

  private applicationId(): string {
    return this.fixedApplicationId ?? this.client.application?.id ?? this.client.user?.id ?? "";
  }

  private async read(route: `/${string}`): Promise<Map<string, string>> {
    try {
      const registered = (await this.client.rest.get(route)) as Registered;
      return new Map(registered.map((c) => [c.name, c.id]));
    } catch {
      return new Map();
    }
  }
}
