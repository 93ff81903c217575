/**
 * A local Telegram Bot API server for tests and benchmarks: the methods the PepFund bot
 * uses, with Telegram's response shapes (`{ok:true,result}` / `{ok:false,error_code,
 * description,parameters}`), HTTP statuses, HTML validation, flood limits, long polling,
 * webhooks and file downloads. Tests inject updates through its methods and read every
 * recorded call. Point grammY at it with `client: { apiRoot: server.apiRoot }`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, ChatMember, Message, MessageEntity, Update, User } from "grammy/types";
import { FloodControl, TELEGRAM_FLOOD_LIMITS, type FloodLimits } from "./flood.js";
import { parseTelegramHtml } from "./html.js";

/** The Bot API's download limit for bots (getFile). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
/** Telegram's user id for messages an anonymous group admin sends. */
export const GROUP_ANONYMOUS_BOT: User = { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };

/** One API call as the server saw it. */
export interface RecordedCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  /** Wall-clock milliseconds when the request arrived. */
  readonly at: number;
  readonly status: number;
  readonly response: unknown;
}

/** A webhook delivery attempt. */
export interface WebhookDelivery {
  readonly updateId: number;
  readonly status: number;
  readonly at: number;
}

type ApiResult = { status: number; body: unknown };
type Payload = Record<string, unknown>;

class ApiError extends Error {
  constructor(readonly code: number, readonly description: string, readonly parameters?: Record<string, unknown>) {
    super(description);
  }
}

const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);

interface StoredFile {
  readonly fileId: string;
  readonly uniqueId: string;
  readonly size: number;
  readonly bytes: Uint8Array | null;
  readonly path: string;
}

/** Options of the local server. */
export interface TelegramServerOptions {
  readonly token?: string;
  readonly botUsername?: string;
  /** Flood limits to enforce; `false` turns them off. Default: Telegram's. */
  readonly flood?: FloodLimits | false;
  /** How long before a failed webhook delivery is retried (Telegram waits longer). */
  readonly webhookRetryMs?: number;
  /** Milliseconds clock the flood limits run on (tests may freeze it). */
  readonly now?: () => number;
}

/** The running server. */
export class TelegramTestServer {
  readonly token: string;
  readonly botUser: User & { is_bot: true };
  readonly calls: RecordedCall[] = [];
  readonly webhookDeliveries: WebhookDelivery[] = [];
  /** Every chat the bot knows, by id. */
  readonly chats = new Map<number, Chat>();
  private readonly members = new Map<string, ChatMember["status"]>();
  private readonly topics = new Map<number, Set<number>>();
  private readonly messages = new Map<string, Message>();
  private readonly nextMessageId = new Map<number, number>();
  private readonly files = new Map<string, StoredFile>();
  private readonly callbackQueries = new Map<string, { answered: boolean }>();
  private readonly kickedFrom = new Set<number>();
  /** Menus by scope type ("default", "all_private_chats", "all_group_chats"). */
  private readonly commands = new Map<string, unknown[]>();
  private pending: Update[] = [];
  /** Telegram's update ids start anywhere; a random start keeps servers sharing one database apart. */
  private nextUpdateId = 1 + Math.floor(Math.random() * 1_000_000_000);
  /** Highest offset a getUpdates call confirmed: every update below it was handled. */
  private confirmedOffset = 0;
  private allowedUpdates: string[] | null = null;
  private poller: { resolve: (updates: Update[] | "conflict") => void; timer: NodeJS.Timeout } | null = null;
  private webhook: { url: string; secret?: string } | null = null;
  private delivering = false;
  private flood: FloodControl | null;
  private outage = false;
  private http!: Server;
  apiRoot = "";

  private constructor(private readonly options: TelegramServerOptions) {
    this.token = options.token ?? "123456:TEST-token-for-the-local-bot-api";
    this.botUser = {
      id: Number(this.token.split(":")[0]),
      is_bot: true,
      first_name: "PepFund",
      username: options.botUsername ?? "pepfund_test_bot",
    };
    this.flood = options.flood === false ? null : new FloodControl(options.flood ?? TELEGRAM_FLOOD_LIMITS, (options.now ?? Date.now)());
  }

  /** Starts a server on a free local port. */
  static async start(options: TelegramServerOptions = {}): Promise<TelegramTestServer> {
    const server = new TelegramTestServer(options);
    server.http = createServer((req, res) => void server.route(req, res));
    await new Promise<void>((resolve) => server.http.listen(0, "127.0.0.1", resolve));
    server.apiRoot = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
    return server;
  }

  /** Stops the server; a waiting long poll gets an empty answer. */
  async stop(): Promise<void> {
    if (this.poller !== null) {
      clearTimeout(this.poller.timer);
      this.poller.resolve([]);
      this.poller = null;
    }
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ---- what tests arrange -------------------------------------------------------------

  /** Adds a chat (a group is a supergroup; `forum` makes it a forum with topics). */
  addChat(chat: { id: number; type: "private" | "group" | "supergroup" | "channel"; title?: string; forum?: boolean }): Chat {
    const made = (
      chat.type === "private"
        ? { id: chat.id, type: "private", first_name: chat.title ?? "User" }
        : { id: chat.id, type: chat.type, title: chat.title ?? `Chat ${chat.id}`, ...(chat.forum === true ? { is_forum: true } : {}) }
    ) as Chat;
    this.chats.set(chat.id, made);
    return made;
  }

  /** Sets a user's membership status in a chat (default "member"). */
  setMember(chatId: number, userId: number, status: ChatMember["status"]): void {
    this.members.set(`${chatId}:${userId}`, status);
  }

  /** Opens a forum topic; returns its message_thread_id. */
  addTopic(chatId: number, threadId: number): void {
    const set = this.topics.get(chatId) ?? new Set<number>();
    set.add(threadId);
    this.topics.set(chatId, set);
  }

  /** Makes the bot removed from a chat: sends there get 403. */
  kickBot(chatId: number): void {
    this.kickedFrom.add(chatId);
  }

  /** Replaces the flood limits (fresh buckets); `false` turns them off. */
  setFlood(limits: FloodLimits | false): void {
    this.flood = limits === false ? null : new FloodControl(limits, (this.options.now ?? Date.now)());
  }

  /** While on, every method answers 500 (Telegram down). */
  setOutage(on: boolean): void {
    this.outage = on;
  }

  /** Stores a file the bot may fetch with getFile; `size` may claim more than `bytes` (a big file). */
  addFile(bytes: Uint8Array | null, size = bytes?.length ?? 0): { file_id: string; file_unique_id: string; file_size: number } {
    const n = this.files.size + 1;
    const file: StoredFile = { fileId: `BQACAgI-file-${n}`, uniqueId: `AgAD${n}`, size, bytes, path: `documents/file_${n}` };
    this.files.set(file.fileId, file);
    return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: size };
  }

  private messageId(chatId: number): number {
    const id = this.nextMessageId.get(chatId) ?? 1;
    this.nextMessageId.set(chatId, id + 1);
    return id;
  }

  private chat(chatId: number): Chat {
    const chat = this.chats.get(chatId);
    if (chat === undefined) throw new Error(`test chat ${chatId} was never added`);
    return chat;
  }

  /**
   * A user's message arrives. Commands get their `bot_command` entity as Telegram sets it;
   * `threadId` puts it in a forum topic; `senderChat` marks an anonymous admin (the group
   * itself) or a channel.
   */
  injectMessage(input: {
    chatId: number;
    from: User;
    text?: string;
    threadId?: number;
    replyTo?: Message;
    document?: { file_id: string; file_unique_id: string; file_size: number; file_name?: string; mime_type?: string };
    caption?: string;
    senderChat?: Chat;
  }): Update {
    const chat = this.chat(input.chatId);
    const message = {
      message_id: this.messageId(input.chatId),
      date: Math.floor(Date.now() / 1000),
      chat,
      from: input.from,
      ...(input.senderChat === undefined ? {} : { sender_chat: input.senderChat }),
      ...(input.threadId === undefined ? {} : { message_thread_id: input.threadId, is_topic_message: true }),
      ...(input.replyTo === undefined ? {} : { reply_to_message: input.replyTo }),
      ...(input.text === undefined ? {} : { text: input.text, ...entitiesOf(input.text, "entities") }),
      ...(input.document === undefined ? {} : { document: input.document }),
      ...(input.caption === undefined ? {} : { caption: input.caption, ...entitiesOf(input.caption, "caption_entities") }),
    } as Message;
    this.messages.set(`${input.chatId}:${message.message_id}`, message);
    return this.inject({ message } as unknown as Omit<Update, "update_id">);
  }

  /** A user presses an inline button under one of the bot's messages. */
  injectCallback(input: { from: User; message: Message; data: string }): Update {
    const id = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    this.callbackQueries.set(id, { answered: false });
    return this.inject({
      callback_query: { id, from: input.from, message: input.message, chat_instance: "ci-1", data: input.data },
    });
  }

  /** Queues a raw update (with the next update_id) for getUpdates or the webhook. */
  inject(update: Omit<Update, "update_id">): Update {
    const full = { update_id: this.nextUpdateId++, ...update };
    this.enqueue(full);
    return full;
  }

  /**
   * Delivers an already delivered update again, as Telegram does when a webhook answer was
   * late or failed, or when a bot restarted before it confirmed the update's offset (the
   * confirmation is forgotten, so a fresh poller gets it again).
   */
  redeliver(update: Update): void {
    this.confirmedOffset = Math.min(this.confirmedOffset, update.update_id);
    this.enqueue(update);
  }

  private enqueue(update: Update): void {
    if (!this.delivered.includes(update)) this.delivered.push(update);
    if (this.allowedUpdates !== null && !this.allowedUpdates.includes(updateType(update))) return;
    this.pending.push(update);
    if (this.webhook !== null) void this.deliverWebhook();
    else this.wakePoller();
  }

  // ---- what tests read ----------------------------------------------------------------

  /** Messages the bot sent (and their current text after edits), oldest first. */
  sentMessages(chatId?: number): Message[] {
    return [...this.messages.values()].filter(
      (m) => m.from?.id === this.botUser.id && (chatId === undefined || m.chat.id === chatId),
    );
  }

  /** Calls of one method. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The commands the bot registered with setMyCommands for a scope type (default: the default scope). */
  registeredCommands(scope = "default"): unknown[] {
    return this.commands.get(scope) ?? [];
  }

  /** Every update the server ever queued, in order (for redelivery). */
  readonly delivered: Update[] = [];

  /** Updates not yet confirmed by the bot. */
  get pendingUpdates(): readonly Update[] {
    return this.pending;
  }

  /**
   * Resolves once the bot has handled `update`: by long polling, when it asked for the
   * updates after it (grammY does so only after handling a batch); by webhook, when the
   * webhook answered 2xx for it (grammY answers after handling).
   */
  async handled(update: Update, timeoutMs = 10_000): Promise<void> {
    await this.waitFor(
      () =>
        this.confirmedOffset > update.update_id ||
        this.webhookDeliveries.some((d) => d.updateId === update.update_id && d.status >= 200 && d.status < 300 && !this.pending.includes(update)),
      timeoutMs,
    );
  }

  /** Resolves when `predicate` holds, polling every 10 ms (throws after `timeoutMs`). */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error("waitFor: condition not met in time");
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  // ---- the HTTP side ------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.apiRoot);
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch !== null) {
      this.download(fileMatch[1] ?? "", decodeURIComponent(fileMatch[2] ?? ""), res);
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const at = Date.now();
    let payload: Payload = {};
    let result: ApiResult;
    try {
      payload = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
      if (match === null) throw new ApiError(404, "Not Found");
      if (match[1] !== this.token) throw new ApiError(401, "Unauthorized");
      if (this.outage) throw new ApiError(500, "Internal Server Error");
      const method = match[2] ?? "";
      if (method === "getUpdates") {
        result = { status: 200, body: { ok: true, result: await this.getUpdates(payload, req) } };
      } else {
        result = { status: 200, body: { ok: true, result: this.call(method, payload) } };
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const body = {
        ok: false,
        error_code: error.code,
        description: error.description,
        ...(error.parameters === undefined ? {} : { parameters: error.parameters }),
      };
      result = { status: error.code, body };
    }
    this.calls.push({ method: match?.[2] ?? url.pathname, payload, at, status: result.status, response: result.body });
    if (res.destroyed) return;
    res.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify(result.body));
  }

  private download(token: string, path: string, res: ServerResponse): void {
    const file = [...this.files.values()].find((f) => f.path === path);
    if (token !== this.token || file === undefined || file.bytes === null) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }));
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.bytes.length }).end(file.bytes);
  }

  private call(method: string, p: Payload): unknown {
    switch (method) {
      case "getMe":
        return { ...this.botUser, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case "sendMessage":
        return this.sendMessage(p);
      case "editMessageText":
        return this.editMessageText(p);
      case "answerCallbackQuery":
        return this.answerCallbackQuery(p);
      case "getChatMember":
        return this.getChatMember(p);
      case "getFile":
        return this.getFile(p);
      case "setMyCommands":
        return this.setMyCommands(p);
      case "getMyCommands":
        return this.registeredCommands(scopeType(p.scope));
      case "setWebhook":
        return this.setWebhook(p);
      case "deleteWebhook":
        this.webhook = null;
        if (p.drop_pending_updates === true) this.pending = [];
        return true;
      case "getWebhookInfo":
        return { url: this.webhook?.url ?? "", has_custom_certificate: false, pending_update_count: this.pending.length };
      default:
        throw new ApiError(404, "Not Found");
    }
  }

  private knownChat(p: Payload): Chat {
    const chat = this.chats.get(Number(p.chat_id));
    if (chat === undefined) throw bad("chat not found");
    return chat;
  }

  private sendMessage(p: Payload): Message {
    const chat = this.knownChat(p);
    if (this.kickedFrom.has(chat.id)) {
      throw new ApiError(403, chat.type === "private" ? "Forbidden: bot was blocked by the user" : "Forbidden: bot was kicked from the supergroup chat");
    }
    const text = renderText(p);
    const markup = checkMarkup(p.reply_markup);
    const threadId = p.message_thread_id === undefined ? undefined : Number(p.message_thread_id);
    if (threadId !== undefined && !(this.topics.get(chat.id)?.has(threadId) ?? false)) throw bad("message thread not found");
    if (this.flood !== null) {
      const admitted = this.flood.admit(chat.id, (this.options.now ?? Date.now)());
      if (!admitted.ok) {
        throw new ApiError(429, `Too Many Requests: retry after ${admitted.retryAfter}`, { retry_after: admitted.retryAfter });
      }
    }
    const replyTo = this.repliedTo(chat.id, p);
    const message = {
      message_id: this.messageId(chat.id),
      date: Math.floor(Date.now() / 1000),
      chat,
      from: this.botUser,
      ...(replyTo === undefined ? {} : { reply_to_message: replyTo }),
      text,
      ...(threadId === undefined ? {} : { message_thread_id: threadId, is_topic_message: true }),
      ...(markup === undefined ? {} : { reply_markup: markup }),
    } as Message;
    this.messages.set(`${chat.id}:${message.message_id}`, message);
    return message;
  }

  /**
   * The message a sent message replies to (reply_parameters), as Telegram nests it: one level
   * deep, without its own reply_to_message. A missing one is an error unless
   * allow_sending_without_reply.
   */
  private repliedTo(chatId: number, p: Payload): Message | undefined {
    const params = (typeof p.reply_parameters === "string" ? JSON.parse(p.reply_parameters) : p.reply_parameters) as
      | { message_id?: number; allow_sending_without_reply?: boolean }
      | undefined;
    if (params?.message_id === undefined) return undefined;
    const found = this.messages.get(`${chatId}:${params.message_id}`);
    if (found === undefined) {
      if (params.allow_sending_without_reply === true) return undefined;
      throw bad("message to be replied not found");
    }
    const shallow: Message = { ...found };
    delete (shallow as { reply_to_message?: unknown }).reply_to_message;
    return shallow;
  }

  private editMessageText(p: Payload): Message {
    if (p.inline_message_id !== undefined) throw bad("inline messages are not supported by this test server");
    const chat = this.knownChat(p);
    const key = `${chat.id}:${Number(p.message_id)}`;
    const message = this.messages.get(key);
    if (message === undefined) throw bad("message to edit not found");
    if (message.from?.id !== this.botUser.id) throw bad("message can't be edited");
    const text = renderText(p);
    const markup = checkMarkup(p.reply_markup);
    if (message.text === text && JSON.stringify(message.reply_markup) === JSON.stringify(markup)) {
      throw bad(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    const edited = { ...message, text, edit_date: Math.floor(Date.now() / 1000) } as Message;
    if (markup === undefined) delete (edited as { reply_markup?: unknown }).reply_markup;
    else (edited as { reply_markup?: unknown }).reply_markup = markup;
    this.messages.set(key, edited);
    return edited;
  }

  private answerCallbackQuery(p: Payload): true {
    const query = this.callbackQueries.get(String(p.callback_query_id));
    if (query === undefined || query.answered) throw bad("query is too old and response timeout expired or query ID is invalid");
    query.answered = true;
    return true;
  }

  private getChatMember(p: Payload): ChatMember {
    const chat = this.knownChat(p);
    const userId = Number(p.user_id);
    if (!Number.isSafeInteger(userId) || userId <= 0) throw bad("invalid user_id specified");
    const status = this.members.get(`${chat.id}:${userId}`) ?? (chat.type === "private" && chat.id === userId ? "member" : "left");
    const user: User = userId === GROUP_ANONYMOUS_BOT.id ? GROUP_ANONYMOUS_BOT : { id: userId, is_bot: false, first_name: `User ${userId}` };
    switch (status) {
      case "creator":
        return { status, user, is_anonymous: false };
      case "administrator":
        return {
          status, user, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
          can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
          can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
        } as ChatMember;
      default:
        return { status, user } as ChatMember;
    }
  }

  private getFile(p: Payload): unknown {
    const file = this.files.get(String(p.file_id));
    if (file === undefined) throw bad("invalid file_id");
    if (file.size > MAX_DOWNLOAD_BYTES) throw bad("file is too big");
    return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.size, file_path: file.path };
  }

  private setMyCommands(p: Payload): true {
    const commands = p.commands;
    if (!Array.isArray(commands) || commands.length > 100) throw bad("commands must be an array of at most 100 commands");
    for (const c of commands as { command?: unknown; description?: unknown }[]) {
      if (typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad("BOT_COMMAND_INVALID");
      if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
        throw bad("BOT_COMMAND_DESCRIPTION_INVALID");
      }
    }
    this.commands.set(scopeType(p.scope), commands);
    return true;
  }

  private setWebhook(p: Payload): true {
    const url = str(p.url ?? "");
    if (url === "") {
      this.webhook = null;
      return true;
    }
    if (!/^https?:\/\//.test(url)) throw bad("bad webhook: An HTTPS URL must be provided for webhook");
    const secret = p.secret_token === undefined ? undefined : str(p.secret_token);
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw bad("secret token contains unallowed characters");
    if (p.drop_pending_updates === true) this.pending = [];
    if (Array.isArray(p.allowed_updates)) this.setAllowed(p.allowed_updates as string[]);
    this.webhook = { url, ...(secret === undefined ? {} : { secret }) };
    if (this.poller !== null) {
      clearTimeout(this.poller.timer);
      this.poller.resolve("conflict");
      this.poller = null;
    }
    void this.deliverWebhook();
    return true;
  }

  private setAllowed(list: string[]): void {
    // An empty list means every update type except chat_member and reactions (Bot API docs).
    this.allowedUpdates = list.length === 0 ? null : list;
  }

  private async getUpdates(p: Payload, req: IncomingMessage): Promise<Update[]> {
    if (this.webhook !== null) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = p.offset === undefined ? 0 : Number(p.offset);
    const limit = Math.min(100, Math.max(1, p.limit === undefined ? 100 : Number(p.limit)));
    const timeout = Math.max(0, p.timeout === undefined ? 0 : Number(p.timeout));
    if (Array.isArray(p.allowed_updates)) this.setAllowed(p.allowed_updates as string[]);
    // A positive offset confirms every update before it; a negative one keeps the last -offset.
    if (offset > 0) {
      this.pending = this.pending.filter((u) => u.update_id >= offset);
      this.confirmedOffset = Math.max(this.confirmedOffset, offset);
    }
    else if (offset < 0) this.pending = this.pending.slice(offset);
    if (this.allowedUpdates !== null) this.pending = this.pending.filter((u) => this.allowedUpdates?.includes(updateType(u)));
    const ready = () => this.pending.slice(0, limit);
    if (ready().length > 0 || timeout === 0) return ready();
    if (this.poller !== null) {
      clearTimeout(this.poller.timer);
      this.poller.resolve("conflict");
    }
    const outcome = await new Promise<Update[] | "conflict">((resolve) => {
      const timer = setTimeout(() => resolve([]), timeout * 1000);
      this.poller = { resolve, timer };
      req.once("close", () => {
        if (this.poller?.resolve === resolve) {
          clearTimeout(timer);
          this.poller = null;
          resolve([]);
        }
      });
    });
    if (outcome === "conflict") {
      throw new ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
    }
    return outcome.length === 0 ? [] : ready();
  }

  private wakePoller(): void {
    if (this.poller === null) return;
    clearTimeout(this.poller.timer);
    const { resolve } = this.poller;
    this.poller = null;
    resolve(this.pending.slice(0, 1));
  }

  private async deliverWebhook(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.webhook !== null && this.pending.length > 0) {
        const update = this.pending[0] as Update;
        const hook = this.webhook;
        let status = 0;
        try {
          const response = await fetch(hook.url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              ...(hook.secret === undefined ? {} : { "X-Telegram-Bot-Api-Secret-Token": hook.secret }),
            },
            body: JSON.stringify(update),
          });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          status = 0;
        }
        this.webhookDeliveries.push({ updateId: update.update_id, status, at: Date.now() });
        if (status >= 200 && status < 300) {
          this.pending.shift();
        } else {
          // Telegram keeps the update and tries again later.
          await new Promise((r) => setTimeout(r, this.options.webhookRetryMs ?? 200));
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}

/** A payload field as text (numbers and strings as they are, anything else as JSON). */
function str(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A setMyCommands/getMyCommands scope's type ("default" when none is given). */
function scopeType(scope: unknown): string {
  const parsed = (typeof scope === "string" ? JSON.parse(scope) : scope) as { type?: unknown } | undefined;
  return typeof parsed?.type === "string" ? parsed.type : "default";
}

/** The update's type name as `allowed_updates` spells it. */
function updateType(update: Update): string {
  return Object.keys(update).find((k) => k !== "update_id") ?? "";
}

/** Entities Telegram sets on a text: a `bot_command` for a leading /command. */
function entitiesOf(text: string, field: "entities" | "caption_entities"): Record<string, MessageEntity[]> {
  const command = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?/.exec(text);
  return command === null ? {} : { [field]: [{ type: "bot_command", offset: 0, length: command[0].length }] };
}

/** The text a client would see, validated as Telegram validates it. */
function renderText(p: Payload): string {
  if (typeof p.text !== "string" || p.text.trim() === "") throw bad("message text is empty");
  let text = p.text;
  if (p.parse_mode === "HTML") {
    const parsed = parseTelegramHtml(p.text);
    if (!parsed.ok) throw new ApiError(400, parsed.description);
    text = parsed.text;
  } else if (p.parse_mode !== undefined) {
    throw bad(`unsupported parse_mode in this test server: ${str(p.parse_mode)}`);
  }
  if (text.length > 4096) throw bad("message is too long");
  return text;
}

/** Checks an inline keyboard as Telegram does (callback data 1-64 bytes, http(s) URLs). */
function checkMarkup(markup: unknown): Message["reply_markup"] | undefined {
  if (markup === undefined) return undefined;
  const parsed = (typeof markup === "string" ? JSON.parse(markup) : markup) as { inline_keyboard?: unknown };
  if (!Array.isArray(parsed.inline_keyboard)) return undefined;
  for (const row of parsed.inline_keyboard as unknown[]) {
    if (!Array.isArray(row)) throw bad("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays");
    for (const button of row as { text?: unknown; callback_data?: unknown; url?: unknown }[]) {
      if (typeof button.text !== "string" || button.text === "") throw bad("text buttons are unallowed in the inline keyboard");
      if (button.callback_data !== undefined) {
        const size = Buffer.byteLength(str(button.callback_data), "utf8");
        if (size < 1 || size > 64) throw bad("BUTTON_DATA_INVALID");
      } else if (button.url !== undefined) {
        if (!/^https?:\/\/[^\s]+$/.test(str(button.url))) throw bad(`inline keyboard button URL '${str(button.url)}' is invalid: Wrong HTTP URL`);
      } else {
        throw bad("can't find field \"callback_data\" or \"url\" in the inline keyboard button");
      }
    }
  }
  return parsed as Message["reply_markup"];
}

async function readBody(req: IncomingMessage): Promise<Payload> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  if (raw === "") return {};
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) {
    try {
      return JSON.parse(raw) as Payload;
    } catch {
      throw bad("can't parse JSON object");
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  throw bad(`unsupported content type in this test server: ${type}`);
}
