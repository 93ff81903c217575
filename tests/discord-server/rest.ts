/**
 * Discord's REST API v10, the part a bot uses: gateway discovery, interaction callbacks,
 * the interaction webhook (original response and follow-ups), channel messages, application
 * commands, guild members and roles. Bodies are JSON or multipart with `payload_json`, as
 * discord.js sends them; answers have Discord's shapes, status codes and rate-limit headers.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, alreadyAcknowledged, notFound, unauthorized, unknownChannel, unknownGuild, unknownInteraction, unknownMember, unknownMessage, unknownUser, unknownWebhook } from "./errors.js";
import { Callback, type InteractionRecord } from "./interactions.js";
import { pingsOf, type Pings } from "./mentions.js";
import type { RateLimiter } from "./rate-limits.js";
import { snowflake } from "./snowflake.js";
import { checkChoices, checkMessage, checkModal, checkNonce } from "./validation.js";
import type { CommandRecord, World } from "./world.js";

type Json = Record<string, unknown>;

/** One REST request the bot made, with what it got. */
export interface RestCall {
  readonly method: string;
  /** Path after /api/v10. */
  readonly path: string;
  readonly body: Json | Json[] | null;
  readonly status: number;
  readonly at: number;
}

/** A message the bot posted or edited, with the pings Discord would have sent. */
export interface SentMessage {
  readonly message: Json;
  readonly body: Json;
  readonly pings: Pings;
  readonly at: number;
}

export interface RestContext {
  readonly world: World;
  readonly token: string;
  readonly gatewayUrl: () => string;
  readonly limiter: RateLimiter;
  readonly interactionsByToken: Map<string, InteractionRecord>;
  readonly interactionsById: Map<string, InteractionRecord>;
  /** When set, every request waits this long first (a slow Discord). */
  latencyMs: number;
  /** When true, every request gets 503 (Discord down). */
  down: boolean;
  /** While set, interaction callbacks wait for it before they are handled (a slow acknowledgement). */
  callbacksHeld: Promise<void> | null;
  /**
   * How long a message's nonce is remembered for `enforce_nonce` ("the past few minutes" in
   * Discord's docs, which give no figure; 5 minutes here).
   */
  nonceWindowMs: number;
}

async function readBody(request: IncomingMessage): Promise<{ json: Json | Json[] | null; files: string[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { json: null, files: [] };
  const type = request.headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    const payload = form.get("payload_json");
    const files: string[] = [];
    form.forEach((_value, key) => {
      if (key.startsWith("files[")) files.push(key);
    });
    return { json: typeof payload === "string" ? (JSON.parse(payload) as Json) : {}, files };
  }
  return { json: JSON.parse(raw.toString("utf8")) as Json | Json[], files: [] };
}

export class Rest {
  readonly calls: RestCall[] = [];
  readonly sent: SentMessage[] = [];
  /** The last message created with each author + nonce, and when. */
  private readonly nonces = new Map<string, { messageId: string; at: number }>();

  constructor(private readonly ctx: RestContext) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    const method = request.method ?? "GET";
    const at = Date.now();
    let status: number;
    let body: Json | Json[] | null = null;
    const headers: Record<string, string> = { "content-type": "application/json" };
    let answer: unknown;
    try {
      if (this.ctx.latencyMs > 0) await new Promise((r) => setTimeout(r, this.ctx.latencyMs));
      if (this.ctx.callbacksHeld !== null && /^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(url.pathname)) await this.ctx.callbacksHeld;
      if (!url.pathname.startsWith("/api/v10/")) throw notFound();
      const path = url.pathname.slice("/api/v10".length);
      body = (await readBody(request)).json;
      if (this.ctx.down) throw new ApiError(503, 0, "Service Unavailable");
      // Buckets per route and major parameter; an interaction's webhook is limited per token.
      const route = `${method} ${path.replace(/\/interactions\/(\d+)\/[^/]+/, "/interactions/$1/:token")}`;
      const limit = this.ctx.limiter.take(route, this.globalKey(path, request));
      if ("limited" in limit) {
        Object.assign(headers, limit.limited.headers);
        status = 429;
        answer = limit.limited.body;
      } else {
        Object.assign(headers, limit.headers);
        const result = this.route(method, path, url.searchParams, body, request.headers.authorization);
        status = result.status;
        answer = result.body;
      }
    } catch (error) {
      if (error instanceof ApiError) {
        status = error.status;
        answer = error.body();
      } else {
        status = 500;
        answer = { message: String(error), code: 0 };
      }
    }
    const path = url.pathname.replace(/^\/api\/v10/, "");
    this.calls.push({ method, path, body, status, at });
    response.writeHead(status, status === 204 ? {} : headers);
    response.end(status === 204 ? undefined : JSON.stringify(answer));
  }

  /**
   * Whose global limit a request counts against: the bot token's, or the address's without
   * one; none for interaction endpoints (the callback, and the interaction webhook
   * `/webhooks/{application.id}/{interaction.token}[/messages/{id}]`), which Discord exempts.
   */
  private globalKey(path: string, request: IncomingMessage): string | null {
    const app = this.ctx.world.applicationId;
    if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return null;
    if (path.startsWith(`/webhooks/${app}/`) && /^\/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/.test(path)) return null;
    return request.headers.authorization ?? `address ${request.socket.remoteAddress ?? "?"}`;
  }

  private route(method: string, path: string, query: URLSearchParams, body: Json | Json[] | null, auth: string | undefined): { status: number; body: unknown } {
    const p = path.split("/").slice(1).map((segment) => decodeURIComponent(segment));
    const { world } = this.ctx;
    const json = (body ?? {}) as Json;
    // Interaction callbacks and the interaction webhook are authenticated by their token.
    if (p[0] === "interactions" && p[3] === "callback" && method === "POST") {
      return this.callback(p[1] ?? "", p[2] ?? "", json, query.get("with_response") === "true");
    }
    if (p[0] === "webhooks" && p[1] === world.applicationId) return this.webhook(method, p.slice(2), json);
    if (auth !== `Bot ${this.ctx.token}`) throw unauthorized();

    if (method === "GET" && path === "/gateway/bot") {
      return ok({ url: this.ctx.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } });
    }
    if (method === "GET" && path === "/users/@me") return ok(world.botUser);
    if (method === "POST" && path === "/users/@me/channels") {
      const recipient = typeof json.recipient_id === "string" ? json.recipient_id : "";
      if (!world.members.has(recipient)) throw unknownUser();
      return ok(world.channelJson(world.openDm(recipient)));
    }
    if (method === "GET" && path === "/applications/@me") return ok({ id: world.applicationId, name: "PepFund", bot: world.botUser, flags: 0 });
    if (p[0] === "applications" && p[1] === world.applicationId) return this.commands(method, p.slice(2), body);
    if (p[0] === "channels") {
      const channel = world.channels.get(p[1] ?? "");
      if (channel === undefined) throw unknownChannel();
      if (p.length === 2 && method === "GET") return ok(world.channelJson(channel));
      if (p[2] === "messages" && p.length === 3 && method === "POST") {
        const problem = checkNonce(json.nonce) ?? checkMessage(json, true);
        if (problem !== null) throw problem;
        return ok(this.createMessage(channel.id, json));
      }
      if (p[2] === "messages" && p.length === 4 && method === "GET") {
        const message = world.messages.get(p[3] ?? "");
        if (message === undefined) throw unknownMessage();
        return ok(message);
      }
    }
    if (p[0] === "guilds") {
      if (p[1] !== world.guildId) throw unknownGuild();
      if (p.length === 2 && method === "GET") return ok(world.guildJson());
      if (p[2] === "roles" && method === "GET") return ok([...world.roles.values()].map((r, i) => world.roleJson(r, i)));
      if (p[2] === "members" && p[3] !== undefined && method === "GET") {
        if (!world.members.has(p[3])) throw unknownMember();
        return ok(world.memberJson(p[3]));
      }
    }
    throw notFound();
  }

  private interaction(id: string, token: string): InteractionRecord {
    const record = this.ctx.interactionsById.get(id);
    if (record === undefined || record.token !== token) throw unknownInteraction();
    return record;
  }

  private callback(id: string, token: string, json: Json, withResponse: boolean): { status: number; body: unknown } {
    const record = this.interaction(id, token);
    // After 3 s without an answer Discord has shown "This interaction failed"; the token is dead.
    if (record.failed) throw unknownInteraction();
    if (record.acknowledged) throw alreadyAcknowledged();
    const type = json.type as number;
    const data = (json.data ?? {}) as Json;
    const interactionType = record.payload.type as number;
    let message: Json | null = null;
    switch (type) {
      case Callback.ChannelMessageWithSource: {
        const problem = checkMessage(data, true);
        if (problem !== null) throw problem;
        message = this.postMessage(record.payload.channel_id as string, data, record);
        break;
      }
      case Callback.DeferredChannelMessageWithSource:
        message = this.postMessage(record.payload.channel_id as string, { content: "", flags: data.flags, loading: true }, record);
        break;
      case Callback.DeferredUpdateMessage:
      case Callback.UpdateMessage: {
        if (interactionType !== 3 && !(interactionType === 5 && record.payload.message !== undefined)) {
          throw new ApiError(400, 40004, "Interaction callback type not allowed for this interaction");
        }
        if (type === Callback.UpdateMessage) {
          const problem = checkMessage(data, false);
          if (problem !== null) throw problem;
        }
        break;
      }
      case Callback.ApplicationCommandAutocompleteResult: {
        if (interactionType !== 4) throw new ApiError(400, 40004, "Interaction callback type not allowed for this interaction");
        const problem = checkChoices(data);
        if (problem !== null) throw problem;
        break;
      }
      case Callback.Modal: {
        if (interactionType === 4 || interactionType === 5) throw new ApiError(400, 40004, "Interaction callback type not allowed for this interaction");
        const problem = checkModal(data);
        if (problem !== null) throw problem;
        break;
      }
      default:
        throw new ApiError(400, 50035, "Invalid Form Body");
    }
    record.record({ kind: "callback", type, body: json });
    if (message !== null) record.originalMessageId = message.id as string;
    if (!withResponse) return { status: 204, body: null };
    return ok({
      interaction: { id, type: interactionType, activity_instance_id: null, response_message_id: message?.id ?? null, response_message_loading: type === 5, response_message_ephemeral: ((Number(data.flags ?? 0) & 64) !== 0) },
      resource: message === null ? { type } : { type, message },
    });
  }

  private webhook(method: string, rest: string[], json: Json): { status: number; body: unknown } {
    const record = this.ctx.interactionsByToken.get(rest[0] ?? "");
    if (record === undefined || !record.acknowledged) throw unknownWebhook();
    const target = rest.slice(1);
    if (target.length === 0 && method === "POST") {
      const problem = checkMessage(json, true);
      if (problem !== null) throw problem;
      const message = this.postMessage(record.payload.channel_id as string, json, null, record);
      record.record({ kind: "followup", body: json });
      return ok(message);
    }
    if (target[0] === "messages") {
      const id = target[1] === "@original" ? record.originalMessageId : (target[1] ?? null);
      const message = id === null ? undefined : this.ctx.world.messages.get(id);
      if (message === undefined) throw unknownMessage();
      if (method === "GET") return ok(message);
      if (method === "PATCH") {
        const problem = checkMessage(json, false);
        if (problem !== null) throw problem;
        const edited: Json = { ...message, ...pick(json, ["content", "embeds", "components", "flags"]), edited_timestamp: new Date().toISOString() };
        this.ctx.world.messages.set(edited.id as string, edited);
        this.sent.push({ message: edited, body: json, pings: pingsOf(json), at: Date.now() });
        record.record({ kind: "edit-original", body: json });
        return ok(edited);
      }
      if (method === "DELETE") {
        this.ctx.world.messages.delete(message.id as string);
        record.record({ kind: "delete-original", body: {} });
        return { status: 204, body: null };
      }
    }
    throw notFound();
  }

  private commands(method: string, p: string[], body: Json | Json[] | null): { status: number; body: unknown } {
    const { world } = this.ctx;
    const guildScoped = p[0] === "guilds";
    if (guildScoped && p[1] !== world.guildId) throw unknownGuild();
    const store = guildScoped ? world.guildCommands : world.globalCommands;
    const tail = guildScoped ? p.slice(2) : p;
    if (tail[0] !== "commands") throw notFound();
    if (method === "GET" && tail.length === 1) return ok([...store.values()]);
    if (method === "PUT" && tail.length === 1 && Array.isArray(body)) {
      if (body.length > 100) throw new ApiError(400, 30032, "Maximum number of application commands reached (100)");
      const previous = new Map([...store.values()].map((c) => [c.name, c.id]));
      store.clear();
      for (const definition of body) {
        const name = typeof definition.name === "string" ? definition.name : "";
        if (!/^[-_\p{L}\p{N}]{1,32}$/u.test(name) || name !== name.toLowerCase()) throw new ApiError(400, 50035, "Invalid Form Body");
        if (typeof definition.description === "string" && definition.description.length > 100) throw new ApiError(400, 50035, "Invalid Form Body");
        const command: CommandRecord = {
          type: 1,
          default_member_permissions: null,
          contexts: null,
          integration_types: [0],
          nsfw: false,
          options: [],
          ...definition,
          id: previous.get(name) ?? snowflake(),
          name,
          application_id: world.applicationId,
          version: snowflake(),
        };
        if (guildScoped) command.guild_id = world.guildId;
        store.set(command.id, command);
      }
      return ok([...store.values()]);
    }
    throw notFound();
  }

  /**
   * Create Message: with `enforce_nonce` and a `nonce` that the same author used within the
   * window, Discord returns that earlier message (200) and creates nothing.
   */
  private createMessage(channelId: string, body: Json): Json {
    const nonce = body.nonce;
    // The author is always the bot: only its token reaches this route.
    const key = typeof nonce === "string" || typeof nonce === "number" ? `${this.ctx.world.applicationId}:${nonce}` : null;
    if (key !== null && body.enforce_nonce === true) {
      const earlier = this.nonces.get(key);
      const message = earlier === undefined ? undefined : this.ctx.world.messages.get(earlier.messageId);
      if (earlier !== undefined && message !== undefined && Date.now() - earlier.at < this.ctx.nonceWindowMs) return message;
    }
    const message = this.postMessage(channelId, body, null);
    if (key !== null) this.nonces.set(key, { messageId: message.id as string, at: Date.now() });
    return message;
  }

  /** Stores a message as Discord would return it, and records who it would ping. */
  postMessage(channelId: string, body: Json, replyTo: InteractionRecord | null, followupOf?: InteractionRecord): Json {
    const { world } = this.ctx;
    const owner = replyTo ?? followupOf ?? null;
    const message: Json = {
      id: snowflake(),
      type: owner === null ? 0 : 20,
      channel_id: channelId,
      // A DM is outside the guild: its messages carry no guild id.
      ...(world.channels.get(channelId)?.type === 1 ? {} : { guild_id: world.guildId }),
      author: world.botUser,
      content: typeof body.content === "string" ? body.content : "",
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      mention_channels: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      flags: Number(body.flags ?? 0) | (body.loading === true ? 128 : 0),
    };
    // Discord echoes the nonce in the created message.
    if (typeof body.nonce === "string" || typeof body.nonce === "number") message.nonce = body.nonce;
    if (owner !== null) {
      message.webhook_id = world.applicationId;
      message.application_id = world.applicationId;
      message.interaction_metadata = { id: owner.id, type: owner.payload.type, user: owner.payload.member === undefined ? owner.payload.user : (owner.payload.member as Json).user, authorizing_integration_owners: { "0": world.guildId } };
    }
    const pings = pingsOf(body);
    message.mention_everyone = pings.everyone;
    message.mentions = pings.users.map((id) => world.userJson(id));
    message.mention_roles = pings.roles;
    world.messages.set(message.id as string, message);
    if (body.loading !== true) this.sent.push({ message, body, pings, at: Date.now() });
    return message;
  }
}

function ok(body: unknown): { status: number; body: unknown } {
  return { status: 200, body };
}

function pick(json: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => k in json).map((k) => [k, json[k]]));
}

export { ApiError };
