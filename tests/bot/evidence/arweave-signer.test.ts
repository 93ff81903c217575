/**
 * The evidence store's own Arweave signing is arweave-js's: a transaction it signs passes
 * arweave-js's verification (what gateways check), with the id arweave-js would give it.
 */
import { createHash } from "node:crypto";
import Arweave from "arweave";
import { beforeAll, describe, expect, it } from "vitest";
import type { JWKInterface } from "arweave/node/lib/wallet.js";
import { signArweaveTransaction } from "../../../bot/evidence/arweave-signer.js";

// No request is made: the anchor and reward are given, and signing and verifying are local.
const arweave = Arweave.init({ host: "127.0.0.1", port: 1, protocol: "http" });
let wallet: JWKInterface;

beforeAll(async () => {
  wallet = await arweave.wallets.generate();
}, 60_000);

async function unsigned() {
  const transaction = await arweave.createTransaction({ data: new TextEncoder().encode("the raw data does not reproduce figure 3"), last_tx: "", reward: "0" }, wallet);
  transaction.addTag("Content-Type", "text/plain");
  transaction.addTag("Type", "flag-rationale");
  return transaction;
}

describe("signArweaveTransaction", () => {
  it("GIVEN a transaction THEN arweave-js verifies the signature, the owner is the wallet and the id is the signature's SHA-256", async () => {
    const transaction = await unsigned();
    await signArweaveTransaction(transaction, wallet);
    expect(await arweave.transactions.verify(transaction)).toBe(true);
    expect(transaction.owner).toBe(wallet.n);
    expect(transaction.id).toBe(createHash("sha256").update(Buffer.from(transaction.signature, "base64url")).digest("base64url"));
  });

  it("GIVEN a signed transaction whose tag is changed afterwards THEN arweave-js refuses it", async () => {
    const transaction = await unsigned();
    await signArweaveTransaction(transaction, wallet);
    transaction.addTag("Type", "something else");
    expect(await arweave.transactions.verify(transaction)).toBe(false);
  });

  it("GIVEN the same wallet twice THEN both transactions verify (the parsed key is reused)", async () => {
    const [a, b] = await Promise.all([unsigned(), unsigned()]);
    await Promise.all([signArweaveTransaction(a, wallet), signArweaveTransaction(b, wallet)]);
    expect(await arweave.transactions.verify(a)).toBe(true);
    expect(await arweave.transactions.verify(b)).toBe(true);
  });
});
