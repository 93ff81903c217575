/**
 * Ed25519 signing by Node's crypto (OpenSSL) instead of web3.js's pure-JavaScript
 * `@noble/curves`. Ed25519 is deterministic, so the signatures are the same bytes
 * (tests/bot/chain/ed25519.test.ts), for about a third of the CPU: the relayer signs every
 * flag, vote and crank, and in the flag benchmark's profile web3.js's signing and verifying
 * were the bot thread's busiest package.
 */
import { createPrivateKey, type KeyObject, sign } from "node:crypto";
import type { Keypair, Transaction } from "@solana/web3.js";

/** The PKCS#8 DER header of an Ed25519 private key, followed by its 32-byte seed (RFC 8410). */
const PKCS8_ED25519_HEADER = Buffer.from("302e020100300506032b657004220420", "hex");

/** One OpenSSL key per keypair, made once (the relayer's two keys live as long as it does). */
const privateKeys = new WeakMap<Keypair, KeyObject>();

function privateKeyOf(keypair: Keypair): KeyObject {
  let key = privateKeys.get(keypair);
  if (key === undefined) {
    // A Solana secret key is the 32-byte seed followed by the public key.
    key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_HEADER, keypair.secretKey.subarray(0, 32)]), format: "der", type: "pkcs8" });
    privateKeys.set(keypair, key);
  }
  return key;
}

/**
 * What `tx.sign(...signers)` does in web3.js 1.x (the signers deduplicated, in order, become
 * the transaction's signatures; the message is compiled once and each signer signs it), with
 * Node's Ed25519. A signer the message does not name is refused by `addSignature`, as by `sign`;
 * so is a transaction left without a signature it needs.
 */
export function signTransaction(tx: Transaction, signers: readonly Keypair[]): void {
  if (signers.length === 0) throw new Error("No signers");
  const unique = [...new Map(signers.map((s) => [s.publicKey.toBase58(), s])).values()];
  tx.signatures = unique.map((s) => ({ publicKey: s.publicKey, signature: null }));
  const message = tx.serializeMessage();
  for (const signer of unique) tx.addSignature(signer.publicKey, sign(null, message, privateKeyOf(signer)));
  // web3.js checks for missing signatures only while verifying them (`serialize`): checked here,
  // so a caller may skip the verification of signatures just made.
  const missing = tx.signatures.filter((s) => s.signature === null).map((s) => s.publicKey.toBase58());
  if (missing.length > 0) throw new Error(`missing signature for ${missing.join(", ")}`);
}
