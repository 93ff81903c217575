/**
 * Announcements through the real outbox, the real TelegramNotifier and the local Bot API
 * server: escaped HTML (Telegram would refuse raw markup), buttons, forum topics, 429s
 * waited out or handed to the outbox as RetryAfterError, removed bots and outages, and
 * bulk announcements paced under the flood limits with no 429 at all.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Notice } from "../../../bot/core/notices.js";
import type { Store } from "../../../bot/core/ports.js";
import { announce } from "../../../bot/core/usecases/announce.js";
import { deliverOutbox } from "../../../bot/core/usecases/deliver-outbox.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { TelegramNotifier } from "../../../bot/telegram/notifier.js";
import { FloodPacer, TELEGRAM_PACING } from "../../../bot/telegram/pacing.js";
import { FloodControl, TELEGRAM_FLOOD_LIMITS, type FloodLimits } from "../../telegram-server/flood.js";
import { TelegramTestServer } from "../../telegram-server/server.js";
import { databaseKinds, type TestDatabase } from "../support/databases.js";
import { randomAddress } from "../support/fakes.js";
import { TelegramHarness } from "./harness.js";
import { PLATFORMS } from "../support/platforms.js";

const EVIL = `<script>alert("x")</script> & <b>bold</b> <a href="javascript:alert(1)">click</a>`;

function submitted(campaign: string): Notice {
  const evidenceId = "A".repeat(43);
  return {
    kind: "MilestoneSubmitted",
    campaign: { address: campaign, label: `#0 by ABCD…WXYZ — ${EVIL}` },
    milestone: { index: 0, title: `Title ${EVIL}`, attempt: 1 },
    evidence: { id: evidenceId, url: `https://arweave.net/${evidenceId}`, sha256: "ab".repeat(32), type: "Dataset" },
    windowEnd: 1_900_000_000,
    flagThreshold: 1_000_000n,
    quorumWeight: 100_000_000n,
  };
}

function released(campaign: string): Notice {
  return { kind: "TrancheReleased", campaign: { address: campaign, label: "#1" }, milestone: { index: 0, title: "M1" }, amount: 1_500_000n, recipient: randomAddress(), releasedTotal: 1_500_000n };
}

let nextGroup = -1002000000000;

describe.each(databaseKinds)("Telegram announcements on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  let server: TelegramTestServer;
  let notifier: TelegramNotifier;
  /** Real time, moved forward by tests (the outbox's due times are the database's now()). */
  let skewSeconds = 0;
  const clock = { now: () => new Date(Date.now() + skewSeconds * 1000), advance: (s: number) => (skewSeconds += s) };
  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });
  afterEach(async () => {
    await server.stop();
  });

  async function start(flood: FloodLimits | false = false) {
    server = await TelegramTestServer.start({ flood });
    notifier = new TelegramNotifier(server.token, { apiRoot: server.apiRoot });
  }

  /**
   * The server's flood limits and the notifier's pacer on one virtual clock (ms): the pacer's
   * waits move it instead of passing, so the server judges each message at the time the pacer
   * planned it, whatever the machine's load. The outbox sends one message at a time, so a wait
   * moves the clock to exactly the planned slot. Returns each message's planned send time.
   */
  async function startOnVirtualClock(flood: FloodLimits): Promise<number[]> {
    let virtualNow = 0;
    const planned: number[] = [];
    class RecordingPacer extends FloodPacer {
      override reserve(chatId: number): number {
        const wait = super.reserve(chatId);
        planned.push(virtualNow + wait);
        return wait;
      }
    }
    const pacer = new RecordingPacer(TELEGRAM_PACING, () => virtualNow, (ms) => {
      virtualNow += ms;
      return Promise.resolve();
    });
    server = await TelegramTestServer.start({ flood, now: () => virtualNow });
    notifier = new TelegramNotifier(server.token, { apiRoot: server.apiRoot, pacer });
    return planned;
  }

  /** `n` groups (or topics) following a fresh campaign. */
  async function followers(n: number, topic?: number) {
    const campaign = randomAddress();
    const groups: number[] = [];
    for (let i = 0; i < n; i++) {
      const id = nextGroup--;
      server.addChat({ id, type: "supergroup", forum: topic !== undefined });
      if (topic !== undefined) server.addTopic(id, topic);
      await store.subscriptions.add({ campaign, platform: "TELEGRAM", scopeId: String(id), channelId: topic === undefined ? "" : String(topic), createdBy: "1" });
      groups.push(id);
    }
    return { campaign, groups };
  }

  const deliver = () => deliverOutbox({ store, notifiers: { TELEGRAM: notifier }, clock }, 2000);

  it("GIVEN campaign text with HTML and a script THEN Telegram accepts the message and shows the text literally, with evidence, flag and status buttons", async () => {
    await start();
    const { campaign, groups } = await followers(1);
    await announce({ store, platforms: PLATFORMS }, submitted(campaign), `ev-${campaign}`);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const [message] = server.sentMessages(groups[0]);
    expect(message?.text).toContain(`#0 by ABCD…WXYZ — ${EVIL}`);
    expect(message?.text).toContain(`Milestone 1 (Title ${EVIL})`);
    expect(server.callsOf("sendMessage")[0]?.payload.text).not.toContain("<script>");
    expect(TelegramHarness.buttons(message)).toEqual([
      { text: "View evidence", url: `https://arweave.net/${"A".repeat(43)}` },
      { text: "Flag", data: `flag|${campaign}|0||1` },
      { text: "Campaign status", data: `campaign|${campaign}` },
    ]);
  });

  it("GIVEN the public base URL THEN the announcement links the campaign's page beside the evidence", async () => {
    server = await TelegramTestServer.start({ flood: false });
    notifier = new TelegramNotifier(server.token, { apiRoot: server.apiRoot, publicBaseUrl: "https://pepfund.example" });
    const { campaign, groups } = await followers(1);
    await announce({ store, platforms: PLATFORMS }, submitted(campaign), `page-${campaign}`);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(TelegramHarness.buttons(server.sentMessages(groups[0])[0]).filter((b) => "url" in b)).toEqual([
      { text: "View evidence", url: `https://arweave.net/${"A".repeat(43)}` },
      { text: "Campaign page", url: `https://pepfund.example/c/${campaign}` },
    ]);
  });

  it("GIVEN a forum topic subscription THEN the message goes to that topic (message_thread_id)", async () => {
    await start();
    const { campaign, groups } = await followers(1, 42);
    await announce({ store, platforms: PLATFORMS }, released(campaign), `rel-${campaign}`);
    await deliver();
    expect(server.sentMessages(groups[0])[0]).toMatchObject({ message_thread_id: 42, is_topic_message: true });
  });

  it("GIVEN Telegram answers 429 with a short retry_after THEN the notifier waits it out and the message is sent", async () => {
    await start({ ...TELEGRAM_FLOOD_LIMITS, group: { capacity: 1, perSecond: 1 } });
    const campaign = randomAddress();
    const group = nextGroup--;
    server.addChat({ id: group, type: "supergroup" });
    await store.subscriptions.add({ campaign, platform: "TELEGRAM", scopeId: String(group), channelId: "", createdBy: "1" });
    await announce({ store, platforms: PLATFORMS }, released(campaign), `a-${campaign}`);
    await announce({ store, platforms: PLATFORMS }, submitted(campaign), `b-${campaign}`);
    expect(await deliver()).toMatchObject({ sent: 2 });
    const calls = server.callsOf("sendMessage");
    const refused = calls.find((c) => c.status === 429);
    const retried = calls.at(-1);
    expect(refused).toBeDefined();
    expect(retried?.status).toBe(200);
    expect((retried?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(server.sentMessages(group)).toHaveLength(2);
  });

  it("GIVEN a 429 longer than the notifier waits THEN the outbox defers it (RetryAfterError), nothing lost, sent later", async () => {
    await start({ ...TELEGRAM_FLOOD_LIMITS, group: { capacity: 1, perSecond: 1 / 600 } });
    const { campaign, groups } = await followers(1);
    const group = groups[0] ?? 0;
    await announce({ store, platforms: PLATFORMS }, released(campaign), `c-${campaign}`);
    await announce({ store, platforms: PLATFORMS }, submitted(campaign), `d-${campaign}`);
    expect(await deliver()).toMatchObject({ sent: 1, deferred: 1 });
    expect(server.callsOf("sendMessage").at(-1)).toMatchObject({ status: 429, response: { parameters: { retry_after: 600 } } });
    server.setFlood(false);
    expect(await deliver()).toMatchObject({ sent: 0 });
    clock.advance(601);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(server.sentMessages(group)).toHaveLength(2);
  });

  it("GIVEN Telegram is down THEN the announcement is retried with backoff and delivered once it is back", async () => {
    await start();
    const { campaign, groups } = await followers(1);
    server.setOutage(true);
    await announce({ store, platforms: PLATFORMS }, released(campaign), `e-${campaign}`);
    expect(await deliver()).toMatchObject({ retried: 1, sent: 0 });
    server.setOutage(false);
    clock.advance(3600);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(server.sentMessages(groups[0])).toHaveLength(1);
  });

  it("GIVEN the bot was removed from a group THEN the message is refused for good (FAILED), others still go", async () => {
    await start();
    const { campaign, groups } = await followers(2);
    server.kickBot(groups[0] ?? 0);
    await announce({ store, platforms: PLATFORMS }, released(campaign), `f-${campaign}`);
    expect(await deliver()).toMatchObject({ sent: 1, failed: 1 });
    expect(server.sentMessages(groups[1])).toHaveLength(1);
  });

  it("GIVEN one announcement for 60 groups under Telegram's real limits THEN all delivered, zero 429s, paced at about 30/s", async () => {
    const planned = await startOnVirtualClock(TELEGRAM_FLOOD_LIMITS);
    const { campaign, groups } = await followers(60);
    await announce({ store, platforms: PLATFORMS }, released(campaign), `g-${campaign}`);
    expect(await deliver()).toMatchObject({ sent: 60 });
    expect(server.callsOf("sendMessage").filter((c) => c.status === 429)).toHaveLength(0);
    expect(groups.every((g) => server.sentMessages(g).length === 1)).toBe(true);
    expect(planned).toHaveLength(60);
    // Our burst of 20 at once, then one every 1/30 s (and a little more).
    expect(planned.slice(0, 20).every((t) => t === 0)).toBe(true);
    const last = planned.at(-1) ?? 0;
    // Telegram's bucket (30 at once, 30/s) allows no less than (60 - 30) / 30 s; we stay near our own rate.
    expect(last).toBeGreaterThanOrEqual(FloodControl.minimumFanoutMs(TELEGRAM_FLOOD_LIMITS, 60));
    expect(last).toBeLessThanOrEqual(40 * TELEGRAM_PACING.global.intervalMs);
  });

  it("GIVEN 21 announcements for one group under the real limits THEN 19 go at once, then one every 3 s, no 429", async () => {
    const planned = await startOnVirtualClock(TELEGRAM_FLOOD_LIMITS);
    const { campaign, groups } = await followers(1);
    for (let i = 0; i < 21; i++) await announce({ store, platforms: PLATFORMS }, released(campaign), `h${i}-${campaign}`);
    expect(await deliver()).toMatchObject({ sent: 21 });
    expect(server.callsOf("sendMessage").filter((c) => c.status === 429)).toHaveLength(0);
    expect(server.sentMessages(groups[0])).toHaveLength(21);
    expect(planned).toHaveLength(21);
    // 19 at once; Telegram's group bucket holds 20 and refills one every 3 s.
    expect(planned.slice(0, 19).every((t) => t === 0)).toBe(true);
    expect(planned[19]).toBe(TELEGRAM_PACING.group.intervalMs);
    expect(planned[20]).toBe(2 * TELEGRAM_PACING.group.intervalMs);
    expect(TELEGRAM_PACING.group.intervalMs).toBeGreaterThanOrEqual(1000 / TELEGRAM_FLOOD_LIMITS.group.perSecond);
  });
});
