/**
 * The whole bot as production composes it, for the campaign-life end-to-end test:
 * `startApp(loadConfig(env))` against the test's localnet (the relay keys the Protocol
 * uses), arlocal as the Arweave gateway, a fresh PostgreSQL schema, the local Telegram Bot
 * API server and the local Discord server, with short worker intervals. The test acts only
 * as users do: commands in chat, and the signing page's JSON API with the user's wallet.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keypair, Transaction } from "@solana/web3.js";
import { REST } from "discord.js";
import type { Message, User } from "grammy/types";
import pg from "pg";
import nacl from "tweetnacl";
import { startApp, type App, type ConsoleHost } from "../../../bot/app/compose.js";
import { loadConfig } from "../../../bot/app/config.js";
import { legacyEnvelope } from "../../../bot/core/linking/offchain.js";
import { AnchorPoolReader } from "../../../bot/chain/pool-reader.js";
import { PROGRAM_ID, pepfundProgram } from "../../../bot/chain/program.js";
import { deployCommands } from "../../../bot/discord/deploy-commands.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { TestChain } from "../../bot/chain/support/localnet.js";
import { Protocol } from "../../bot/chain/support/protocol.js";
import { startArlocal, type RunningArlocal } from "../../bot/support/arlocal.js";
import { b58 } from "../../bot/support/fakes.js";
import { MemoryLogger } from "../../bot/telegram/harness.js";
import { DiscordTestServer, type InteractionRecord, type MemberRecord, type OptionValue } from "../../discord-server/server.js";
import type { ChannelRecord } from "../../discord-server/world.js";
import { TelegramTestServer } from "../../telegram-server/server.js";
import { POSTGRES_URL } from "./database.js";
import { Files } from "../../bot/app/cli/support.js";
import { configInitByCli } from "./product.js";
import { finalAnswer as interactionAnswer } from "./chats.js";

/** The public origin the bot puts in its links; requests go to the app's web server. */
export const PUBLIC_BASE_URL = "https://pepfund.test";
/** The Telegram user id of the PepFund admin (TELEGRAM_TEAM_USER_IDS). */
export const TEAM_TELEGRAM_ID = 9_001;
/** Manage Server (the bit Discord computes for /subscribe). */
const MANAGE_GUILD = 1n << 5n;

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class Life {
  private nextUser = 8_000;

  private constructor(
    readonly chain: TestChain,
    readonly protocol: Protocol,
    readonly arlocal: RunningArlocal,
    readonly telegram: TelegramTestServer,
    readonly discord: DiscordTestServer,
    readonly app: App,
    readonly log: MemoryLogger,
    /** Discord members with the PepFund team role may /dispute resolve. */
    readonly teamRoleId: string,
    /** A Discord role with Manage Server: may /subscribe. */
    readonly managerRoleId: string,
    /** Where the Discord team gets dispute reminders (DISCORD_TEAM_CHANNEL_ID). */
    readonly teamChannel: ChannelRecord,
    /** Where keypair and roadmap files go, and the environment `npm run pepfund` reads (docs/CLI.md). */
    readonly cli: { readonly files: Files; readonly env: Readonly<Record<string, string>> },
    private readonly cleanup: () => Promise<void>,
  ) {}

  /**
   * `consoleHost`: console chats the test runs over the same app (bot/demo/chat-stage.ts's
   * ChatStage, as `npm run demo` runs them), beside Telegram and Discord.
   */
  static async start(options: { consoleHost?: ConsoleHost } = {}): Promise<Life> {
    const chain = await TestChain.start();
    const files = await Files.create();
    const [protocol, arlocal, feePayer, telegram, discord] = await Promise.all([
      // The operator's post-deploy step, through the CLI.
      Protocol.init(chain, (p) => configInitByCli(p, files)),
      startArlocal(),
      chain.fundedKeypair(),
      TelegramTestServer.start({ flood: false }),
      DiscordTestServer.start(),
    ]);
    const teamRole = discord.world.addRole("PepFund team");
    const managerRole = discord.world.addRole("Admins", MANAGE_GUILD);
    const teamChannel = discord.world.addChannel("pepfund-team");
    const dir = await mkdtemp(join(tmpdir(), "pepfund-life-"));
    const arweaveWallet = join(dir, "arweave.json");
    await writeFile(arweaveWallet, JSON.stringify(arlocal.wallet), { mode: 0o600 });
    const schema = `e2e_life_${process.pid}_${randomBytes(4).toString("hex")}`;
    const databaseUrl = new URL(POSTGRES_URL);
    databaseUrl.searchParams.set("schema", schema);
    const log = new MemoryLogger();
    const app = await startApp(
      loadConfig({
        DATABASE_URL: databaseUrl.toString(),
        DATA_DIR: dir,
        PUBLIC_BASE_URL,
        WEB_PORT: "0",
        SOLANA_CLUSTER: "localnet",
        SOLANA_RPC_URL: chain.rpcUrl,
        SOLANA_WS_URL: chain.wsUrl,
        RELAYER_FEE_PAYER_KEYPAIR: JSON.stringify(Array.from(feePayer.secretKey)),
        RELAY_AUTHORITY_KEYPAIR: JSON.stringify(Array.from(protocol.relay.secretKey)),
        ARWEAVE_GATEWAYS: arlocal.url,
        ARWEAVE_WALLET: arweaveWallet,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        TELEGRAM_TEAM_USER_IDS: String(TEAM_TELEGRAM_ID),
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_BASE: discord.apiBase,
        DISCORD_TEAM_ROLE_ID: teamRole.id,
        DISCORD_TEAM_CHANNEL_ID: teamChannel.id,
        OUTBOX_INTERVAL_MS: "100",
        SCHEDULER_INTERVAL_MS: "200",
        FLAG_RESUME_INTERVAL_MS: "200",
        // Chat flags are relayed at once; the resumer is for relays a crash or an outage left.
        // Nothing is interrupted here, and a threshold below a loaded machine's relay time
        // (1 s was) lets the resumer race a live relay and tell the holder a second time.
        FLAG_RESUME_AFTER_MS: "30000",
      }),
      log,
      options.consoleHost === undefined ? {} : { consoleHost: options.consoleHost },
    );
    // The operator's deploy step (npm run discord:deploy), to the test guild.
    await deployCommands(new REST({ api: discord.apiBase }).setToken(discord.token), discord.applicationId, discord.world.guildId);
    const cli = { files, env: { SOLANA_RPC_URL: chain.rpcUrl, SOLANA_CLUSTER: "localnet", ARWEAVE_GATEWAYS: arlocal.url, ARWEAVE_WALLET: arweaveWallet } };
    return new Life(chain, protocol, arlocal, telegram, discord, app, log, teamRole.id, managerRole.id, teamChannel, cli, async () => {
      await app.stop();
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
      await Promise.allSettled([telegram.stop(), discord.stop(), arlocal.stop(), chain.stop(), rm(dir, { recursive: true, force: true }), files.remove()]);
    });
  }

  stop(): Promise<void> {
    return this.cleanup();
  }

  private poolReader: AnchorPoolReader | undefined;

  /** Reward pools read from the chain as the bot reads them (a reader that signs nothing). */
  get pools(): AnchorPoolReader {
    this.poolReader ??= new AnchorPoolReader(pepfundProgram(this.chain.connection, Keypair.generate()));
    return this.poolReader;
  }

  get store() {
    return prismaStore(this.app.database.prisma);
  }

  // ---- Telegram --------------------------------------------------------------------------

  /** A Telegram user with a private chat with the bot. */
  telegramUser(name: string, id = this.nextUser++): User {
    const who: User = { id, is_bot: false, first_name: name };
    this.telegram.addChat({ id, type: "private", title: name });
    return who;
  }

  /**
   * Sends a message (default: in the user's private chat); resolves with the bot's new or
   * edited messages in that chat once handled (announcements elsewhere are not answers).
   */
  async say(
    from: User,
    text: string | null,
    extra: { chatId?: number; replyTo?: Message; document?: { bytes: Uint8Array; name: string; mime: string } } = {},
  ): Promise<Message[]> {
    const server = this.telegram;
    const seen = (m: Message) => `${m.chat.id}:${m.message_id}:${m.text ?? ""}`;
    const before = new Set(server.sentMessages().map(seen));
    const document =
      extra.document === undefined
        ? undefined
        : { ...server.addFile(extra.document.bytes), file_name: extra.document.name, mime_type: extra.document.mime };
    const update = server.injectMessage({
      chatId: extra.chatId ?? from.id,
      from,
      ...(document === undefined ? (text === null ? {} : { text }) : { document, ...(text === null ? {} : { caption: text }) }),
      ...(extra.replyTo === undefined ? {} : { replyTo: extra.replyTo }),
    });
    await server.handled(update, 60_000);
    return server.sentMessages(extra.chatId ?? from.id).filter((m) => !before.has(seen(m)));
  }

  async press(from: User, message: Message, data: string): Promise<Message[]> {
    const server = this.telegram;
    const seen = (m: Message) => `${m.chat.id}:${m.message_id}:${m.text ?? ""}`;
    const before = new Set(server.sentMessages().map(seen));
    await server.handled(server.injectCallback({ from, message, data }), 60_000);
    return server.sentMessages(message.chat.id).filter((m) => !before.has(seen(m)));
  }

  /** /link then /verify with the wallet's signature of the CLI's off-chain message envelope. */
  async linkOnTelegram(who: User, wallet: Keypair): Promise<void> {
    const address = wallet.publicKey.toBase58();
    const reply = text(await this.say(who, `/link ${address}`));
    const nonce = /\/verify (\S+) <signature>/.exec(reply)?.[1];
    const marker = "What you are signing:\n";
    if (nonce === undefined || !reply.includes(marker)) throw new Error(`no challenge in ${reply}`);
    const message = reply.slice(reply.indexOf(marker) + marker.length);
    const signature = nacl.sign.detached(legacyEnvelope(new TextEncoder().encode(message)), wallet.secretKey);
    const done = text(await this.say(who, `/verify ${nonce} ${b58(signature)}`));
    if (!done.includes(`Linked wallet ${address}`)) throw new Error(`not linked: ${done}`);
  }

  // ---- Discord ---------------------------------------------------------------------------

  /** A slash command; resolves with what the user finally sees (progress edits end with "…"). */
  async slash(member: MemberRecord, path: string, values: Record<string, OptionValue> = {}, channel?: ChannelRecord): Promise<string> {
    return finalAnswer(this.discord.slash(member, path, values, channel));
  }

  /** /link, then the link page: its challenge (GET), the wallet's signature of it (POST). */
  async linkOnDiscord(member: MemberRecord, wallet: Keypair): Promise<void> {
    await this.linkOnPage(await this.slash(member, "link", { address: wallet.publicKey.toBase58() }), wallet);
  }

  /** Telegram /link, then the link page instead of /verify. */
  async linkOnTelegramPage(who: User, wallet: Keypair): Promise<void> {
    await this.linkOnPage(text(await this.say(who, `/link ${wallet.publicKey.toBase58()}`)), wallet);
  }

  /** The link page named in `answer`: its challenge (GET), the wallet's signature of it (POST). */
  private async linkOnPage(answer: string, wallet: Keypair): Promise<void> {
    const nonce = /https:\/\/pepfund\.test\/link\/([1-9A-HJ-NP-Za-km-z]+)/.exec(answer)?.[1];
    if (nonce === undefined) throw new Error(`no page link in ${answer}`);
    const page = await this.web("GET", `/api/link/${nonce}`);
    const signature = nacl.sign.detached(new TextEncoder().encode(page.json.message as string), wallet.secretKey);
    const done = await this.web("POST", `/api/link/${nonce}`, { signature: b58(signature) });
    if (done.status !== 200) throw new Error(`not linked: ${JSON.stringify(done.json)}`);
  }

  /** /flag, then the rationale in the modal; the final answer. */
  async flagOnDiscord(member: MemberRecord, campaign: string, milestoneIndex: number, rationale: string): Promise<string> {
    const opened = this.discord.slash(member, "flag", { campaign, milestone: milestoneIndex });
    await opened.firstResponse();
    return finalAnswer(this.discord.submitModal(member, opened, { rationale }));
  }

  // ---- the signing page ------------------------------------------------------------------

  async web(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${this.app.webUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  /**
   * What the signing page's script does with `wallet`: reads the request (it must name this
   * wallet), fetches the prepared transaction, signs it, posts it. Returns the page's answer.
   */
  async sign(pageUrl: string, wallet: Keypair): Promise<{ title: string; signature: string; explorerUrl: string }> {
    const id = new RegExp(`^${PUBLIC_BASE_URL}/sign/([0-9a-f-]{36})$`).exec(pageUrl)?.[1];
    if (id === undefined) throw new Error(`not a signing page: ${pageUrl}`);
    const view = await this.web("GET", `/api/sign/${id}`);
    if (view.json.signer !== wallet.publicKey.toBase58()) throw new Error(`the page asks ${String(view.json.signer)} to sign`);
    const prepared = await this.web("POST", `/api/sign/${id}/prepare`, {});
    const tx = Transaction.from(Buffer.from(prepared.json.transaction as string, "base64"));
    tx.partialSign(wallet);
    const sent = await this.web("POST", `/api/sign/${id}`, { transaction: tx.serialize({ requireAllSignatures: false }).toString("base64") });
    if (sent.json.ok !== true) throw new Error(`signing failed: ${JSON.stringify(sent.json)}`);
    return { title: view.json.title as string, signature: sent.json.signature as string, explorerUrl: sent.json.explorerUrl as string };
  }

  // ---- the app's workers -----------------------------------------------------------------

  /** Waits until every outbox message (announcements, reminders, answers) is delivered: none pending or failed. */
  async outboxDrained(): Promise<void> {
    const prisma = this.app.database.prisma;
    const undelivered = () => prisma.outboxMessage.findMany({ where: { status: { not: "SENT" } }, select: { dedupeKey: true, status: true, attempts: true, lastError: true } });
    try {
      await until("the outbox to drain", async () => (await undelivered()).length === 0);
    } catch (error) {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(await undelivered())}`, { cause: error });
    }
  }

  /** Waits until the indexer has read every program transaction so far. */
  async indexerCaughtUp(): Promise<void> {
    const { connection } = this.chain;
    const [newest] = await connection.getSignaturesForAddress(PROGRAM_ID, { limit: 1 }, "confirmed");
    await until("the indexer to catch up", async () => (await this.store.cursors.get("pepfund"))?.signature === newest?.signature);
  }
}

/** The text of the bot's messages, joined. */
export function text(messages: readonly Message[]): string {
  return messages.map((m) => m.text ?? "").join("\n");
}

/** The last of the bot's messages. */
export function lastOf(messages: readonly Message[]): Message {
  const m = messages.at(-1);
  if (m === undefined) throw new Error("the bot sent nothing");
  return m;
}

/** The signing page link in a bot's answer. */
export function signingUrl(answer: string): string {
  const url = new RegExp(`${PUBLIC_BASE_URL}/sign/[0-9a-f-]{36}`).exec(answer)?.[0];
  if (url === undefined) throw new Error(`no signing page in ${answer}`);
  return url;
}

/** The final answer of an interaction; a whole app on a loaded machine gets 60 s. */
export function finalAnswer(ix: InteractionRecord, timeoutMs = 60_000): Promise<string> {
  return interactionAnswer(ix, timeoutMs);
}
