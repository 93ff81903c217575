/**
 * The campaign form over a real web server, a real store (PGlite) and a real Arweave gateway
 * (arlocal), with the chain either the FakeChain (form and endpoint tests: the chain is only
 * read) or the localnet with the real signing page (end to end). Links are issued as the
 * /create chat command does, through `issueDraftLink`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { campaignAddress } from "../../../bot/chain/pdas.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";
import { ChainWalletTransactions } from "../../../bot/chain/relayer/wallet-transactions.js";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { ChainReader, ChatRef, Clock } from "../../../bot/core/ports.js";
import { issueDraftLink } from "../../../bot/core/usecases/campaign-drafts.js";
import { openDatabase } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { prismaRelayJournal } from "../../../bot/store/relay-journal.js";
import type { CreatePageDeps } from "../../../bot/web/create.js";
import { webHandler } from "../../../bot/web/server.js";
import { TestChain } from "../chain/support/localnet.js";
import { Protocol } from "../chain/support/protocol.js";
import { startArlocal } from "../support/arlocal.js";
import { countingEvidence } from "../support/evidence.js";
import { FakeChain, ManualClock, secureRandom } from "../support/fakes.js";
import { PLATFORMS } from "../support/platforms.js";

const CHAT: ChatRef = { platform: "TELEGRAM", userId: "42", chatId: "42" };

/** Where the form runs. `localnet`: the real program and the signing page; otherwise the FakeChain and a ManualClock at 2030-01-01. */
export async function startCreateWeb(options: { readonly localnet?: boolean } = {}) {
  const database = await openDatabase({ kind: "pglite" });
  const store = prismaStore(database.prisma, { relayRateLimits: { perUser: 1_000, perWallet: 1_000, windowSeconds: 3_600 } });
  const arlocal = await startArlocal();
  const evidence = countingEvidence(arlocal);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const link = { store, clock: new ManualClock(), random: secureRandom, verifier: naclVerifier, settings: { domain: new URL(base).host, baseUrl: base, chainId: "localnet" as const, ttlSeconds: 600 }, platforms: PLATFORMS };

  let chain: ChainReader;
  let clock: Clock;
  let localnet: { chain: TestChain; protocol: Protocol } | null = null;
  let signing = null;
  const fake = new FakeChain();
  if (options.localnet === true) {
    const testChain = await TestChain.start();
    const protocol = await Protocol.init(testChain);
    const feePayer = await testChain.fundedKeypair(1);
    const program = pepfundProgram(relayConnection(testChain.rpcUrl, { wsUrl: testChain.wsUrl }), feePayer);
    chain = new AnchorChainReader(program);
    // The localnet's clock is this machine's: the program judges deadlines by it.
    clock = { now: () => new Date() };
    const wallet = new ChainWalletTransactions({ program, feePayer, journal: prismaRelayJournal(database.prisma), pollIntervalMs: 100 });
    signing = { store, clock, wallet, chain, cluster: "localnet", rpcUrl: testChain.rpcUrl };
    localnet = { chain: testChain, protocol };
  } else {
    chain = fake;
    clock = new ManualClock();
  }
  const create: CreatePageDeps = { store, chain, clock, random: secureRandom, evidence: evidence.store, signing: { baseUrl: base, ttlSeconds: 900 }, campaignAddress };
  // A request that fails unexpectedly is kept for the test output, not only answered 500.
  const failures: string[] = [];
  server.on("request", webHandler(link, { log: (m) => failures.push(m), signing, create: { ...create, log: (m) => failures.push(m) } }));

  return {
    base,
    store,
    clock,
    chain,
    /** The FakeChain (when not on the localnet): put campaigns and researchers in it. */
    fake,
    localnet,
    arlocal,
    evidence,
    database,
    /** What the server logged as failed (an unexpected error, an outage). */
    failures,
    /** A form link for `researcher` (a new campaign, or editing `campaign`), as /create hands out. */
    async issue(researcher: string, campaign?: string): Promise<{ url: string; token: string }> {
      const issued = await issueDraftLink(
        { store, chain, clock, random: secureRandom, drafts: { baseUrl: base, ttlSeconds: 3_600 } },
        { chat: CHAT, researcher, ...(campaign === undefined ? {} : { campaign }) },
      );
      if (!issued.ok) throw new Error(`draft link refused: ${issued.code}`);
      return { url: issued.value.url, token: issued.value.url.split("/").pop() ?? "" };
    },
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      await arlocal.stop();
      await localnet?.chain.stop();
    },
  };
}

export type CreateWeb = Awaited<ReturnType<typeof startCreateWeb>>;
