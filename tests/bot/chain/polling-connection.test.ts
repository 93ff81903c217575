/**
 * PollingConnection on the real localnet: it confirms what landed (with the program's error
 * when it failed), refuses what expired, and leaves no request running once it has answered
 * (web3.js's own confirmTransaction leaves a detached status request whose failure is an
 * unhandled rejection).
 */
import { Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, TransactionExpiredBlockheightExceededError } from "@solana/web3.js";
import bs58 from "bs58";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PollingConnection } from "../../../bot/chain/polling-connection.js";
import { TestChain } from "./support/localnet.js";

let chain: TestChain;
let requests: string[];
let connection: PollingConnection;
/** Set: the node's status answers fail (a dropped connection), as when it restarts. */
let statusesDown = false;
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  chain = await TestChain.start();
  requests = [];
  connection = new PollingConnection(chain.rpcUrl, {
    commitment: "confirmed",
    wsEndpoint: chain.wsUrl,
    fetch: (input, init) => {
      const { method } = JSON.parse(init?.body as string) as { method: string };
      requests.push(method);
      if (statusesDown && method === "getSignatureStatuses") return Promise.reject(new TypeError("fetch failed: other side closed"));
      return fetch(input, init);
    },
  });
  process.on("unhandledRejection", recordUnhandled);
});

afterAll(async () => {
  process.off("unhandledRejection", recordUnhandled);
  await chain?.stop();
});

describe("PollingConnection.confirmTransaction", () => {
  it("GIVEN an airdrop THEN it resolves once confirmed, and no request follows its answer", async () => {
    const to = Keypair.generate().publicKey;
    const latest = await connection.getLatestBlockhash();
    const signature = await connection.requestAirdrop(to, LAMPORTS_PER_SOL);
    const result = await connection.confirmTransaction({ signature, ...latest }, "confirmed");
    expect(result.value.err).toBeNull();
    expect(await connection.getBalance(to)).toBe(LAMPORTS_PER_SOL);
    const after = requests.length;
    await new Promise((r) => setTimeout(r, 1_000));
    expect(requests.slice(after)).toEqual([]);
  });

  it("GIVEN a transfer that fails on-chain THEN it resolves with the transaction's error", async () => {
    const payer = await chain.fundedKeypair(1);
    const latest = await connection.getLatestBlockhash();
    const tx = new Transaction({ feePayer: payer.publicKey, ...latest }).add(
      SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 5 * LAMPORTS_PER_SOL }),
    );
    tx.sign(payer);
    const signature = await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
    const result = await connection.confirmTransaction({ signature, ...latest }, "confirmed");
    expect(result.value.err).not.toBeNull();
  });

  it("GIVEN a signature that never landed and a block height already past THEN it throws the expiry error", async () => {
    const height = await connection.getBlockHeight("confirmed");
    const neverSent = bs58.encode(Keypair.generate().secretKey);
    const { blockhash } = await connection.getLatestBlockhash();
    await expect(connection.confirmTransaction({ signature: neverSent, blockhash, lastValidBlockHeight: height - 1 })).rejects.toBeInstanceOf(
      TransactionExpiredBlockheightExceededError,
    );
  });

  it("GIVEN the node's status requests fail THEN the confirmation rejects to its caller, and nothing is left to reject unhandled", async () => {
    const latest = await connection.getLatestBlockhash();
    const signature = await connection.requestAirdrop(Keypair.generate().publicKey, LAMPORTS_PER_SOL);
    statusesDown = true;
    try {
      await expect(connection.confirmTransaction({ signature, ...latest }, "confirmed")).rejects.toThrow(/fetch failed/);
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      statusesDown = false;
    }
    expect(unhandled).toEqual([]);
  });
});
