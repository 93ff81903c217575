import { Keypair, SYSVAR_CLOCK_PUBKEY, SystemProgram, Transaction, sendAndConfirmTransaction } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { LocalnetRpcError } from "../../localnet/launch.js";
import { post, useLocalnet } from "./support.js";

const localnet = useLocalnet();
const DAY = 86_400;

/** The Clock sysvar's unix_timestamp, as programs read it (offset 32, i64 LE). */
async function clockSysvar(): Promise<number> {
  const account = await localnet.connection("processed").getAccountInfo(SYSVAR_CLOCK_PUBKEY);
  return Number(account!.data.readBigInt64LE(32));
}

describe("test-only methods", () => {
  it("GIVEN localnet_advanceClock(7 days) THEN the Clock sysvar and the next transaction's block time are 7 days later", async () => {
    const connection = localnet.connection();
    const before = await clockSysvar();
    const moved = await localnet.rpc<number>("localnet_advanceClock", [7 * DAY]);
    expect(moved - before).toBeGreaterThanOrEqual(7 * DAY);
    expect(moved - before).toBeLessThan(7 * DAY + 5);
    expect(await clockSysvar()).toBe(moved);
    const wallet = await localnet.wallet(1);
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: wallet.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }));
    const signature = await sendAndConfirmTransaction(connection, tx, [wallet]);
    const landed = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(landed?.blockTime).toBeGreaterThanOrEqual(moved);
    expect(await connection.getBlockTime(landed!.slot)).toBe(landed?.blockTime);
  });

  it("GIVEN localnet_setClock THEN the Clock sysvar reads that time", async () => {
    const set = await localnet.rpc<number>("localnet_setClock", [2_000_000_000]);
    expect(set).toBe(2_000_000_000);
    const now = await clockSysvar();
    expect(now - 2_000_000_000).toBeLessThan(3);
  });

  it("GIVEN a mint with another authority THEN localnet_mintTo refuses with invalid params", async () => {
    const mint = await localnet.rpc<string>("localnet_createMint", [{ decimals: 2, authority: Keypair.generate().publicKey.toBase58() }]);
    const error = await localnet.rpc("localnet_mintTo", [mint, Keypair.generate().publicKey.toBase58(), 1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalnetRpcError);
    expect((error as LocalnetRpcError).code).toBe(-32602);
  });

  it("GIVEN localnet_setAccount with an executable flag THEN getAccountInfo shows it", async () => {
    const key = Keypair.generate().publicKey;
    await localnet.rpc("localnet_setAccount", [key.toBase58(), { lamports: 5, owner: SystemProgram.programId.toBase58(), data: "AQID", executable: true }]);
    const account = await localnet.connection("processed").getAccountInfo(key);
    expect(account).toMatchObject({ lamports: 5, executable: true });
    expect([...account!.data]).toEqual([1, 2, 3]);
  });
});

describe("fault hooks", () => {
  it("GIVEN rateLimitNextRequests THEN the next request gets HTTP 429 with Retry-After, then service resumes", async () => {
    await localnet.rpc("localnet_setFaults", [{ rateLimitNextRequests: 1 }]);
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getSlot" });
    const limited = await post(localnet.net.rpcUrl, body);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.json).toMatchObject({ error: { code: 429 } });
    expect((await post(localnet.net.rpcUrl, body)).status).toBe(200);
  });

  it("GIVEN failNextRequests THEN the next requests get HTTP 500 with a JSON-RPC internal error", async () => {
    await localnet.rpc("localnet_setFaults", [{ failNextRequests: 2 }]);
    const body = JSON.stringify({ jsonrpc: "2.0", id: 9, method: "getSlot" });
    for (let i = 0; i < 2; i++) {
      const failed = await post(localnet.net.rpcUrl, body);
      expect(failed.status).toBe(500);
      expect(failed.json).toEqual({ jsonrpc: "2.0", id: 9, error: { code: -32603, message: "Internal error" } });
    }
    expect((await post(localnet.net.rpcUrl, body)).status).toBe(200);
  });

  it("GIVEN dropNextTransactions THEN the transaction is accepted with its signature and never lands", async () => {
    const connection = localnet.connection();
    const wallet = await localnet.wallet(1);
    const receiver = Keypair.generate().publicKey;
    await localnet.rpc("localnet_setFaults", [{ dropNextTransactions: 1 }]);
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: wallet.publicKey, toPubkey: receiver, lamports: 1_000_000 }));
    const signature = await connection.sendTransaction(tx, [wallet]);
    await new Promise((r) => setTimeout(r, 500));
    expect((await connection.getSignatureStatuses([signature])).value[0]).toBeNull();
    expect(await connection.getBalance(receiver)).toBe(0);
  });

  it("GIVEN delayMs THEN requests take at least that long, and 0 turns it off", async () => {
    await localnet.rpc("localnet_setFaults", [{ delayMs: 300 }]);
    const started = Date.now();
    await localnet.connection().getSlot();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const state = await localnet.rpc("localnet_setFaults", [{ delayMs: 0 }]);
    expect(state).toEqual({ dropNextTransactions: 0, failNextRequests: 0, rateLimitNextRequests: 0, delayMs: 0 });
  });

  it("GIVEN an unknown fault name THEN setFaults refuses it", async () => {
    const error = await localnet.rpc("localnet_setFaults", [{ explode: true }]).catch((e: unknown) => e);
    expect((error as LocalnetRpcError).code).toBe(-32602);
  });
});

