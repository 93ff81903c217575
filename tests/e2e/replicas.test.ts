/**
 * Replicas as an operator runs them: three separate app processes (`bot/app/main.ts`, what
 * `npm start` runs) on one localnet (the real program), one arlocal, one PostgreSQL schema and
 * the local Discord and Telegram servers. Two `chat` replicas are Discord shards 0/2 and 1/2
 * and Telegram webhook listeners behind a round-robin load balancer; one `workers` replica
 * indexes the chain and delivers the outbox. Users type commands on both platforms (each
 * Telegram update also retried to the other replica), holders flag in chat and with their own
 * wallets and a researcher submits a milestone (/submit, signed on the page): every command is answered exactly
 * once, and every program event reaches each subscribed channel exactly once. Then one chat
 * replica is killed with SIGKILL and the other keeps answering; a second workers replica joins
 * (two indexers, two outbox loops: still once each), the first one stops and the second
 * delivers alone; SIGTERM stops every process still running with exit code 0.
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Keypair, Transaction } from "@solana/web3.js";
import { REST } from "discord.js";
import type { Message, Update, User } from "grammy/types";
import nacl from "tweetnacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legacyEnvelope } from "../../bot/core/linking/offchain.js";
import { decodeProgramEvents } from "../../bot/chain/indexer/decode-event.js";
import { PROGRAM_ID } from "../../bot/chain/program.js";
import { deployCommands } from "../../bot/discord/deploy-commands.js";
import { CampaignFixture, USDC } from "../bot/chain/support/campaign.js";
import { freePort } from "../bot/support/arlocal.js";
import { b58 } from "../bot/support/fakes.js";
import { DiscordTestServer, type MemberRecord } from "../discord-server/server.js";
import { Permission, type ChannelRecord } from "../discord-server/world.js";
import { TelegramTestServer } from "../telegram-server/server.js";
import { botEnvironment, startBot, type BotRun } from "./support/bot-process.js";
import { finalAnswer } from "./support/chats.js";
import { until } from "./support/life.js";
import { roundRobin, type LoadBalancer } from "./support/load-balancer.js";
import { campaignInReview, startWorld, type World } from "./support/world.js";

const SECRET = "replicas-webhook-secret-0123456789";
const GROUP_ID = -1_005_500;
/** Commands per platform and phase. */
const N = 4;
/** Holders who flag in Telegram (the last one after the kill), in the Discord guild, with their own wallets (the last two after the kill). */
const TELEGRAM_FLAGGERS = 3;
const DISCORD_FLAGGERS = 2;
const DIRECT_FLAGGERS = 5;
const HOLDERS = TELEGRAM_FLAGGERS + DISCORD_FLAGGERS + DIRECT_FLAGGERS;
/** Backers of campaign B who deposit and flag in one burst once two workers replicas run. */
const BURST = 6;

let world: World;
let telegram: TelegramTestServer;
let discord: DiscordTestServer;
/** The balancer before the chat replicas' Telegram webhook listeners, and the one before their web pages (PUBLIC_BASE_URL). */
let webhooks: LoadBalancer;
let pages: LoadBalancer;
let dir: string;
/** [chat shard 0/2, chat shard 1/2, workers], then the second workers replica. */
const replicas: BotRun[] = [];
/** Their names, and that of the second workers replica that joins late (replicas[3]). */
const NAMES = ["chat 0/2", "chat 1/2", "workers", "second workers"] as const;
/** How the second workers replica is started (the first one's environment, its own DATA_DIR and port). */
let secondWorkersEnv: () => Promise<Record<string, string>>;

/** Starts the local Discord until its guild belongs to shard 1: DMs go to shard 0, so each chat replica gets work. */
async function discordWithGuildOnShard1(): Promise<DiscordTestServer> {
  for (;;) {
    const server = await DiscordTestServer.start();
    if ((BigInt(server.world.guildId) >> 22n) % 2n === 1n) return server;
    await server.stop();
  }
}

/** Spawns one replica and waits for its "ready" (or fails with its output if it exits first). */
async function spawnReplica(env: Record<string, string>): Promise<BotRun> {
  const run = startBot(env);
  const ended = run.exited.then((code) => {
    throw new Error(`a replica exited (${code}) before it was ready:\n${run.output.join("").slice(-3000)}`);
  });
  await Promise.race([run.ready, ended]);
  void ended.catch(() => undefined);
  return run;
}

beforeAll(async () => {
  world = await startWorld("postgres");
  [telegram, discord] = await Promise.all([TelegramTestServer.start({ flood: false }), discordWithGuildOnShard1()]);
  await deployCommands(new REST({ api: discord.apiBase }).setToken(discord.token), discord.applicationId, discord.world.guildId);
  dir = await mkdtemp(join(tmpdir(), "pepfund-replicas-"));
  const hookPorts = [await freePort(), await freePort()];
  const webPorts = [await freePort(), await freePort(), await freePort()];
  [webhooks, pages] = await Promise.all([roundRobin(hookPorts), roundRobin(webPorts.slice(0, 2))]);
  // One environment for every replica, as an operator deploys one image; each differs only in
  // its role, its shard, its listening ports and its DATA_DIR. The flag resumer waits long
  // enough not to race a chat replica's live relay (nothing here interrupts one).
  const envOf = async (name: string, webPort: number, extra: Record<string, string>) => {
    const own = join(dir, name);
    await mkdir(own);
    return {
      ...(await botEnvironment(world, { telegram, discord }, own, webPort)),
      // The public origin is the balancer's: a link one replica gives is served by any.
      PUBLIC_BASE_URL: pages.origin,
      TELEGRAM_WEBHOOK_URL: `${webhooks.origin}/telegram`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      FLAG_RESUME_AFTER_MS: "30000",
      ...extra,
    };
  };
  const envs = [
    await envOf("chat0", webPorts[0]!, { PEPFUND_ROLE: "chat", DISCORD_SHARD: "0/2", TELEGRAM_WEBHOOK_PORT: String(hookPorts[0]) }),
    await envOf("chat1", webPorts[1]!, { PEPFUND_ROLE: "chat", DISCORD_SHARD: "1/2", TELEGRAM_WEBHOOK_PORT: String(hookPorts[1]) }),
    await envOf("workers", webPorts[2]!, { PEPFUND_ROLE: "workers" }),
  ];
  secondWorkersEnv = async () => envOf("workers2", await freePort(), { PEPFUND_ROLE: "workers" });
  // Started together, as an orchestrator starts a deployment.
  replicas.push(...(await Promise.all(envs.map(spawnReplica))));
  await discord.gateway.whenSessions(2);
}, 300_000);

afterAll(async () => {
  for (const run of replicas) await run.kill();
  await Promise.allSettled([webhooks?.close(), pages?.close(), telegram?.stop(), discord?.stop()]);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  await world?.stop();
});

// ---- what each replica logged ----

const logOf = (i: number) => replicas[i]?.output.join("") ?? "";
const count = (text: string, needle: string) => text.split(needle).length - 1;
/** Discord interactions replica `i` answered (bot/discord/bot.ts logs one line for each). */
const discordHandled = (i: number) => count(logOf(i), '"msg":"discord: interaction handled"');
/**
 * Both replicas' handled counts once no line has come for half a second: a replica logs an
 * interaction after its final answer, through its stdout pipe, so the setup's last answer can
 * be counted a moment after the caller saw it (CI once counted it inside the next test's).
 */
async function settledHandled(): Promise<[number, number]> {
  let last = [discordHandled(0), discordHandled(1)] as [number, number];
  for (let quietSince = Date.now(), deadline = Date.now() + 10_000; Date.now() - quietSince < 500 && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = [discordHandled(0), discordHandled(1)] as [number, number];
    if (now[0] !== last[0] || now[1] !== last[1]) [last, quietSince] = [now, Date.now()];
  }
  return last;
}
/** Messages replica `i`'s outbox sent (bot/app/workers.ts logs each pass that did something). */
const sent = (i: number) =>
  [...logOf(i).matchAll(/"msg":"outbox: (\{[^}]*\})"/g)].map((m) => (JSON.parse(m[1]!.replaceAll('\\"', '"')) as { sent: number }).sent).reduce((x, y) => x + y, 0);

// ---- Telegram and Discord, as users ----

let nextUser = 71_000;
function telegramUser(name: string): User {
  const user: User = { id: nextUser++, is_bot: false, first_name: name };
  telegram.addChat({ id: user.id, type: "private", title: name });
  return user;
}

const keyOf = (m: Message) => `${m.chat.id}:${m.message_id}:${m.text ?? ""}`;
/** The update the last Telegram step sent. */
let lastUpdate: Update | null = null;

/** Sends one update; resolves with the bot's new message in `chatId` that `accept` picks. */
async function telegramStep(chatId: number, send: () => Update, accept: (m: Message) => boolean): Promise<Message> {
  const before = new Set(telegram.sentMessages(chatId).map(keyOf));
  const update = send();
  lastUpdate = update;
  await telegram.handled(update, 90_000);
  const found = telegram.sentMessages(chatId).filter((m) => !before.has(keyOf(m)) && accept(m)).at(-1);
  if (found === undefined) throw new Error(`update ${update.update_id} got no answer in chat ${chatId}`);
  return found;
}

const texts = (chatId: number) => telegram.sentMessages(chatId).map((m) => m.text ?? "");

/**
 * /flag, the milestone's button, the rationale as a reply: three updates the balancer spreads
 * over the replicas (the conversation lives in PostgreSQL). Resolves once the outcome is there.
 */
async function flagOnTelegram(user: User, campaign: string, rationale: string): Promise<void> {
  await finishFlag(user, campaign, await openFlag(user, campaign), rationale);
}

/** /flag: resolves with the milestone menu. */
function openFlag(user: User, campaign: string): Promise<Message> {
  const data = `flag|${campaign}|0`;
  return telegramStep(user.id, () => telegram.injectMessage({ chatId: user.id, from: user, text: `/flag ${campaign}` }), (m) => JSON.stringify(m.reply_markup ?? {}).includes(data));
}

/** The milestone's button on `menu`, then the rationale as a reply to the prompt; resolves once the outcome is there. */
async function finishFlag(user: User, campaign: string, menu: Message, rationale: string): Promise<void> {
  const data = `flag|${campaign}|0`;
  const prompt = await telegramStep(user.id, () => telegram.injectCallback({ from: user, message: menu, data }), (m) => (m.text ?? "").includes("Send it as your next message"));
  telegram.injectMessage({ chatId: user.id, from: user, text: rationale, replyTo: prompt });
  await until(`${user.first_name}'s flag on-chain`, () => texts(user.id).some((t) => t.includes("is on-chain")), 90_000);
}

/** /flag in the guild, the rationale in the modal; the final answer. */
async function flagOnDiscord(member: MemberRecord, campaign: string, rationale: string): Promise<string> {
  const opened = discord.slash(member, "flag", { campaign, milestone: 0 });
  await opened.firstResponse(30_000);
  return finalAnswer(discord.submitModal(member, opened, { rationale }), 90_000);
}

/** `n` Telegram users each send /help; each update is then delivered again (the balancer sends the retry on). */
async function telegramHelps(n: number, tag: string): Promise<{ users: User[]; updates: Update[] }> {
  const users: User[] = [];
  const updates: Update[] = [];
  for (let i = 0; i < n; i++) {
    const user = telegramUser(`${tag} ${i}`);
    const update = telegram.injectMessage({ chatId: user.id, from: user, text: "/help" });
    await telegram.handled(update, 60_000);
    // Telegram retries an update whose answer it did not get.
    telegram.redeliver(update);
    await until("the retry delivered", () => telegram.pendingUpdates.length === 0, 60_000);
    users.push(user);
    updates.push(update);
  }
  return { users, updates };
}

// ---- the web pages, through their balancer, as a wallet's browser calls them ----

async function web(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${pages.origin}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Telegram /link, then /verify with the wallet's signature of the CLI's off-chain message envelope (two updates, likely two replicas). */
async function linkOnTelegram(user: User, wallet: Keypair): Promise<void> {
  const address = wallet.publicKey.toBase58();
  const reply = (await telegramStep(user.id, () => telegram.injectMessage({ chatId: user.id, from: user, text: `/link ${address}` }), (m) => (m.text ?? "").includes("/verify"))).text ?? "";
  const nonce = /\/verify (\S+) <signature>/.exec(reply)?.[1];
  const marker = "What you are signing:\n";
  if (nonce === undefined || !reply.includes(marker)) throw new Error(`no challenge in ${reply}`);
  const signature = nacl.sign.detached(legacyEnvelope(new TextEncoder().encode(reply.slice(reply.indexOf(marker) + marker.length))), wallet.secretKey);
  await telegramStep(user.id, () => telegram.injectMessage({ chatId: user.id, from: user, text: `/verify ${nonce} ${b58(signature)}` }), (m) => (m.text ?? "").includes(`Linked wallet ${address}`));
}

/** Discord /link in the guild, then the link page (its challenge, the wallet's signature) through the balancer. */
async function linkOnDiscord(member: MemberRecord, wallet: Keypair): Promise<void> {
  const answer = await finalAnswer(discord.slash(member, "link", { address: wallet.publicKey.toBase58() }), 60_000);
  const nonce = new RegExp(`${pages.origin}/link/([1-9A-HJ-NP-Za-km-z]+)`).exec(answer)?.[1];
  if (nonce === undefined) throw new Error(`no page link in ${answer}`);
  const page = await web("GET", `/api/link/${nonce}`);
  const signature = nacl.sign.detached(new TextEncoder().encode(page.json.message as string), wallet.secretKey);
  const done = await web("POST", `/api/link/${nonce}`, { signature: b58(signature) });
  if (done.status !== 200) throw new Error(`not linked: ${JSON.stringify(done.json)}`);
}

/**
 * The researcher's /submit with the evidence file as a captioned document, then the signing
 * page's three calls (the request, the prepared transaction, the signed one) through the
 * balancer: whichever replica serves each, the state is in PostgreSQL. Resolves with the
 * evidence's Arweave id the answer named.
 */
async function submitOnTelegram(researcher: User, campaign: CampaignFixture): Promise<string> {
  const file = telegram.addFile(new TextEncoder().encode(`sample,value\n${Array.from({ length: 50 }, (_, i) => `${i},${(i * 7) % 13}`).join("\n")}\n`));
  const answer = await telegramStep(
    researcher.id,
    () => telegram.injectMessage({ chatId: researcher.id, from: researcher, caption: `/submit ${campaign.address.toBase58()} 1`, document: { ...file, file_name: "results.csv", mime_type: "text/csv" } }),
    (m) => (m.text ?? "").includes("/sign/"),
  );
  const text = answer.text ?? "";
  const id = new RegExp(`${pages.origin}/sign/([0-9a-f-]{36})`).exec(text)?.[1];
  const evidenceId = /Evidence stored on Arweave[^\n]*?: (\S+)/.exec(text)?.[1]?.split("/").at(-1);
  if (id === undefined || evidenceId === undefined) throw new Error(`no signing page or evidence in ${text}`);
  const view = await web("GET", `/api/sign/${id}`);
  expect(view.json.signer).toBe(campaign.researcher.publicKey.toBase58());
  const prepared = await web("POST", `/api/sign/${id}/prepare`, {});
  const tx = Transaction.from(Buffer.from(prepared.json.transaction as string, "base64"));
  tx.partialSign(campaign.researcher);
  const posted = await web("POST", `/api/sign/${id}`, { transaction: tx.serialize({ requireAllSignatures: false }).toString("base64") });
  expect(posted.json, "the signed submission").toMatchObject({ ok: true });
  return evidenceId;
}

/** /help from `n` new members, in the guild or in their DMs; resolves with each interaction's callbacks. */
async function discordHelps(n: number, where: "guild" | "dm"): Promise<number[]> {
  const interactions = Array.from({ length: n }, (_, i) => {
    const member = discord.addMember(`${where}${i}-${randomBytes(2).toString("hex")}`);
    return where === "guild" ? discord.slash(member, "help") : discord.slash(member, "help", {}, discord.world.openDm(member.id));
  });
  for (const ix of interactions) await ix.firstResponse(30_000);
  // Long enough for a second replica's answer to arrive, were there one.
  await new Promise((r) => setTimeout(r, 1_000));
  return interactions.map((ix) => ix.calls.filter((c) => c.kind === "callback").length);
}

// ---- the chain ----

async function indexerBacklog(): Promise<number> {
  const cursor = await world.database.db.prisma.indexerCursor.findUnique({ where: { name: "pepfund" } });
  const after = await world.chain.connection.getSignaturesForAddress(PROGRAM_ID, { limit: 1000, ...(cursor?.signature == null ? {} : { until: cursor.signature }) }, "confirmed");
  return after.length;
}

/** The announced events (flags, submissions) of the transactions `campaigns` saw that are not in `before`. */
async function eventsSince(campaigns: readonly CampaignFixture[], before: ReadonlySet<string>): Promise<string[]> {
  const markers: string[] = [];
  for (const campaign of campaigns) {
    for (const s of await world.chain.connection.getSignaturesForAddress(campaign.address, { limit: 1000 }, "confirmed")) {
      if (before.has(s.signature) || s.err !== null) continue;
      const tx = await world.chain.connection.getTransaction(s.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      for (const e of decodeProgramEvents(tx?.meta?.logMessages ?? [])) {
        if (e.name === "FlagSubmitted") markers.push(e.rationale);
        if (e.name === "MilestoneSubmitted") markers.push(e.evidenceId);
      }
    }
  }
  return markers;
}

async function signaturesOf(campaigns: readonly CampaignFixture[]): Promise<Set<string>> {
  const all = await Promise.all(campaigns.map((c) => world.chain.connection.getSignaturesForAddress(c.address, { limit: 1000 }, "confirmed")));
  return new Set(all.flat().map((s) => s.signature));
}

describe("GIVEN two chat replicas (Discord shards 0/2 and 1/2, Telegram webhooks behind a balancer) and one workers replica, as processes", () => {
  let a: CampaignFixture;
  let b: CampaignFixture;
  let channel: ChannelRecord;
  let before: Set<string>;
  let groupSeen: Set<number>;
  const tgFlaggers: User[] = [];
  const dcFlaggers: MemberRecord[] = [];
  let direct: Keypair[];
  let researcher: User;

  it("THEN each process runs its role: the chat replicas no worker, the workers replica no gateway session and no webhook listener", () => {
    expect(logOf(0)).toContain('"msg":"role: chat"');
    expect(logOf(1)).toContain('"msg":"role: chat"');
    expect(logOf(2)).toContain('"msg":"role: workers"');
    for (const i of [0, 1]) expect(logOf(i)).toContain("workers: none in this process");
    for (const i of [0, 1]) expect(logOf(i)).toMatch(/telegram: webhook http:\/\/127\.0\.0\.1:\d+\/telegram/);
    expect(logOf(2)).not.toContain("telegram: webhook");
    expect(logOf(2)).not.toContain("discord: connected");
    // Two gateway sessions, one per shard: the workers replica opened none.
    expect([...discord.gateway.shards].sort()).toEqual([[0, 2], [1, 2]]);
    expect(new Set(telegram.callsOf("setWebhook").map((c) => (c.payload as { url: string }).url))).toEqual(new Set([`${webhooks.origin}/telegram`]));
  });

  it("WHEN a group and a channel subscribe (commands through both replicas) THEN the chain's later events are for them", async () => {
    // Campaign A: milestone 1 in review, every holder deposited and named the relayer; the
    // flags together stay under the 10% quorum (3000 USDC + 5..14 USDC of holders).
    const contributions = [3000n * USDC, ...Array.from({ length: HOLDERS }, (_, i) => BigInt(5 + i) * USDC)];
    a = await campaignInReview(world, contributions, Array.from({ length: HOLDERS }, (_, i) => i + 1));
    // Campaign B: active; its researcher submits milestone 1 later, in chat; its small backers
    // (5..10 USDC next to 3000, under the quorum too) deposit and flag at the end.
    b = await CampaignFixture.active(world.protocol, [4_000, 3_000, 3_000], [3000n * USDC, ...Array.from({ length: BURST }, (_, i) => BigInt(5 + i) * USDC)]);
    direct = a.backers.slice(TELEGRAM_FLAGGERS + DISCORD_FLAGGERS + 1);
    // Holders and the researcher link their wallets in chat: Telegram's /link and /verify
    // reach the replicas in turn, Discord's link page is served through the pages' balancer.
    for (let i = 0; i < TELEGRAM_FLAGGERS; i++) {
      tgFlaggers.push(telegramUser(`Holder ${i}`));
      await linkOnTelegram(tgFlaggers[i]!, a.backers[i + 1]!);
    }
    for (let i = 0; i < DISCORD_FLAGGERS; i++) {
      dcFlaggers.push(discord.addMember(`holder${i}`));
      await linkOnDiscord(dcFlaggers[i]!, a.backers[TELEGRAM_FLAGGERS + i + 1]!);
    }
    researcher = telegramUser("Researcher");
    await linkOnTelegram(researcher, b.researcher);
    expect(await world.database.db.prisma.walletLink.count()).toBe(TELEGRAM_FLAGGERS + DISCORD_FLAGGERS + 1);
    // The workers replica's indexer has read the set-up before anyone subscribes.
    await expect.poll(indexerBacklog, { timeout: 120_000, interval: 500 }).toBe(0);

    telegram.addChat({ id: GROUP_ID, type: "supergroup", title: "Backers" });
    const admin = telegramUser("Admin");
    telegram.setMember(GROUP_ID, admin.id, "administrator");
    const moderator = discord.addMember("moderator", [discord.world.addRole("mods", Permission.ManageGuild).id]);
    channel = discord.world.addChannel("announcements");
    for (const campaign of [a, b]) {
      const address = campaign.address.toBase58();
      await telegramStep(GROUP_ID, () => telegram.injectMessage({ chatId: GROUP_ID, from: admin, text: `/subscribe ${address}` }), (m) => (m.text ?? "").includes("now follows"));
      expect(await finalAnswer(discord.slash(moderator, "subscribe", { campaign: address }, channel), 60_000)).toContain("now gets announcements");
    }
    expect(await world.database.db.prisma.subscription.count()).toBe(4);
    // Two subscriptions forwarded round-robin: both replicas served Telegram.
    expect(new Set(webhooks.forwarded.map((f) => f.upstream))).toEqual(new Set([0, 1]));
    groupSeen = new Set(telegram.sentMessages(GROUP_ID).map((m) => m.message_id));
    before = await signaturesOf([a, b]);
  }, 300_000);

  it(`WHEN ${N} Telegram users send /help, each retried to the other replica, and ${N} members use Discord in the guild and ${N} in DMs THEN each is answered exactly once, by the replica of its shard`, async () => {
    const handledBefore = await settledHandled();
    const { users, updates } = await telegramHelps(N, "Reader");
    for (const user of users) expect(texts(user.id), `Telegram user ${user.id}`).toHaveLength(1);
    for (const update of updates) {
      const to = webhooks.forwarded.filter((f) => f.updateId === update.update_id);
      // First delivery and retry each reached a replica (2xx), one each.
      expect(to.map((f) => f.status)).toEqual([200, 200]);
      expect(new Set(to.map((f) => f.upstream))).toEqual(new Set([0, 1]));
    }
    // The guild belongs to shard 1, DMs to shard 0 (Discord's routing).
    expect(await discordHelps(N, "guild")).toEqual(Array(N).fill(1));
    expect(await discordHelps(N, "dm")).toEqual(Array(N).fill(1));
    const handledAfter = await settledHandled();
    expect([handledAfter[0] - handledBefore[0], handledAfter[1] - handledBefore[1]]).toEqual([N, N]);
    expect(logOf(0) + logOf(1)).not.toContain("answered by another replica");
    expect(discord.failed).toEqual([]);
  }, 300_000);

  it("WHEN holders flag in Telegram and Discord and with their own wallets, and a researcher submits on-chain THEN the workers replica announces each event once in the group and the channel", async () => {
    const campaignA = a.address.toBase58();
    const early = direct.slice(0, 3);
    const pagesBefore = pages.forwarded.length;
    const [evidenceId] = await Promise.all([
      submitOnTelegram(researcher, b),
      ...tgFlaggers.slice(0, -1).map((user, i) => flagOnTelegram(user, campaignA, `Telegram holder ${i}: figure ${i} does not match the raw data.`)),
      ...dcFlaggers.map(async (member, i) => expect(await flagOnDiscord(member, campaignA, `Discord holder ${i}: the controls of run ${i} are missing.`)).toContain("is on-chain")),
      ...early.map((owner) => a.flag(owner, 0, 1, owner, [...randomBytes(32)])),
    ]);
    // The signing page's three calls went to both replicas.
    expect(new Set(pages.forwarded.slice(pagesBefore).map((f) => f.upstream))).toEqual(new Set([0, 1]));
    const markers = await announcedOnce(TELEGRAM_FLAGGERS - 1 + DISCORD_FLAGGERS + early.length + 1);
    // The submission on-chain names the evidence the chat replica uploaded.
    expect(markers).toContain(evidenceId);
  }, 300_000);

  it("WHEN one chat replica is killed with SIGKILL THEN the other still answers Telegram (the balancer's 502 is retried) and its Discord shard, and events still get announced once", async () => {
    // A holder starts a flag on the replica about to die: the balancer's next webhook
    // request goes to replica 0 when an even number came before (one /help evens it).
    const campaignA = a.address.toBase58();
    const holder = tgFlaggers.at(-1)!;
    if (webhooks.received % 2 === 1) {
      const reader = telegramUser("Even");
      await telegramStep(reader.id, () => telegram.injectMessage({ chatId: reader.id, from: reader, text: "/help" }), () => true);
    }
    const menu = await openFlag(holder, campaignA);
    expect(webhooks.forwarded.filter((f) => f.updateId === lastUpdate?.update_id), "the /flag went to replica 0").toMatchObject([{ upstream: 0, status: 200 }]);
    // Shard 0 (DMs) goes; shard 1 owns the guild.
    await replicas[0]!.kill();
    expect(replicas[0]!.child.signalCode).toBe("SIGKILL");
    const forwardedBefore = webhooks.forwarded.length;
    const handledBefore = (await settledHandled())[1];
    const { users } = await telegramHelps(N, "After");
    for (const user of users) expect(texts(user.id), `Telegram user ${user.id}`).toHaveLength(1);
    const since = webhooks.forwarded.slice(forwardedBefore);
    expect(since.filter((f) => f.upstream === 0).every((f) => f.status === 502)).toBe(true);
    expect(since.some((f) => f.upstream === 0)).toBe(true);
    expect(await discordHelps(N, "guild")).toEqual(Array(N).fill(1));
    expect((await settledHandled())[1] - handledBefore).toBe(N);
    // The dead replica's shard (DMs) has no session: nobody answers there until it is back.
    const orphan = discord.addMember("orphan");
    const unanswered = discord.slash(orphan, "help", {}, discord.world.openDm(orphan.id));
    await new Promise((r) => setTimeout(r, 2_000));
    expect(unanswered.calls).toEqual([]);

    // The holder goes on where the dead replica left the conversation (it is in PostgreSQL).
    const late = direct.slice(3);
    await Promise.all([
      finishFlag(holder, campaignA, menu, "Telegram holder after the kill: the raw traces are missing."),
      ...late.map((owner) => a.flag(owner, 0, 1, owner, [...randomBytes(32)])),
    ]);
    await announcedOnce(TELEGRAM_FLAGGERS + DISCORD_FLAGGERS + DIRECT_FLAGGERS + 1);
    // Each Telegram flagger was told the outcome once, whichever replica relayed the flag.
    for (const user of tgFlaggers) expect(texts(user.id).filter((t) => t.includes("is on-chain")), `Telegram holder ${user.id}`).toHaveLength(1);
  }, 300_000);

  it(`WHEN a second workers replica joins THEN a burst of flags is announced once with two indexers and two outbox loops, and after the first one stops the second delivers alone`, async () => {
    replicas.push(await spawnReplica(await secondWorkersEnv()));
    expect(logOf(3)).toContain('"msg":"role: workers"');
    expect(logOf(3)).toContain('"msg":"worker indexer: started"');
    const burst = async (backers: readonly Keypair[]) =>
      Promise.all(
        backers.map(async (backer) => {
          await b.deposit(backer, await world.chain.tokenBalance(b.backerTokens(backer)));
          await b.flag(backer, 0, 1, backer, [...randomBytes(32)]);
        }),
      );
    const half = BURST / 2;
    await burst(b.backers.slice(1, 1 + half));
    await announcedOnce(TELEGRAM_FLAGGERS + DISCORD_FLAGGERS + DIRECT_FLAGGERS + 1 + half);
    const sentBefore = [sent(2), sent(3)];

    replicas[2]!.child.kill("SIGTERM");
    expect(await replicas[2]!.exited, "the first workers replica's exit code").toBe(0);
    await burst(b.backers.slice(1 + half, 1 + BURST));
    await announcedOnce(TELEGRAM_FLAGGERS + DISCORD_FLAGGERS + DIRECT_FLAGGERS + 1 + BURST, 3);
    // Two posts (group and channel) per flag of the second burst, all from the second replica.
    expect(sent(3) - sentBefore[1]!).toBeGreaterThanOrEqual(2 * half);
    process.stdout.write(`replicas: messages the outbox sent with both workers replicas running: first ${sentBefore[0]}, second ${sentBefore[1]}; after the first stopped: second ${sent(3) - sentBefore[1]!}\n`);
  }, 300_000);

  it("WHEN the others get SIGTERM THEN each exits 0", async () => {
    const running = [replicas[1]!, replicas[3]!];
    for (const run of running) run.child.kill("SIGTERM");
    const codes = await Promise.all(running.map((run) => Promise.race([run.exited, new Promise<string>((r) => setTimeout(() => r("hung"), 15_000))])));
    expect(codes, `${NAMES[1]}, ${NAMES[3]}`).toEqual([0, 0]);
    for (const run of replicas.slice(1)) expect(run.output.join("")).toContain("SIGTERM: stopping");
  }, 60_000);

  /** Waits until the indexer and the outbox are done, then checks each of `expected` events is posted exactly once in both places, and nothing else. */
  async function announcedOnce(expected: number, workers = 2): Promise<string[]> {
    const prisma = world.database.db.prisma;
    await expect
      .poll(async () => `behind=${await indexerBacklog()} pending=${await prisma.outboxMessage.count({ where: { status: { not: "SENT" } } })}`, { timeout: 120_000, interval: 500 })
      .toBe("behind=0 pending=0");
    const markers = await eventsSince([a, b], before);
    expect(markers).toHaveLength(expected);
    const groupPosts = telegram.sentMessages(GROUP_ID).filter((m) => !groupSeen.has(m.message_id)).map((m) => m.text ?? "");
    const channelPosts = discord.channelPosts(channel.id).map((p) => JSON.stringify(p.body));
    for (const [where, posts] of [["Telegram group", groupPosts], ["Discord channel", channelPosts]] as const) {
      for (const marker of markers) expect(posts.filter((p) => p.includes(marker)), `${where}: ${marker}`).toHaveLength(1);
      expect(posts, `${where}: only these announcements`).toHaveLength(markers.length);
    }
    expect(logOf(workers)).toContain("outbox:");
    return markers;
  }
});
