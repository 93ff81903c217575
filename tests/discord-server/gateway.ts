/**
 * Discord's gateway (API v10, JSON encoding, no compression): HELLO, IDENTIFY -> READY and
 * GUILD_CREATE, heartbeats and their ACKs, RESUME with replay of missed dispatches, and
 * dispatches (INTERACTION_CREATE) to the identified session. Close codes as Discord's.
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
  sequence: number;
  /** Dispatches sent, kept for RESUME replay. */
  readonly sent: { s: number; t: string; d: unknown }[];
  socket: WebSocket | null;
}

export class Gateway {
  readonly wss = new WebSocketServer({ noServer: true });
  private session: Session | null = null;
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
    return this.session?.intents ?? null;
  }

  whenReady(): Promise<void> {
    if (this.session?.socket?.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends a dispatch to the bot's session (kept for replay if the socket is down). */
  dispatch(t: string, d: unknown): void {
    const session = this.session;
    if (session === null) throw new Error("gateway: no identified session");
    session.sequence += 1;
    const event = { s: session.sequence, t, d };
    session.sent.push(event);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify({ op: Op.Dispatch, ...event }));
  }

  /** Drops the connection abnormally (as a network failure would); the bot should RESUME. */
  dropConnection(): void {
    this.session?.socket?.terminate();
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    let identified = false;
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
          const d = payload.d as { token?: string; intents?: number; properties?: Json };
          if (d.token !== this.token) return ws.close(4004, "Authentication failed");
          if (typeof d.intents !== "number") return ws.close(4013, "Invalid intent(s)");
          identified = true;
          this.session?.socket?.close(4009, "Session timed out");
          this.session = { id: randomBytes(16).toString("hex"), intents: d.intents, sequence: 0, sent: [], socket: ws };
          this.dispatch("READY", {
            v: 10,
            user: this.world.botUser,
            guilds: [{ id: this.world.guildId, unavailable: true }],
            session_id: this.session.id,
            resume_gateway_url: this.resumeUrl(),
            shard: [0, 1],
            application: { id: this.world.applicationId, flags: 0 },
            private_channels: [],
            presences: [],
            relationships: [],
            user_settings: {},
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            _trace: ["[\"local-gateway\"]"],
          });
          this.dispatch("GUILD_CREATE", this.world.guildJson());
          return this.flushReady();
        }
        case Op.Resume: {
          const d = payload.d as { token?: string; session_id?: string; seq?: number };
          const session = this.session;
          if (d.token !== this.token || session === null || d.session_id !== session.id) {
            return send({ op: Op.InvalidSession, d: false, s: null, t: null });
          }
          identified = true;
          session.socket = ws;
          for (const event of session.sent.filter((e) => e.s > (d.seq ?? 0))) send({ op: Op.Dispatch, ...event });
          this.dispatch("RESUMED", { _trace: ["[\"local-gateway\"]"] });
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
