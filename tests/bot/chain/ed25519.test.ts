import { Keypair, SystemProgram, Transaction } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { signTransaction } from "../../../bot/chain/ed25519.js";

const feePayer = Keypair.generate();
const authority = Keypair.generate();

/** A transfer the authority signs, paid by the fee payer: two signers, as a relayed flag. */
function unsigned(): Transaction {
  return new Transaction({ feePayer: feePayer.publicKey, blockhash: Keypair.generate().publicKey.toBase58(), lastValidBlockHeight: 1 }).add(
    SystemProgram.transfer({ fromPubkey: authority.publicKey, toPubkey: feePayer.publicKey, lamports: 1 }),
  );
}

describe("signTransaction (Node's Ed25519, the message compiled once)", () => {
  it("given the relayer's two keys, when it signs, then the wire bytes are web3.js's own signing's and verify", () => {
    const ours = unsigned();
    const theirs = Transaction.from(ours.serialize({ requireAllSignatures: false, verifySignatures: false }));
    const signed = signTransaction(ours, [feePayer, authority]);
    theirs.sign(feePayer, authority);
    expect(signed.wire).toEqual(theirs.serialize());
    expect(signed.signature).toEqual(theirs.signature);
    expect(Transaction.from(signed.wire).verifySignatures()).toBe(true);
  });

  it("given a signer twice or out of order, when it signs, then each signs once in the message's order", () => {
    const signed = Transaction.from(signTransaction(unsigned(), [authority, feePayer, authority]).wire);
    expect(signed.signatures.map((s) => s.publicKey.toBase58())).toEqual([feePayer.publicKey.toBase58(), authority.publicKey.toBase58()]);
    expect(signed.verifySignatures()).toBe(true);
  });

  it("given a key the message does not name, when it signs, then it refuses", () => {
    expect(() => signTransaction(unsigned(), [feePayer, authority, Keypair.generate()])).toThrow(/unknown signer/);
  });

  it("given a signer missing, when it signs, then it refuses instead of leaving an empty signature", () => {
    expect(() => signTransaction(unsigned(), [feePayer])).toThrow(`missing signature for ${authority.publicKey.toBase58()}`);
  });
});
