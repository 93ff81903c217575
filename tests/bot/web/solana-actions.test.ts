/**
 * The contribution as a Solana Action, over the localnet with the real program, the real
 * ChainWalletTransactions and PGlite: the spec's shapes and CORS on GET, POST and OPTIONS,
 * each error as `{ message }` with a 4xx status, and a spec-written client
 * (tests/bot/support/action-client.ts) that resolves the campaign's share links, signs the
 * returned transaction with the backer's key, sends it, and finds the USDC moved on-chain.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ComputeBudgetProgram, type Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pepfundProgram, PROGRAM_ID } from "../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { relayConnection } from "../../../bot/chain/relayer/rpc.js";
import { ChainWalletTransactions } from "../../../bot/chain/relayer/wallet-transactions.js";
import { naclVerifier } from "../../../bot/chain/signature-verifier.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, associatedTokenAddress } from "../../../bot/chain/token.js";
import { campaignShareLinks } from "../../../bot/core/share-links.js";
import { openDatabase, type Database } from "../../../bot/store/database.js";
import { prismaStore } from "../../../bot/store/prisma-store.js";
import { prismaRelayJournal } from "../../../bot/store/relay-journal.js";
import { caip2BlockchainId } from "../../../bot/web/actions.js";
import { webHandler } from "../../../bot/web/server.js";
import { CampaignFixture, DAY, USDC } from "../chain/support/campaign.js";
import { TestChain } from "../chain/support/localnet.js";
import { Protocol } from "../chain/support/protocol.js";
import { ActionError, checkedTransaction, getAction, linkedHref, postAction, resolveActionUrl, signAndSend } from "../support/action-client.js";
import { ManualClock, secureRandom } from "../support/fakes.js";
import { PLATFORMS } from "../support/platforms.js";

const LONG = 180_000;
const TITLE = "Sleep spindles and memory";

let chain: TestChain;
let protocol: Protocol;
let raising: CampaignFixture;
let closed: CampaignFixture;
let database: Database;
let server: Server;
let base: string;
let clock: ManualClock;
let feePayer: Keypair;
let genesisId: string;

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  feePayer = await chain.fundedKeypair(1);
  raising = await CampaignFixture.fundraising(protocol, [3_000, 3_500, 3_500], 1_000n * USDC);
  closed = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [100n * USDC]);
  database = await openDatabase({ kind: "pglite" });
  const store = prismaStore(database.prisma);
  clock = new ManualClock(new Date((await chain.now()) * 1000));
  const program = pepfundProgram(relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl }), feePayer);
  const reader = new AnchorChainReader(program);
  // The directory knows the raising campaign's verified title, as the indexer would have stored it.
  const view = await reader.getCampaign(raising.address.toBase58());
  await store.campaigns.upsert({ view: view!, slot: 1n, at: clock.now(), title: TITLE });
  const wallet = new ChainWalletTransactions({ program, feePayer, journal: prismaRelayJournal(database.prisma), pollIntervalMs: 100 });
  genesisId = caip2BlockchainId(await chain.connection.getGenesisHash());
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const link = { store, clock, random: secureRandom, verifier: naclVerifier, settings: { domain: new URL(base).host, baseUrl: base, chainId: "localnet" as const, ttlSeconds: 600 }, platforms: PLATFORMS };
  const actions = { store, chain: reader, clock, wallet, baseUrl: base, blockchainId: genesisId };
  server.on("request", webHandler(link, { actions }));
}, LONG);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await database?.close();
  await chain?.stop();
});

const api = (c: CampaignFixture | string) => `${base}/api/actions/contribute/${typeof c === "string" ? c : c.address.toBase58()}`;

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(url, { method, ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** A backer with `sol` SOL and `usdc` USDC in its USDC account (none at all when `usdc` is null). */
async function backer(sol: number, usdc: bigint | null): Promise<Keypair> {
  const k = await chain.fundedKeypair(sol);
  if (usdc !== null) await chain.mintTo(protocol.usdcMint, k.publicKey, usdc);
  return k;
}

function expectCors(headers: Headers): void {
  expect(headers.get("access-control-allow-origin")).toBe("*");
  expect(headers.get("access-control-allow-methods")).toBe("GET,POST,PUT,OPTIONS");
  const allowed = (headers.get("access-control-allow-headers") ?? "").split(",").map((h) => h.trim());
  expect(allowed).toEqual(expect.arrayContaining(["Content-Type", "Authorization", "Content-Encoding", "Accept-Encoding"]));
  expect(headers.get("x-action-version")).toMatch(/^2\.\d+/);
  expect(headers.get("x-blockchain-ids")).toBe(genesisId);
}

async function raised(c: CampaignFixture): Promise<bigint> {
  return BigInt((await c.fetch()).raised.toString());
}

describe("actions.json and CORS", () => {
  it("GIVEN GET and OPTIONS /actions.json THEN the rules map the campaign page /c/* to the contribution Action, with CORS", async () => {
    const got = await call("GET", `${base}/actions.json`);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toMatch(/^application\/json/);
    expectCors(got.headers);
    expect(got.json.rules).toEqual(expect.arrayContaining([{ pathPattern: "/c/*", apiPath: "/api/actions/contribute/*" }]));
    const preflight = await call("OPTIONS", `${base}/actions.json`);
    expect(preflight.status).toBeLessThan(300);
    expectCors(preflight.headers);
  });

  it("GIVEN an OPTIONS preflight on the Action THEN CORS allows every origin, the methods and the headers", async () => {
    const preflight = await fetch(api(raising), { method: "OPTIONS", headers: { Origin: "https://wallet.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" } });
    expect(preflight.status).toBe(204);
    expectCors(preflight.headers);
  });

  it("GIVEN the campaign's share links THEN the page and the solana-action: URL both name the Action API", () => {
    const links = campaignShareLinks(`${base}/`, raising.address.toBase58());
    expect(links.page).toBe(`${base}/c/${raising.address.toBase58()}`);
    expect(links.action).toBe(`solana-action:${api(raising)}`);
  });
});

describe("GET /api/actions/contribute/<campaign>", () => {
  it("GIVEN a raising campaign THEN the metadata: its title, an icon the server serves, amount buttons and an amount field up to what is left", async () => {
    const { status, headers, json } = await call("GET", api(raising));
    expect(status).toBe(200);
    expectCors(headers);
    expect(json).toMatchObject({ type: "action", title: TITLE, label: "Contribute" });
    expect(json.disabled).toBeUndefined();
    expect(json.description).toMatch(/Raised 0 USDC of 1,000 USDC, 1,000 USDC left/);
    const icon = await fetch(json.icon as string);
    expect(new URL(json.icon as string).origin).toBe(base);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(await icon.text()).toContain("<svg");
    const actions = (json.links as { actions: { type: string; label: string; href: string; parameters?: { name: string; max: number }[] }[] }).actions;
    expect(actions.map((a) => a.label)).toEqual(["Contribute 10 USDC", "Contribute 25 USDC", "Contribute 100 USDC", "Contribute"]);
    expect(actions.every((a) => a.type === "transaction")).toBe(true);
    expect(actions[0]!.href).toBe(`/api/actions/contribute/${raising.address.toBase58()}?amount=10`);
    expect(actions[3]!.href).toContain("amount={amount}");
    expect(actions[3]!.parameters).toEqual([expect.objectContaining({ name: "amount", type: "number", required: true, max: 1000 })]);
  });

  it("GIVEN a campaign no longer raising THEN disabled, with the reason as the spec's error", async () => {
    const { status, json, headers } = await call("GET", api(closed));
    expect(status).toBe(200);
    expectCors(headers);
    expect(json).toMatchObject({ type: "action", disabled: true, label: "Raise closed" });
    expect((json.error as { message: string }).message).toMatch(/not raising money: it is Active/);
    expect(json.links).toBeUndefined();
  });

  it("GIVEN an address that is no campaign THEN 404 { message }, with CORS", async () => {
    const { status, json, headers } = await call("GET", api(PublicKey.unique().toBase58()));
    expect(status).toBe(404);
    expectCors(headers);
    expect(json).toEqual({ message: "There is no PepFund campaign at that address." });
  });
});

describe("POST /api/actions/contribute/<campaign>: each refusal is { message } with a 4xx status, and nothing moves", () => {
  it("GIVEN a bad account, a missing account, or a bad amount THEN 400 with words that say which", async () => {
    const rich = await backer(1, 500n * USDC);
    const cases: [string, unknown, RegExp][] = [
      [`${api(raising)}?amount=10`, { account: "not-an-address" }, /not a Solana address/],
      [`${api(raising)}?amount=10`, { account: "1111" }, /not a Solana address/],
      [`${api(raising)}?amount=10`, {}, /account/],
      [`${api(raising)}?amount=abc`, { account: rich.publicKey.toBase58() }, /not a USDC amount/],
      [`${api(raising)}?amount=1.1234567`, { account: rich.publicKey.toBase58() }, /not a USDC amount/],
      [`${api(raising)}?amount=0`, { account: rich.publicKey.toBase58() }, /above zero/],
      [api(raising), { account: rich.publicKey.toBase58() }, /how much USDC/],
    ];
    for (const [url, body, message] of cases) {
      const { status, json, headers } = await call("POST", url, body);
      expect(status, `${url} ${JSON.stringify(body)}`).toBe(400);
      expectCors(headers);
      expect(json.message).toMatch(message);
    }
    expect(await chain.tokenBalance(associatedTokenAddress(rich.publicKey, protocol.usdcMint))).toBe(500n * USDC);
  });

  it("GIVEN a closed campaign, an unknown one, or more than is left THEN each its own message", async () => {
    const rich = await backer(1, 5_000n * USDC);
    const account = rich.publicKey.toBase58();
    const closedReply = await call("POST", `${api(closed)}?amount=10`, { account });
    expect(closedReply.status).toBe(400);
    expect(closedReply.json.message).toMatch(/not raising money: it is Active/);
    const unknown = await call("POST", `${api(PublicKey.unique().toBase58())}?amount=10`, { account });
    expect(unknown.status).toBe(404);
    expect(unknown.json.message).toMatch(/no PepFund campaign/);
    const left = 1_000n * USDC - (await raised(raising));
    const over = await call("POST", `${api(raising)}?amount=1000.000001`, { account });
    expect(over.status).toBe(400);
    expect(over.json.message).toBe(`That would raise more than the goal: only ${Number(left / USDC).toLocaleString("en-US")} USDC is left to raise.`);
  });

  it("GIVEN a wallet with no USDC account, too little USDC, or no SOL for its account's rent and fee THEN each its own message", async () => {
    const none = await backer(1, null);
    const poor = await backer(1, 5n * USDC);
    const noSol = await chain.fundedKeypair(0.001);
    await chain.mintTo(protocol.usdcMint, noSol.publicKey, 50n * USDC);
    const at = `${api(raising)}?amount=10`;
    expect((await call("POST", at, { account: none.publicKey.toBase58() })).json.message).toMatch(/no USDC account/);
    expect((await call("POST", at, { account: poor.publicKey.toBase58() })).json.message).toBe("Your wallet holds 5 USDC, less than the 10 USDC you asked to contribute.");
    const rent = await call("POST", at, { account: noSol.publicKey.toBase58() });
    expect(rent.status).toBe(400);
    expect(rent.json.message).toMatch(/needs 0\.00204428 SOL .* holds 0\.001 SOL/);
  });

  it("GIVEN the deadline has passed (by the chain's clock) THEN GET is disabled and POST refused, naming the deadline", async () => {
    const rich = await backer(1, 50n * USDC);
    const now = clock.now();
    clock.set(new Date(now.getTime() + 31 * DAY * 1000));
    try {
      const got = await call("GET", api(raising));
      expect(got.json).toMatchObject({ disabled: true });
      expect((got.json.error as { message: string }).message).toMatch(/Fundraising has ended: its deadline was/);
      const posted = await call("POST", `${api(raising)}?amount=10`, { account: rich.publicKey.toBase58() });
      expect(posted.status).toBe(400);
      expect(posted.json.message).toMatch(/Fundraising has ended/);
    } finally {
      clock.set(now);
    }
  });

  it("GIVEN GET or POST on an unknown Actions path, or PUT on the Action THEN 404/405 { message }", async () => {
    expect((await call("GET", `${base}/api/actions/nothing`)).status).toBe(404);
    const put = await call("PUT", api(raising), {});
    expect(put.status).toBe(405);
    expect(typeof put.json.message).toBe("string");
  });
});

describe("an Action client funds the campaign from its share links", () => {
  it("GIVEN the campaign page link THEN the client resolves it through actions.json, signs the returned transaction and the USDC lands in escrow", async () => {
    const alice = await backer(1, 300n * USDC);
    const before = await raised(raising);
    const feePayerLamports = await chain.connection.getBalance(feePayer.publicKey);
    const actionUrl = await resolveActionUrl(campaignShareLinks(base, raising.address.toBase58()).page, true);
    expect(actionUrl.href).toBe(api(raising));
    const metadata = await getAction(actionUrl);
    expect(metadata.title).toBe(TITLE);
    const custom = metadata.links!.actions.find((a) => a.parameters !== undefined)!;
    const response = await postAction(linkedHref(actionUrl, custom, { amount: "123.45" }), alice.publicKey);
    expect(response).toMatchObject({ type: "transaction" });
    expect(response.message).toBe(`Contribute 123.45 USDC to ${TITLE}; you receive 123.45 backer tokens.`);
    // As returned: the account is fee payer and the only signer; nothing is signed yet.
    const tx = await checkedTransaction(chain.connection, response.transaction, alice.publicKey, [ComputeBudgetProgram.programId, PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID]);
    expect(tx.feePayer!.equals(alice.publicKey)).toBe(true);
    // A compute-unit limit and priority fee first, as on relayed transactions (the account pays them).
    const budget = ComputeBudgetProgram.programId.toBase58();
    expect(tx.instructions.map((i) => i.programId.toBase58())).toEqual([budget, budget, ASSOCIATED_TOKEN_PROGRAM_ID.toBase58(), PROGRAM_ID.toBase58()]);
    await signAndSend(chain.connection, tx, alice);

    expect(await chain.tokenBalance(raising.backerUsdc(alice))).toBe(300n * USDC - 123_450_000n);
    expect(await chain.tokenBalance(raising.backerTokens(alice))).toBe(123_450_000n);
    expect(await raised(raising)).toBe(before + 123_450_000n);
    // PepFund's fee key paid nothing: the client's account paid the fee and the rent.
    expect(await chain.connection.getBalance(feePayer.publicKey)).toBe(feePayerLamports);
    expect(await chain.connection.getBalance(alice.publicKey)).toBeLessThan(LAMPORTS_PER_SOL);
  });

  it("GIVEN the solana-action: link and a preset amount, from a wallet whose backer-token account exists THEN it contributes again", async () => {
    const bob = await backer(1, 60n * USDC);
    const before = await raised(raising);
    const actionUrl = await resolveActionUrl(campaignShareLinks(base, raising.address.toBase58()).action, true);
    const metadata = await getAction(actionUrl);
    // The first opens the backer-token account; the second finds it there (the create is idempotent).
    for (const label of ["Contribute 10 USDC", "Contribute 25 USDC"]) {
      const preset = metadata.links!.actions.find((a) => a.label === label)!;
      const { transaction } = await postAction(linkedHref(actionUrl, preset), bob.publicKey);
      await signAndSend(chain.connection, await checkedTransaction(chain.connection, transaction, bob.publicKey, [ComputeBudgetProgram.programId, PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID]), bob);
    }
    expect(await chain.tokenBalance(raising.backerUsdc(bob))).toBe(25n * USDC);
    expect(await chain.tokenBalance(raising.backerTokens(bob))).toBe(35n * USDC);
    expect(await raised(raising)).toBe(before + 35n * USDC);
  });

  it("GIVEN a POST refused THEN the client sees the spec's error (ActionError with the status and message)", async () => {
    const carol = await backer(1, 1n * USDC);
    const actionUrl = await resolveActionUrl(campaignShareLinks(base, raising.address.toBase58()).page, true);
    await expect(postAction(new URL(`${actionUrl.href}?amount=10`), carol.publicKey)).rejects.toThrow(ActionError);
    const refused = await postAction(new URL(`${actionUrl.href}?amount=10`), carol.publicKey).catch((e: unknown) => e as ActionError);
    expect(refused).toMatchObject({ status: 400 });
    expect((refused as ActionError).message).toMatch(/holds 1 USDC/);
  });
});
