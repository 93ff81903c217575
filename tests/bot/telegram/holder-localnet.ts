/**
 * The on-chain half of the holder-command tests (Telegram here, Discord beside it): the
 * localnet with a configured protocol, the real chain reader, the real ChainWalletTransactions
 * (database journal) behind the real signing endpoints, and what a wallet does on the signing
 * page: fetch the prepared transaction, sign it with its key, post it back.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Keypair, PublicKey, Transaction } from "@solana/web3.js";
import nacl from "tweetnacl";
import { staleFinalize, staleOpen } from "../../../bot/chain/instructions.js";
import { holderPda } from "../../../bot/chain/pdas.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";
import { ChainWalletTransactions } from "../../../bot/chain/relayer/wallet-transactions.js";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { Clock, Store } from "../../../bot/core/ports.js";
import { prismaRelayJournal } from "../../../bot/store/relay-journal.js";
import { webHandler } from "../../../bot/web/server.js";
import { type CampaignFixture, DAY, USDC } from "../chain/support/campaign.js";
import { TestChain } from "../chain/support/localnet.js";
import { Protocol } from "../chain/support/protocol.js";
import type { TestDatabase } from "../support/databases.js";
import { secureRandom } from "../support/fakes.js";
import { PLATFORMS } from "../support/platforms.js";

export { USDC };

/** What the signing endpoint answered. */
export interface SignAnswer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

/** The signing request id in a chat answer holding `/sign/<id>`. */
export function signingId(text: string): string {
  const id = /\/sign\/([0-9a-f-]{36})/.exec(text)?.[1];
  if (id === undefined) throw new Error(`no signing link in: ${text}`);
  return id;
}

export async function startHolderLocalnet() {
  const chain = await TestChain.start();
  const protocol = await Protocol.init(chain);
  const feePayer = await chain.fundedKeypair(1);
  const reader = new AnchorChainReader(pepfundProgram(chain.connection, Keypair.generate()));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<SignAnswer> {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  return {
    chain,
    protocol,
    reader,
    feePayer,
    /** Serves the signing endpoints over the chat bot's store and clock (journal in `db`). */
    serve(db: TestDatabase, store: Store, clock: Clock): void {
      const wallet = new ChainWalletTransactions({
        program: pepfundProgram(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }), feePayer),
        feePayer,
        journal: prismaRelayJournal(db.prisma),
        pollIntervalMs: 100,
      });
      const link = { store, clock, random: secureRandom, verifier: naclVerifier, settings: { domain: new URL(base).host, baseUrl: base, chainId: "localnet" as const, ttlSeconds: 600 }, platforms: PLATFORMS };
      server.on("request", webHandler(link, { signing: { store, clock, wallet, cluster: "localnet" } }));
    },
    /** What the signing page shows for request `id` (title and lines). */
    page: (id: string) => call("GET", `/api/sign/${id}`),
    /** The signing page's steps with `signer`'s key: prepare, sign, post. */
    async sign(id: string, signer: Keypair): Promise<SignAnswer> {
      const prepared = await call("POST", `/api/sign/${id}/prepare`, {});
      if (prepared.status !== 200) return prepared;
      const tx = Transaction.from(Buffer.from(prepared.json.transaction as string, "base64"));
      if (tx.signatures.some((s) => s.publicKey.equals(signer.publicKey))) tx.partialSign(signer);
      else {
        // Another wallet: its signature of the very message, where the expected wallet's belongs.
        const forged = Buffer.from(nacl.sign.detached(tx.serializeMessage(), signer.secretKey));
        tx.signatures = tx.signatures.map((s) => (s.publicKey.equals(feePayer.publicKey) ? s : { publicKey: s.publicKey, signature: forged }));
      }
      const transaction = tx.serialize({ requireAllSignatures: false, verifySignatures: false }).toString("base64");
      return call("POST", `/api/sign/${id}`, { transaction });
    },
    /** The holder record on-chain: deposit and delegate (`null` when none). */
    async holder(campaign: CampaignFixture, owner: Keypair): Promise<{ deposited: bigint; delegate: string | null } | null> {
      const record = await protocol.as(owner).account.holderRecord.fetchNullable(holderPda(campaign.address, owner.publicKey));
      if (record === null) return null;
      return { deposited: BigInt(record.deposited.toString()), delegate: record.delegate.equals(PublicKey.default) ? null : record.delegate.toBase58() };
    },
    /**
     * Drives `campaign` to Abandoned through the real instructions: `voter` (its deposit at
     * least 10% of the backer supply) opens a stale review 90 days after milestone 1's
     * estimate, and after the 7-day review anyone finalizes it. Moves the localnet clock.
     */
    async abandon(campaign: CampaignFixture, voter: Keypair): Promise<void> {
      const due = (await campaign.fetch()).milestones[0]!.estimatedCompletion.toNumber();
      await chain.advanceClock(due + 90 * DAY - (await chain.now()));
      const vote = { campaign: campaign.address, owner: voter.publicKey, authority: voter.publicKey, payer: voter.publicKey, round: 1 };
      await staleOpen(protocol.as(voter), vote).rpc();
      await chain.advanceClock(7 * DAY);
      await staleFinalize(protocol.as(protocol.relay), { campaign: campaign.address, researcher: campaign.researcher.publicKey }).rpc();
    },
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await chain.stop();
    },
  };
}

export type HolderLocalnet = Awaited<ReturnType<typeof startHolderLocalnet>>;
