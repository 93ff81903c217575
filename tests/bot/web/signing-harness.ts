/**
 * The signing page over the localnet for the web tests: a campaign with backers, the real
 * ChainWalletTransactions with the database-backed journal (PGlite), the web handler with
 * its signing endpoints, and a helper that issues signing requests as the chat bots do.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Keypair } from "@solana/web3.js";
import { holderPda } from "../../../bot/chain/pdas.js";
import { AnchorPoolReader } from "../../../bot/chain/pool-reader.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";
import { ChainWalletTransactions } from "../../../bot/chain/relayer/wallet-transactions.js";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { WalletAction } from "../../../bot/core/ports.js";
import { createSigningRequest } from "../../../bot/core/usecases/signing-requests.js";
import { openDatabase } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { prismaRelayJournal } from "../../../bot/store/relay-journal.js";
import { webHandler } from "../../../bot/web/server.js";
import { CampaignFixture, USDC } from "../chain/support/campaign.js";
import { TestChain } from "../chain/support/localnet.js";
import { Protocol } from "../chain/support/protocol.js";
import { ManualClock, secureRandom } from "../support/fakes.js";
import { PLATFORMS } from "../support/platforms.js";

export { USDC };

export async function startSigningWeb() {
  const chain = await TestChain.start();
  const protocol = await Protocol.init(chain);
  const feePayer = await chain.fundedKeypair(1);
  const campaign = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC]);
  const database = await openDatabase({ kind: "pglite" });
  const store = prismaStore(database.prisma);
  const clock = new ManualClock(new Date());
  const program = pepfundProgram(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }), feePayer);
  const wallet = new ChainWalletTransactions({
    program,
    feePayer,
    journal: prismaRelayJournal(database.prisma),
    pollIntervalMs: 100,
  });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const link = { store, clock, random: secureRandom, verifier: naclVerifier, settings: { domain: new URL(base).host, baseUrl: base, chainId: "localnet" as const, ttlSeconds: 600 }, platforms: PLATFORMS };
  server.on("request", webHandler(link, { signing: { store, clock, wallet, chain: new AnchorChainReader(program), pools: new AnchorPoolReader(program), cluster: "localnet", rpcUrl: chain.rpcUrl } }));
  const researcher = campaign.researcher.publicKey.toBase58();
  return {
    chain,
    protocol,
    campaign,
    /** The campaign's label as chat shows it: "#<id> by <short researcher> — <first milestone>". */
    label: `#${campaign.id} by ${researcher.slice(0, 4)}…${researcher.slice(-4)} — Deliverable 1`,
    feePayer,
    store,
    clock,
    base,
    deposit(owner: Keypair, amount: bigint): WalletAction {
      return { kind: "holderDeposit", campaign: campaign.address.toBase58(), owner: owner.publicKey.toBase58(), amount };
    },
    /** Issues a signing request as the chat bots do; returns its id. */
    async request(action: WalletAction): Promise<string> {
      const issued = await createSigningRequest(
        { store, clock, random: secureRandom, signing: { baseUrl: base, ttlSeconds: 900 } },
        { action, chat: { platform: "TELEGRAM", userId: "42", chatId: "42" } },
      );
      if (!issued.ok) throw new Error(`signing request refused: ${issued.code}`);
      return issued.value.id;
    },
    /** The holder's deposit on-chain, base units. */
    async deposited(owner: Keypair): Promise<bigint> {
      const record = await protocol.as(owner).account.holderRecord.fetchNullable(holderPda(campaign.address, owner.publicKey));
      return record === null ? 0n : BigInt(record.deposited.toString());
    },
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      await chain.stop();
    },
  };
}

export type SigningWeb = Awaited<ReturnType<typeof startSigningWeb>>;
