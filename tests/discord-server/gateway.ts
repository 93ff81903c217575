/**
 * Discord's gateway (API v10, JSON encoding, no compression): HELLO, IDENTIFY -> READY and
 * GUILD_CREATE, heartbeats and their ACKs, RESUME with replay of missed dispatches, and
 * dispatches (INTERACTION_CREATE). Close codes as Discord's.
 *
 * Several sessions of one bot may be open at once, as on Discord: each IDENTIFY names its
 * shard [shard_id, num_shards] (default [0, 1]); a guild's events go to every session of shard
 * (guild_id >> 22) % num_shards, events without a guild (DMs) to shard 0. Two sessions of the
 * same shard both receive them (Discord does not split them). A session closed with 1000/1001
 * is invalidated; any other drop leaves it resumable, its events kept for replay.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { World } from "./world.js";

type Json = Record<string, unknown>;

const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Reconnect: 7, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

/** A session the bot identified: resumable by id with its sequence. */
interface Session {
  readonly id: string;
  readonly intents: number;
  readonly shard: readonly [number, number];
  sequence: number;
  /** Dispatches sent, kept for RESUME replay. */
  readonly sent: { s: number; t: string; d: unknown }[];
  socket: WebSocket | null;
}

export class Gateway {
  readonly wss = new WebSocketServer({ noServer: true });
  /** Identified sessions, newest last. */
  private sessions: Session[] = [];
  /** Every payload the bot sent over the gateway (op + d), for assertions. */
  readonly received: { op: number; d: unknown; at: number }[] = [];
  /** Resolves the next time a session is ready (READY + GUILD_CREATE sent). */
  private readyWaiters: (() => void)[] = [];

  constructor(
    private readonly world: World,
    private readonly token: string,
    private readonly resumeUrl: () => string,
    readonly heartbeatIntervalMs = 41_250,
  ) {}

  /** Takes an HTTP upgrade for the gateway; checks the query as Discord does. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? "/", "http://localhost");
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (url.searchParams.get("v") !== "10") return ws.close(4012, "Invalid API version");
      if (url.searchParams.get("encoding") !== "json") return ws.close(4002, "Decode error");
      this.accept(ws);
    });
  }

  /** The intents the bot identified with, once it has. */
  get intents(): number | null {
    return this.newest?.intents ?? null;
  }

  /** The shards of the sessions identified now, e.g. [[0, 2], [1, 2]]. */
  get shards(): (readonly [number, number])[] {
    return this.sessions.map((s) => s.shard);
  }

  whenReady(): Promise<void> {
    if (this.newest?.socket?.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Resolves once `count` sessions are open (several replicas logged in). */
  async whenSessions(count: number): Promise<void> {
    while (this.sessions.filter((s) => s.socket?.readyState === WebSocket.OPEN).length < count) {
      await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    }
  }

  /** Sends a dispatch to every session of the shard owning its guild (kept for replay if a socket is down). */
  dispatch(t: string, d: unknown): void {
    if (this.sessions.length === 0) throw new Error("gateway: no identified session");
    const guildId = (d as { guild_id?: unknown } | null)?.guild_id;
    for (const session of this.sessions) {
      const [shardId, shardCount] = session.shard;
      const owner = typeof guildId === "string" ? Number((BigInt(guildId) >> 22n) % BigInt(shardCount)) : 0;
      if (owner === shardId) this.dispatchTo(session, t, d);
    }
  }

  /** Drops the newest connection abnormally (as a network failure would); the bot should RESUME. */
  dropConnection(): void {
    this.newest?.socket?.terminate();
  }

  private get newest(): Session | null {
    return this.sessions.at(-1) ?? null;
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    session.sequence += 1;
    const event = { s: session.sequence, t, d };
    session.sent.push(event);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify({ op: Op.Dispatch, ...event }));
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    let identified = false;
    ws.on("close", (code) => {
      // A clean close ends the session (Discord invalidates it); other drops may RESUME.
      if (code === 1000 || code === 1001) this.sessions = this.sessions.filter((s) => s.socket !== ws);
    });
    const send = (payload: Json): void => ws.send(JSON.stringify(payload));
    send({ op: Op.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs, _trace: ["[\"local-gateway\"]"] }, s: null, t: null });
    ws.on("message", (raw) => {
      let payload: { op: number; d: unknown };
      try {
        payload = JSON.parse(Buffer.isBuffer(raw) ? raw.toString("utf8") : Buffer.from(raw as ArrayBuffer).toString("utf8")) as { op: number; d: unknown };
      } catch {
        return ws.close(4002, "Decode error");
      }
      this.received.push({ op: payload.op, d: payload.d, at: Date.now() });
      switch (payload.op) {
        case Op.Heartbeat:
          return send({ op: Op.HeartbeatAck, d: null, s: null, t: null });
        case Op.Identify: {
          if (identified) return ws.close(4005, "Already authenticated");
          const d = payload.d as { token?: string; intents?: number; properties?: Json; shard?: unknown };
          if (d.token !== this.token) return ws.close(4004, "Authentication failed");
          if (typeof d.intents !== "number") return ws.close(4013, "Invalid intent(s)");
          const shard = d.shard ?? [0, 1];
          if (!Array.isArray(shard) || shard.length !== 2 || !shard.every(Number.isInteger) || !((shard[0] as number) >= 0 && (shard[0] as number) < (shard[1] as number))) {
            return ws.close(4010, "Invalid shard");
          }
          identified = true;
          const session: Session = { id: randomBytes(16).toString("hex"), intents: d.intents, shard: [shard[0] as number, shard[1] as number], sequence: 0, sent: [], socket: ws };
          this.sessions.push(session);
          const ownsGuild = Number((BigInt(this.world.guildId) >> 22n) % BigInt(session.shard[1])) === session.shard[0];
          this.dispatchTo(session, "READY", {
            v: 10,
            user: this.world.botUser,
            guilds: ownsGuild ? [{ id: this.world.guildId, unavailable: true }] : [],
            session_id: session.id,
            resume_gateway_url: this.resumeUrl(),
            shard: session.shard,
            application: { id: this.world.applicationId, flags: 0 },
            private_channels: [],
            presences: [],
            relationships: [],
            user_settings: {},
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            _trace: ["[\"local-gateway\"]"],
          });
          if (ownsGuild) this.dispatchTo(session, "GUILD_CREATE", this.world.guildJson());
          return this.flushReady();
        }
        case Op.Resume: {
          const d = payload.d as { token?: string; session_id?: string; seq?: number };
          const session = this.sessions.find((s) => s.id === d.session_id);
          if (d.token !== this.token || session === undefined) {
            return send({ op: Op.InvalidSession, d: false, s: null, t: null });
          }
          identified = true;
          session.socket = ws;
          for (const event of session.sent.filter((e) => e.s > (d.seq ?? 0))) send({ op: Op.Dispatch, ...event });
          this.dispatchTo(session, "RESUMED", { _trace: ["[\"local-gateway\"]"] });
          return this.flushReady();
        }
        default:
          return undefined;
      }
    });
  }

  private flushReady(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
