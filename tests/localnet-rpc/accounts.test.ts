import { LAMPORTS_PER_SOL, Keypair, PublicKey, SystemProgram, Transaction, sendAndConfirmTransaction } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { useLocalnet } from "./support.js";

const localnet = useLocalnet();
const TOKEN_PROGRAM = new PublicKey("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");

describe("accounts and tokens through web3.js", () => {
  it("GIVEN an airdrop THEN getBalance, getAccountInfo and getMultipleAccounts show it, and unknown accounts are null", async () => {
    const connection = localnet.connection();
    const wallet = await localnet.wallet(3);
    const unknown = Keypair.generate().publicKey;
    expect(await connection.getBalance(wallet.publicKey)).toBe(3 * LAMPORTS_PER_SOL);
    expect(await connection.getAccountInfo(unknown)).toBeNull();
    const [known, missing] = await connection.getMultipleAccountsInfo([wallet.publicKey, unknown]);
    expect(known?.lamports).toBe(3 * LAMPORTS_PER_SOL);
    expect(missing).toBeNull();
  });

  it("GIVEN a data size THEN the rent-exempt minimum is the bank's", async () => {
    const connection = localnet.connection();
    expect(await connection.getMinimumBalanceForRentExemption(0)).toBe(890_880);
    expect(await connection.getMinimumBalanceForRentExemption(165)).toBe(2_039_280);
  });

  it("GIVEN a message THEN getFeeForMessage prices 5000 lamports per signature", async () => {
    const connection = localnet.connection();
    const payer = Keypair.generate();
    const { blockhash } = await connection.getLatestBlockhash();
    const tx = new Transaction({ feePayer: payer.publicKey, recentBlockhash: blockhash }).add(
      SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1 }),
    );
    expect((await connection.getFeeForMessage(tx.compileMessage())).value).toBe(5_000);
  });

  it("GIVEN accounts written with localnet_setAccount THEN getProgramAccounts filters them by dataSize and memcmp (base58 and base64)", async () => {
    const connection = localnet.connection();
    const owner = Keypair.generate().publicKey;
    const [a, b, c] = [Keypair.generate().publicKey, Keypair.generate().publicKey, Keypair.generate().publicKey];
    const write = (key: PublicKey, bytes: number[]) =>
      localnet.rpc("localnet_setAccount", [key.toBase58(), { lamports: 10_000_000, owner: owner.toBase58(), data: Buffer.from(bytes).toString("base64") }]);
    await write(a, [1, 2, 3, 4]);
    await write(b, [1, 2, 9, 9]);
    await write(c, [7, 7, 7]);
    const keys = async (filters: Parameters<typeof connection.getProgramAccounts>[1]) =>
      (await connection.getProgramAccounts(owner, filters)).map((x) => x.pubkey.toBase58()).sort();
    expect(await keys({})).toEqual([a, b, c].map((k) => k.toBase58()).sort());
    expect(await keys({ filters: [{ dataSize: 4 }] })).toEqual([a, b].map((k) => k.toBase58()).sort());
    // "4" is base58 for the single byte 3.
    expect(await keys({ filters: [{ memcmp: { offset: 2, bytes: "4" } }] })).toEqual([a.toBase58()]);
    expect(await keys({ filters: [{ memcmp: { offset: 3, bytes: "4" } }] })).toEqual([]);
    expect(await keys({ filters: [{ memcmp: { offset: 2, bytes: Buffer.from([3, 4]).toString("base64"), encoding: "base64" } }] })).toEqual([a.toBase58()]);
    expect(await keys({ filters: [{ dataSize: 4 }, { memcmp: { offset: 0, bytes: "2" } }] })).toEqual([a, b].map((k) => k.toBase58()).sort());
    const account = await connection.getAccountInfo(a);
    expect([...(account?.data ?? [])]).toEqual([1, 2, 3, 4]);
    expect(account?.owner.equals(owner)).toBe(true);
  });

  it("GIVEN a test mint and mintTo THEN the token methods report supply, balance and the owner's accounts", async () => {
    const connection = localnet.connection();
    const owner = Keypair.generate().publicKey;
    const mint = new PublicKey(await localnet.rpc<string>("localnet_createMint", [{ decimals: 6 }]));
    const ata = new PublicKey(await localnet.rpc<string>("localnet_mintTo", [mint.toBase58(), owner.toBase58(), 2_500_000]));
    await localnet.rpc("localnet_mintTo", [mint.toBase58(), owner.toBase58(), "500000"]);

    expect((await connection.getTokenSupply(mint)).value).toEqual({ amount: "3000000", decimals: 6, uiAmount: 3, uiAmountString: "3" });
    expect((await connection.getTokenAccountBalance(ata)).value).toMatchObject({ amount: "3000000", uiAmountString: "3" });
    const byMint = await connection.getTokenAccountsByOwner(owner, { mint });
    expect(byMint.value.map((x) => x.pubkey.toBase58())).toEqual([ata.toBase58()]);
    const byProgram = await connection.getTokenAccountsByOwner(owner, { programId: TOKEN_PROGRAM });
    expect(byProgram.value.map((x) => x.pubkey.toBase58())).toEqual([ata.toBase58()]);
    const parsed = await connection.getParsedTokenAccountsByOwner(owner, { mint });
    expect(parsed.value[0]?.account.data.parsed).toMatchObject({ type: "account", info: { owner: owner.toBase58(), tokenAmount: { amount: "3000000" } } });
    const other = await connection.getTokenAccountsByOwner(Keypair.generate().publicKey, { mint });
    expect(other.value).toEqual([]);
  });

  it("GIVEN transfers from one wallet THEN getSignaturesForAddress pages newest first with before, until and limit", async () => {
    const connection = localnet.connection();
    const wallet = await localnet.wallet(1);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      const tx = new Transaction().add(
        SystemProgram.transfer({ fromPubkey: wallet.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }),
      );
      sent.push(await sendAndConfirmTransaction(connection, tx, [wallet]));
    }
    const all = (await connection.getSignaturesForAddress(wallet.publicKey)).map((s) => s.signature);
    expect(all.slice(0, 5)).toEqual([...sent].reverse());
    expect(all).toHaveLength(6); // and the airdrop
    const page1 = await connection.getSignaturesForAddress(wallet.publicKey, { limit: 2 });
    expect(page1.map((s) => s.signature)).toEqual([sent[4], sent[3]]);
    expect(page1[0]).toMatchObject({ err: null, confirmationStatus: "confirmed", blockTime: expect.any(Number) as number });
    const page2 = await connection.getSignaturesForAddress(wallet.publicKey, { limit: 2, before: page1[1]!.signature });
    expect(page2.map((s) => s.signature)).toEqual([sent[2], sent[1]]);
    const until = await connection.getSignaturesForAddress(wallet.publicKey, { until: sent[1]! });
    expect(until.map((s) => s.signature)).toEqual([sent[4], sent[3], sent[2]]);
  });
});
