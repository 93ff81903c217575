/**
 * Researchers hear directly, on PGlite and on the real PostgreSQL: the indexer's step for a
 * flag, quorum, a dispute opened, a rejection with its written reasons, the approval that
 * opens fundraising and a released tranche queues one message for the private chat of every
 * chat account linked to the campaign's researcher wallet (Discord DM, Telegram private chat),
 * beside the channels following the campaign. A replay of the same events queues nothing
 * more; an event that does not concern the researcher (a submission they made) is not sent
 * to them; a campaign whose researcher linked no account tells nobody directly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeReply } from "../../../../bot/chat/notices.js";
import { urlsOf } from "../../../../bot/chat/reply.js";
import { plain } from "../../../../bot/chat/text.js";
import type { ProgramEvent } from "../../../../bot/core/events.js";
import type { Store } from "../../../../bot/core/ports.js";
import { announceEvent } from "../../../../bot/core/usecases/announce.js";
import { deliverOutbox } from "../../../../bot/core/usecases/deliver-outbox.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { campaign } from "../../support/campaigns.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { FakeChain, ManualClock, randomAddress } from "../../support/fakes.js";
import { RecordingNotifier } from "../../support/notifiers.js";
import { PLATFORMS } from "../../support/platforms.js";

const GATEWAY = "https://arweave.net";
const reasonId = "R".repeat(42) + "A";

/** Every event that concerns the researcher, and one that does not (their own submission). */
function events(address: string): ProgramEvent[] {
  return [
    { name: "CampaignApproved", campaign: address, admin: randomAddress() },
    { name: "FlagSubmitted", campaign: address, milestoneIndex: 0, attempt: 1, owner: randomAddress(), weight: 5n, rationale: "F".repeat(42) + "A", totalWeight: 5n, quorumWeight: 90n },
    { name: "QuorumReached", campaign: address, milestoneIndex: 0, attempt: 1, totalWeight: 95n },
    { name: "DisputeOpened", campaign: address, milestoneIndex: 0, attempt: 1, deadline: 1_900_000_000 },
    { name: "DisputeResolved", campaign: address, milestoneIndex: 0, attempt: 1, approved: false, reason: reasonId, resolver: randomAddress() },
    { name: "TrancheReleased", campaign: address, milestoneIndex: 1, amount: 300_000_000n, recipient: randomAddress(), releasedTotal: 300_000_000n },
    {
      name: "MilestoneSubmitted",
      campaign: address,
      milestoneIndex: 0,
      attempt: 2,
      evidenceType: "Paper",
      evidenceId: "E".repeat(42) + "A",
      evidenceHash: "ab".repeat(32),
      windowEnd: 1_900_000_000,
      backerSupplySnapshot: 10n,
      flagThreshold: 1n,
    },
  ];
}

describe.each(databaseKinds)("researcher notices on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  const chain = new FakeChain();
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
  });
  afterAll(async () => {
    await db.dispose();
  });

  /** Runs the indexer's step over `list`, each event in its own transaction as the indexer writes it. */
  async function index(list: readonly ProgramEvent[], signature: string): Promise<number> {
    let direct = 0;
    for (const [i, event] of list.entries()) {
      const result = await store.transaction((tx) => announceEvent({ store: tx, chain, gatewayUrl: GATEWAY, platforms: PLATFORMS }, event, `${signature}:${i}`));
      direct += result.researcherChats ?? 0;
    }
    return direct;
  }

  it("GIVEN a researcher linked on Discord and Telegram THEN each of their chats gets every notice that concerns them once, replays included", async () => {
    const c = campaign({ status: "Fundraising" });
    chain.campaigns.set(c.address, c);
    await store.links.insert({ platform: "TELEGRAM", userId: "5550001", address: c.researcher, chatId: "-100123", challengeNonce: randomAddress(), linkedAt: clock.now() });
    await store.links.insert({ platform: "DISCORD", userId: "223456789012345678", address: c.researcher, chatId: "323456789012345678", challengeNonce: randomAddress(), linkedAt: clock.now() });
    const signature = randomAddress();
    expect(await index(events(c.address), signature)).toBe(12);
    expect(await index(events(c.address), signature)).toBe(0);

    // Queued messages are due from the database's time; the manual clock stands a little behind it.
    clock.set(new Date(Date.now() + 60_000));
    const telegram = new RecordingNotifier();
    const discord = new RecordingNotifier();
    await deliverOutbox({ store, notifiers: { TELEGRAM: telegram, DISCORD: discord }, clock }, 100);
    const toTelegram = telegram.delivered.filter((d) => d.target.chatId === "5550001");
    const toDiscord = discord.delivered.filter((d) => d.target.chatId === "dm:223456789012345678");
    const kinds = ["FundraisingOpened", "FlagSubmitted", "QuorumReached", "DisputeOpened", "DisputeResolved", "TrancheReleased"];
    expect(toTelegram.map((d) => d.notice.kind)).toEqual(kinds);
    expect(toDiscord.map((d) => d.notice.kind)).toEqual(kinds);

    // The rejection carries its written reasons, as the chat layer shows them.
    const rejected = noticeReply(toTelegram[4]?.notice ?? { kind: "WalletLinked", address: "" }, { explorer: { cluster: "devnet" } });
    expect(plain(rejected.title ?? [])).toContain("dispute rejected");
    expect(urlsOf(rejected)).toContain(`${GATEWAY}/${reasonId}`);
  });

  it("GIVEN a researcher with no linked chat account THEN nobody is told directly; the following channel still is", async () => {
    const c = campaign();
    chain.campaigns.set(c.address, c);
    await store.subscriptions.add({ campaign: c.address, platform: "TELEGRAM", scopeId: "-100999", channelId: "", createdBy: "1" });
    const result = await store.transaction((tx) =>
      announceEvent({ store: tx, chain, gatewayUrl: GATEWAY, platforms: PLATFORMS }, { name: "QuorumReached", campaign: c.address, milestoneIndex: 0, attempt: 1, totalWeight: 9n }, `${randomAddress()}:0`),
    );
    expect([result.channels, result.queued, result.researcherChats]).toEqual([1, 1, 0]);
  });
});
