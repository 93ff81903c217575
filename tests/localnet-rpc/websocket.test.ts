import { Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, sendAndConfirmTransaction, type Logs, type AccountInfo } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { useLocalnet } from "./support.js";

const localnet = useLocalnet();

function waitFor<T>(register: (done: (value: T) => void) => void, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no notification")), timeoutMs);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe("WebSocket subscriptions through web3.js", () => {
  it("GIVEN onLogs(mentions) and onAccountChange WHEN a transfer lands THEN both notify, and unsubscribing stops them", async () => {
    const connection = localnet.connection();
    const sender = await localnet.wallet(2);
    const receiver = Keypair.generate();
    const seen = { logs: 0, account: 0 };
    let logsId = 0;
    let accountId = 0;
    const logs = waitFor<Logs>((done) => {
      logsId = connection.onLogs(receiver.publicKey, (l) => { seen.logs += 1; done(l); }, "confirmed");
    });
    const account = waitFor<AccountInfo<Buffer>>((done) => {
      accountId = connection.onAccountChange(receiver.publicKey, (a) => { seen.account += 1; done(a); }, { commitment: "confirmed" });
    });
    // Give the subscriptions a moment to reach the server.
    await new Promise((r) => setTimeout(r, 300));
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: sender.publicKey, toPubkey: receiver.publicKey, lamports: LAMPORTS_PER_SOL }));
    const signature = await connection.sendTransaction(tx, [sender]);

    const logged = await logs;
    expect(logged).toMatchObject({ signature, err: null });
    expect(logged.logs).toEqual(["Program 11111111111111111111111111111111 invoke [1]", "Program 11111111111111111111111111111111 success"]);
    expect((await account).lamports).toBe(LAMPORTS_PER_SOL);

    await connection.removeOnLogsListener(logsId);
    await connection.removeAccountChangeListener(accountId);
    const again = new Transaction().add(SystemProgram.transfer({ fromPubkey: sender.publicKey, toPubkey: receiver.publicKey, lamports: LAMPORTS_PER_SOL / 4 }));
    await sendAndConfirmTransaction(connection, again, [sender]);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual({ logs: 1, account: 1 });
    expect(await connection.getBalance(receiver.publicKey)).toBe(1.25 * LAMPORTS_PER_SOL);
  });

  it("GIVEN onSignature THEN it fires once the transaction is confirmed, with its error", async () => {
    const connection = localnet.connection();
    const sender = await localnet.wallet(1);
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: sender.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 5 * LAMPORTS_PER_SOL }));
    const signature = await connection.sendTransaction(tx, [sender], { skipPreflight: true });
    const result = await waitFor<{ err: unknown }>((done) => connection.onSignature(signature, (r) => done(r), "confirmed"));
    expect(result.err).toEqual({ InstructionError: [0, { Custom: 1 }] });
  });

  it("GIVEN raw subscriptions THEN receivedSignature comes first, unsubscribe answers true and an unknown id is refused", async () => {
    const sender = await localnet.wallet(1);
    const connection = localnet.connection();
    const { blockhash } = await connection.getLatestBlockhash();
    const tx = new Transaction({ feePayer: sender.publicKey, recentBlockhash: blockhash }).add(
      SystemProgram.transfer({ fromPubkey: sender.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }),
    );
    tx.sign(sender);
    const signature = tx.signatures[0]!.signature!;
    const bs58 = (await import("bs58")).default;
    const socket = new WebSocket(localnet.net.wsUrl);
    await new Promise((r) => socket.once("open", r));
    const messages: Array<Record<string, unknown>> = [];
    socket.on("message", (data: Buffer) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
    const next = async (predicate: (m: Record<string, unknown>) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const found = messages.find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no message; got ${JSON.stringify(messages)}`);
    };
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "signatureSubscribe", params: [bs58.encode(signature), { commitment: "finalized", enableReceivedNotification: true }] }));
    const subscribed = await next((m) => m.id === 1);
    const id = subscribed.result as number;
    await connection.sendRawTransaction(tx.serialize());
    const received = await next((m) => m.method === "signatureNotification");
    expect(received).toMatchObject({ params: { subscription: id, result: { value: "receivedSignature", context: { slot: expect.any(Number) as number } } } });

    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "signatureUnsubscribe", params: [id] }));
    expect(await next((m) => m.id === 2)).toMatchObject({ result: true });
    // A logs subscription notifies, then after logsUnsubscribe the server sends nothing more.
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 4, method: "logsSubscribe", params: [{ mentions: [sender.publicKey.toBase58()] }, { commitment: "confirmed" }] }));
    const logsId = (await next((m) => m.id === 4)).result as number;
    const transfer = () =>
      sendAndConfirmTransaction(connection, new Transaction().add(SystemProgram.transfer({ fromPubkey: sender.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 })), [sender]);
    const first = await transfer();
    const forLogs = (m: Record<string, unknown>) => m.method === "logsNotification" && (m.params as { subscription: number }).subscription === logsId;
    expect(await next(forLogs)).toMatchObject({ params: { result: { value: { signature: first, err: null } } } });
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 5, method: "logsUnsubscribe", params: [logsId] }));
    expect(await next((m) => m.id === 5)).toMatchObject({ result: true });
    await transfer();
    await new Promise((r) => setTimeout(r, 300));
    expect(messages.filter(forLogs)).toHaveLength(1);

    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "logsUnsubscribe", params: [987_654] }));
    expect(await next((m) => m.id === 3)).toMatchObject({ error: { code: -32602, message: "Invalid subscription id." } });
    socket.close();
  });
});
