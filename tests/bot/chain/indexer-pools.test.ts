/**
 * Reward-pool announcements on the localnet with a real database: a channel subscribes to a
 * pool by its address (the /subscribe use case, checked against the chain), and the pool's
 * creation, activation, KPI submission, flag, closed window and released tranche reach it
 * exactly once each, named "Pool #<id> by <sponsor>" with amounts in the pool mints' decimals.
 * Individual stakes are not announced.
 */
import { BN } from "@coral-xyz/anchor";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeReply } from "../../../bot/chat/notices.js";
import { plain } from "../../../bot/chat/text.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { AnchorPoolReader } from "../../../bot/chain/pool-reader.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { poolFinalize, poolFlag, poolStake } from "../../../bot/chain/pool-instructions.js";
import { subscribe } from "../../../bot/core/usecases/subscriptions.js";
import { noticePool, type Notice } from "../../../bot/core/notices.js";
import { bytes32, DAY } from "./support/campaign.js";
import { GROUP, IndexerHarness, untilFinalized } from "./support/indexer.js";
import { TestChain } from "./support/localnet.js";
import { PoolFixture } from "./support/pool.js";
import { Protocol } from "./support/protocol.js";
import { Keypair } from "@solana/web3.js";

const LONG = 240_000;
/** One reward token and one stake token (both mints have 6 decimals). */
const UNIT = 1_000_000n;

let chain: TestChain;
let protocol: Protocol;
let pool: PoolFixture;
let harness: IndexerHarness;
let release: string;

const LIFE = ["PoolCreated", "PoolFunded", "PoolKpiSubmitted", "PoolFlagSubmitted", "PoolWindowClosed", "PoolTrancheReleased"];

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  harness = await IndexerHarness.open(chain);
  pool = await PoolFixture.create(protocol, [4_000, 3_000, 3_000], 1_000n * UNIT);
  const [alice, bob] = await Promise.all([chain.fundedKeypair(), chain.fundedKeypair()]);
  for (const [staker, amount] of [
    [alice, 900n * UNIT],
    [bob, 10n * UNIT],
  ] as const) {
    await pool.giveStake(staker.publicKey, amount);
    await poolStake(protocol.as(staker), pool.ref, { owner: staker.publicKey, amount: new BN(amount.toString()), delegate: null }).rpc();
  }
  await pool.submit(0);
  // Bob's 10 of 910 staked is above the 0.1% threshold and below the 10% quorum: the tranche is released.
  await poolFlag(protocol.as(bob), pool.address, { owner: bob.publicKey, authority: bob.publicKey, payer: bob.publicKey, milestoneIndex: 0, attempt: 1, rationale: bytes32(9) }).rpc();
  await chain.advanceClock(7 * DAY + 1);
  release = await poolFinalize(protocol.as(protocol.relay), pool.address, 0).rpc();
  await untilFinalized(chain.connection, release);
}, LONG);

afterAll(async () => {
  await harness?.close();
  await chain?.stop();
});

function text(notice: Notice): string {
  const r = noticeReply(notice, { explorer: { cluster: "devnet" } });
  return [r.title ?? [], ...r.lines].map(plain).join("\n");
}

describe("reward-pool announcements", () => {
  it(
    "GIVEN a channel subscribed to a pool by /subscribe WHEN the indexer runs twice and a second indexer replays THEN each pool event reaches it exactly once, stakes are not announced",
    async () => {
      const reader = pepfundProgram(harness.connection, Keypair.generate());
      const deps = { store: harness.store, chain: new AnchorChainReader(reader), pools: new AnchorPoolReader(reader), clock: { now: () => new Date() } };
      const channel = { platform: "TELEGRAM" as const, scopeId: GROUP, channelId: "", userId: "42", isChatAdmin: true };
      const added = await subscribe(deps, { ...channel, campaign: pool.address.toBase58() });
      expect(added.ok).toBe(true);
      // An address that is neither a campaign nor a pool is refused as before.
      const unknown = await subscribe(deps, { ...channel, campaign: Keypair.generate().publicKey.toBase58() });
      expect(unknown).toEqual({ ok: false, code: "CampaignNotFound" });

      const indexer = harness.indexer({}, harness.store);
      await indexer.pass();
      await indexer.pass();
      await harness.indexer({ cursorName: "replay" }).pass();

      const queued = (await harness.outbox()).filter((m) => noticePool(m.notice) === pool.address.toBase58());
      expect(queued.map((m) => m.kind)).toEqual(LIFE);
      expect(new Set(queued.map((m) => m.dedupeKey)).size).toBe(LIFE.length);

      const byKind = new Map(queued.map((m) => [m.kind, m.notice]));
      const released = text(byKind.get("PoolTrancheReleased")!);
      expect(released).toContain(`Reward pool Pool #`);
      expect(released).toContain(`by ${pool.sponsor.publicKey.toBase58().slice(0, 4)}`);
      // 40% of 1,000 reward tokens among 910 staked, in the mints' 6 decimals.
      expect(released).toContain("400 reward tokens shared pro rata among 910 staked");
      const flagged = text(byKind.get("PoolFlagSubmitted")!);
      expect(flagged).toContain("with weight 10.");
      const submitted = text(byKind.get("PoolKpiSubmitted")!);
      expect(submitted).toContain("KPI 1 (tvl_usd) submitted");
      expect(submitted).toContain(`SHA-256: ${"04".repeat(32)}`);
      // Quorum is 10% of the 910 staked at submission.
      expect(submitted).toContain("quorum is 91.");
    },
    LONG,
  );
});
