/**
 * The signing page's endpoints on the localnet, with the real ChainWalletTransactions and
 * the database-backed journal (PGlite): a deposit signed by the holder's wallet lands once with an
 * explorer link; a wrong signer, altered bytes, an expired request and a replay are refused
 * and send nothing (the holder's deposit and the fee payer's SOL do not move).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Keypair, Transaction } from "@solana/web3.js";
import nacl from "tweetnacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holderPda } from "../../../bot/chain/pdas.js";
import { pepfundProgram } from "../../../bot/chain/program.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";
import { ChainWalletTransactions } from "../../../bot/chain/relayer/wallet-transactions.js";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import type { Store, WalletAction } from "../../../bot/core/ports.js";
import { createSigningRequest } from "../../../bot/core/usecases/signing-requests.js";
import { openDatabase, type Database } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { prismaRelayJournal } from "../../../bot/store/relay-journal.js";
import { webHandler } from "../../../bot/web/server.js";
import { CampaignFixture, USDC } from "../chain/support/campaign.js";
import { TestChain } from "../chain/support/localnet.js";
import { Protocol } from "../chain/support/protocol.js";
import { ManualClock, secureRandom } from "../support/fakes.js";

const LONG = 180_000;

let chain: TestChain;
let protocol: Protocol;
let campaign: CampaignFixture;
let feePayer: Keypair;
let database: Database;
let store: Store;
let server: Server;
let base: string;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  feePayer = await chain.fundedKeypair(1);
  campaign = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC]);
  database = await openDatabase({ kind: "pglite" });
  store = prismaStore(database.prisma);
  const wallet = new ChainWalletTransactions({
    program: pepfundProgram(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }), feePayer),
    feePayer,
    journal: prismaRelayJournal(database.prisma),
    pollIntervalMs: 100,
  });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const link = { store, clock, random: secureRandom, verifier: naclVerifier, settings: { domain: new URL(base).host, baseUrl: base, chainId: "localnet" as const, ttlSeconds: 600 } };
  server.on("request", webHandler(link, () => undefined, { store, clock, wallet, cluster: "localnet" }));
}, LONG);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await database?.close();
  await chain?.stop();
});

function deposit(owner: Keypair, amount: bigint): WalletAction {
  return { kind: "holderDeposit", campaign: campaign.address.toBase58(), owner: owner.publicKey.toBase58(), amount };
}

async function request(action: WalletAction): Promise<string> {
  const issued = await createSigningRequest(
    { store, clock, random: secureRandom, signing: { baseUrl: base, ttlSeconds: 900 } },
    { action, chat: { platform: "TELEGRAM", userId: "42", chatId: "42" } },
  );
  expect(issued.url).toBe(`${base}/sign/${issued.id}`);
  return issued.id;
}

async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function prepared(id: string): Promise<Transaction> {
  const { status, json } = await call("POST", `/api/sign/${id}/prepare`, {});
  expect(status).toBe(200);
  return Transaction.from(Buffer.from(json.transaction as string, "base64"));
}

function signed(tx: Transaction, signer: Keypair): string {
  tx.partialSign(signer);
  return tx.serialize({ requireAllSignatures: false }).toString("base64");
}

async function deposited(owner: Keypair): Promise<bigint> {
  const record = await protocol.as(owner).account.holderRecord.fetchNullable(holderPda(campaign.address, owner.publicKey));
  return record === null ? 0n : BigInt(record.deposited.toString());
}

describe("GET /sign/<id> and its endpoints", () => {
  it("GIVEN a deposit request THEN the page data says what is signed, by whom, in words", async () => {
    const [alice] = campaign.backers;
    const id = await request(deposit(alice!, 7n * USDC));
    const page = await fetch(`${base}/sign/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/static/sign.js");
    const { status, json } = await call("GET", `/api/sign/${id}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ signer: alice!.publicKey.toBase58(), title: "Deposit backer tokens", cluster: "localnet" });
    expect((json.lines as string[]).join("\n")).toContain(`Campaign: ${campaign.address.toBase58()}`);
    expect((json.lines as string[]).join("\n")).toContain(`Amount: ${7n * USDC} backer token base units`);
  });

  it("GIVEN the holder's signature THEN the deposit lands once with an explorer link; a replay is refused", async () => {
    const [alice] = campaign.backers;
    const before = await deposited(alice!);
    const id = await request(deposit(alice!, 5n * USDC));
    const transaction = signed(await prepared(id), alice!);
    const { status, json } = await call("POST", `/api/sign/${id}`, { transaction });
    expect(status).toBe(200);
    expect(json.ok).toBe(true);
    expect(json.explorerUrl).toBe(`https://explorer.solana.com/tx/${json.signature as string}?cluster=custom`);
    expect(await deposited(alice!)).toBe(before + 5n * USDC);

    const replay = await call("POST", `/api/sign/${id}`, { transaction });
    expect(replay).toEqual({ status: 410, json: { error: "SigningRequestUsed" } });
    expect((await call("GET", `/api/sign/${id}`)).status).toBe(410);
    expect(await deposited(alice!)).toBe(before + 5n * USDC);
  }, LONG);

  it("GIVEN another wallet's signature or altered bytes THEN refused, nothing sent, and the right signature still works", async () => {
    const [, bob] = campaign.backers;
    const before = await deposited(bob!);
    const fees = await chain.connection.getBalance(feePayer.publicKey);
    const id = await request(deposit(bob!, 3n * USDC));

    // Another wallet signs the message, its signature put in Bob's slot.
    const forged = await prepared(id);
    forged.addSignature(bob!.publicKey, Buffer.from(nacl.sign.detached(forged.serializeMessage(), Keypair.generate().secretKey)));
    const intruder = forged.serialize({ requireAllSignatures: false, verifySignatures: false }).toString("base64");
    const wrong = await call("POST", `/api/sign/${id}`, { transaction: intruder });
    expect(wrong.status).toBe(422);
    expect(wrong.json).toMatchObject({ ok: false, error: "TransactionFailed", signature: null, explorerUrl: null });

    // Bob signs bytes whose instruction asks for 300 instead of 3 tokens.
    const altered = await prepared(id);
    const data = Buffer.from(altered.instructions[0]!.data);
    data.writeBigUInt64LE(300n * USDC, 8);
    altered.instructions[0]!.data = data;
    const tampered = await call("POST", `/api/sign/${id}`, { transaction: signed(altered, bob!) });
    expect(tampered.status).toBe(422);
    expect(tampered.json).toMatchObject({ ok: false, error: "TransactionFailed", message: "the signed transaction is not the prepared action" });

    const garbage = await call("POST", `/api/sign/${id}`, { transaction: "not base64!" });
    expect(garbage).toEqual({ status: 400, json: { error: "MalformedInput" } });
    expect(await deposited(bob!)).toBe(before);
    expect(await chain.connection.getBalance(feePayer.publicKey)).toBe(fees);

    const right = await call("POST", `/api/sign/${id}`, { transaction: signed(await prepared(id), bob!) });
    expect(right.json.ok).toBe(true);
    expect(await deposited(bob!)).toBe(before + 3n * USDC);
  }, LONG);

  it("GIVEN an expired request THEN page, prepare and submit refuse it and nothing is sent", async () => {
    const [alice] = campaign.backers;
    const before = await deposited(alice!);
    const id = await request(deposit(alice!, 2n * USDC));
    const transaction = signed(await prepared(id), alice!);
    clock.advance(901);
    expect(await call("GET", `/api/sign/${id}`)).toEqual({ status: 410, json: { error: "SigningRequestExpired" } });
    expect(await call("POST", `/api/sign/${id}/prepare`, {})).toEqual({ status: 410, json: { error: "SigningRequestExpired" } });
    expect(await call("POST", `/api/sign/${id}`, { transaction })).toEqual({ status: 410, json: { error: "SigningRequestExpired" } });
    expect(await deposited(alice!)).toBe(before);
  }, LONG);

  it("GIVEN an unknown id THEN 404; a malformed id THEN not routed", async () => {
    expect(await call("GET", "/api/sign/00000000-0000-4000-8000-000000000000")).toEqual({ status: 404, json: { error: "SigningRequestNotFound" } });
    expect((await fetch(`${base}/sign/../../etc`)).status).toBe(404);
  });
});
