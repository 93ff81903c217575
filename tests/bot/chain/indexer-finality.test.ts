/**
 * The indexer and the localnet's commitment model (docs/LOCALNET.md: a transaction is
 * `confirmed` when sendTransaction returns and `finalized` 31 slots later, ~3 s idle): a
 * release is announced only once finalized, and what follows it waits in order. Also RPC
 * faults (HTTP 500, 429) retried, a longer outage survived by the background loop, and the
 * live logs subscription triggering a pass.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PROGRAM_ID } from "../../../bot/chain/program.js";
import { CampaignFixture, USDC } from "./support/campaign.js";
import { eventually, IndexerHarness, untilFinalized } from "./support/indexer.js";
import { type Faults, TestChain } from "./support/localnet.js";
import { Protocol } from "./support/protocol.js";

const LONG = 240_000;
const SHARES = [4_000, 3_000, 3_000];

let chain: TestChain;
let protocol: Protocol;
let harnesses: IndexerHarness[] = [];

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
}, LONG);

afterAll(async () => {
  await chain?.stop();
});

afterEach(async () => {
  await chain.setFaults({ failNextRequests: 0, rateLimitNextRequests: 0, delayMs: 0 });
  for (const h of harnesses) await h.close();
  harnesses = [];
});

async function harness(): Promise<IndexerHarness> {
  const h = await IndexerHarness.open(chain);
  harnesses.push(h);
  return h;
}

async function faultState(): Promise<Required<Faults>> {
  return chain.rpc<Required<Faults>>("localnet_setFaults", [{}]);
}

describe("indexer: money is announced only at a commitment that cannot roll back", () => {
  it(
    "GIVEN a release just confirmed THEN neither it nor anything after it is announced until it is finalized, then all in order",
    async () => {
      const h = await harness();
      const campaign = await CampaignFixture.active(protocol, SHARES, [600n * USDC, 400n * USDC]);
      await h.follow(campaign.address.toBase58());
      await campaign.submitMilestone(0);
      await chain.advanceClock((await campaign.windowLeft(0)) + 1);
      const indexer = h.indexer();
      await indexer.pass();
      const beforeRelease = (await h.store.cursors.get("pepfund"))?.signature;

      const release = await campaign.finalize(0);
      const later = await CampaignFixture.draft(protocol, SHARES, 10n * USDC);
      await h.follow(later.address.toBase58());
      await indexer.pass();
      const status = (await chain.connection.getSignatureStatuses([release])).value[0]?.confirmationStatus;

      expect(status).toBe("confirmed"); // still able to roll back when the pass ran
      expect(await h.kinds(campaign.address.toBase58())).toEqual(["CampaignCreated", "FundraisingOpened", "FundraisingClosed", "MilestoneSubmitted"]);
      expect(await h.kinds(later.address.toBase58())).toEqual([]);
      expect((await h.store.cursors.get("pepfund"))?.signature).toBe(beforeRelease);

      await untilFinalized(chain.connection, release);
      await indexer.pass();
      const queued = (await h.outbox()).map((m) => m.kind);
      expect(queued.slice(-3)).toEqual(["WindowClosed", "TrancheReleased", "CampaignCreated"]);
      expect((await h.outbox()).find((m) => m.kind === "TrancheReleased")?.notice).toMatchObject({ amount: 400n * USDC });
    },
    LONG,
  );
});

describe("indexer: RPC faults", () => {
  it(
    "GIVEN HTTP 500s and then 429s from the node THEN the pass retries and announces every event once",
    async () => {
      const h = await harness();
      const campaign = await CampaignFixture.fundraising(protocol, SHARES, 10n * USDC);
      await h.follow(campaign.address.toBase58());

      await chain.setFaults({ failNextRequests: 3 });
      await h.indexer().pass();
      expect((await faultState()).failNextRequests).toBe(0); // the indexer met all three
      expect(await h.kinds(campaign.address.toBase58())).toEqual(["CampaignCreated", "FundraisingOpened"]);

      await campaign.addBacker(10n * USDC);
      await campaign.close();
      await chain.setFaults({ rateLimitNextRequests: 2 });
      await h.indexer().pass();
      expect((await faultState()).rateLimitNextRequests).toBe(0);
      expect(await h.kinds(campaign.address.toBase58())).toEqual(["CampaignCreated", "FundraisingOpened", "FundraisingClosed"]);
    },
    LONG,
  );

  it(
    "GIVEN an outage longer than a pass's retries THEN the pass fails and is logged, and the background loop catches up after",
    async () => {
      const h = await harness();
      const campaign = await CampaignFixture.fundraising(protocol, SHARES, 10n * USDC);
      await h.follow(campaign.address.toBase58());
      await chain.setFaults({ failNextRequests: 12 });
      h.indexer({ background: true, live: false, pollIntervalMs: 300, retry: { attempts: 2, baseDelayMs: 20, maxDelayMs: 20 } });

      const kinds = await eventually(
        () => h.kinds(campaign.address.toBase58()),
        (k) => k.length === 2,
      );
      expect(kinds).toEqual(["CampaignCreated", "FundraisingOpened"]);
      expect(h.warnings.length).toBeGreaterThan(0);
      expect(h.warnings[0]).toMatch(/^indexer pass failed, retrying: /);
    },
    LONG,
  );
});

describe("indexer: live subscription", () => {
  it(
    "GIVEN a background indexer polling only every minute THEN a new event is announced within seconds, through the logs subscription",
    async () => {
      const h = await harness();
      // Followed before the indexer starts: a pass triggered between the campaign's creation
      // and the follow would rightly announce CampaignCreated to nobody.
      const campaign = await CampaignFixture.draft(protocol, SHARES, 10n * USDC);
      await h.follow(campaign.address.toBase58());
      const indexer = h.indexer({ background: true, pollIntervalMs: 60_000 });
      await indexer.pass(); // the start-up pass is done
      expect(await h.kinds(campaign.address.toBase58())).toEqual(["CampaignCreated"]);
      const started = Date.now();
      await campaign.submitForReview();
      await campaign.approve();

      // Only the logs subscription can trigger a pass before the 60 s poll.
      const kinds = await eventually(
        () => h.kinds(campaign.address.toBase58()),
        (k) => k.includes("FundraisingOpened"),
        30_000,
      );
      expect(kinds).toEqual(["CampaignCreated", "FundraisingOpened"]);
      expect(Date.now() - started).toBeLessThan(30_000);
    },
    LONG,
  );

  it(
    "GIVEN transactions heard on the logs subscription THEN the pass decodes the logs it delivered and reads none of them again with getTransaction",
    async () => {
      const h = await harness();
      const campaign = await CampaignFixture.draft(protocol, SHARES, 10n * USDC);
      await h.follow(campaign.address.toBase58());
      let transactionReads = 0;
      const connection = new Proxy(h.connection, {
        get(target, key, receiver) {
          const value: unknown = Reflect.get(target, key, receiver);
          if (key !== "getTransaction" || typeof value !== "function") return value;
          return (...args: unknown[]) => {
            transactionReads += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const indexer = h.indexer({ background: true, pollIntervalMs: 60_000 }, h.store, connection);
      await indexer.pass(); // the start-up pass reads what came before the subscription
      const readBefore = transactionReads;
      // One transaction at a time, each handled before the next lands: its pass is triggered by
      // its own notification, so its logs were heard first.
      const newest = async () => (await h.connection.getSignaturesForAddress(PROGRAM_ID, { limit: 1 }, "confirmed"))[0]?.signature;
      await campaign.submitForReview();
      const submitted = await newest();
      await eventually(async () => (await h.store.cursors.get("pepfund"))?.signature, (s) => s === submitted, 30_000);
      await campaign.approve();
      const kinds = await eventually(() => h.kinds(campaign.address.toBase58()), (k) => k.includes("FundraisingOpened"), 30_000);

      expect(kinds).toEqual(["CampaignCreated", "FundraisingOpened"]);
      expect(transactionReads - readBefore).toBe(0);
    },
    LONG,
  );
});
