/**
 * A local Discord: gateway and REST on one port, for the real discord.js Client. Point the
 * client at it with `rest: { api: server.apiBase }` and log in with `server.token`; the
 * gateway URL comes from GET /gateway/bot as with Discord. Tests act as users through
 * {@link DiscordTestServer.slash} and friends, and read what the bot sent.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Gateway } from "./gateway.js";
import { InteractionRecord } from "./interactions.js";
import { RateLimiter } from "./rate-limits.js";
import { Rest, type RestContext, type SentMessage } from "./rest.js";
import { snowflake } from "./snowflake.js";
import { World, type ChannelRecord, type CommandRecord, type MemberRecord } from "./world.js";

type Json = Record<string, unknown>;

/** Option types (developer docs: Application Command Option Type). */
const OptionType = { SubCommand: 1, SubCommandGroup: 2, String: 3, Integer: 4, Boolean: 5, Attachment: 11 } as const;

/** An option value a test passes; attachments are the object from {@link DiscordTestServer.attachment}. */
export type OptionValue = string | number | boolean | { attachment: Json };

export class DiscordTestServer {
  readonly world = new World();
  readonly token = `${Buffer.from(randomBytes(9)).toString("base64url")}.local.${randomBytes(19).toString("base64url")}`;
  readonly limiter = new RateLimiter();
  readonly interactions: InteractionRecord[] = [];
  /** Interactions that got no answer within 3 s: what users saw as "This interaction failed". */
  readonly failed: InteractionRecord[] = [];
  readonly gateway: Gateway;
  readonly rest: Rest;
  readonly channel: ChannelRecord;
  private readonly ctx: RestContext;
  private readonly files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  private port = 0;

  private constructor(private readonly http: Server) {
    this.channel = this.world.addChannel("general");
    this.ctx = {
      world: this.world,
      token: this.token,
      gatewayUrl: () => `ws://127.0.0.1:${this.port}`,
      limiter: this.limiter,
      interactionsById: new Map(),
      interactionsByToken: new Map(),
      latencyMs: 0,
      down: false,
      callbacksHeld: null,
      nonceWindowMs: 5 * 60_000,
    };
    this.gateway = new Gateway(this.world, this.token, () => `ws://127.0.0.1:${this.port}`);
    this.rest = new Rest(this.ctx);
    http.on("request", (req, res) => {
      if (req.url?.startsWith("/attachments/") === true) {
        const file = this.files.get(req.url.split("/")[2] ?? "");
        res.writeHead(file === undefined ? 404 : 200, { "content-type": file?.contentType ?? "text/plain" });
        res.end(file === undefined ? "not found" : Buffer.from(file.bytes));
        return;
      }
      void this.rest.handle(req, res);
    });
    http.on("upgrade", (req, socket, head) => this.gateway.upgrade(req, socket, head));
  }

  /** Starts listening on 127.0.0.1 (a free port unless given). */
  static async start(port = 0): Promise<DiscordTestServer> {
    const server = new DiscordTestServer(createServer());
    await new Promise<void>((resolve) => server.http.listen(port, "127.0.0.1", resolve));
    server.port = (server.http.address() as AddressInfo).port;
    return server;
  }

  /** For discord.js's `rest.api` option. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get applicationId(): string {
    return this.world.applicationId;
  }

  /** Delay every REST answer (a slow Discord). */
  set latencyMs(ms: number) {
    this.ctx.latencyMs = ms;
  }

  /** Answer every REST call with 503 (Discord down). */
  set down(value: boolean) {
    this.ctx.down = value;
  }

  /**
   * Holds every interaction callback (the bot's acknowledgement) arriving from now on until the
   * returned function is called: the bot sees its acknowledgements still in flight.
   */
  holdCallbacks(): () => void {
    let release = (): void => undefined;
    this.ctx.callbacksHeld = new Promise<void>((resolve) => {
      release = () => {
        this.ctx.callbacksHeld = null;
        resolve();
      };
    });
    return release;
  }

  /** How long a nonce is remembered for `enforce_nonce` (default 5 minutes). */
  set nonceWindowMs(ms: number) {
    this.ctx.nonceWindowMs = ms;
  }

  async stop(): Promise<void> {
    this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  addMember(username: string, roles: string[] = []): MemberRecord {
    return this.world.addMember(username, roles);
  }

  /** Hosts a file as Discord's CDN would and returns the attachment object for an option. */
  attachment(filename: string, bytes: Uint8Array, contentType: string): { attachment: Json } {
    const id = snowflake();
    this.files.set(id, { bytes, contentType });
    const url = `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(filename)}`;
    return { attachment: { id, filename, size: bytes.length, url, proxy_url: url, content_type: contentType, ephemeral: true } };
  }

  /** Messages the bot posted to a channel outside interactions (announcements). */
  channelPosts(channelId: string): SentMessage[] {
    return this.rest.sent.filter((s) => s.message.channel_id === channelId && s.message.type === 0);
  }

  /** Messages the bot sent a member in their DM channel (personal notices). */
  directMessages(userId: string): SentMessage[] {
    const dm = [...this.world.channels.values()].find((c) => c.type === 1 && c.recipientId === userId);
    return dm === undefined ? [] : this.channelPosts(dm.id);
  }

  /** Registered commands the user would see: guild ones, then global. */
  private command(name: string): CommandRecord {
    const found = [...this.world.guildCommands.values(), ...this.world.globalCommands.values()].find((c) => c.name === name);
    if (found === undefined) throw new Error(`/${name} is not registered: run the deploy first`);
    return found;
  }

  /**
   * A member runs a slash command. `path` is "name" or "name sub"; option values are typed by
   * the registered definition. Like Discord's client, refuses to run a command the member
   * cannot see because of default_member_permissions, unless the guild overrode it.
   */
  slash(user: MemberRecord, path: string, values: Record<string, OptionValue> = {}, channel: ChannelRecord = this.channel): InteractionRecord {
    const [name = "", sub] = path.split(" ");
    const command = this.command(name);
    this.assertVisible(user, command);
    const { options, resolved } = this.buildOptions(command, sub, values, null);
    return this.dispatch(2, user, channel, { id: command.id, name, type: 1, options, ...(resolved === null ? {} : { resolved }), guild_id: command.guild_id });
  }

  /** A member types in an autocomplete option: `focused` names it, `values` are the options so far. */
  autocomplete(user: MemberRecord, path: string, focused: string, values: Record<string, OptionValue>, channel: ChannelRecord = this.channel): InteractionRecord {
    const [name = "", sub] = path.split(" ");
    const command = this.command(name);
    this.assertVisible(user, command);
    const { options } = this.buildOptions(command, sub, values, focused);
    return this.dispatch(4, user, channel, { id: command.id, name, type: 1, options, guild_id: command.guild_id });
  }

  /** The member submits the modal the bot opened in answer to `opened`, with values by input custom_id. */
  submitModal(user: MemberRecord, opened: InteractionRecord, values: Record<string, string>): InteractionRecord {
    const call = opened.calls.find((c) => c.kind === "callback" && c.type === 9);
    if (call === undefined) throw new Error("the bot opened no modal");
    const modal = call.body.data as Json;
    const rows = modal.components as Json[];
    // Discord sends a Text Display back as its type and id only.
    const components = rows.map((row) => {
      if (row.type === 10) return { type: 10, id: row.id };
      const input = (row.type === 18 ? row.component : (row.components as Json[])[0]) as Json;
      const value = values[input.custom_id as string] ?? "";
      return { type: 1, components: [{ type: 4, id: input.id, custom_id: input.custom_id, value }] };
    });
    const channel = this.world.channels.get(opened.payload.channel_id as string) ?? this.channel;
    return this.dispatch(5, user, channel, { custom_id: modal.custom_id, components });
  }

  /** A member clicks a button (by custom_id) under a message the bot sent. */
  clickButton(user: MemberRecord, message: Json, customId: string): InteractionRecord {
    const buttons = ((message.components as Json[] | undefined) ?? []).flatMap((row) => row.components as Json[]);
    if (!buttons.some((b) => b.custom_id === customId)) throw new Error(`no button ${customId} on the message`);
    const channel = this.world.channels.get(message.channel_id as string) ?? this.channel;
    return this.dispatch(3, user, channel, { custom_id: customId, component_type: 2 }, message);
  }

  private assertVisible(user: MemberRecord, command: CommandRecord): void {
    const required = command.default_member_permissions;
    if (required === null || required === undefined || this.world.commandOverrides.has(command.name)) return;
    const needed = BigInt(required as string);
    if ((this.world.permissionsOf(user.id) & needed) !== needed) {
      throw new Error(`Discord would not show /${command.name} to ${user.username} (default_member_permissions ${needed})`);
    }
  }

  private buildOptions(command: CommandRecord, sub: string | undefined, values: Record<string, OptionValue>, focused: string | null): { options: Json[]; resolved: Json | null } {
    let definitions = (command.options as Json[] | undefined) ?? [];
    const wrap = sub === undefined ? null : (definitions.find((o) => o.name === sub) ?? null);
    if (sub !== undefined) {
      if (wrap === null || wrap.type !== OptionType.SubCommand) throw new Error(`/${command.name} has no subcommand ${sub}`);
      definitions = (wrap.options as Json[] | undefined) ?? [];
    }
    const attachments: Json = {};
    const options: Json[] = [];
    for (const [name, value] of Object.entries(values)) {
      const definition = definitions.find((o) => o.name === name);
      if (definition === undefined) throw new Error(`/${command.name} has no option ${name}`);
      const type = definition.type as number;
      // Discord sends autocomplete interactions only for options registered with autocomplete.
      if (focused === name && definition.autocomplete !== true) throw new Error(`option ${name} of /${command.name} has no autocomplete`);
      if (typeof value === "object") {
        attachments[value.attachment.id as string] = value.attachment;
        options.push({ name, type, value: value.attachment.id });
      } else {
        options.push({ name, type, value, ...(focused === name ? { focused: true } : {}) });
      }
    }
    for (const definition of definitions) {
      if (definition.required === true && !(definition.name as string in values) && focused === null) {
        throw new Error(`Discord requires option ${String(definition.name)} of /${command.name}`);
      }
    }
    const resolved = Object.keys(attachments).length === 0 ? null : { attachments };
    return { options: wrap === null ? options : [{ name: sub, type: OptionType.SubCommand, options }], resolved };
  }

  private dispatch(type: number, user: MemberRecord, channel: ChannelRecord, data: Json, message?: Json): InteractionRecord {
    const id = snowflake();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString("base64url")}`).toString("base64url");
    const { world } = this;
    const payload: Json = {
      id,
      application_id: world.applicationId,
      type,
      data,
      guild: { id: world.guildId, locale: "en-US", features: [] },
      guild_id: world.guildId,
      channel: world.channelJson(channel),
      channel_id: channel.id,
      member: world.memberJson(user.id, true),
      token,
      version: 1,
      app_permissions: world.permissionsOf(world.applicationId).toString(),
      locale: "en-US",
      guild_locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: { "0": world.guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
    };
    // In a DM Discord sends the user, never a guild or a member (discord-api-types'
    // APIDMInteractionWrapper), and the context is BOT_DM.
    if (channel.type === 1) {
      for (const key of ["guild", "guild_id", "member"]) delete payload[key];
      payload.user = world.userJson(user.id);
      payload.context = 1;
    }
    if (message !== undefined) payload.message = message;
    const record = new InteractionRecord(id, token, payload, Date.now(), (r) => this.failed.push(r));
    this.interactions.push(record);
    this.ctx.interactionsById.set(id, record);
    this.ctx.interactionsByToken.set(token, record);
    this.gateway.dispatch("INTERACTION_CREATE", payload);
    return record;
  }
}

export { Permission } from "./world.js";
export type { MemberRecord, ChannelRecord } from "./world.js";
export type { InteractionRecord, InteractionCall } from "./interactions.js";
export type { SentMessage, RestCall } from "./rest.js";
