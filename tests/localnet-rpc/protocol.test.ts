import {
  Keypair,
  LAMPORTS_PER_SOL,
  SendTransactionError,
  SystemProgram,
  Transaction,
  sendAndConfirmTransaction,
} from "@solana/web3.js";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { post, useLocalnet } from "./support.js";

const localnet = useLocalnet();

interface RpcErrorBody {
  jsonrpc: string;
  id: unknown;
  error: { code: number; message: string; data?: unknown };
}

describe("JSON-RPC protocol", () => {
  it("GIVEN malformed JSON THEN the answer is a -32700 parse error with a null id", async () => {
    const { status, json } = await post(localnet.net.rpcUrl, '{"jsonrpc":"2.0","id":1,"method":');
    expect(status).toBe(200);
    expect(json).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
  });

  it("GIVEN an unknown method THEN the answer is -32601 with the request's id", async () => {
    const { json } = await post(localnet.net.rpcUrl, JSON.stringify({ jsonrpc: "2.0", id: 7, method: "getNothing" }));
    expect(json).toEqual({ jsonrpc: "2.0", id: 7, error: { code: -32601, message: "Method not found" } });
  });

  it("GIVEN a request without jsonrpc 2.0 or an empty batch THEN the answer is -32600", async () => {
    const missing = (await post(localnet.net.rpcUrl, JSON.stringify({ id: 1, method: "getSlot" }))).json as RpcErrorBody;
    expect(missing.error.code).toBe(-32600);
    const empty = (await post(localnet.net.rpcUrl, "[]")).json as RpcErrorBody;
    expect(empty.error.code).toBe(-32600);
  });

  it("GIVEN wrong param types THEN the answer is -32602 invalid params", async () => {
    const cases = [
      { method: "getBalance", params: [42] },
      { method: "getBalance", params: ["not-a-key"] },
      { method: "getMinimumBalanceForRentExemption", params: ["big"] },
      { method: "getSignatureStatuses", params: ["not-an-array"] },
      { method: "getAccountInfo", params: [Keypair.generate().publicKey.toBase58(), { commitment: "eventually" }] },
    ];
    for (const [id, call] of cases.entries()) {
      const { json } = await post(localnet.net.rpcUrl, JSON.stringify({ jsonrpc: "2.0", id, ...call }));
      expect((json as RpcErrorBody).error.code, call.method).toBe(-32602);
      expect((json as RpcErrorBody).id).toBe(id);
    }
  });

  it("GIVEN a batch THEN each request is answered in order with its own id", async () => {
    const batch = [
      { jsonrpc: "2.0", id: "a", method: "getHealth" },
      { jsonrpc: "2.0", id: "b", method: "nope" },
      { jsonrpc: "2.0", id: "c", method: "getVersion" },
    ];
    const answers = (await post(localnet.net.rpcUrl, JSON.stringify(batch))).json as Array<{ id: string; result?: unknown; error?: unknown }>;
    expect(answers.map((a) => a.id)).toEqual(["a", "b", "c"]);
    expect(answers[0]?.result).toBe("ok");
    expect(answers[1]?.error).toMatchObject({ code: -32601 });
    expect(answers[2]?.result).toMatchObject({ "solana-core": expect.any(String) as string });
  });
});

describe("transaction errors", () => {
  it("GIVEN a blockhash the cluster never produced (or has forgotten) THEN sendTransaction fails preflight with BlockhashNotFound", async () => {
    const connection = localnet.connection();
    const payer = await localnet.wallet(1);
    const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: bs58.encode(Keypair.generate().publicKey.toBytes()) });
    tx.add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }));
    tx.sign(payer);
    const error = await connection.sendRawTransaction(tx.serialize()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendTransactionError);
    expect((error as SendTransactionError).message).toContain("Blockhash not found");
    const { json } = await post(
      localnet.net.rpcUrl,
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "sendTransaction", params: [tx.serialize().toString("base64"), { encoding: "base64" }] }),
    );
    expect((json as RpcErrorBody).error).toMatchObject({ code: -32002, data: { err: "BlockhashNotFound", logs: [] } });
  });

  it("GIVEN a transaction already processed WHEN it is sent again THEN preflight refuses it as AlreadyProcessed", async () => {
    const connection = localnet.connection();
    const payer = await localnet.wallet(1);
    const { blockhash } = await connection.getLatestBlockhash();
    const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash });
    tx.add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }));
    tx.sign(payer);
    const wire = tx.serialize();
    await connection.sendRawTransaction(wire, { preflightCommitment: "confirmed" });
    const params = [wire.toString("base64"), { encoding: "base64", preflightCommitment: "processed" }];
    const { json } = await post(localnet.net.rpcUrl, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "sendTransaction", params }));
    expect((json as RpcErrorBody).error).toMatchObject({
      code: -32002,
      message: "Transaction simulation failed: This transaction has already been processed",
      data: { err: "AlreadyProcessed" },
    });
  });

  it("GIVEN a bad signature THEN sendTransaction answers -32003", async () => {
    const connection = localnet.connection();
    const payer = await localnet.wallet(1);
    const { blockhash } = await connection.getLatestBlockhash();
    const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash });
    tx.add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }));
    tx.sign(payer);
    const wire = tx.serialize();
    wire[10] = (wire[10] ?? 0) ^ 0xff; // inside the signature
    const { json } = await post(
      localnet.net.rpcUrl,
      JSON.stringify({ jsonrpc: "2.0", id: 1, method: "sendTransaction", params: [wire.toString("base64"), { encoding: "base64" }] }),
    );
    expect((json as RpcErrorBody).error).toMatchObject({ code: -32003, message: "Transaction signature verification failure" });
  });

  it("GIVEN a transaction that fails on chain (preflight skipped) THEN its error is in getSignatureStatuses and getTransaction, and the fee is paid", async () => {
    const connection = localnet.connection();
    const payer = await localnet.wallet(1);
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 5 * LAMPORTS_PER_SOL }),
    );
    const error = await sendAndConfirmTransaction(connection, tx, [payer], { skipPreflight: true }).catch((e: unknown) => e);
    expect(String(error)).toContain('{"InstructionError":[0,{"Custom":1}]}');
    const [signature] = (await connection.getSignaturesForAddress(payer.publicKey, { limit: 1 })).map((s) => s.signature);
    expect(signature).toBeDefined();
    const { value } = await connection.getSignatureStatuses([signature!]);
    expect(value[0]?.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
    const fetched = await connection.getTransaction(signature!, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(fetched?.meta?.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
    expect(fetched?.meta?.logMessages).toContain(
      "Transfer: insufficient lamports 999995000, need 5000000000",
    );
    expect(fetched?.meta?.fee).toBe(5_000);
    expect(await connection.getBalance(payer.publicKey)).toBe(LAMPORTS_PER_SOL - 5_000);
  });
});
