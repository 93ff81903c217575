/**
 * The two chat platforms for the end-to-end tests: the real Telegram bot (grammY) on the
 * local Bot API server and the real Discord bot (discord.js) on the local Discord server,
 * both over the same store and the real chain reader, relayer and evidence store, composed
 * here as bot/app composes them. Linking goes through the real link flow: /link and /verify
 * in Telegram (a CLI-signed message), /link in Discord and the signing page's completion call
 * (`completeLink` via "page", what the page's POST runs) with a wallet-signed message.
 */
import { REST } from "discord.js";
import { Keypair } from "@solana/web3.js";
import type { Message, User } from "grammy/types";
import nacl from "tweetnacl";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import { AnchorPoolReader } from "../../../bot/chain/pool-reader.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { legacyEnvelope } from "../../../bot/core/linking/offchain.js";
import { completeLink } from "../../../bot/core/usecases/link-wallet.js";
import { startDiscord, type DiscordHandle } from "../../../bot/discord/bot.js";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import type { LinkDeps } from "../../../bot/core/usecases/link-wallet.js";
import { deployCommands } from "../../../bot/discord/deploy-commands.js";
import { chatSessionStorage, chatUpdateLog } from "../../../bot/store/chat-state.js";
import { createTelegramBot } from "../../../bot/telegram/bot.js";
import type { ConversationState } from "../../../bot/telegram/context.js";
import { PLATFORMS } from "../../bot/support/platforms.js";
import { TelegramNotifier } from "../../../bot/telegram/notifier.js";
import { startTelegram, type TelegramHandle } from "../../../bot/telegram/start.js";
import { DiscordTestServer, type InteractionRecord, type MemberRecord } from "../../discord-server/server.js";
import { TelegramTestServer } from "../../telegram-server/server.js";
import { b58, secureRandom } from "../../bot/support/fakes.js";
import { wallClock, type World } from "./world.js";

export const EXPLORER = "https://explorer.solana.com/tx/";

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined };

export interface Chats {
  readonly telegram: TelegramTestServer;
  readonly telegramBot: TelegramHandle;
  readonly telegramNotifier: TelegramNotifier;
  readonly discord: DiscordTestServer;
  readonly discordBot: DiscordHandle;
  /** The linking dependencies both bots share (store and link settings). */
  readonly deps: LinkDeps;
  /** The one dependency record both adapters run on (the console of a test builds on it too). */
  readonly chatDeps: ChatDeps;
  /** Errors either bot logged. */
  readonly errors: string[];
  stop(): Promise<void>;
}

export async function startChats(world: World): Promise<Chats> {
  const errors: string[] = [];
  const log = { ...quiet, error: (m: string) => errors.push(m) };
  const [telegram, discord] = await Promise.all([TelegramTestServer.start({ flood: false }), DiscordTestServer.start()]);
  const signing = { baseUrl: "https://pepfund.test", ttlSeconds: 900 };
  const deps = {
    store: world.store,
    clock: wallClock,
    random: secureRandom,
    verifier: naclVerifier,
    settings: { domain: "pepfund.test", baseUrl: "https://pepfund.test", chainId: "localnet" as const, ttlSeconds: 600 },
    chain: world.reader,
    evidence: world.evidence,
    maxEvidenceBytes: 1_000_000,
    signing,
    team: {},
    teamUserIds: [],
    platforms: PLATFORMS,
  };
  // One dependency record for both adapters, as bot/app composes them.
  const chatDeps: ChatDeps = {
    store: deps.store,
    chain: deps.chain,
    pools: new AnchorPoolReader(pepfundProgram(world.chain.connection, Keypair.generate())),
    clock: deps.clock,
    random: deps.random,
    verifier: deps.verifier,
    link: deps.settings,
    signing,
    relayAuthority: world.relayer.authority,
    writes: { relayer: world.relayer, evidence: world.evidence, gatewayUrl: world.arlocal.url },
    evidence: world.evidence,
    gatewayUrl: world.arlocal.url,
    maxEvidenceBytes: deps.maxEvidenceBytes,
    team: {},
    explorer: { cluster: "localnet" },
    platforms: PLATFORMS,
    log,
  };
  const telegramDeps = chatDeps;
  const discordDeps = chatDeps;
  const bot = createTelegramBot(telegramDeps, {
    token: telegram.token,
    apiRoot: telegram.apiRoot,
    updates: chatUpdateLog(world.database.db.prisma),
    sessions: chatSessionStorage<ConversationState>(world.database.db.prisma),
  });
  const telegramBot = await startTelegram(bot, { mode: "polling" }, log);
  await deployCommands(new REST({ api: discord.apiBase }).setToken(discord.token), discord.applicationId, discord.world.guildId);
  const discordBot = await startDiscord(discord.token, discordDeps, { managerRoleId: null, teamRoleId: null }, log, { apiBase: discord.apiBase });
  return {
    telegram,
    telegramBot,
    telegramNotifier: new TelegramNotifier(telegram.token, { apiRoot: telegram.apiRoot, publicBaseUrl: chatDeps.link.baseUrl }),
    discord,
    discordBot,
    deps,
    chatDeps,
    errors,
    stop: async () => {
      await Promise.allSettled([telegramBot.stop(), discordBot.stop()]);
      await Promise.allSettled([telegram.stop(), discord.stop()]);
    },
  };
}

let nextTelegramUser = 7_000;

/** A Telegram user with a private chat with the bot. */
export function telegramUser(chats: Chats, name: string): User {
  const who: User = { id: nextTelegramUser++, is_bot: false, first_name: name };
  chats.telegram.addChat({ id: who.id, type: "private", title: name });
  return who;
}

const messageKey = (m: Message) => `${m.message_id}:${m.text ?? ""}`;

/**
 * The bot's new or edited messages in `chatId` while `update` is handled: only that chat's,
 * so an announcement delivered to a group meanwhile is never taken for the answer.
 */
async function answersIn(chats: Chats, chatId: number, inject: () => Parameters<TelegramTestServer["handled"]>[0]): Promise<Message[]> {
  const server = chats.telegram;
  const before = new Set(server.sentMessages(chatId).map(messageKey));
  await server.handled(inject(), 30_000);
  return server.sentMessages(chatId).filter((m) => !before.has(messageKey(m)));
}

/** Sends `text` as `from` in their private chat; resolves with the bot's new messages there. */
export function say(chats: Chats, from: User, text: string, replyTo?: Message): Promise<Message[]> {
  return answersIn(chats, from.id, () => chats.telegram.injectMessage({ chatId: from.id, from, text, ...(replyTo === undefined ? {} : { replyTo }) }));
}

/** Presses a button of `message` as `from`; resolves with the bot's new messages in that chat. */
export function press(chats: Chats, from: User, message: Message, data: string): Promise<Message[]> {
  return answersIn(chats, message.chat.id, () => chats.telegram.injectCallback({ from, message, data }));
}

export function lastOf(messages: Message[]): Message {
  const m = messages.at(-1);
  if (m === undefined) throw new Error("the bot sent nothing");
  return m;
}

/** /link then /verify with the wallet's signature of the CLI's off-chain message envelope. */
export async function linkOnTelegram(chats: Chats, who: User, wallet: Keypair): Promise<void> {
  const address = wallet.publicKey.toBase58();
  const reply = (await say(chats, who, `/link ${address}`)).map((m) => m.text ?? "").join("\n");
  const nonce = /\/verify (\S+) <signature>/.exec(reply)?.[1];
  const marker = "What you are signing:\n";
  if (nonce === undefined || !reply.includes(marker)) throw new Error(`no challenge in ${reply}`);
  const message = reply.slice(reply.indexOf(marker) + marker.length);
  const signature = nacl.sign.detached(legacyEnvelope(new TextEncoder().encode(message)), wallet.secretKey);
  const done = (await say(chats, who, `/verify ${nonce} ${b58(signature)}`)).map((m) => m.text ?? "").join("\n");
  if (!done.includes(`Linked wallet ${address}`)) throw new Error(`not linked: ${done}`);
}

/** The final answer of an interaction (progress edits end with an ellipsis). */
export async function finalAnswer(ix: InteractionRecord, timeoutMs = 30_000): Promise<string> {
  await ix.waitFor(
    (c) =>
      (c.kind === "edit-original" && !(typeof c.body.content === "string" && c.body.content.endsWith("…"))) ||
      (c.kind === "callback" && c.type === 4),
    timeoutMs,
  );
  return JSON.stringify(ix.visible());
}

/** /link in Discord, then the signing page's completion with the wallet's raw-message signature. */
export async function linkOnDiscord(chats: Chats, member: MemberRecord, wallet: Keypair): Promise<void> {
  const answer = await finalAnswer(chats.discord.slash(member, "link", { address: wallet.publicKey.toBase58() }));
  const nonce = /https:\/\/pepfund\.test\/link\/([1-9A-HJ-NP-Za-km-z]+)/.exec(answer)?.[1];
  if (nonce === undefined) throw new Error(`no page link in ${answer}`);
  const challenge = await chats.deps.store.challenges.find(nonce);
  if (challenge === null) throw new Error("challenge not stored");
  const signature = nacl.sign.detached(new TextEncoder().encode(challenge.message), wallet.secretKey);
  const done = await completeLink(chats.deps, { nonce, signature: b58(signature), submitter: { via: "page" } });
  if (!done.ok) throw new Error(`not linked: ${done.code}`);
}

/** /flag, then the rationale in the modal; returns the modal's interaction. */
export async function flagOnDiscord(
  chats: Chats,
  member: MemberRecord,
  campaign: string,
  rationale: string,
  /** Runs once the modal is open, before the rationale is submitted (e.g. to inject a fault into the flag itself). */
  beforeSubmit: () => Promise<void> = () => Promise.resolve(),
): Promise<InteractionRecord> {
  const opened = chats.discord.slash(member, "flag", { campaign, milestone: 0 });
  await opened.firstResponse();
  await beforeSubmit();
  return chats.discord.submitModal(member, opened, { rationale });
}
