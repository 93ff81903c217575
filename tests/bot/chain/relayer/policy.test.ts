import { ComputeBudgetProgram, Keypair, SystemProgram, Transaction, TransactionInstruction } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { PROGRAM_ID } from "../../../../bot/chain/program.js";
import { RelayPolicyError, assertRelayable } from "../../../../bot/chain/relayer/policy.js";
import { createAssociatedTokenAccountIdempotent } from "../../../../bot/chain/token.js";

const feePayer = Keypair.generate().publicKey;
const authority = Keypair.generate().publicKey;
const other = Keypair.generate().publicKey;

function tx(...instructions: TransactionInstruction[]): Transaction {
  return new Transaction({ feePayer, blockhash: "11111111111111111111111111111111", lastValidBlockHeight: 1 }).add(
    ...instructions,
  );
}

function pepfund(keys: { pubkey: typeof feePayer; isSigner: boolean; isWritable: boolean }[]) {
  return new TransactionInstruction({ programId: PROGRAM_ID, keys, data: Buffer.alloc(8) });
}

describe("relay policy", () => {
  it("GIVEN a pepfund instruction signed by the relay authority and a compute-budget price THEN it may be signed", () => {
    const flag = pepfund([
      { pubkey: other, isSigner: false, isWritable: true },
      { pubkey: authority, isSigner: true, isWritable: true },
    ]);
    expect(() =>
      assertRelayable(tx(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 1 }), flag), feePayer, authority),
    ).not.toThrow();
  });

  it("GIVEN the fee payer in an instruction's accounts (even read-only, even unsigned) THEN refused", () => {
    for (const meta of [
      { isSigner: false, isWritable: false },
      { isSigner: false, isWritable: true },
      { isSigner: true, isWritable: true },
    ]) {
      expect(() => assertRelayable(tx(pepfund([{ pubkey: feePayer, ...meta }])), feePayer, authority)).toThrow(
        RelayPolicyError,
      );
    }
  });

  it("GIVEN another program's instruction (a System transfer) THEN refused", () => {
    const transfer = SystemProgram.transfer({ fromPubkey: authority, toPubkey: other, lamports: 1 });
    expect(() => assertRelayable(tx(transfer), feePayer, authority)).toThrow(/never signs for/);
  });

  it("GIVEN an instruction needing another signer, or another fee payer THEN refused", () => {
    expect(() => assertRelayable(tx(pepfund([{ pubkey: other, isSigner: true, isWritable: false }])), feePayer, authority)).toThrow(
      /needs a signature/,
    );
    expect(() => assertRelayable(tx(pepfund([])), other, authority)).toThrow(/fee payer/);
  });

  describe("compute budget: a unit limit and a capped unit price, nothing else", () => {
    const flag = () => pepfund([{ pubkey: authority, isSigner: true, isWritable: true }]);
    const limit = (units: number) => ComputeBudgetProgram.setComputeUnitLimit({ units });
    const price = (microLamports: number | bigint) => ComputeBudgetProgram.setComputeUnitPrice({ microLamports });

    it("GIVEN a limit and a price at the cap THEN it may be signed; one above the cap THEN refused naming both", () => {
      expect(() => assertRelayable(tx(limit(200_000), price(1_000_000), flag()), feePayer, authority)).not.toThrow();
      expect(() => assertRelayable(tx(limit(200_000), price(5_000), flag()), feePayer, authority, { maxComputeUnitPrice: 5_000 })).not.toThrow();
      expect(() => assertRelayable(tx(limit(200_000), price(5_001), flag()), feePayer, authority, { maxComputeUnitPrice: 5_000 })).toThrow(
        /price of 5001 micro-lamports, above the 5000 cap/,
      );
    });

    it("GIVEN a foreign price draining the fee payer (default cap, u64 max) THEN refused", () => {
      expect(() => assertRelayable(tx(price(1_000_001), flag()), feePayer, authority)).toThrow(RelayPolicyError);
      expect(() => assertRelayable(tx(price(2n ** 64n - 1n), flag()), feePayer, authority)).toThrow(/above the 1000000 cap/);
    });

    it("GIVEN a limit above 1.4 M units, a repeated instruction, a heap frame or a data-size limit THEN refused", () => {
      expect(() => assertRelayable(tx(limit(1_400_001), flag()), feePayer, authority)).toThrow(/above the 1400000 maximum/);
      expect(() => assertRelayable(tx(price(1), price(1), flag()), feePayer, authority)).toThrow(/repeats/);
      expect(() => assertRelayable(tx(limit(1_000), limit(1_000), flag()), feePayer, authority)).toThrow(/repeats/);
      expect(() => assertRelayable(tx(ComputeBudgetProgram.requestHeapFrame({ bytes: 64 * 1024 }), flag()), feePayer, authority)).toThrow(
        /other than a unit limit or price/,
      );
      const dataSize = new TransactionInstruction({ programId: ComputeBudgetProgram.programId, keys: [], data: Buffer.from([4, 0, 0, 1, 0]) });
      expect(() => assertRelayable(tx(dataSize, flag()), feePayer, authority)).toThrow(/other than a unit limit or price/);
      const withAccount = new TransactionInstruction({ ...price(1), keys: [{ pubkey: other, isSigner: false, isWritable: true }] });
      expect(() => assertRelayable(tx(withAccount, flag()), feePayer, authority)).toThrow(RelayPolicyError);
    });
  });

  describe("a signer opening its own token account (a contribution's backer-token account)", () => {
    const mint = Keypair.generate().publicKey;
    const allow = { signerOpensAccounts: true };

    it("GIVEN the wallet's idempotent ATA create paid by the wallet, allowed THEN it may be signed", () => {
      expect(() => assertRelayable(tx(createAssociatedTokenAccountIdempotent(authority, authority, mint)), feePayer, authority, allow)).not.toThrow();
    });

    it("GIVEN the same create WITHOUT the allowance (the relayer's own transactions) THEN refused", () => {
      expect(() => assertRelayable(tx(createAssociatedTokenAccountIdempotent(authority, authority, mint)), feePayer, authority)).toThrow(/never signs for/);
    });

    it("GIVEN the fee payer paying the rent THEN refused: the fee key pays fees and nothing else", () => {
      expect(() => assertRelayable(tx(createAssociatedTokenAccountIdempotent(feePayer, authority, mint)), feePayer, authority, allow)).toThrow(RelayPolicyError);
    });

    it("GIVEN another payer, or another ATA instruction (plain create, recover nested) THEN refused", () => {
      expect(() => assertRelayable(tx(createAssociatedTokenAccountIdempotent(other, authority, mint)), feePayer, authority, allow)).toThrow(RelayPolicyError);
      const create = createAssociatedTokenAccountIdempotent(authority, authority, mint);
      for (const data of [Buffer.from([]), Buffer.from([0]), Buffer.from([2]), Buffer.from([1, 0])]) {
        const other = new TransactionInstruction({ programId: create.programId, keys: create.keys, data });
        expect(() => assertRelayable(tx(other), feePayer, authority, allow)).toThrow(/never signs for/);
      }
    });
  });
});
