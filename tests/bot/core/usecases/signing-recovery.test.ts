/**
 * A wallet-signed transaction survives a crash between the claim and the send: the claim
 * stores the signed bytes, so the signing page's retry with the same bytes or the signing
 * resumer lands it exactly once on the localnet (real ChainWalletTransactions, the
 * database-backed relay journal, PGlite and PostgreSQL), and the resumer tells the requester
 * once. A crash is simulated by claiming with the bytes and never sending.
 */
import { type Keypair, Transaction } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holderPda } from "../../../../bot/chain/pdas.js";
import { pepfundProgram } from "../../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../../bot/chain/reader.js";
import { relayConnection } from "../../../../bot/chain/relayer/rpc.js";
import { ChainWalletTransactions } from "../../../../bot/chain/relayer/wallet-transactions.js";
import type { Store, WalletAction } from "../../../../bot/core/ports.js";
import { completeSigning, createSigningRequest, resumeSigning } from "../../../../bot/core/usecases/signing-requests.js";
import { prismaStore } from "../../../../bot/store/prisma-store.js";
import { prismaRelayJournal } from "../../../../bot/store/relay-journal.js";
import { CampaignFixture, USDC } from "../../chain/support/campaign.js";
import { TestChain } from "../../chain/support/localnet.js";
import { Protocol } from "../../chain/support/protocol.js";
import { databaseKinds, type TestDatabase } from "../../support/databases.js";
import { ManualClock, secureRandom } from "../../support/fakes.js";
import { PLATFORMS } from "../../support/platforms.js";

const LONG = 240_000;
const STALE_MS = 60_000;

let chain: TestChain;
let protocol: Protocol;
let campaign: CampaignFixture;
let program: ReturnType<typeof pepfundProgram>;
let feePayer: Keypair;

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  feePayer = await chain.fundedKeypair(1);
  campaign = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC]);
  program = pepfundProgram(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }), feePayer);
}, LONG);

afterAll(async () => {
  await chain?.stop();
});

/** What the signing page does: the wallet adds its signature to the prepared bytes. */
function walletSigns(prepared: Uint8Array, wallet: Keypair): Uint8Array {
  const tx = Transaction.from(prepared);
  tx.partialSign(wallet);
  return new Uint8Array(tx.serialize({ requireAllSignatures: false }));
}

async function deposited(owner: Keypair): Promise<bigint> {
  const record = await protocol.as(owner).account.holderRecord.fetchNullable(holderPda(campaign.address, owner.publicKey));
  return record === null ? 0n : BigInt(record.deposited.toString());
}

describe.each(databaseKinds)("signing recovery on $name", (kind) => {
  let db: TestDatabase;
  let store: Store;
  let wallet: ChainWalletTransactions;
  const clock = new ManualClock(new Date());
  let chatId = 7_000;

  beforeAll(async () => {
    db = await kind.open();
    store = prismaStore(db.prisma);
    wallet = new ChainWalletTransactions({ program, feePayer, journal: prismaRelayJournal(db.prisma), pollIntervalMs: 100 });
  }, LONG);
  afterAll(async () => {
    await db?.dispose();
  });

  const resumer = () => ({ store, clock, wallet, chain: new AnchorChainReader(program), platforms: PLATFORMS });

  /**
   * A deposit request of `owner` (1 token and a base unit per call, so no two calls build the
   * same transaction under one blockhash: Solana would take the second as the first), signed
   * by its wallet, claimed with its bytes, then the process "died".
   */
  async function claimedThenCrashed(owner: Keypair) {
    chatId += 1;
    const amount = USDC + BigInt(chatId);
    const action: WalletAction = { kind: "holderDeposit", campaign: campaign.address.toBase58(), owner: owner.publicKey.toBase58(), amount };
    const issued = await createSigningRequest(
      { store, clock, random: secureRandom, signing: { baseUrl: "https://pepfund.example", ttlSeconds: 900 } },
      { action, chat: { platform: "TELEGRAM", userId: String(chatId), chatId: String(chatId) } },
    );
    if (!issued.ok) throw new Error(issued.code);
    const id = issued.value.id;
    const signed = walletSigns((await wallet.prepare(action)).transaction, owner);
    expect(await store.signingRequests.claim(id, clock.now(), signed)).toBe(true);
    return { id, action, signed, amount, chatId: String(chatId) };
  }

  const notices = (id: string) => db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: `signing-outcome:${id}|` } } });

  it("GIVEN a crash after the claim THEN the resumer lands the stored transaction once, after the stale delay, and tells the requester once", { timeout: LONG }, async () => {
    const owner = campaign.backers[0]!;
    const before = await deposited(owner);
    const { id, signed, amount, chatId: chat } = await claimedThenCrashed(owner);
    // A send may still be running elsewhere: not touched before the stale delay.
    expect(await resumeSigning(resumer(), { staleAfterMs: STALE_MS, limit: 10 })).toBe(0);
    expect(await deposited(owner)).toBe(before);
    clock.advance(STALE_MS / 1000 + 1);
    expect(await resumeSigning(resumer(), { staleAfterMs: STALE_MS, limit: 10 })).toBe(1);
    expect(await deposited(owner)).toBe(before + amount);
    const row = await db.prisma.signingRequest.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("CONFIRMED");
    const told = await notices(id);
    expect(told).toHaveLength(1);
    expect(told[0]?.payload).toMatchObject({ target: { platform: "TELEGRAM", chatId: chat }, notice: { kind: "SigningOutcome", action: { kind: "holderDeposit", delegate: false }, outcome: { status: "confirmed", signature: row.txSignature } } });
    // Later passes and the page's late retry change nothing and tell nobody again.
    expect(await resumeSigning(resumer(), { staleAfterMs: STALE_MS, limit: 10 })).toBe(0);
    const retry = await completeSigning({ store, clock, wallet }, id, signed);
    expect(retry.ok && retry.value).toMatchObject({ status: "confirmed", signature: row.txSignature });
    expect(await deposited(owner)).toBe(before + amount);
    expect(await notices(id)).toHaveLength(1);
  });

  it("GIVEN a crash after the claim THEN the page's retry with the same bytes lands it once and gets the outcome", { timeout: LONG }, async () => {
    const owner = campaign.backers[1]!;
    const before = await deposited(owner);
    const { id, signed, amount } = await claimedThenCrashed(owner);
    const first = await completeSigning({ store, clock, wallet }, id, signed);
    expect(first.ok && first.value.status).toBe("confirmed");
    const again = await completeSigning({ store, clock, wallet }, id, signed);
    expect(again).toEqual(first);
    expect(await deposited(owner)).toBe(before + amount);
    expect((await db.prisma.signingRequest.findUniqueOrThrow({ where: { id } })).status).toBe("CONFIRMED");
    // The page showed the outcome; the resumer has nothing left to tell.
    clock.advance(STALE_MS / 1000 + 1);
    expect(await resumeSigning(resumer(), { staleAfterMs: STALE_MS, limit: 10 })).toBe(0);
    expect(await notices(id)).toHaveLength(0);
  });

  it("GIVEN a claimed request THEN a differently signed transaction is SigningRequestUsed and sends nothing; the stored one still lands once", { timeout: LONG }, async () => {
    const owner = campaign.backers[0]!;
    const before = await deposited(owner);
    const { id, action, signed, amount } = await claimedThenCrashed(owner);
    // The same action signed under a later blockhash: valid, but not the bytes the claim stored.
    let other = signed;
    for (let i = 0; i < 50 && Buffer.from(other).equals(Buffer.from(signed)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      other = walletSigns((await wallet.prepare(action)).transaction, owner);
    }
    expect(Buffer.from(other).equals(Buffer.from(signed))).toBe(false);
    expect(await completeSigning({ store, clock, wallet }, id, other)).toEqual({ ok: false, code: "SigningRequestUsed" });
    expect(await deposited(owner)).toBe(before);
    expect((await db.prisma.signingRequest.findUniqueOrThrow({ where: { id } })).status).toBe("SUBMITTED");
    clock.advance(STALE_MS / 1000 + 1);
    expect(await resumeSigning(resumer(), { staleAfterMs: STALE_MS, limit: 10 })).toBe(1);
    expect(await deposited(owner)).toBe(before + amount);
  });

  it("GIVEN the resumer and the page's retry at once THEN one transaction lands and both report it", { timeout: LONG }, async () => {
    const owner = campaign.backers[1]!;
    const before = await deposited(owner);
    const { id, signed, amount } = await claimedThenCrashed(owner);
    clock.advance(STALE_MS / 1000 + 1);
    const [resumed, retried] = await Promise.all([
      resumeSigning(resumer(), { staleAfterMs: STALE_MS, limit: 10 }),
      completeSigning({ store, clock, wallet }, id, signed),
    ]);
    expect(resumed).toBeLessThanOrEqual(1);
    expect(retried.ok && retried.value.status).toBe("confirmed");
    expect(await deposited(owner)).toBe(before + amount);
    const row = await db.prisma.signingRequest.findUniqueOrThrow({ where: { id } });
    expect([row.status, row.txSignature]).toEqual(["CONFIRMED", retried.ok ? retried.value.signature : null]);
    expect((await notices(id)).length).toBeLessThanOrEqual(1);
  });
});
