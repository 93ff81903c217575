import {
  LAMPORTS_PER_SOL,
  Keypair,
  SystemProgram,
  Transaction,
  sendAndConfirmTransaction,
} from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { useLocalnet } from "./support.js";

const localnet = useLocalnet();

describe("transactions through web3.js", () => {
  it("GIVEN a funded wallet WHEN it sends SOL with sendAndConfirmTransaction THEN it confirms over the WebSocket and the balances move", async () => {
    const connection = localnet.connection();
    const sender = await localnet.wallet(2);
    const receiver = Keypair.generate();
    const tx = new Transaction().add(
      SystemProgram.transfer({ fromPubkey: sender.publicKey, toPubkey: receiver.publicKey, lamports: LAMPORTS_PER_SOL / 2 }),
    );
    const signature = await sendAndConfirmTransaction(connection, tx, [sender]);

    expect(await connection.getBalance(receiver.publicKey)).toBe(LAMPORTS_PER_SOL / 2);
    const fee = 5_000;
    expect(await connection.getBalance(sender.publicKey)).toBe(2 * LAMPORTS_PER_SOL - LAMPORTS_PER_SOL / 2 - fee);
    const { value } = await connection.getSignatureStatuses([signature]);
    expect(value[0]).toMatchObject({ err: null, confirmationStatus: "confirmed" });
    const account = await connection.getAccountInfo(receiver.publicKey);
    expect(account).toMatchObject({ lamports: LAMPORTS_PER_SOL / 2, executable: false });
    expect(account?.owner.equals(SystemProgram.programId)).toBe(true);
  });

  it("GIVEN the latest blockhash THEN it is valid and expires 150 blocks later", async () => {
    const connection = localnet.connection();
    const latest = await connection.getLatestBlockhash();
    const height = await connection.getBlockHeight();
    expect(latest.lastValidBlockHeight).toBeGreaterThanOrEqual(height + 149);
    expect(latest.lastValidBlockHeight).toBeLessThanOrEqual(height + 150);
    expect((await connection.isBlockhashValid(latest.blockhash)).value).toBe(true);
  });
});
