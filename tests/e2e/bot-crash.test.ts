/**
 * Crash safety of the whole bot: the real bot process (`bot/app/main.ts`: both chat
 * adapters, the signing pages, the flag relay resumer, the outbox and the chain indexer) is
 * killed with SIGKILL at random moments while holders flag on Telegram and Discord, a
 * researcher submits evidence through Telegram and the signing page, and holders flag by
 * themselves on-chain (a backlog for the indexer); it is restarted each time, then left to
 * run to quiescence. The chat servers, the localnet, arlocal and PostgreSQL live in this
 * process and survive, as Telegram, Discord and Solana would. Afterwards every command
 * completed exactly once on-chain, every requester got one outcome, and every program event
 * was announced exactly once in every subscribed channel.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keypair, PublicKey, Transaction } from "@solana/web3.js";
import { REST } from "discord.js";
import type { Message, Update, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flagPda } from "../../bot/chain/pdas.js";
import { PROGRAM_ID } from "../../bot/chain/program.js";
import { decodeProgramEvents } from "../../bot/chain/indexer/decode-event.js";
import { deployCommands } from "../../bot/discord/deploy-commands.js";
import { DIRECT_PREFIX } from "../../bot/discord/platform.js";
import { CampaignFixture, USDC } from "../bot/chain/support/campaign.js";
import { freePort } from "../bot/support/arlocal.js";
import { DiscordTestServer, type InteractionRecord, type MemberRecord } from "../discord-server/server.js";
import { Permission } from "../discord-server/world.js";
import { TelegramTestServer } from "../telegram-server/server.js";
import { botEnvironment, startBot, type BotRun } from "./support/bot-process.js";
import { campaignInReview, startWorld, type World } from "./support/world.js";

const KILLS = 12;
const TELEGRAM_FLAGGERS = 5;
const DISCORD_FLAGGERS = 3;
const DIRECT_FLAGGERS = 12;
/** Direct flags sent at once while the bot is down (two bursts, before the "indexer mid-pass" kills). */
const BURST = 6;
/** How long a kill waits for its stage before it comes anyway. */
const STAGE_WAIT_MS = 8_000;
/**
 * Deposits into a campaign no channel follows, sent with each burst: more transactions than
 * the indexer writes in one database transaction (16), so its cursor moves mid-pass.
 */
const FILLER = 20;
const RELAYED = TELEGRAM_FLAGGERS + DISCORD_FLAGGERS;
const GROUP_ID = -1_001_234;
const SIGN_LINK = /http:\/\/127\.0\.0\.1:\d+\/sign\/([0-9a-f-]{36})/;

let world: World;
let telegram: TelegramTestServer;
let discord: DiscordTestServer;
let dir: string;
let env: Record<string, string>;
let web: string;
let current: BotRun | null = null;
const runs: BotRun[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  world = await startWorld("postgres");
  [telegram, discord] = await Promise.all([TelegramTestServer.start({ flood: false }), DiscordTestServer.start()]);
  await deployCommands(new REST({ api: discord.apiBase }).setToken(discord.token), discord.applicationId, discord.world.guildId);
  dir = await mkdtemp(join(tmpdir(), "pepfund-bot-crash-"));
  const port = await freePort();
  web = `http://127.0.0.1:${port}`;
  env = await botEnvironment(world, { telegram, discord }, dir, port);
}, 180_000);

afterAll(async () => {
  await current?.kill();
  await Promise.allSettled([telegram?.stop(), discord?.stop()]);
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  await world?.stop();
});

/** Milliseconds from spawn to "ready", per boot (printed with the report). */
const bootMs: number[] = [];

async function boot(): Promise<BotRun> {
  const spawnedAt = Date.now();
  const run = startBot(env);
  runs.push(run);
  current = run;
  const ended = run.exited.then((code) => {
    throw new Error(`the bot exited (${code}) before it was ready:\n${run.output.join("").slice(-3000)}`);
  });
  await Promise.race([run.ready, ended]);
  void ended.catch(() => undefined);
  bootMs.push(Date.now() - spawnedAt);
  return run;
}

// ---- Telegram, as a user: send, wait until the bot confirmed the update, read its answers ----

let nextUser = 61_000;
function telegramUser(name: string): User {
  const user: User = { id: nextUser++, is_bot: false, first_name: name };
  telegram.addChat({ id: user.id, type: "private", title: name });
  return user;
}

const keyOf = (m: Message) => `${m.chat.id}:${m.message_id}:${m.text ?? ""}`;

/**
 * Sends one update (built by `send`) and returns the bot's answer that `accept` picks among
 * what it sent in `chatId` since. The user never sends anything twice: an update a crash
 * interrupted is redelivered by the server and must be answered by a later bot.
 */
async function telegramStep(chatId: number, send: () => Update, accept: (m: Message) => boolean): Promise<Message> {
  const before = new Set(telegram.sentMessages(chatId).map(keyOf));
  const update = send();
  await telegram.handled(update, 120_000);
  const found = telegram.sentMessages(chatId).filter((m) => !before.has(keyOf(m)) && accept(m)).at(-1);
  if (found === undefined) {
    throw new Error(`update ${update.update_id} got no answer in chat ${chatId}: ${JSON.stringify(telegram.sentMessages(chatId).slice(-2).map((m) => m.text))}`);
  }
  return found;
}

const hasButton = (data: string) => (m: Message) => JSON.stringify(m.reply_markup ?? {}).includes(data);

/** /flag, the milestone button, the rationale as a reply; resolves with the bot's answer. */
async function flagOnTelegram(user: User, campaign: string, rationale: string): Promise<string> {
  const menu = await telegramStep(user.id, () => telegram.injectMessage({ chatId: user.id, from: user, text: `/flag ${campaign}` }), hasButton(`flag|${campaign}|0`));
  const prompt = await telegramStep(user.id, () => telegram.injectCallback({ from: user, message: menu, data: `flag|${campaign}|0` }), (m) => (m.text ?? "").includes("Send it as your next message"));
  const answer = await telegramStep(
    user.id,
    () => telegram.injectMessage({ chatId: user.id, from: user, text: rationale, replyTo: prompt }),
    (m) => /Flag accepted|is on-chain|already asked to flag|already on-chain/.test(m.text ?? ""),
  );
  return answer.text ?? "";
}

// ---- Discord, as a member: an interaction that dies with the bot is simply tried again ----

async function discordFlag(member: MemberRecord, campaign: string, rationale: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const opened = discord.slash(member, "flag", { campaign, milestone: 0 });
      await opened.firstResponse(15_000);
      const modal = discord.submitModal(member, opened, { rationale });
      const answer = await finalText(modal);
      if (/is on-chain|already/i.test(answer)) return answer;
    } catch {
      // The bot died mid-interaction ("This interaction failed"): the member tries again.
    }
    if (attempt === 20) throw new Error(`${member.username}: no answer after 20 tries`);
    await sleep(1_000);
  }
}

async function finalText(ix: InteractionRecord): Promise<string> {
  await ix.waitFor(
    (c) =>
      (c.kind === "edit-original" && !(typeof c.body.content === "string" && c.body.content.endsWith("…"))) ||
      (c.kind === "callback" && c.type === 4),
    60_000,
  );
  return JSON.stringify(ix.visible());
}

// ---- the researcher: /submit with the document, then the signing page's two calls ----

async function fetchJson(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  for (;;) {
    try {
      const response = await fetch(`${web}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    } catch {
      await sleep(500); // the bot (and its web server) is down: the page is reloaded later
    }
  }
}

/** What the wallet does on the page: adds its signature to the prepared transaction. */
function signedBy(prepared: string, wallet: Keypair): string {
  const tx = Transaction.from(Buffer.from(prepared, "base64"));
  tx.partialSign(wallet);
  return tx.serialize({ requireAllSignatures: false }).toString("base64");
}

interface Submission {
  readonly evidenceId: string;
  readonly sha256: string;
  readonly signature: string;
  readonly attempts: number;
}

async function submitOnTelegram(researcher: User, campaign: CampaignFixture, document: Uint8Array): Promise<Submission> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const file = telegram.addFile(document);
    const answer = await telegramStep(
      researcher.id,
      () =>
        telegram.injectMessage({
          chatId: researcher.id,
          from: researcher,
          caption: `/submit ${campaign.address.toBase58()} 1`,
          document: { ...file, file_name: "results.csv", mime_type: "text/csv" },
        }),
      (m) => SIGN_LINK.test(m.text ?? ""),
    );
    const text = answer.text ?? "";
    const id = SIGN_LINK.exec(text)?.[1] ?? "";
    const prepared = await fetchJson(`/api/sign/${id}/prepare`, {});
    if (prepared.status !== 200) continue;
    // "Evidence stored on Arweave (results.csv): <gateway>/<id>": the id is the link's last segment.
    const evidenceUrl = /Evidence stored on Arweave[^\n]*?: (\S+)/.exec(text)?.[1];
    const [evidenceId = "", sha256 = ""] = [evidenceUrl?.split("/").at(-1), /SHA-256 ([0-9a-f]{64})/.exec(text)?.[1]];
    // The page keeps the signed bytes and POSTs them again after a kill (a reload): the bot
    // stored them with its claim, so the retry resumes the send; no second /submit. Only when
    // nothing was sent (422, e.g. the blockhash expired while the bot was down) does the
    // wallet sign again, on the same page.
    let signed = signedBy(prepared.json.transaction as string, campaign.researcher);
    for (let post = 1; post <= 20; post++) {
      const sent = await fetchJson(`/api/sign/${id}`, { transaction: signed });
      if (sent.status === 200 && sent.json.ok === true) return { evidenceId, sha256, signature: sent.json.signature as string, attempts: attempt };
      // Sent but the chain did not answer: the same bytes again poll the same transaction.
      if (sent.status === 200 && sent.json.error === "ChainUnavailable") {
        await sleep(500);
        continue;
      }
      if (sent.status !== 422) throw new Error(`the signed submission was refused after a kill: ${sent.status} ${JSON.stringify(sent.json)}`);
      const again = await fetchJson(`/api/sign/${id}/prepare`, {});
      if (again.status !== 200) throw new Error(`the signing page could not prepare again: ${again.status} ${JSON.stringify(again.json)}`);
      signed = signedBy(again.json.transaction as string, campaign.researcher);
    }
  }
  throw new Error("the submission never landed");
}

// ---- where a kill landed ----

async function indexerBacklog(): Promise<number> {
  const cursor = await world.database.db.prisma.indexerCursor.findUnique({ where: { name: "pepfund" } });
  const after = await world.chain.connection.getSignaturesForAddress(PROGRAM_ID, { limit: 1000, ...(cursor?.signature == null ? {} : { until: cursor.signature }) }, "confirmed");
  return after.length;
}

async function landing(): Promise<string> {
  const prisma = world.database.db.prisma;
  const flags = (await prisma.flagRequest.findMany({ orderBy: { createdAt: "asc" }, select: { status: true } })).map((r) => r.status[0]).join("");
  const claims = await prisma.chatUpdate.count({ where: { doneAt: null } });
  const outbox = await prisma.outboxMessage.count({ where: { status: "PENDING" } });
  // Claimed by a sender and not yet sent: the dead process's, since the kill came first.
  const leased = await prisma.outboxMessage.count({ where: { status: "PENDING", claimedBy: { not: null } } });
  const signing = (await prisma.signingRequest.findMany({ select: { status: true } })).map((r) => r.status[0]).join("");
  return `flags=${flags || "-"} claimsOpen=${claims} tgUnconfirmed=${telegram.pendingUpdates.length} outbox=${outbox} leased=${leased} signing=${signing || "-"} indexerBehind=${await indexerBacklog()}`;
}

/** What a chat shows: Telegram messages' text, Discord posts' bodies (a `dm:<user>` target is that member's DM). */
function chatTexts(platform: string, chatId: string): string[] {
  if (platform === "TELEGRAM") return telegram.sentMessages(Number(chatId)).map((m) => m.text ?? "");
  const posts = chatId.startsWith(DIRECT_PREFIX) ? discord.directMessages(chatId.slice(DIRECT_PREFIX.length)) : discord.channelPosts(chatId);
  return posts.map((p) => JSON.stringify(p.body));
}

/** The Arweave id a queued notice is about (a flag's rationale, a submission's evidence). */
function noticeMarker(notice: { rationale?: { id?: string }; evidence?: { id?: string }; outcome?: { rationale?: { id?: string } } }): string | undefined {
  return notice.rationale?.id ?? notice.evidence?.id ?? notice.outcome?.rationale?.id;
}

/**
 * A flag's answer that the user saw in their interaction: it stands in for their outcome notice
 * (held in the outbox and withdrawn once the answer was delivered), which goes to their DM.
 */
function discordAnswersFor(platform: string, chatId: string): string[] {
  if (platform !== "DISCORD" || !chatId.startsWith(DIRECT_PREFIX)) return [];
  const userId = chatId.slice(DIRECT_PREFIX.length);
  const userOf = (ix: InteractionRecord) => {
    const payload = ix.payload as { member?: { user?: { id?: string } }; user?: { id?: string } };
    return (payload.member?.user ?? payload.user)?.id;
  };
  return discord.interactions.filter((ix) => userOf(ix) === userId).map((ix) => JSON.stringify(ix.visible()));
}

/**
 * Messages the killed bot had delivered but not yet marked sent: the platform shows them and
 * the outbox still has them pending. Telegram's sendMessage takes no idempotency key, so
 * exactly these may be sent once more there after the restart; the Discord notifier's nonce
 * (enforce_nonce) makes Discord hand back the first message instead, so Discord never repeats.
 * A flag's outcome notice held for the command's answer counts too when the answer was shown
 * and the kill came before the answer withdrew it: the notice is sent after the restart.
 * Each kill that finds a message shown more often than at the kill before, and still pending,
 * caught one more such delivery: the next process takes the message over at once and may be
 * killed again before marking it (the "outbox delivering" kills come right after a post), so
 * a Telegram chat may show it once more per such kill.
 */
const inFlight = new Map<string, { shown: number; caught: number }>();
async function deliveredUnmarked(): Promise<number> {
  let found = 0;
  for (const row of await world.database.db.prisma.outboxMessage.findMany({ where: { status: "PENDING" }, select: { payload: true } })) {
    const payload = row.payload as { target?: { platform: string; chatId: string }; notice?: Parameters<typeof noticeMarker>[0] };
    const marker = payload.notice === undefined ? undefined : noticeMarker(payload.notice);
    if (payload.target === undefined || marker === undefined) continue;
    const shown = [...chatTexts(payload.target.platform, payload.target.chatId), ...discordAnswersFor(payload.target.platform, payload.target.chatId)];
    const times = shown.filter((t) => t.includes(marker)).length;
    if (times > 0) {
      const key = `${payload.target.platform}|${payload.target.chatId}|${marker}`;
      const before = inFlight.get(key) ?? { shown: 0, caught: 0 };
      inFlight.set(key, { shown: times, caught: before.caught + (times > before.shown ? 1 : 0) });
      found += 1;
    }
  }
  return found;
}

/** How often `marker` may show in a chat: once, and in a Telegram chat once more per kill that caught a delivery of it in flight. */
const allowed = (chatId: string, marker: string) => Array.from({ length: 1 + (inFlight.get(`TELEGRAM|${chatId}|${marker}`)?.caught ?? 0) }, (_, i) => i + 1);

describe("GIVEN the bot process killed with SIGKILL again and again while commands flow", () => {
  it(`THEN after ${KILLS} kills and restarts every command completed once and every event was announced once per channel`, async () => {
    // Campaign A: milestone 1 in review; holders deposited and named the relayer. Backer supply
    // 3000 + 5..24 USDC: the flags together stay under the 10% quorum.
    const holders = RELAYED + DIRECT_FLAGGERS;
    const contributions = [3000n * USDC, ...Array.from({ length: holders }, (_, i) => BigInt(5 + i) * USDC)];
    const a = await campaignInReview(world, contributions, Array.from({ length: holders }, (_, i) => i + 1));
    // Campaign B: active, its researcher submits milestone 1 from Telegram.
    const b = await CampaignFixture.active(world.protocol, [4_000, 3_000, 3_000], [100n * USDC]);
    // Campaign C: nobody follows it; its backer's small deposits only lengthen the indexer's passes.
    const c = await CampaignFixture.active(world.protocol, [4_000, 3_000, 3_000], [100n * USDC]);
    const filler = c.backers[0] as Keypair;
    const [campaignA, campaignB] = [a.address.toBase58(), b.address.toBase58()];

    // Linked wallets (the link flow has its own tests): Telegram users, Discord members, the researcher.
    const tgFlaggers = Array.from({ length: TELEGRAM_FLAGGERS }, (_, i) => telegramUser(`Holder ${i}`));
    const dcFlaggers = Array.from({ length: DISCORD_FLAGGERS }, (_, i) => discord.addMember(`holder${i}`));
    const researcher = telegramUser("Researcher");
    const link = (platform: "TELEGRAM" | "DISCORD", userId: string, chatId: string, wallet: Keypair) =>
      world.store.links.insert({ platform, userId, chatId, address: wallet.publicKey.toBase58(), challengeNonce: `crash-${userId}-${Keypair.generate().publicKey.toBase58()}`, linkedAt: new Date() });
    for (const [i, user] of tgFlaggers.entries()) await link("TELEGRAM", String(user.id), String(user.id), a.backers[i + 1] as Keypair);
    for (const [i, member] of dcFlaggers.entries()) await link("DISCORD", member.id, discord.channel.id, a.backers[TELEGRAM_FLAGGERS + i + 1] as Keypair);
    await link("TELEGRAM", String(researcher.id), String(researcher.id), b.researcher);

    // The bot runs; once its indexer has caught up with the set-up, a Telegram group and a
    // Discord channel subscribe to both campaigns: every later event must reach both.
    await boot();
    await expect.poll(indexerBacklog, { timeout: 120_000, interval: 500 }).toBe(0);
    telegram.addChat({ id: GROUP_ID, type: "supergroup", title: "Backers" });
    const admin = telegramUser("Admin");
    telegram.setMember(GROUP_ID, admin.id, "administrator");
    const moderator = discord.addMember("moderator", [discord.world.addRole("mods", Permission.ManageGuild).id]);
    const channel = discord.world.addChannel("announcements");
    for (const campaign of [campaignA, campaignB]) {
      await telegramStep(GROUP_ID, () => telegram.injectMessage({ chatId: GROUP_ID, from: admin, text: `/subscribe ${campaign}` }), (m) => (m.text ?? "").includes("now follows"));
      expect(await finalText(discord.slash(moderator, "subscribe", { campaign }, channel))).toContain("now gets announcements");
    }
    expect(await world.database.db.prisma.subscription.count()).toBe(4);
    const groupSeen = new Set(telegram.sentMessages(GROUP_ID).map((m) => m.message_id));
    const before = new Set([
      ...(await world.chain.connection.getSignaturesForAddress(a.address, { limit: 1000 }, "confirmed")).map((s) => s.signature),
      ...(await world.chain.connection.getSignaturesForAddress(b.address, { limit: 1000 }, "confirmed")).map((s) => s.signature),
    ]);

    // The users act, all at once, while the bot keeps dying.
    const evidence = new TextEncoder().encode(`sample,value\n${Array.from({ length: 200 }, (_, i) => `${i},${(i * 7) % 13}`).join("\n")}\n`);
    const users = Promise.all([
      ...tgFlaggers.map((user, i) => flagOnTelegram(user, campaignA, `Telegram holder ${i}: figure ${i} does not match the raw data.`)),
      ...dcFlaggers.map((member, i) => discordFlag(member, campaignA, `Discord holder ${i}: the controls of run ${i} are missing.`)),
      submitOnTelegram(researcher, b, evidence),
    ]);
    let usersDone = false;
    void users.then(() => (usersDone = true), () => (usersDone = true));

    // Holders who flag by themselves, in bursts while the bot is down: a backlog for its indexer.
    const direct = a.backers.slice(RELAYED + 1);
    const rationales = direct.map((_, i) => Array.from({ length: 32 }, (__, j) => (i * 31 + j + 1) % 256));
    const flaggedDirectly = new Set<Keypair>();
    // Each kill waits for a moment in one stage (then comes at once), or for a random delay.
    const prisma = world.database.db.prisma;
    let backlogAtBoot: number;
    let postsAtBoot = 0;
    let cursorAtBoot: string | null = null;
    let newestAtBoot: string | undefined;
    const posts = () => telegram.sentMessages(GROUP_ID).length + discord.channelPosts(channel.id).length;
    const stages: Record<string, () => Promise<boolean>> = {
      "Telegram handler running": async () => (await prisma.chatUpdate.count({ where: { doneAt: null } })) > 0,
      "flag uploaded or sent, not confirmed": async () => (await prisma.flagRequest.count({ where: { status: { in: ["UPLOADED", "SENT"] } } })) > 0,
      // The cursor (a database read, no RPC) has moved from where it stood at boot, not yet to
      // the newest transaction there was then (one write batch of the backlog is in).
      "indexer mid-pass": async () => {
        const cursor = await prisma.indexerCursor.findUnique({ where: { name: "pepfund" } });
        return cursor !== null && cursor.signature !== cursorAtBoot && cursor.signature !== newestAtBoot;
      },
      "outbox delivering": () => Promise.resolve(posts() > postsAtBoot),
    };
    const SLOW_NODE_STAGES = new Set(["indexer mid-pass", "flag uploaded or sent, not confirmed"]);
    const plan = ["Telegram handler running", "flag uploaded or sent, not confirmed", "Telegram handler running", "indexer mid-pass", "flag uploaded or sent, not confirmed", "outbox delivering", "indexer mid-pass", "outbox delivering"];
    const killedAt: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      // Measured while the bot is down: its indexer starts working before it says "ready".
      [backlogAtBoot, postsAtBoot] = [await indexerBacklog(), posts()];
      const stage = plan[kill];
      if (stage === "indexer mid-pass") {
        cursorAtBoot = (await prisma.indexerCursor.findUnique({ where: { name: "pepfund" } }))?.signature ?? null;
        newestAtBoot = (await world.chain.connection.getSignaturesForAddress(PROGRAM_ID, { limit: 1 }, "confirmed"))[0]?.signature;
      }
      // A slow RPC node (every answer 400 ms late): the indexer's catch-up pass, and a flag's
      // time between SENT and its confirmation (the transaction is built before SENT, so only
      // the journal write, the send and the confirmation are left), span seconds, not
      // milliseconds, so the kill can find them mid-way on a fast machine too.
      if (stage !== undefined && SLOW_NODE_STAGES.has(stage)) await world.chain.setFaults({ delayMs: 400 });
      if (kill > 0) await boot();
      let seen = false;
      if (stage === undefined) {
        await sleep(300 + Math.floor(Math.random() * 2_500));
      } else {
        const check = stages[stage] ?? (() => Promise.resolve(true));
        for (const deadline = Date.now() + STAGE_WAIT_MS; !seen && Date.now() < deadline; ) seen = (await check()) || (await sleep(25), false);
      }
      await current?.kill();
      if (stage !== undefined && SLOW_NODE_STAGES.has(stage)) await world.chain.setFaults({ delayMs: 0 });
      const when = stage === undefined ? "random" : `${stage}${seen ? "" : ` (not seen in ${STAGE_WAIT_MS / 1000} s)`}`;
      killedAt.push(`#${kill + 1} [${when}] ${await landing()} deliveredUnmarked=${await deliveredUnmarked()} (indexer backlog at start ${backlogAtBoot})`);
      // Before each "indexer mid-pass" kill: holders flag by themselves while the bot is down.
      if (plan[kill + 1] === "indexer mid-pass") {
        const burst = direct.filter((owner) => !flaggedDirectly.has(owner)).slice(0, BURST);
        await Promise.all([
          ...burst.map((owner) => a.flag(owner, 0, 1, owner, rationales[direct.indexOf(owner)])),
          ...Array.from({ length: FILLER }, (_, i) => c.deposit(filler, BigInt(kill * FILLER + i + 1))),
        ]);
        for (const owner of burst) flaggedDirectly.add(owner);
      }
    }
    await boot();
    const results = await users;
    expect(usersDone).toBe(true);

    // Quiescence: every request finished, the indexer caught up, nothing left in the outbox.
    await expect
      .poll(
        async () => {
          const open = await prisma.flagRequest.count({ where: { status: { not: "CONFIRMED" } } });
          const pending = await prisma.outboxMessage.count({ where: { status: "PENDING" } });
          return `open=${open} pending=${pending} behind=${await indexerBacklog()} tgUnconfirmed=${telegram.pendingUpdates.length}`;
        },
        { timeout: 150_000, interval: 1_000 },
      )
      .toBe("open=0 pending=0 behind=0 tgUnconfirmed=0");
    const takenOver = runs
      .flatMap((run) => [...run.output.join("").matchAll(/outbox: took over (\d+) message/g)])
      .reduce((sum, m) => sum + Number(m[1]), 0);
    const report = [
      ...killedAt,
      `delivered but not marked sent at a kill (Telegram may repeat once per such kill, Discord must not): ${inFlight.size === 0 ? "none" : [...inFlight].map(([key, { caught }]) => `${key} (${caught} kill${caught === 1 ? "" : "s"})`).join(", ")}`,
      `submissions: ${JSON.stringify(results.at(-1))}`,
      `spawn to ready (ms): ${[...bootMs].sort((x, y) => x - y).join(" ")}`,
      `outbox messages taken over from a killed process: ${takenOver}`,
    ].join("\n");
    process.stdout.write(`bot-crash: where the kills landed\n${report}\n`);

    // The kills landed mid-pipeline: a kill came right after its stage was seen, or the state
    // after it shows the stage unfinished (a Telegram claim not done, a flag between ACCEPTED and
    // CONFIRMED, the indexer behind the chain, announcements queued).
    const landedIn = (stage: string, after: RegExp) => killedAt.some((k) => k.includes(`[${stage}]`) || after.test(k));
    expect(landedIn("Telegram handler running", /claimsOpen=[1-9]/), report).toBe(true);
    expect(landedIn("flag uploaded or sent, not confirmed", /flags=\S*[AUS]/), report).toBe(true);
    expect(landedIn("indexer mid-pass", /indexerBehind=[1-9]/), report).toBe(true);
    expect(landedIn("outbox delivering", /outbox=[1-9]/), report).toBe(true);
    // A kill that left messages leased: the next process took them over at once (same host, the
    // pid gone) instead of holding those chats back for the lease's 60 s.
    if (killedAt.some((k) => /leased=[1-9]/.test(k))) expect(takenOver, report).toBeGreaterThan(0);

    // On-chain: every relayed flag exactly once with the rationale that was uploaded; the direct ones too.
    const requests = await prisma.flagRequest.findMany();
    expect(requests).toHaveLength(RELAYED);
    const program = world.protocol.as(world.protocol.relay);
    for (const request of requests) {
      const record = await program.account.flagRecord.fetch(flagPda(a.address, 0, 1, new PublicKey(request.wallet)));
      const id = Buffer.from(record.rationale).toString("base64url");
      expect(id).toBe(request.rationaleId);
      expect(new TextDecoder().decode((await world.evidence.read(id, 10_000)).bytes)).toBe(request.rationale);
    }
    const milestone = (await world.reader.getCampaign(campaignA))?.milestones[0];
    expect(milestone?.flagCount).toBe(RELAYED + DIRECT_FLAGGERS);
    expect(milestone?.flagWeight).toBe(contributions.slice(1).reduce((x, y) => x + y, 0n));

    // Each transaction the campaigns saw since the subscriptions, with its events.
    const landed: { signature: string; logs: readonly string[] }[] = [];
    for (const address of [a.address, b.address]) {
      for (const s of await world.chain.connection.getSignaturesForAddress(address, { limit: 1000 }, "confirmed")) {
        if (before.has(s.signature) || s.err !== null) continue;
        const tx = await world.chain.connection.getTransaction(s.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
        landed.push({ signature: s.signature, logs: tx?.meta?.logMessages ?? [] });
      }
    }
    const flagTxs = landed.filter((t) => t.logs.some((l) => l.includes("Instruction: FlagSubmit")));
    expect(flagTxs).toHaveLength(RELAYED + DIRECT_FLAGGERS); // none paid twice
    expect(new Set(requests.map((r) => r.txSignature))).toEqual(new Set(flagTxs.map((t) => t.signature).filter((s) => requests.some((r) => r.txSignature === s))));

    // The submission: once, with the evidence the bot uploaded, whose bytes are on Arweave.
    const submission = results.at(-1) as Submission;
    const submitTxs = landed.filter((t) => t.logs.some((l) => l.includes("Instruction: MilestoneSubmit")));
    expect(submitTxs).toHaveLength(1);
    // One /submit: the signed submission survived every kill (no starting over).
    expect(submission.attempts).toBe(1);
    expect(submitTxs[0]?.signature).toBe(submission.signature);
    const submitted = (await world.reader.getCampaign(campaignB))?.milestones[0];
    expect(submitted?.status).toBe("InReview");
    const events = landed.flatMap((t) => decodeProgramEvents(t.logs));
    const submittedEvent = events.find((e) => e.name === "MilestoneSubmitted");
    expect(submittedEvent && "evidenceId" in submittedEvent ? submittedEvent.evidenceId : "").toBe(submission.evidenceId);
    const stored = await world.evidence.read(submission.evidenceId, 1_000_000);
    expect(Buffer.from(stored.bytes)).toEqual(Buffer.from(evidence));
    expect(submission.sha256).toBe(createHash("sha256").update(evidence).digest("hex"));

    // Outcomes: every Telegram flag (none lost, Telegram redelivers) got exactly one "is on-chain"
    // message in the private chat; a Discord member sees the outcome at most once (the answer, or
    // the notice in their DM: personal notices never go to a channel).
    for (const user of tgFlaggers) {
      const request = requests.find((r) => r.userId === String(user.id));
      const outcomes = telegram.sentMessages(user.id).filter((m) => (m.text ?? "").includes("is on-chain"));
      expect(outcomes.every((m) => (m.text ?? "").includes(request?.rationaleId ?? "?")), `Telegram user ${user.id}`).toBe(true);
      expect(allowed(String(user.id), request?.rationaleId ?? "?"), `Telegram user ${user.id}`).toContain(outcomes.length);
    }
    const answers = discord.interactions.map((ix) => JSON.stringify(ix.visible()));
    for (const request of requests.filter((r) => r.platform === "DISCORD")) {
      const direct = `${DIRECT_PREFIX}${request.userId}`;
      const seen = [...answers, ...chatTexts("DISCORD", direct), ...chatTexts("DISCORD", discord.channel.id)].filter((t) => t.includes(request.txSignature ?? "?")).length;
      expect(seen, `Discord ${request.userId}`).toBeLessThanOrEqual(Math.max(...allowed(direct, request.rationaleId ?? "?")));
    }

    // Announcements: each event with a notice, exactly once in the group and in the channel.
    const announced = events.filter((e) => e.name === "FlagSubmitted" || e.name === "MilestoneSubmitted");
    expect(announced).toHaveLength(RELAYED + DIRECT_FLAGGERS + 1);
    const markers = announced.map((e) => (e.name === "FlagSubmitted" ? e.rationale : e.name === "MilestoneSubmitted" ? e.evidenceId : ""));
    const groupPosts = telegram.sentMessages(GROUP_ID).filter((m) => !groupSeen.has(m.message_id)).map((m) => m.text ?? "");
    const channelPosts = discord.channelPosts(channel.id).map((p) => JSON.stringify(p.body));
    for (const [where, chatId, posts] of [["Telegram group", String(GROUP_ID), groupPosts], ["Discord channel", channel.id, channelPosts]] as const) {
      for (const marker of markers) expect(allowed(chatId, marker), `${where}: ${marker}`).toContain(posts.filter((p) => p.includes(marker)).length);
      expect(posts.every((p) => markers.some((m) => p.includes(m))), `${where}: only these announcements`).toBe(true);
    }
  }, 420_000);
});
