/**
 * Signs an Arweave transaction as arweave-js's `transactions.sign` does with a JWK: the owner
 * is the key's modulus, the signature RSA-PSS with SHA-256 over the transaction's deep hash
 * (`getSignatureData`), the id the SHA-256 of the signature. One thing differs: the key is
 * parsed once per wallet, where arweave-js rebuilds a PEM from the JWK in JavaScript (asn1.js)
 * and OpenSSL parses it again on every upload.
 *
 * The RSA-4096 operation itself stays on the event loop (about 3 ms): done on libuv's thread
 * pool instead, 200 uploads at once finished later (pipeline p50 4.8 s against 4.1 s, the
 * pool's threads competing for the same cores), so it was measured and not kept
 * (docs/BENCHMARKS.md, "Flag pipeline, third pass").
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
  const signature = sign("sha256", data, { key: privateKeyOf(wallet), padding: constants.RSA_PKCS1_PSS_PADDING });
  transaction.setSignature({
    id: createHash("sha256").update(signature).digest("base64url"),
    owner: wallet.n,
    signature: signature.toString("base64url"),
  });
}
