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
 * What `tx.sign(...signers)` then `tx.serialize()` do in web3.js 1.x, with Node's Ed25519 and
 * the message compiled once (web3.js compiles it again, or checks its cache by re-encoding
 * every key, on each `addSignature` and on `serialize`): the signers, deduplicated, sign the
 * message; the wire bytes are the signatures in the message's order, then the message. A
 * signer the message does not name is refused, as by `sign`; so is a signature it needs and
 * nobody gave. Returns the wire bytes and the first signature (the transaction id).
 */
export function signTransaction(tx: Transaction, signers: readonly Keypair[]): { wire: Buffer; signature: Buffer } {
  if (signers.length === 0) throw new Error("No signers");
  const message = tx.compileMessage();
  const bytes = message.serialize();
  const required = message.accountKeys.slice(0, message.header.numRequiredSignatures).map((key) => key.toBase58());
  const bySigner = new Map(signers.map((s) => [s.publicKey.toBase58(), s]));
  for (const signer of bySigner.keys()) if (!required.includes(signer)) throw new Error(`unknown signer: ${signer}`);
  const missing = required.filter((key) => !bySigner.has(key));
  if (missing.length > 0) throw new Error(`missing signature for ${missing.join(", ")}`);
  const signatures = required.map((key) => sign(null, bytes, privateKeyOf(bySigner.get(key) as Keypair)));
  // The count's compact-u16 prefix is one byte below 128; a 1,232-byte packet holds at most 19.
  return { wire: Buffer.concat([Buffer.from([signatures.length]), ...signatures, bytes]), signature: signatures[0] as Buffer };
}
