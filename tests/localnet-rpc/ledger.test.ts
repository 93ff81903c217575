/**
 * `--ledger DIR`: a localnet stopped (SIGTERM, as the app stops it) and started again on the
 * same directory serves the accounts the first one held, and its slots go on from where the
 * first one stopped, so the indexer's durable cursor (a signature and its slot) finds every
 * transaction sent after the restart and none from before it, though the old signatures are
 * gone from getSignaturesForAddress.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, sendAndConfirmTransaction } from "@solana/web3.js";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalnet, type Localnet } from "../../localnet/launch.js";
import { signaturesAfter, type ChainSource } from "../../bot/chain/indexer/source.js";

const START_TIMEOUT_MS = 30 * 60_000;
let dir = "";
const running: Localnet[] = [];

afterAll(async () => {
  for (const net of running) await net.stop();
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

async function start(ledgerDir: string): Promise<{ net: Localnet; connection: Connection }> {
  const net = await startLocalnet({ ledgerDir });
  running.push(net);
  return { net, connection: new Connection(net.rpcUrl, { commitment: "confirmed", wsEndpoint: net.wsUrl }) };
}

async function fund(connection: Connection, key: Keypair, sol: number): Promise<void> {
  const signature = await connection.requestAirdrop(key.publicKey, sol * LAMPORTS_PER_SOL);
  await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, "confirmed");
}

async function pay(connection: Connection, from: Keypair, to: Keypair, lamports: number): Promise<{ signature: string; slot: bigint }> {
  const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to.publicKey, lamports }));
  const signature = await sendAndConfirmTransaction(connection, tx, [from], { commitment: "confirmed" });
  const status = await connection.getSignatureStatus(signature);
  return { signature, slot: BigInt(status.value?.slot ?? 0) };
}

describe("GIVEN a localnet with --ledger that held a wallet and a transfer", () => {
  it("WHEN it is stopped and started again THEN the balances are back and the indexer's cursor sees only the new transfer", async () => {
    dir = await mkdtemp(join(tmpdir(), "pepfund-ledger-"));
    const ledgerDir = join(dir, "localnet");
    const payer = Keypair.generate();
    const shop = Keypair.generate();

    const first = await start(ledgerDir);
    await fund(first.connection, payer, 5);
    const before = await pay(first.connection, payer, shop, 1_000_000);
    const payerBalance = await first.connection.getBalance(payer.publicKey);
    await first.net.stop();
    const firstSlot = before.slot;

    const second = await start(ledgerDir);
    expect(await second.connection.getBalance(payer.publicKey)).toBe(payerBalance);
    expect(await second.connection.getBalance(shop.publicKey)).toBe(1_000_000);
    expect(BigInt(await second.connection.getSlot("processed"))).toBeGreaterThan(firstSlot);

    const after = await pay(second.connection, payer, shop, 2_000_000);
    const source: ChainSource = { connection: second.connection, programId: shop.publicKey, retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 } };
    const pending = await signaturesAfter(source, { signature: before.signature, slot: before.slot }, 10);
    expect(pending.map((info) => info.signature)).toEqual([after.signature]);
    expect(await second.connection.getBalance(shop.publicKey)).toBe(3_000_000);
  }, START_TIMEOUT_MS);

  it("WHEN the ledger file is not a ledger THEN the localnet refuses to start and names the file", async () => {
    const bad = join(dir, "bad");
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, "ledger.bin"), "not a ledger");
    await expect(startLocalnet({ ledgerDir: bad })).rejects.toThrow(/ledger\.bin is not a localnet ledger/);
  });
});
