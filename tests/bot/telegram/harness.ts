/**
 * The real grammY bot, the real core use cases and a real database, against the local Bot
 * API server; the chain is the FakeChain until the chain reader lands (injectable). Tests
 * talk to the bot only as Telegram users would: messages and button presses in, messages out.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Message, Update, User } from "grammy/types";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { Logger } from "../../../bot/app/logger.js";
import type { ChainReader, EvidenceStore } from "../../../bot/core/ports.js";
import { chatSessionStorage, chatUpdateLog } from "../../../bot/store/chat-state.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { createTelegramBot } from "../../../bot/telegram/bot.js";
import type { ConversationState } from "../../../bot/telegram/context.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { telegramPlatform } from "../../../bot/telegram/platform.js";
import { startTelegram, type Delivery, type TelegramHandle } from "../../../bot/telegram/start.js";
import { TelegramTestServer, type TelegramServerOptions } from "../../telegram-server/server.js";
import { afterAll, beforeAll } from "vitest";
import type { TestDatabase, TestDatabaseKind } from "../support/databases.js";
import { FakeChain, FakePools, ManualClock, secureRandom } from "../support/fakes.js";
import { indexedStore } from "../support/directory.js";
import { FakeRelayer } from "../support/relayer.js";

/**
 * Evidence in memory, the default: a flag's rationale is "uploaded" here so the relay (the
 * FakeRelayer) finishes at once and the answer shows the outcome.
 */
export function memoryEvidence(): EvidenceStore & { readonly uploads: Map<string, Uint8Array> } {
  const uploads = new Map<string, Uint8Array>();
  const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
  return {
    uploads,
    upload: (bytes) => {
      const id = randomBytes(32).toString("base64url");
      uploads.set(id, bytes);
      return Promise.resolve({ id, sha256: sha256(bytes) });
    },
    prepare: (bytes) => {
      const id = randomBytes(32).toString("base64url");
      const post = () => Promise.resolve(void uploads.set(id, bytes));
      return Promise.resolve({ id, sha256: sha256(bytes), post });
    },
    fetch: (id) => Promise.resolve(uploads.get(id) ?? new Uint8Array()),
    read: (id) => {
      const bytes = uploads.get(id) ?? new Uint8Array();
      return Promise.resolve({ bytes, sha256: sha256(bytes), contentType: "text/plain" });
    },
  };
}

/** Logs kept for assertions (and never printed). */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  debug(m: string): void {
    this.lines.push(`debug ${m}`);
  }
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
}

let nextUserId = 1000;
/** A fresh Telegram user. */
export function user(name = "Ada"): User {
  return { id: nextUserId++, is_bot: false, first_name: name };
}

/** A running bot against the local server. */
export class TelegramHarness {
  handle: TelegramHandle | null = null;
  private constructor(
    readonly server: TelegramTestServer,
    readonly db: TestDatabase,
    readonly chain: FakeChain,
    readonly clock: ManualClock,
    readonly deps: ChatDeps,
    readonly relayer: FakeRelayer,
    readonly log: MemoryLogger,
  ) {}

  /** Starts the server and the bot (long polling unless `delivery` says webhook). */
  static async start(
    db: TestDatabase,
    options: {
      server?: TelegramServerOptions;
      delivery?: Delivery;
      teamUserIds?: string[];
      chain?: ChainReader;
      /** The evidence store (tests of /submit and /dispute pass a real one on arlocal). */
      evidence?: EvidenceStore;
      /** Gateway origin of the links shown (tests with arlocal pass its URL). */
      gatewayUrl?: string;
      /** `false`: no relayer or evidence store configured (write commands are refused). */
      writes?: false;
    } = {},
  ): Promise<TelegramHarness> {
    const server = await TelegramTestServer.start(options.server ?? { flood: false });
    const chain = new FakeChain();
    const clock = new ManualClock(new Date());
    const relayer = new FakeRelayer();
    const log = new MemoryLogger();
    const evidence = options.evidence ?? memoryEvidence();
    const gatewayUrl = options.gatewayUrl ?? "https://gateway.pepfund.test";
    const team = options.teamUserIds ?? [];
    const deps: ChatDeps = {
      store: indexedStore(prismaStore(db.prisma), chain),
      clock,
      random: secureRandom,
      verifier: naclVerifier,
      link: { domain: "pepfund.test", baseUrl: "https://pepfund.test", chainId: "devnet", ttlSeconds: 600 },
      chain: options.chain ?? chain,
      pools: new FakePools(),
      relayAuthority: relayer.authority,
      writes: options.writes === false ? null : { relayer, evidence, gatewayUrl },
      evidence,
      gatewayUrl,
      maxEvidenceBytes: 20 * 1024 * 1024,
      signing: { baseUrl: "https://pepfund.test", ttlSeconds: 900 },
      team: { TELEGRAM: team },
      explorer: { cluster: "devnet" },
      platforms: { TELEGRAM: telegramPlatform },
      log: { warn: (m) => log.warn(m), error: (m) => log.error(m) },
    };
    const harness = new TelegramHarness(server, db, chain, clock, deps, relayer, log);
    await harness.startBot(options.delivery ?? { mode: "polling" });
    return harness;
  }

  /** Starts a bot process (again, after `stopBot`: a restart with the same database). */
  async startBot(delivery: Delivery = { mode: "polling" }): Promise<void> {
    const bot = createTelegramBot(this.deps, {
      token: this.server.token,
      apiRoot: this.server.apiRoot,
      updates: chatUpdateLog(this.db.prisma),
      sessions: chatSessionStorage<ConversationState>(this.db.prisma),
    });
    this.handle = await startTelegram(bot, delivery, this.log);
  }

  async stopBot(): Promise<void> {
    await this.handle?.stop();
    this.handle = null;
  }

  async stop(): Promise<void> {
    await this.stopBot();
    await this.server.stop();
  }

  /** A private chat with `who`. */
  privateChat(who: User): number {
    if (!this.server.chats.has(who.id)) this.server.addChat({ id: who.id, type: "private", title: who.first_name });
    return who.id;
  }

  private nextGroup = -1001000000000;
  /** A fresh supergroup (a forum when asked). */
  group(options: { forum?: boolean; title?: string } = {}): number {
    const id = this.nextGroup--;
    this.server.addChat({ id, type: "supergroup", title: options.title ?? "Research DAO", forum: options.forum ?? false });
    return id;
  }

  /** Sends a message as `from` in `chatId`; resolves with the bot's messages sent while handling it. */
  async say(
    chatId: number,
    from: User,
    text: string,
    extra: Omit<Parameters<TelegramTestServer["injectMessage"]>[0], "chatId" | "from" | "text"> = {},
  ): Promise<Message[]> {
    return this.handling(() => this.server.injectMessage({ chatId, from, text, ...extra }));
  }

  /** Presses an inline button of one of the bot's messages. */
  async press(from: User, message: Message, data: string): Promise<Message[]> {
    return this.handling(() => this.server.injectCallback({ from, message, data }));
  }

  /** Runs `inject` and returns the bot messages sent or edited until the update was handled. */
  async handling(inject: () => Update): Promise<Message[]> {
    const before = new Map(this.server.sentMessages().map((m) => [`${m.chat.id}:${m.message_id}`, m]));
    const update = inject();
    await this.server.handled(update);
    return this.server.sentMessages().filter((m) => before.get(`${m.chat.id}:${m.message_id}`) !== m);
  }

  /** The texts of `messages`, joined. */
  static text(messages: Message[]): string {
    return messages.map((m) => m.text ?? "").join("\n");
  }

  /** The callback data of every inline button of `message`. */
  static buttons(message: Message | undefined): { text: string; data?: string; url?: string }[] {
    const keyboard = (message?.reply_markup as { inline_keyboard?: { text: string; callback_data?: string; url?: string }[][] } | undefined)?.inline_keyboard ?? [];
    return keyboard.flat().map((b) => ({ text: b.text, ...(b.callback_data === undefined ? {} : { data: b.callback_data }), ...(b.url === undefined ? {} : { url: b.url }) }));
  }
}

/**
 * A describe block's harness on a fresh `kind` database with the default options: started
 * before its tests (handed to `use`), stopped and the database disposed after them.
 */
export function harnessPerBlock(kind: TestDatabaseKind, use: (harness: TelegramHarness) => void): void {
  let harness: TelegramHarness | undefined;
  beforeAll(async () => {
    harness = await TelegramHarness.start(await kind.open());
    use(harness);
  });
  afterAll(async () => {
    await harness?.stop();
    await harness?.db.dispose();
  });
}
