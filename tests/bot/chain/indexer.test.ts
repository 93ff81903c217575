/**
 * The indexer on the localnet with a real database: a campaign's events become outbox
 * announcements and timeline entries (dated by their block time) exactly once, oldest first across pages, from the cursor after a restart,
 * failed transactions skipped, and no loss or duplicate after a crash mid-pass.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Keypair, Transaction, type Connection } from "@solana/web3.js";
import { indexPass } from "../../../bot/chain/indexer/pass.js";
import { HeardLogs } from "../../../bot/chain/indexer/source.js";
import { campaignApprove } from "../../../bot/chain/instructions.js";
import { pepfundProgram, PROGRAM_ID } from "../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { PLATFORMS } from "../support/platforms.js";
import type { Store } from "../../../bot/core/ports.js";
import { CampaignFixture, USDC } from "./support/campaign.js";
import { GATEWAY, IndexerHarness, untilFinalized } from "./support/indexer.js";
import { TestChain } from "./support/localnet.js";
import { Protocol } from "./support/protocol.js";

const LONG = 240_000;

let chain: TestChain;
let protocol: Protocol;
/** A campaign through its first release, followed by the test group. */
let campaign: CampaignFixture;
let release: string;
let harnesses: IndexerHarness[] = [];

const LIFE = [
  "CampaignCreated",
  "FundraisingOpened",
  "FundraisingClosed",
  "MilestoneSubmitted",
  "FlagSubmitted",
  "WindowClosed",
  "TrancheReleased",
];

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  campaign = await CampaignFixture.fundraising(protocol, [4_000, 3_000, 3_000], 1_000n * USDC);
  const alice = await campaign.addBacker(600n * USDC);
  await campaign.addBacker(400n * USDC);
  await campaign.close();
  await campaign.deposit(alice, 20n * USDC); // below the 10% quorum: the tranche is released
  const attempt = await campaign.submitMilestone(0);
  await campaign.flag(alice, 0, attempt);
  await chain.advanceClock((await campaign.windowLeft(0)) + 1);
  release = await campaign.finalize(0);
  await untilFinalized(chain.connection, release);
}, LONG);

afterAll(async () => {
  await chain?.stop();
});

afterEach(async () => {
  for (const h of harnesses) await h.close();
  harnesses = [];
});

async function harness(): Promise<IndexerHarness> {
  const h = await IndexerHarness.open(chain);
  harnesses.push(h);
  await h.follow(campaign.address.toBase58());
  return h;
}

/** Counts calls of `method` made through `connection` (the real connection underneath). */
function counting(connection: Connection, method: "getSignaturesForAddress" | "getTransaction" | "getMultipleAccountsInfoAndContext") {
  const calls = { count: 0 };
  const proxy = new Proxy(connection, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key !== method || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.count += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { connection: proxy, calls };
}

/** The program's signatures oldest first, from one RPC page (the test chain has < 1000). */
async function chronological(): Promise<string[]> {
  const page = await chain.connection.getSignaturesForAddress(PROGRAM_ID, { limit: 1000 });
  return page.map((s) => s.signature).reverse();
}

describe("indexer: a campaign's events become announcements", () => {
  it(
    "GIVEN a campaign through its first release THEN each notice is queued once, in chain order, with the released amount",
    async () => {
      const h = await harness();
      const researcherBefore = 0n; // the fixture opens the researcher's USDC account empty
      const handled = await h.indexer().pass();
      expect(handled).toBeGreaterThanOrEqual(LIFE.length);

      expect(await h.kinds(campaign.address.toBase58())).toEqual(LIFE);
      const released = (await h.outbox()).find((m) => m.kind === "TrancheReleased")!;
      expect(released.dedupeKey.startsWith(`${release}:`)).toBe(true);
      const researcherAfter = await chain.tokenBalance(campaign.researcherUsdc);
      expect(researcherAfter - researcherBefore).toBeGreaterThan(0n);
      expect(released.notice).toMatchObject({ kind: "TrancheReleased", amount: researcherAfter - researcherBefore });

      // The campaign's public timeline: the same notices newest first, each dated by its block time.
      const timeline = await h.store.timeline.latest(campaign.address.toBase58(), 50);
      expect(timeline.map((e) => e.notice.kind)).toEqual([...LIFE].reverse());
      const landed = await chain.connection.getTransaction(release, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      expect(landed?.blockTime).toEqual(expect.any(Number));
      expect(timeline[0]?.at.getTime()).toBe((landed?.blockTime ?? 0) * 1000);

      // Again: nothing new is found and nothing is queued or recorded twice.
      expect(await h.indexer().pass()).toBe(0);
      expect(await h.kinds(campaign.address.toBase58())).toEqual(LIFE);
      expect(await h.store.timeline.latest(campaign.address.toBase58(), 50)).toHaveLength(LIFE.length);
    },
    LONG,
  );

  it(
    "GIVEN a page size of 3 THEN every page is read and transactions are handled oldest first",
    async () => {
      const h = await harness();
      const { connection, calls } = counting(h.connection, "getSignaturesForAddress");
      const order = await chronological();
      await h.indexer({ pageSize: 3 }, h.store, connection).pass();

      expect(calls.count).toBeGreaterThanOrEqual(Math.ceil(order.length / 3));
      const queued = (await h.outbox()).map((m) => order.indexOf(m.dedupeKey.split(":")[0]!));
      expect(queued.every((position) => position >= 0)).toBe(true);
      expect(queued).toEqual([...queued].sort((a, b) => a - b));
      expect(await h.kinds(campaign.address.toBase58())).toEqual(LIFE);
      expect((await h.store.cursors.get("pepfund"))?.signature).toBe(order.at(-1));
    },
    LONG,
  );

  it(
    "GIVEN transactions fetched concurrently that complete out of order (page size 3) THEN announcements and cursor still follow chain order",
    async () => {
      const h = await harness();
      const order = await chronological();
      // Each getTransaction answers later than the one asked for after it, so reads finish newest first.
      let asked = 0;
      let inFlight = 0;
      let mostInFlight = 0;
      const finished: string[] = [];
      const connection = new Proxy(h.connection, {
        get(target, key, receiver) {
          const value: unknown = Reflect.get(target, key, receiver);
          if (key !== "getTransaction" || typeof value !== "function") return value;
          return async (...args: unknown[]) => {
            const delay = 40 * (8 - (asked++ % 8));
            mostInFlight = Math.max(mostInFlight, ++inFlight);
            try {
              await new Promise((resolve) => setTimeout(resolve, delay));
              return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            } finally {
              inFlight -= 1;
              finished.push(args[0] as string);
            }
          };
        },
      });
      await h.indexer({ pageSize: 3, fetchConcurrency: 8 }, h.store, connection).pass();

      expect(mostInFlight).toBeGreaterThan(1);
      const finishOrder = finished.map((signature) => order.indexOf(signature));
      expect(finishOrder).not.toEqual([...finishOrder].sort((a, b) => a - b));
      const queued = (await h.outbox()).map((m) => order.indexOf(m.dedupeKey.split(":")[0]!));
      expect(queued).toEqual([...queued].sort((a, b) => a - b));
      expect(await h.kinds(campaign.address.toBase58())).toEqual(LIFE);
      expect((await h.store.cursors.get("pepfund"))?.signature).toBe(order.at(-1));
    },
    LONG,
  );

  it(
    "GIVEN a restart THEN the new indexer reads only transactions after the cursor and queues only their notices",
    async () => {
      const h = await harness();
      const first = h.indexer();
      await first.pass();
      await first.stop();
      const later = await CampaignFixture.fundraising(protocol, [4_000, 3_000, 3_000], 50n * USDC);
      await h.follow(later.address.toBase58());
      const order = await chronological();
      const newTransactions = order.length - order.indexOf((await h.store.cursors.get("pepfund"))!.signature!) - 1;

      const { connection, calls } = counting(h.connection, "getTransaction");
      await h.indexer({}, h.store, connection).pass();

      expect(calls.count).toBe(newTransactions);
      expect(await h.kinds(later.address.toBase58())).toEqual(["CampaignCreated", "FundraisingOpened"]);
      expect(await h.kinds(campaign.address.toBase58())).toEqual(LIFE);
    },
    LONG,
  );
});

describe("indexer: reads of a backlog heard on the logs subscription", () => {
  it(
    "GIVEN every transaction's logs heard live THEN none is read with getTransaction, the campaigns they name are read together, each write group queries the database once per kind, and the announcements are the same",
    async () => {
      const h = await harness();
      const others = await Promise.all([1, 2, 3].map(() => CampaignFixture.draft(protocol, [4_000, 3_000, 3_000], 10n * USDC)));
      for (const other of others) await h.follow(other.address.toBase58());
      const order = await chronological();
      // What the subscription would have delivered for each transaction: its logs and error.
      const heard = new HeardLogs();
      for (const signature of order) {
        const tx = await chain.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
        heard.hear(signature, tx?.meta?.logMessages ?? [], tx?.meta?.err ?? null);
      }
      const transactions = counting(h.connection, "getTransaction");
      const accounts = counting(transactions.connection, "getMultipleAccountsInfoAndContext");
      const program = pepfundProgram(accounts.connection, Keypair.generate());
      // The database's side: each write group reads subscriptions and follows once and inserts its messages once.
      const queries = { transactions: 0, subscriptionLookups: 0, followLookups: 0, outboxInserts: 0, timelineInserts: 0 };
      const store: Store = {
        ...h.store,
        transaction: (work) =>
          h.store.transaction((tx) => {
            queries.transactions += 1;
            const count = <A extends unknown[], R>(key: keyof typeof queries, f: (...a: A) => R) => (...a: A): R => {
              queries[key] += 1;
              return f(...a);
            };
            return work({
              ...tx,
              subscriptions: {
                ...tx.subscriptions,
                listByCampaign: count("subscriptionLookups", (c: string) => tx.subscriptions.listByCampaign(c)),
                listByCampaigns: count("subscriptionLookups", (c: readonly string[]) => tx.subscriptions.listByCampaigns(c)),
              },
              follows: {
                ...tx.follows,
                listByCampaign: count("followLookups", (c: string) => tx.follows.listByCampaign(c)),
                listByCampaigns: count("followLookups", (c: readonly string[]) => tx.follows.listByCampaigns(c)),
              },
              outbox: {
                ...tx.outbox,
                enqueue: count("outboxInserts", (m: Parameters<typeof tx.outbox.enqueue>[0]) => tx.outbox.enqueue(m)),
                enqueueMany: count("outboxInserts", (m: Parameters<typeof tx.outbox.enqueueMany>[0]) => tx.outbox.enqueueMany(m)),
              },
              timeline: {
                ...tx.timeline,
                record: count("timelineInserts", (e: Parameters<typeof tx.timeline.record>[0]) => tx.timeline.record(e)),
                recordMany: count("timelineInserts", (e: Parameters<typeof tx.timeline.recordMany>[0]) => tx.timeline.recordMany(e)),
              },
            });
          }),
      };
      const result = await indexPass(
        {
          source: { connection: accounts.connection, programId: PROGRAM_ID, retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 500 } },
          heard,
          store,
          chain: new AnchorChainReader(program),
          gatewayUrl: GATEWAY,
          platforms: PLATFORMS,
        },
        { cursorName: "pepfund", pageSize: 1000, fetchConcurrency: 12, writeBatch: 16 },
      );

      expect(result.transactions).toBe(order.length);
      expect(transactions.calls.count).toBe(0);
      // Every transaction of these campaigns names one; read a dozen at a time, not one by one.
      expect(accounts.calls.count).toBeLessThanOrEqual(Math.ceil(order.length / 6));
      expect(await h.kinds(campaign.address.toBase58())).toEqual(LIFE);
      for (const other of others) expect(await h.kinds(other.address.toBase58())).toEqual(["CampaignCreated"]);
      // Written transactions are forgotten: nothing heard is kept past the cursor.
      expect(heard.size).toBe(0);
      // One query of each kind per write group (16 transactions), not one per event.
      const groups = queries.transactions;
      expect(groups).toBe(Math.ceil(order.length / 16));
      expect(queries).toEqual({ transactions: groups, subscriptionLookups: groups, followLookups: groups, outboxInserts: groups, timelineInserts: groups });
    },
    LONG,
  );
});

describe("indexer: failed transactions and crashes", () => {
  it(
    "GIVEN a landed transaction that failed after emitting an event THEN its event is not announced and the cursor passes it",
    async () => {
      const h = await harness();
      const pending = await CampaignFixture.draft(protocol, [4_000, 3_000, 3_000], 10n * USDC);
      await h.follow(pending.address.toBase58());
      await pending.submitForReview();
      const { admin } = protocol;
      const approve = await campaignApprove(protocol.as(admin), { campaign: pending.address, admin: admin.publicKey }).instruction();
      // Approve, then approve again: the second refuses (no longer in review), so the whole transaction fails.
      const tx = new Transaction().add(approve, approve);
      const latest = await chain.connection.getLatestBlockhash();
      tx.recentBlockhash = latest.blockhash;
      tx.feePayer = admin.publicKey;
      tx.sign(admin);
      const failed = await chain.connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
      await chain.connection.confirmTransaction({ signature: failed, ...latest }, "confirmed");
      // As with a real RPC node, a confirmed transaction may take a moment to be served by
      // getTransaction (seen once in CI under load): asked again for up to 5 s, then it must be there.
      let landed = await chain.connection.getTransaction(failed, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      for (let tries = 0; landed === null && tries < 50; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        landed = await chain.connection.getTransaction(failed, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      }
      expect(landed, "the failed transaction landed").not.toBeNull();
      expect(landed?.meta?.err).toBeTruthy();
      expect(landed?.meta?.logMessages?.some((line) => line.startsWith("Program data: "))).toBe(true);

      await h.indexer().pass();
      expect(await h.kinds(pending.address.toBase58())).toEqual(["CampaignCreated"]);
      expect((await h.store.cursors.get("pepfund"))?.signature).toBe(failed);

      await pending.approve();
      await h.indexer().pass();
      expect(await h.kinds(pending.address.toBase58())).toEqual(["CampaignCreated", "FundraisingOpened"]);
    },
    LONG,
  );

  it(
    "GIVEN a crash inside a transaction's database write THEN nothing of it is kept, and the next pass queues each notice once",
    async () => {
      const h = await harness();
      let writes = 0;
      const crashing: Store = {
        ...h.store,
        transaction: (work) =>
          h.store.transaction((tx) =>
            work({
              ...tx,
              cursors: {
                get: (name) => tx.cursors.get(name),
                set: async (name, cursor) => {
                  // The process dies as the 6th transaction's cursor is written, after its announcements.
                  if (++writes === 6) throw new Error("killed");
                  await tx.cursors.set(name, cursor);
                },
              },
            }),
          ),
      };
      // One transaction per database transaction (batched writes: the next test).
      await expect(h.indexer({ writeBatch: 1 }, crashing).pass()).rejects.toThrow("killed");
      const cursor = (await h.store.cursors.get("pepfund"))!.signature!;
      const order = await chronological();
      expect(order.indexOf(cursor)).toBe(4);
      const keptBeforeRestart = (await h.outbox()).map((m) => m.dedupeKey.split(":")[0]);
      expect(keptBeforeRestart.every((signature) => order.indexOf(signature!) <= 4)).toBe(true);

      await h.indexer().pass();
      expect(await h.kinds(campaign.address.toBase58())).toEqual(LIFE);
    },
    LONG,
  );

  it(
    "GIVEN batched writes (4 transactions per database transaction) and a crash in the second batch THEN the first batch is kept whole, nothing of the second, and the next pass queues each notice once in order",
    async () => {
      const h = await harness();
      let commits = 0;
      let writes = 0;
      const crashing: Store = {
        ...h.store,
        transaction: (work) => {
          commits += 1;
          return h.store.transaction((tx) =>
            work({
              ...tx,
              cursors: {
                get: (name) => tx.cursors.get(name),
                set: async (name, cursor) => {
                  if (++writes === 2) throw new Error("killed");
                  await tx.cursors.set(name, cursor);
                },
              },
            }),
          );
        },
      };
      await expect(h.indexer({ writeBatch: 4 }, crashing).pass()).rejects.toThrow("killed");
      const order = await chronological();
      const cursor = (await h.store.cursors.get("pepfund"))!.signature!;
      expect(order.indexOf(cursor)).toBe(3);
      expect(commits).toBe(2);
      const kept = (await h.outbox()).map((m) => order.indexOf(m.dedupeKey.split(":")[0]!));
      expect(kept.every((position) => position <= 3)).toBe(true);

      let batched = 0;
      const counting: Store = { ...h.store, transaction: (work) => ((batched += 1), h.store.transaction(work)) };
      await h.indexer({ writeBatch: 4 }, counting).pass();
      expect(batched).toBeLessThanOrEqual(Math.ceil((order.length - 4) / 4));
      const queued = (await h.outbox()).map((m) => order.indexOf(m.dedupeKey.split(":")[0]!));
      expect(queued).toEqual([...queued].sort((a, b) => a - b));
      expect(new Set((await h.outbox()).map((m) => m.dedupeKey)).size).toBe(queued.length);
      expect(await h.kinds(campaign.address.toBase58())).toEqual(LIFE);
      expect((await h.store.cursors.get("pepfund"))?.signature).toBe(order.at(-1));
    },
    LONG,
  );

  it(
    "GIVEN a read that keeps failing inside a batch THEN the transactions read before it are written, and the next pass goes on from there",
    async () => {
      const h = await harness();
      const order = await chronological();
      const broken = order[5]!;
      const connection = new Proxy(h.connection, {
        get(target, key, receiver) {
          const value: unknown = Reflect.get(target, key, receiver);
          if (key !== "getTransaction" || typeof value !== "function") return value;
          return (...args: unknown[]) =>
            args[0] === broken ? Promise.reject(new Error("node lost it")) : (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        },
      });
      const failing = h.indexer({ writeBatch: 16, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 } }, h.store, connection);
      await expect(failing.pass()).rejects.toThrow();
      expect((await h.store.cursors.get("pepfund"))?.signature).toBe(order[4]);
      const kept = (await h.outbox()).map((m) => order.indexOf(m.dedupeKey.split(":")[0]!));
      expect(kept.every((position) => position <= 4)).toBe(true);

      await h.indexer().pass();
      expect(await h.kinds(campaign.address.toBase58())).toEqual(LIFE);
      expect((await h.store.cursors.get("pepfund"))?.signature).toBe(order.at(-1));
    },
    LONG,
  );

  it(
    "GIVEN announcements committed but the cursor lost (moved back to the start) THEN a new pass queues nothing twice",
    async () => {
      const h = await harness();
      await h.indexer().pass();
      const before = await h.outbox();
      await h.store.cursors.set("pepfund", { signature: null, slot: 0n });

      expect(await h.indexer().pass()).toBeGreaterThanOrEqual(LIFE.length);
      expect(await h.outbox()).toEqual(before);
      expect((await h.store.cursors.get("pepfund"))?.signature).toBe((await chronological()).at(-1));
    },
    LONG,
  );
});
