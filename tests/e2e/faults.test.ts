/**
 * Faults in every outside system while users act, end to end with every part real (the
 * localnet, arlocal behind two faulty-gateway proxies, PostgreSQL, the Telegram and Discord
 * bots on their local servers, the relayer, the indexer and the outbox delivery with both
 * notifiers):
 *
 * - the Solana RPC answers 500, 429 with Retry-After, slower than the relayer's timeout, and
 *   drops a transaction, during flags and during the indexer's passes;
 * - both Arweave gateways down during the rationale uploads, then one; one gateway serving
 *   other bytes during evidence verification (the second serves the right ones);
 * - Telegram and Discord answer 429 (retry_after) to command replies and to announcements.
 *
 * Asserted where users and the chain see it: each accepted flag lands exactly once (FlagRecord,
 * flag_count, flag_weight, and the successful flag transactions touching the campaign), one
 * outcome message per user, every announcement delivered exactly once per following channel
 * in chain order, and refusals in words with nothing sent.
 */
import { createHash } from "node:crypto";
import type { PublicKey } from "@solana/web3.js";
import type { User } from "grammy/types";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { flagPda } from "../../bot/chain/pdas.js";
import type { ChatNotifier, Platform } from "../../bot/core/ports.js";
import { deliverOutbox } from "../../bot/core/usecases/deliver-outbox.js";
import { resumeFlags } from "../../bot/core/usecases/flag-relay.js";
import { plain } from "../../bot/chat/text.js";
import { OUTAGE_WORDS } from "../../bot/chat/words/refusals.js";
import { CampaignFixture, USDC } from "../bot/chain/support/campaign.js";
import type { MemberRecord } from "../discord-server/server.js";
import { finalAnswer, flagOnDiscord, lastOf, linkOnDiscord, linkOnTelegram, press, say, startChats, telegramUser, type Chats } from "./support/chats.js";
import { startFaultyWorld, untilItSucceeds, type FaultyWorld } from "./support/faults.js";
import { campaignInReview, wallClock, type World } from "./support/world.js";
import { PLATFORMS } from "../bot/support/platforms.js";

/** What every platform answers when something outside our control failed. */
const OUTAGE = plain(OUTAGE_WORDS);

let faulty: FaultyWorld;
let world: World;
let chats: Chats;

beforeAll(async () => {
  faulty = await startFaultyWorld();
  world = faulty.world;
  chats = await startChats(world);
}, 180_000);

/** No fault outlives the step it was set for (a failed step may leave one armed). */
const NO_FAULTS = { dropNextTransactions: 0, failNextRequests: 0, rateLimitNextRequests: 0, delayMs: 0 };
afterEach(async () => {
  await faulty.setRpcFaults(NO_FAULTS);
});

afterAll(async () => {
  await chats?.stop();
  await faulty?.stop();
});

const relayDeps = () => ({
  store: world.store,
  evidence: world.evidence,
  relayer: world.relayer,
  clock: wallClock,
  gatewayUrl: world.arlocal.url,
  chain: world.reader,
  platforms: PLATFORMS,
});

/** The relay worker's timer loop: passes until no request is left unfinished (failed passes retried). */
async function relayUntilDone(): Promise<number> {
  const { failures } = await untilItSucceeds(async () => {
    await resumeFlags(relayDeps(), { staleAfterMs: 0, limit: 50 });
    const left = await world.store.flagRequests.listUnfinished(new Date(Date.now() + 1_000), 50);
    if (left.length > 0) throw new Error(`${left.length} flag request(s) unfinished`);
  }, 30);
  return failures;
}

/** Flags through Telegram: /flag <campaign>, the milestone button, the rationale as a reply. */
async function flagOnTelegram(who: User, campaign: string, rationale: string): Promise<string> {
  const menu = lastOf(await say(chats, who, `/flag ${campaign}`));
  const prompt = lastOf(await press(chats, who, menu, `flag|${campaign}|0`));
  return (await say(chats, who, rationale, prompt)).map((m) => m.text ?? "").join("\n");
}

/** Successful flag_submit transactions touching the campaign, oldest first. */
async function flagTransactions(campaign: PublicKey): Promise<string[]> {
  const connection = world.chain.connection;
  const signatures = await connection.getSignaturesForAddress(campaign, { limit: 1000 }, "confirmed");
  const flags: string[] = [];
  for (const s of [...signatures].reverse()) {
    const tx = await connection.getTransaction(s.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    if (tx?.meta?.err === null && (tx.meta.logMessages ?? []).some((l) => l.includes("Instruction: FlagSubmit"))) flags.push(s.signature);
  }
  return flags;
}

/**
 * The outbox delivery loop with both notifiers until nothing is pending. A platform's long
 * `retry_after` defers messages into the future; rather than sleep through it, the delivery
 * clock jumps past it (the outbox compares availability with this clock only).
 */
async function deliverEverything(): Promise<{ deferred: number }> {
  const notifiers: Partial<Record<Platform, ChatNotifier>> = { TELEGRAM: chats.telegramNotifier, DISCORD: chats.discordBot.notifier };
  let offsetMs = 0;
  let deferred = 0;
  for (let round = 0; round < 20; round++) {
    const report = await deliverOutbox({ store: world.store, notifiers, clock: { now: () => new Date(Date.now() + offsetMs) }, backoffMs: 100 }, 50);
    deferred += report.deferred;
    const pending = await world.database.db.prisma.outboxMessage.count({ where: { status: "PENDING", kind: { startsWith: "notice:" } } });
    if (pending === 0) return { deferred };
    if (report.sent === 0) offsetMs += 130_000;
  }
  const left = await world.database.db.prisma.outboxMessage.findMany({ where: { status: "PENDING", kind: { startsWith: "notice:" } }, select: { kind: true, attempts: true, availableAt: true, lastError: true } });
  throw new Error(`the outbox never drained: ${JSON.stringify(left)}`);
}

const rationaleIdIn = (text: string, ids: readonly string[]) => ids.find((id) => text.includes(id));

describe("GIVEN holders on Telegram and Discord flagging while the RPC, Arweave and both chats misbehave", () => {
  it("THEN every accepted flag lands once, each holder hears once, and each channel gets each announcement once, in chain order", async () => {
    // Backer supply 1065 USDC; five holders of 11..15 USDC: together 6.1%, below quorum.
    const contributions = [1000n, 11n, 12n, 13n, 14n, 15n].map((n) => n * USDC);
    const c = await campaignInReview(world, contributions, [1, 2, 3, 4, 5]);
    const campaign = c.address.toBase58();
    const holders = c.backers.slice(1);
    // The indexer is past the set-up; a Telegram group and the Discord channel then follow the campaign.
    await faulty.indexer.pass();
    const groupId = -1_001_234_567_890;
    chats.telegram.addChat({ id: groupId, type: "supergroup", title: "Research DAO" });
    await world.store.subscriptions.add({ campaign, platform: "TELEGRAM", scopeId: String(groupId), channelId: "", createdBy: "test" });
    const channelId = chats.discord.channel.id;
    await world.store.subscriptions.add({ campaign, platform: "DISCORD", scopeId: chats.discord.world.guildId, channelId, createdBy: "test" });

    const tg = ["Ada", "Bea", "Cy"].map((name) => telegramUser(chats, name));
    const dc: MemberRecord[] = ["dee", "eve"].map((name) => chats.discord.addMember(name));
    for (const [i, who] of tg.entries()) await linkOnTelegram(chats, who, holders[i]!);
    for (const [i, member] of dc.entries()) await linkOnDiscord(chats, member, holders[3 + i]!);

    // Telegram answers 429 when the bot replies faster than one message per 2 s in a chat:
    // replies wait out retry_after and arrive once. The first flag's chain reads meet 429s.
    chats.telegram.setFlood({ global: { capacity: 30, perSecond: 30 }, group: { capacity: 20, perSecond: 1 }, privateChat: { capacity: 1, perSecond: 0.5 } });
    // The node fails the first read of Ada's /flag: she is told in words, nothing is stored.
    await faulty.setRpcFaults({ failNextRequests: 1 });
    expect((await say(chats, tg[0]!, `/flag ${campaign}`)).map((m) => m.text ?? "").join("\n")).toContain("Something went wrong on our side");
    expect(await world.database.db.prisma.flagRequest.count({ where: { campaign } })).toBe(0);
    await faulty.setRpcFaults({ rateLimitNextRequests: 2 });
    // Both Arweave gateways down while they flag: the relay that starts at once cannot upload
    // the rationales; each holder is told the flag is accepted and saved, nothing is sent.
    faulty.gateways[0].mode = "down";
    faulty.gateways[1].mode = "down";
    const accepted: string[] = [];
    for (const [i, who] of tg.entries()) accepted.push(await flagOnTelegram(who, campaign, `Holder ${i + 1}: figure ${i + 1} does not match the raw data.`));
    for (const [i, answer] of accepted.entries()) {
      expect(answer, `Telegram holder ${i + 1}`).toContain(`Flag accepted with weight ${11 + i}`);
      expect(answer, `Telegram holder ${i + 1}`).toContain("it is saved, will go out once");
    }
    expect(chats.telegram.calls.some((call) => call.method === "sendMessage" && call.status === 429)).toBe(true);
    for (const who of tg) expect(chats.telegram.sentMessages(who.id).filter((m) => (m.text ?? "").includes("Flag accepted"))).toHaveLength(1);

    // The resume worker cannot upload either while the gateways are down: the requests wait.
    await expect(resumeFlags(relayDeps(), { staleAfterMs: 0, limit: 50 })).rejects.toThrow();
    const waiting = await world.database.db.prisma.flagRequest.findMany({ where: { campaign } });
    expect(waiting.map((r) => r.status)).toEqual(["ACCEPTED", "ACCEPTED", "ACCEPTED"]);
    expect((await world.reader.getCampaign(campaign))?.milestones[0]?.flagCount).toBe(0);

    // One gateway back. The node is slower than the relayer's timeout for 5 s, then answers
    // 429 twice and 500 thirty times (more than the relayer's retries: a pass gives up and
    // the requests wait, SENT, for the next), and drops the first transaction it is sent.
    faulty.gateways[1].mode = "pass";
    await faulty.setRpcFaults({ delayMs: 2_500 });
    const recovered = setTimeout(() => void faulty.setRpcFaults({ delayMs: 0, failNextRequests: 30, rateLimitNextRequests: 2, dropNextTransactions: 1 }), 5_000);
    try {
      expect(await relayUntilDone()).toBeGreaterThan(0);
    } finally {
      clearTimeout(recovered);
      await faulty.setRpcFaults({ delayMs: 0 });
    }
    const relayed = await world.database.db.prisma.flagRequest.findMany({ where: { campaign } });
    expect(relayed.map((r) => r.status), JSON.stringify(relayed.map((r) => r.errorCode))).toEqual(["CONFIRMED", "CONFIRMED", "CONFIRMED"]);

    // The indexer's passes meet 500s and 429s; the background loop would simply try again.
    await faulty.setRpcFaults({ failNextRequests: 4, rateLimitNextRequests: 3 });
    await untilItSucceeds(() => faulty.indexer.pass());

    // Discord: the node fails the first read of Dee's flag (once the modal, which shows the
    // milestone's description, is open): she is told in words, nothing stored.
    const failFirstRead = () => faulty.setRpcFaults({ failNextRequests: 1 });
    const outage = await finalAnswer(await flagOnDiscord(chats, dc[0]!, campaign, "Figure 4 is a duplicate of figure 2.", failFirstRead), 60_000);
    expect(outage).toContain(OUTAGE);
    expect(await world.database.db.prisma.flagRequest.count({ where: { campaign, platform: "DISCORD" } })).toBe(0);
    // She tries again: a 429 on the reads, the transaction dropped once; on-chain once.
    await faulty.setRpcFaults({ rateLimitNextRequests: 1, dropNextTransactions: 1 });
    expect(await finalAnswer(await flagOnDiscord(chats, dc[0]!, campaign, "Figure 4 is a duplicate of figure 2."), 90_000)).toContain("is on-chain");
    // Eve's answer meets a 429 from Discord on the reply's edit: waited out, shown once.
    chats.discord.limiter.inject({ route: /\/webhooks\//, count: 1, retryAfter: 1 });
    const eve = await flagOnDiscord(chats, dc[1]!, campaign, "The control group is missing.");
    expect(await finalAnswer(eve, 90_000)).toContain("is on-chain");
    expect(chats.discord.limiter.given.some((g) => g.route.includes("/webhooks/"))).toBe(true);
    expect(JSON.stringify(eve.visible()).match(/is on-chain/g)).toHaveLength(1);

    // The indexer's next pass runs while the node is slower than its timeout for 3 s.
    await faulty.setRpcFaults({ delayMs: 2_500 });
    const faster = setTimeout(() => void faulty.setRpcFaults({ delayMs: 0 }), 3_000);
    try {
      await untilItSucceeds(() => faulty.indexer.pass());
    } finally {
      clearTimeout(faster);
      await faulty.setRpcFaults({ delayMs: 0 });
    }
    // A further pass finds nothing new: duplicates are harmless.
    const queued = await world.database.db.prisma.outboxMessage.count({ where: { kind: { startsWith: "notice:" } } });
    await faulty.indexer.pass();
    expect(await world.database.db.prisma.outboxMessage.count({ where: { kind: { startsWith: "notice:" } } })).toBe(queued);

    // Delivery: Telegram's group refuses with retry_after 120 s after one message, Discord
    // answers 429 twice (1 s: waited out in place; 30 s: back to the outbox, deferred).
    chats.telegram.setFlood({ global: { capacity: 30, perSecond: 30 }, group: { capacity: 1, perSecond: 1 / 120 }, privateChat: { capacity: 1, perSecond: 0.5 } });
    const channelRoute = new RegExp(`^POST /channels/${channelId}/messages$`);
    chats.discord.limiter.inject({ route: channelRoute, count: 1, retryAfter: 1 });
    chats.discord.limiter.inject({ route: channelRoute, count: 1, retryAfter: 30 });
    const firstRound = await deliverOutbox(
      { store: world.store, notifiers: { TELEGRAM: chats.telegramNotifier, DISCORD: chats.discordBot.notifier }, clock: wallClock },
      50,
    );
    expect(firstRound.deferred).toBeGreaterThan(0);
    chats.telegram.setFlood({ global: { capacity: 30, perSecond: 30 }, group: { capacity: 20, perSecond: 1 }, privateChat: { capacity: 1, perSecond: 0.5 } });
    await deliverEverything();
    expect(chats.telegram.calls.some((call) => call.method === "sendMessage" && call.payload.chat_id === groupId && call.status === 429)).toBe(true);
    expect(chats.discord.limiter.given.filter((g) => channelRoute.test(g.route)).map((g) => g.retryAfter)).toEqual([1, 30]);

    // On-chain: one FlagRecord per holder with its deposit; five successful flag transactions
    // touch the campaign (none paid twice), and they are the requests' and answers' signatures.
    let weight = 0n;
    for (const [i, holder] of holders.entries()) {
      const record = await world.protocol.as(world.protocol.relay).account.flagRecord.fetch(flagPda(c.address, 0, 1, holder.publicKey));
      expect(BigInt(record.weight.toString())).toBe(contributions[i + 1]);
      weight += contributions[i + 1] ?? 0n;
    }
    const milestone = (await world.reader.getCampaign(campaign))?.milestones[0];
    expect(milestone?.flagCount).toBe(5);
    expect(milestone?.flagWeight).toBe(weight);
    const flags = await flagTransactions(c.address);
    expect(flags).toHaveLength(5);
    const requests = await world.database.db.prisma.flagRequest.findMany({ where: { campaign } });
    expect(requests.map((r) => r.status)).toEqual(requests.map(() => "CONFIRMED"));
    expect(new Set(requests.map((r) => r.txSignature))).toEqual(new Set(flags));

    // Each Telegram holder got exactly one outcome message, with their transaction.
    for (const who of tg) {
      const outcomes = chats.telegram.sentMessages(who.id).filter((m) => (m.text ?? "").includes("is on-chain"));
      expect(outcomes, who.first_name).toHaveLength(1);
      const request = requests.find((r) => r.userId === String(who.id));
      expect(JSON.stringify(outcomes[0])).toContain(request?.txSignature ?? "missing");
    }

    // Each channel got each flag's announcement once, in the order the flags landed.
    const rationaleOrder = flags.map((sig) => requests.find((r) => r.txSignature === sig)?.rationaleId ?? "missing");
    const telegramAnnouncements = chats.telegram.sentMessages(groupId).map((m) => m.text ?? "").filter((t) => t.includes("flagged"));
    expect(telegramAnnouncements.map((t) => rationaleIdIn(t, rationaleOrder))).toEqual(rationaleOrder);
    const discordAnnouncements = chats.discord.channelPosts(channelId).map((p) => JSON.stringify(p.body)).filter((t) => t.includes("flagged"));
    expect(discordAnnouncements.map((t) => rationaleIdIn(t, rationaleOrder))).toEqual(rationaleOrder);
    const undelivered = await world.database.db.prisma.outboxMessage.count({ where: { kind: { startsWith: "notice:" }, status: { not: "SENT" } } });
    expect(undelivered).toBe(0);
    // The only errors logged are the two injected 500s that Ada and Dee were told about.
    expect(chats.errors).toHaveLength(2);
    for (const error of chats.errors) expect(error).toContain("500 Internal Server Error");
  }, 300_000);

  it("THEN evidence behind a gateway serving other bytes is read from the second; other bytes everywhere, or no gateway, are refused in words", async () => {
    const c = await CampaignFixture.active(world.protocol, [4_000, 3_000, 3_000], [100n * USDC]);
    const campaign = c.address.toBase58();
    const researcherDc = chats.discord.addMember("researcher");
    const researcherTg = telegramUser(chats, "Rhea");
    await linkOnDiscord(chats, researcherDc, c.researcher);
    await linkOnTelegram(chats, researcherTg, c.researcher);
    faulty.gateways[0].mode = "pass";
    faulty.gateways[1].mode = "pass";
    const report = new TextEncoder().encode("Milestone 1 report: all 40 cultures, raw counts attached.");
    const sha = createHash("sha256").update(report).digest("hex");
    const { id } = await world.evidence.upload(report, "text/plain");
    const signingRequests = () => world.database.db.prisma.signingRequest.count({ where: { signer: c.researcher.publicKey.toBase58() } });
    const submit = () => finalAnswer(chats.discord.slash(researcherDc, "submit", { campaign, milestone: 0, evidence_type: "Dataset", arweave_id: id }), 90_000);

    // The first gateway swaps the bytes: caught by the data_root check, the second's are used.
    faulty.gateways[0].mode = "swap-data";
    const before = faulty.gateways[0].requests.length;
    const stored = await submit();
    expect(stored).toContain(`SHA-256 \`${sha}\``);
    expect(stored).toContain("Sign the submission");
    expect(faulty.gateways[0].requests.slice(before).some((r) => r.includes(id))).toBe(true);
    expect(await signingRequests()).toBe(1);

    // Telegram, with a SHA-256 that is not the stored bytes': refused in words.
    const wrong = "ab".repeat(32);
    const mismatch = (await say(chats, researcherTg, `/submit ${campaign} 1 ${id} ${wrong}`)).map((m) => m.text ?? "").join("\n");
    expect(mismatch).toContain("do not match the SHA-256 given");

    // Every gateway serving other bytes, then every gateway down: refused, nothing to sign.
    faulty.gateways[1].mode = "swap-data";
    expect(await submit()).toContain(OUTAGE);
    faulty.gateways[0].mode = "down";
    faulty.gateways[1].mode = "down";
    expect(await submit()).toContain(OUTAGE);
    expect(await signingRequests()).toBe(1);

    // A gateway is back: the same command succeeds.
    faulty.gateways[1].mode = "pass";
    expect(await submit()).toContain(`SHA-256 \`${sha}\``);
    expect(await signingRequests()).toBe(2);
  }, 180_000);
});
