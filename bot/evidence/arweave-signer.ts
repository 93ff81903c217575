/**
 * Signs an Arweave transaction as arweave-js's `transactions.sign` does with a JWK: the owner
 * is the key's modulus, the signature RSA-PSS with SHA-256 over the transaction's deep hash
 * (`getSignatureData`), the id the SHA-256 of the signature. Two things differ: the key is
 * parsed once per wallet (arweave-js rebuilds a PEM from the JWK in JavaScript on every
 * upload), and the RSA-4096 private operation runs on libuv's thread pool instead of the event
 * loop (arweave-js signs synchronously). In the flag benchmark's profile the upload's signing
 * was the bot thread's largest single cost (docs/BENCHMARKS.md).
 */
import { constants, createHash, createPrivateKey, sign, type KeyObject } from "node:crypto";
import type Arweave from "arweave";
import type { JWKInterface } from "arweave/node/lib/wallet.js";

type Transaction = Awaited<ReturnType<Arweave["createTransaction"]>>;

const keys = new WeakMap<JWKInterface, KeyObject>();

function privateKeyOf(wallet: JWKInterface): KeyObject {
  let key = keys.get(wallet);
  if (key === undefined) {
    key = createPrivateKey({ key: { ...wallet, kty: "RSA" }, format: "jwk" });
    keys.set(wallet, key);
  }
  return key;
}

/** Signs `transaction` with `wallet` in place, as `arweave.transactions.sign(transaction, wallet)`. */
export async function signArweaveTransaction(transaction: Transaction, wallet: JWKInterface): Promise<void> {
  transaction.setOwner(wallet.n);
  const data = await transaction.getSignatureData();
  // The salt length is Node's default for PSS signing (the maximum), as arweave-js leaves it.
  const signature = await new Promise<Buffer>((resolve, reject) => {
    sign("sha256", data, { key: privateKeyOf(wallet), padding: constants.RSA_PKCS1_PSS_PADDING }, (error, result) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
  transaction.setSignature({
    id: createHash("sha256").update(signature).digest("base64url"),
    owner: wallet.n,
    signature: signature.toString("base64url"),
  });
}
