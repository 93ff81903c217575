/**
 * What the indexer tests need beside the chain fixtures: a real database (PostgreSQL when one
 * answers, else PGlite) with a store and a channel following a campaign, the indexer wired
 * to them, and the outbox read back as (dedupe key, notice kind) rows in queue order.
 */
import { Keypair, type Connection } from "@solana/web3.js";
import { startIndexer, type Indexer, type IndexerOptions } from "../../../../bot/chain/indexer/indexer.js";
import { pepfundProgram } from "../../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../../bot/chain/reader.js";
import { AnchorPoolReader } from "../../../../bot/chain/pool-reader.js";
import { relayConnection } from "../../../../bot/chain/relayer/rpc.js";
import { decodeNotice } from "../../../../bot/core/notice-codec.js";
import { noticeCampaign, type Notice } from "../../../../bot/core/notices.js";
import type { Store } from "../../../../bot/core/ports.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import type { TestChain } from "./localnet.js";
import { PLATFORMS } from "../../support/platforms.js";

export const GATEWAY = "https://arweave.example";
/** The Telegram group every test subscribes. */
export const GROUP = "-1001";

/** The real PostgreSQL when reachable (the production database), else PGlite. */
export function openTestDatabase(): Promise<TestDatabase> {
  const kind = databaseKinds.at(-1);
  if (kind === undefined) throw new Error("no database kind");
  return kind.open();
}

export class IndexerHarness {
  readonly store: Store;
  readonly connection: Connection;
  /** What the indexers logged as warnings (failed passes). */
  readonly warnings: string[] = [];
  private readonly indexers: Indexer[] = [];

  constructor(
    readonly chain: TestChain,
    readonly db: TestDatabase,
  ) {
    this.store = prismaStore(db.prisma);
    this.connection = relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl, timeoutMs: 5_000 });
  }

  static async open(chain: TestChain): Promise<IndexerHarness> {
    return new IndexerHarness(chain, await openTestDatabase());
  }

  /** `GROUP` follows `campaign`. */
  async follow(campaign: string): Promise<void> {
    await this.store.subscriptions.add({ campaign, platform: "TELEGRAM", scopeId: GROUP, channelId: "", createdBy: "42" });
  }

  /** An indexer on this database; passes run only when asked unless `background` is set. */
  indexer(options: IndexerOptions = {}, store: Store = this.store, connection: Connection = this.connection): Indexer {
    const program = pepfundProgram(connection, Keypair.generate());
    const chainReader = new AnchorChainReader(program);
    const indexer = startIndexer(
      { connection, store, chain: chainReader, pools: new AnchorPoolReader(program), gatewayUrl: GATEWAY, platforms: PLATFORMS, log: { warn: (message) => this.warnings.push(message) } },
      { background: false, retry: { attempts: 6, baseDelayMs: 50, maxDelayMs: 1_000 }, ...options },
    );
    this.indexers.push(indexer);
    return indexer;
  }

  /** Every queued message: its dedupe key, the notice kind, the campaign, in queue order. */
  async outbox(): Promise<{ dedupeKey: string; kind: string; campaign: string; notice: Notice }[]> {
    const rows = await this.db.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });
    return rows.map((row) => {
      const notice = decodeNotice((row.payload as { notice: unknown }).notice);
      return { dedupeKey: row.dedupeKey, kind: notice.kind, campaign: noticeCampaign(notice) ?? "", notice };
    });
  }

  /** Notice kinds queued for `campaign`, in queue order. */
  async kinds(campaign: string): Promise<string[]> {
    return (await this.outbox()).filter((m) => m.campaign === campaign).map((m) => m.kind);
  }

  async close(): Promise<void> {
    for (const indexer of this.indexers) await indexer.stop();
    await this.db.dispose();
  }
}

/** Polls `check` until it holds or `timeoutMs` passes; returns its last value. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** Waits until `signature` is finalized (rooted) on the localnet. */
export async function untilFinalized(connection: Connection, signature: string, timeoutMs = 20_000): Promise<void> {
  const status = await eventually(
    async () => (await connection.getSignatureStatuses([signature])).value[0]?.confirmationStatus,
    (s) => s === "finalized",
    timeoutMs,
  );
  if (status !== "finalized") throw new Error(`${signature} not finalized after ${timeoutMs} ms (${status})`);
}
