/**
 * The signing page's endpoints on the localnet, with the real ChainWalletTransactions and
 * the database-backed journal (PGlite): a deposit signed by the holder's wallet lands once with an
 * explorer link; a wrong signer, altered bytes, an expired request and a replay are refused
 * and send nothing (the holder's deposit and the fee payer's SOL do not move). The admin's
 * actions, a KPI dispute decision among them, are described and offered to a multisig.
 */
import { Keypair, Transaction } from "@solana/web3.js";
import bs58 from "bs58";
import nacl from "tweetnacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SigningWeb, USDC, startSigningWeb } from "./signing-harness.js";
import { PROGRAM_ID } from "../../../bot/chain/program.js";
import { PoolFixture } from "../chain/support/pool.js";

const LONG = 180_000;

let web: SigningWeb;
let base: string;

beforeAll(async () => {
  web = await startSigningWeb();
  base = web.base;
}, LONG);

afterAll(async () => {
  await web?.stop();
});

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

describe("GET /sign/<id> and its endpoints", () => {
  it("GIVEN a deposit request THEN the page data says what is signed, by whom, in words", async () => {
    const [alice] = web.campaign.backers;
    const id = await web.request(web.deposit(alice!, 1_234_567n * USDC + 5n));
    const page = await fetch(`${base}/sign/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/static/sign.js");
    const { status, json } = await call("GET", `/api/sign/${id}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ signer: alice!.publicKey.toBase58(), title: "Deposit backer tokens", cluster: "localnet", campaignLabel: web.label });
    expect(json.action).toMatchObject({ amount: "1234567000005" });
    const lines = (json.lines as string[]).join("\n");
    expect(lines).toContain(`Campaign: ${web.label} (${web.campaign.address.toBase58()})`);
    // Exact decimals from the bigint (a float would print 1234567.0000050001 or round it away).
    expect(lines).toContain("Amount: 1,234,567.000005 backer tokens");
  });

  it("GIVEN a milestone submission request THEN the page names the milestone by number and title", async () => {
    const action = {
      kind: "milestoneSubmit" as const,
      campaign: web.campaign.address.toBase58(),
      researcher: web.campaign.researcher.publicKey.toBase58(),
      milestoneIndex: 1,
      evidenceId: "E".repeat(43),
      evidenceSha256: "ab".repeat(32),
    };
    const { status, json } = await call("GET", `/api/sign/${await web.request(action)}`);
    expect(status).toBe(200);
    expect(json.title).toBe("Submit evidence for milestone 2");
    expect(json.lines).toEqual(expect.arrayContaining([`Campaign: ${web.label} (${action.campaign})`, "Milestone 2: Deliverable 2"]));
  });

  it("GIVEN the holder's signature THEN the deposit lands once with an explorer link; the same bytes again get the same outcome, other bytes are refused", async () => {
    const [alice] = web.campaign.backers;
    const before = await web.deposited(alice!);
    const id = await web.request(web.deposit(alice!, 5n * USDC));
    const transaction = signed(await prepared(id), alice!);
    const { status, json } = await call("POST", `/api/sign/${id}`, { transaction });
    expect(status).toBe(200);
    expect(json.ok).toBe(true);
    // A localnet is Solana Explorer's custom cluster at the localnet's RPC URL.
    expect(json.explorerUrl).toBe(`https://explorer.solana.com/tx/${json.signature as string}?cluster=custom&customUrl=${encodeURIComponent(web.chain.rpcUrl)}`);
    expect(await web.deposited(alice!)).toBe(before + 5n * USDC);

    // The page retrying after a lost answer: the recorded outcome, nothing sent again.
    const retry = await call("POST", `/api/sign/${id}`, { transaction });
    expect(retry.status).toBe(200);
    expect(retry.json.signature).toBe(json.signature);
    // Any other bytes for a used request: refused.
    const other = Buffer.from(transaction, "base64");
    other[other.length - 1] = (other.at(-1) ?? 0) ^ 1;
    const replay = await call("POST", `/api/sign/${id}`, { transaction: other.toString("base64") });
    expect(replay).toEqual({ status: 410, json: { error: "SigningRequestUsed" } });
    expect((await call("GET", `/api/sign/${id}`)).status).toBe(410);
    expect(await web.deposited(alice!)).toBe(before + 5n * USDC);
  }, LONG);

  it("GIVEN another wallet's signature or altered bytes THEN refused, nothing sent, and the right signature still works", async () => {
    const [, bob] = web.campaign.backers;
    const before = await web.deposited(bob!);
    const fees = await web.chain.connection.getBalance(web.feePayer.publicKey);
    const id = await web.request(web.deposit(bob!, 3n * USDC));

    // Another wallet signs the message, its signature put in Bob's slot.
    const forged = await prepared(id);
    forged.addSignature(bob!.publicKey, Buffer.from(nacl.sign.detached(forged.serializeMessage(), Keypair.generate().secretKey)));
    const intruder = forged.serialize({ requireAllSignatures: false, verifySignatures: false }).toString("base64");
    const wrong = await call("POST", `/api/sign/${id}`, { transaction: intruder });
    expect(wrong.status).toBe(422);
    expect(wrong.json).toMatchObject({ ok: false, error: "TransactionFailed", signature: null, explorerUrl: null });

    // Bob signs bytes whose instruction asks for 300 instead of 3 tokens (after the compute-budget pair).
    const altered = await prepared(id);
    const deposit = altered.instructions.find((ix) => ix.programId.equals(PROGRAM_ID))!;
    const data = Buffer.from(deposit.data);
    data.writeBigUInt64LE(300n * USDC, 8);
    deposit.data = data;
    const tampered = await call("POST", `/api/sign/${id}`, { transaction: signed(altered, bob!) });
    expect(tampered.status).toBe(422);
    expect(tampered.json).toMatchObject({ ok: false, error: "TransactionFailed", message: "the signed transaction is not the prepared action" });

    const garbage = await call("POST", `/api/sign/${id}`, { transaction: "not base64!" });
    expect(garbage).toEqual({ status: 400, json: { error: "MalformedInput" } });
    expect(await web.deposited(bob!)).toBe(before);
    expect(await web.chain.connection.getBalance(web.feePayer.publicKey)).toBe(fees);

    const right = await call("POST", `/api/sign/${id}`, { transaction: signed(await prepared(id), bob!) });
    expect(right.json.ok).toBe(true);
    expect(await web.deposited(bob!)).toBe(before + 3n * USDC);
  }, LONG);

  it("GIVEN an expired request THEN page, prepare and submit refuse it and nothing is sent", async () => {
    const [alice] = web.campaign.backers;
    const before = await web.deposited(alice!);
    const id = await web.request(web.deposit(alice!, 2n * USDC));
    const transaction = signed(await prepared(id), alice!);
    web.clock.advance(901);
    expect(await call("GET", `/api/sign/${id}`)).toEqual({ status: 410, json: { error: "SigningRequestExpired" } });
    expect(await call("POST", `/api/sign/${id}/prepare`, {})).toEqual({ status: 410, json: { error: "SigningRequestExpired" } });
    expect(await call("POST", `/api/sign/${id}`, { transaction })).toEqual({ status: 410, json: { error: "SigningRequestExpired" } });
    expect(await web.deposited(alice!)).toBe(before);
  }, LONG);

  it("GIVEN an unknown id THEN 404; a malformed id THEN not routed", async () => {
    expect(await call("GET", "/api/sign/00000000-0000-4000-8000-000000000000")).toEqual({ status: 404, json: { error: "SigningRequestNotFound" } });
    expect((await fetch(`${base}/sign/../../etc`)).status).toBe(404);
  });

  it("GIVEN an admin action THEN /unsigned gives one unsigned transaction in base58 and base64, paid and signed by the admin, and the request stays open", async () => {
    const admin = web.protocol.admin.publicKey.toBase58();
    const action = { kind: "campaignApprove" as const, campaign: web.campaign.address.toBase58(), admin };
    const id = await web.request(action);
    const { status, json } = await call("GET", `/api/sign/${id}/unsigned`);
    expect(status).toBe(200);
    const fromBase58 = Buffer.from(bs58.decode(json.base58 as string));
    expect(fromBase58.equals(Buffer.from(json.base64 as string, "base64"))).toBe(true);
    const tx = Transaction.from(fromBase58);
    expect(json.feePayer).toBe(admin);
    expect(tx.feePayer?.toBase58()).toBe(admin);
    expect(tx.signatures.map((s) => [s.publicKey.toBase58(), s.signature])).toEqual([[admin, null]]);
    // The relayer's fee key is nowhere in it: a multisig executes it without PepFund's keys.
    expect(tx.compileMessage().accountKeys.map((k) => k.toBase58())).not.toContain(web.feePayer.publicKey.toBase58());
    expect((await call("GET", `/api/sign/${id}`)).status).toBe(200);
  });

  it("GIVEN the admin's KPI dispute decision THEN the page names the pool, the KPI with its target and what approving does, and /unsigned gives it to a multisig paid by the admin", async () => {
    const pool = await PoolFixture.create(web.protocol, [3_000, 3_000, 4_000], 1_000_000n);
    const admin = web.protocol.admin.publicKey.toBase58();
    const sponsor = pool.sponsor.publicKey.toBase58();
    const { id: poolId } = await web.protocol.as(web.protocol.admin).account.pool.fetch(pool.address);
    const action = { kind: "poolDisputeResolve" as const, pool: pool.address.toBase58(), admin, milestoneIndex: 0, approve: true, reasonId: "E".repeat(43) };
    const id = await web.request(action);
    const { status, json } = await call("GET", `/api/sign/${id}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ signer: admin, title: "Approve the disputed KPI 1" });
    expect(json.lines).toEqual([
      `Reward pool: Pool #${poolId.toString()} by ${sponsor.slice(0, 4)}…${sponsor.slice(-4)} (${action.pool})`,
      "KPI 1: KPI 1 (tvl_usd ≥ 10000000)",
      "Decision: approve (the KPI's tranche of reward tokens is released to the stakers)",
      `Written reasons (Arweave): ${action.reasonId}`,
    ]);
    const unsigned = await call("GET", `/api/sign/${id}/unsigned`);
    expect(unsigned.status).toBe(200);
    const tx = Transaction.from(Buffer.from(unsigned.json.base64 as string, "base64"));
    expect(tx.signatures.map((s) => [s.publicKey.toBase58(), s.signature])).toEqual([[admin, null]]);
    expect(tx.instructions.map((i) => i.programId.toBase58())).toContain(PROGRAM_ID.toBase58());
  });

  it("GIVEN a holder's action THEN /unsigned is refused with NotAdminAction; an unknown request 404, POST 405", async () => {
    const [alice] = web.campaign.backers;
    const id = await web.request(web.deposit(alice!, USDC));
    expect(await call("GET", `/api/sign/${id}/unsigned`)).toEqual({ status: 404, json: { error: "NotAdminAction" } });
    expect((await call("GET", "/api/sign/00000000-0000-4000-8000-000000000000/unsigned")).json).toEqual({ error: "SigningRequestNotFound" });
    expect((await call("POST", `/api/sign/${id}/unsigned`, {})).status).toBe(405);
  });
});
