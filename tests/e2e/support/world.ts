/**
 * Every real part the flag pipeline crosses, started for one end-to-end test file: the
 * localnet (the real program behind standard RPC) with a configured protocol, arlocal (a
 * real Arweave gateway), the real AnchorChainReader, ChainRelayer (the store's durable
 * journal, as bot/app composes it) and ArweaveEvidenceStore, over a freshly migrated database.
 */
import { Keypair } from "@solana/web3.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { ChainRelayer } from "../../../bot/chain/relayer/relayer.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import type { Clock, EvidenceStore } from "../../../bot/core/ports.js";
import { arweaveEvidenceStore } from "../../../bot/evidence/arweave-store.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { CampaignFixture } from "../../bot/chain/support/campaign.js";
import { TestChain } from "../../bot/chain/support/localnet.js";
import { Protocol } from "../../bot/chain/support/protocol.js";
import { startArlocal, type RunningArlocal } from "../../bot/support/arlocal.js";
import { openE2eDatabase, type E2eDatabase } from "./database.js";

export const wallClock: Clock = { now: () => new Date() };

export interface World {
  readonly chain: TestChain;
  readonly protocol: Protocol;
  readonly arlocal: RunningArlocal;
  readonly database: E2eDatabase;
  readonly store: ReturnType<typeof prismaStore>;
  readonly reader: AnchorChainReader;
  readonly relayer: ChainRelayer;
  readonly feePayer: Keypair;
  readonly evidence: EvidenceStore;
  stop(): Promise<void>;
}

/** The relayer as the bot composes it: fee key apart from the holders' delegate key. */
export function chainRelayer(
  rpcUrl: string,
  wsUrl: string,
  feePayer: Keypair,
  authority: Keypair,
  journal: E2eDatabase["journal"],
  pollIntervalMs = 200,
): ChainRelayer {
  const connection = relayConnection(rpcUrl, { wsUrl, timeoutMs: 10_000 });
  return new ChainRelayer({ program: pepfundProgram(connection, feePayer), feePayer, authority, journal, pollIntervalMs });
}

export async function startWorld(databaseKind: "postgres" | "pglite" = "postgres", relayPollMs = 200): Promise<World> {
  const chain = await TestChain.start();
  const [protocol, arlocal, database, feePayer] = await Promise.all([
    Protocol.init(chain),
    startArlocal(),
    openE2eDatabase(databaseKind),
    chain.fundedKeypair(),
  ]);
  const store = prismaStore(database.db.prisma);
  const reader = new AnchorChainReader(pepfundProgram(chain.connection, Keypair.generate()));
  const relayer = chainRelayer(chain.rpcUrl, chain.wsUrl, feePayer, protocol.relay, database.journal, relayPollMs);
  const evidence = arweaveEvidenceStore({ gateways: [arlocal.url], wallet: arlocal.wallet, rounds: 2, backoffMs: 50 });
  return {
    chain,
    protocol,
    arlocal,
    database,
    store,
    reader,
    relayer,
    feePayer,
    evidence,
    stop: async () => {
      await Promise.allSettled([database.dispose(), arlocal.stop(), chain.stop()]);
    },
  };
}

/**
 * An active campaign with three milestones (40%, 30%, 30%), one backer per contribution (USDC
 * base units); the backers at `holding` indexes deposited all their backer tokens and named the
 * relayer their delegate; milestone 1 (index 0) is then submitted and in review.
 */
export async function campaignInReview(world: World, contributions: readonly bigint[], holding: readonly number[]): Promise<CampaignFixture> {
  const campaign = await CampaignFixture.active(world.protocol, [4_000, 3_000, 3_000], contributions);
  await Promise.all(
    holding.map(async (i) => {
      const backer = campaign.backers[i];
      const amount = contributions[i];
      if (backer === undefined || amount === undefined) throw new Error(`no backer ${i}`);
      await campaign.deposit(backer, amount);
      await campaign.setDelegate(backer, world.protocol.relay.publicKey);
    }),
  );
  await campaign.submitMilestone(0);
  return campaign;
}
