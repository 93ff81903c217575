/**
 * Wallet-signed actions on the localnet: prepared with the relayer's fee key, signed by
 * the wallet alone (as the signing page does), checked, countersigned and settled once.
 */
import { ComputeBudgetProgram, Keypair, Transaction } from "@solana/web3.js";
import nacl from "tweetnacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WalletAction } from "../../../../bot/core/ports.js";
import { holderPda } from "../../../../bot/chain/pdas.js";
import { pepfundProgram } from "../../../../bot/chain/program.js";
import { InMemoryRelayJournal } from "../../../../bot/chain/relayer/journal.js";
import { relayConnection } from "../../../../bot/chain/relayer/rpc.js";
import { ChainWalletTransactions } from "../../../../bot/chain/relayer/wallet-transactions.js";
import { CampaignFixture, USDC } from "../support/campaign.js";
import { TestChain } from "../support/localnet.js";
import { Protocol } from "../support/protocol.js";

const LONG = 120_000;

let chain: TestChain;
let protocol: Protocol;
let feePayer: Keypair;
let campaign: CampaignFixture;
let wallets: ChainWalletTransactions;

/** What the signing page does: the wallet adds its signature to the prepared bytes. */
function walletSigns(prepared: Uint8Array, wallet: Keypair): Uint8Array {
  const tx = Transaction.from(prepared);
  tx.partialSign(wallet);
  return tx.serialize({ requireAllSignatures: false });
}

beforeAll(async () => {
  chain = await TestChain.start();
  protocol = await Protocol.init(chain);
  feePayer = await chain.fundedKeypair(1);
  campaign = await CampaignFixture.active(protocol, [3_000, 3_500, 3_500], [600n * USDC, 400n * USDC]);
  const connection = relayConnection(chain.rpcUrl, { wsUrl: chain.wsUrl });
  wallets = new ChainWalletTransactions({
    program: pepfundProgram(connection, feePayer),
    feePayer,
    journal: new InMemoryRelayJournal(),
    pollIntervalMs: 100,
  });
}, LONG);

afterAll(async () => {
  await chain?.stop();
});

describe("ChainWalletTransactions", () => {
  it("GIVEN a deposit signed by the holder's wallet THEN it lands once; the fee payer pays only the fee", async () => {
    const [alice] = campaign.backers;
    const action: WalletAction = { kind: "holderDeposit", campaign: campaign.address.toBase58(), owner: alice!.publicKey.toBase58(), amount: 25n * USDC };
    const { transaction } = await wallets.prepare(action);
    const before = await chain.connection.getBalance(feePayer.publicKey);
    const outcome = await wallets.submitSigned(action, walletSigns(transaction, alice!), "deposit-1");
    expect(outcome.status).toBe("confirmed");
    const holder = await protocol.as(alice!).account.holderRecord.fetch(holderPda(campaign.address, alice!.publicKey));
    expect(holder.deposited.toString()).toBe((25n * USDC).toString());
    const signature = outcome.status === "confirmed" ? outcome.signature : "";
    const tx = await chain.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(before - (await chain.connection.getBalance(feePayer.publicKey))).toBe(tx!.meta!.fee);
    for (const ix of tx!.transaction.message.compiledInstructions) expect(ix.accountKeyIndexes).not.toContain(0);

    expect(await wallets.submitSigned(action, walletSigns(transaction, alice!), "deposit-1")).toEqual(outcome);
    const again = await protocol.as(alice!).account.holderRecord.fetch(holderPda(campaign.address, alice!.publicKey));
    expect(again.deposited.toString()).toBe((25n * USDC).toString());
  });

  it("GIVEN bytes of another action, another wallet's signature, or garbage THEN refused and nothing sent", async () => {
    const [, bob] = campaign.backers;
    const action: WalletAction = { kind: "holderDeposit", campaign: campaign.address.toBase58(), owner: bob!.publicKey.toBase58(), amount: 10n * USDC };
    const bigger = await wallets.prepare({ ...action, amount: 300n * USDC });
    const swapped = await wallets.submitSigned(action, walletSigns(bigger.transaction, bob!), "deposit-swapped");
    expect(swapped).toMatchObject({ status: "failed", signature: null, code: "TransactionFailed", message: "the signed transaction is not the prepared action" });

    const { transaction } = await wallets.prepare(action);
    const intruder = Keypair.generate();
    const forged = Transaction.from(transaction);
    // The intruder signs the very message, placed where bob's signature belongs.
    const intruderSignature = Buffer.from(nacl.sign.detached(forged.serializeMessage(), intruder.secretKey));
    forged.signatures = forged.signatures.map((s) =>
      s.publicKey.equals(bob!.publicKey) ? { publicKey: s.publicKey, signature: intruderSignature } : s,
    );
    const bad = await wallets.submitSigned(action, forged.serialize({ requireAllSignatures: false, verifySignatures: false }), "deposit-forged");
    expect(bad).toMatchObject({ status: "failed", signature: null, message: "the transaction does not carry a valid signature of the expected wallet" });

    const garbage = await wallets.submitSigned(action, new Uint8Array([1, 2, 3]), "deposit-garbage");
    expect(garbage).toMatchObject({ status: "failed", signature: null, code: "TransactionFailed" });
    expect(await protocol.as(bob!).account.holderRecord.fetchNullable(holderPda(campaign.address, bob!.publicKey))).toBeNull();
  });

  it("GIVEN bytes whose compute-unit price the wallet raised above the cap, or whose budget it dropped THEN refused, nothing sent; at the cap THEN it lands with that price", async () => {
    const [alice] = campaign.backers;
    const action: WalletAction = { kind: "holderDeposit", campaign: campaign.address.toBase58(), owner: alice!.publicKey.toBase58(), amount: 1n * USDC };
    const record = () => protocol.as(alice!).account.holderRecord.fetch(holderPda(campaign.address, alice!.publicKey));
    const before = (await record()).deposited.toString();
    const withPrice = (microLamports: bigint, keepBudget = true) => {
      const prepared = Transaction.from(transaction);
      const [limit, , ...rest] = prepared.instructions;
      const budget = keepBudget ? [limit!, ComputeBudgetProgram.setComputeUnitPrice({ microLamports })] : [];
      const tx = new Transaction({ feePayer: feePayer.publicKey, blockhash: prepared.recentBlockhash!, lastValidBlockHeight: 0 }).add(...budget, ...rest);
      tx.partialSign(alice!);
      return tx.serialize({ requireAllSignatures: false });
    };
    const { transaction } = await wallets.prepare(action);
    const drained = await wallets.submitSigned(action, withPrice(10n ** 12n), "price-drain");
    expect(drained).toMatchObject({ status: "failed", signature: null, code: "TransactionFailed" });
    expect(drained.status === "failed" && drained.message).toMatch(/compute-unit price of 1000000000000 micro-lamports, above the 1000000 cap/);
    const stripped = await wallets.submitSigned(action, withPrice(0n, false), "price-stripped");
    expect(stripped).toMatchObject({ status: "failed", signature: null, message: "the signed transaction is not the prepared action" });
    expect((await record()).deposited.toString()).toBe(before);

    const atCap = await wallets.submitSigned(action, withPrice(1_000_000n), "price-at-cap");
    expect(atCap.status).toBe("confirmed");
    const landed = await chain.connection.getTransaction(atCap.status === "confirmed" ? atCap.signature : "", { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const priceIx = landed!.transaction.message.compiledInstructions[1]!;
    expect(Buffer.from(priceIx.data).readBigUInt64LE(1)).toBe(1_000_000n);
    expect(BigInt((await record()).deposited.toString()) - BigInt(before)).toBe(1n * USDC);
  });

  it("GIVEN a delegate named and a refusal by the program THEN the outcome carries the program's code", async () => {
    const [, bob] = campaign.backers;
    const owner = bob!.publicKey.toBase58();
    const delegate: WalletAction = { kind: "holderSetDelegate", campaign: campaign.address.toBase58(), owner, delegate: protocol.relay.publicKey.toBase58() };
    const set = await wallets.prepare(delegate);
    expect((await wallets.submitSigned(delegate, walletSigns(set.transaction, bob!), "delegate-1")).status).toBe("confirmed");
    const holder = await protocol.as(bob!).account.holderRecord.fetch(holderPda(campaign.address, bob!.publicKey));
    expect(holder.delegate.equals(protocol.relay.publicKey)).toBe(true);

    const refund: WalletAction = { kind: "refundClaim", campaign: campaign.address.toBase58(), owner, tokens: 1n * USDC };
    const prepared = await wallets.prepare(refund);
    const refused = await wallets.submitSigned(refund, walletSigns(prepared.transaction, bob!), "refund-active");
    expect(refused).toMatchObject({ status: "failed", signature: null, code: "InvalidCampaignState" });
  });

  it("GIVEN a deposit with consent THEN one signature names the delegate and deposits; the same bytes without or with an extra instruction are refused, nothing sent", async () => {
    const [alice] = campaign.backers;
    const owner = alice!.publicKey.toBase58();
    const plain: WalletAction = { kind: "holderDeposit", campaign: campaign.address.toBase58(), owner, amount: 5n * USDC };
    const withConsent: WalletAction = { ...plain, delegate: protocol.relay.publicKey.toBase58() };
    const record = () => protocol.as(alice!).account.holderRecord.fetch(holderPda(campaign.address, alice!.publicKey));
    const before = await record();

    const dropped = await wallets.submitSigned(withConsent, walletSigns((await wallets.prepare(plain)).transaction, alice!), "consent-dropped");
    expect(dropped).toMatchObject({ status: "failed", signature: null, message: "the signed transaction is not the prepared action" });
    const added = await wallets.submitSigned(plain, walletSigns((await wallets.prepare(withConsent)).transaction, alice!), "consent-added");
    expect(added).toMatchObject({ status: "failed", signature: null, message: "the signed transaction is not the prepared action" });
    expect((await record()).deposited.toString()).toBe(before.deposited.toString());

    const { transaction } = await wallets.prepare(withConsent);
    const instructions = Transaction.from(transaction).instructions;
    expect(instructions).toHaveLength(4); // unit limit, unit price, set delegate, deposit
    expect(instructions.slice(0, 2).every((ix) => ix.programId.equals(ComputeBudgetProgram.programId))).toBe(true);
    expect((await wallets.submitSigned(withConsent, walletSigns(transaction, alice!), "consent-deposit")).status).toBe("confirmed");
    const after = await record();
    expect(after.delegate.equals(protocol.relay.publicKey)).toBe(true);
    expect(BigInt(after.deposited.toString()) - BigInt(before.deposited.toString())).toBe(5n * USDC);
  });
});
