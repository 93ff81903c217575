import { readFileSync } from "node:fs";
import { PublicKey } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { IDL_JSON_PATH } from "../../../bot/chain/idl/generate.js";
import { SEEDS, campaignPda, flagPda, staleVotePda } from "../../../bot/chain/pdas.js";
import { PROGRAM_ID } from "../../../bot/chain/program.js";

interface IdlConstant {
  name: string;
  type: string;
  value: string;
}

/** The seed constants as the IDL build read them from constants.rs (`SEED_CONFIG` -> "config"). */
function idlSeeds(): Map<string, string> {
  const idl = JSON.parse(readFileSync(IDL_JSON_PATH, "utf8")) as { constants: IdlConstant[] };
  return new Map(
    idl.constants
      .filter((c) => c.name.startsWith("SEED_"))
      .map((c) => [c.name, Buffer.from(JSON.parse(c.value) as number[]).toString("utf8")]),
  );
}

describe("PDA seeds", () => {
  it("GIVEN constants.rs (through the committed IDL) THEN every SEED_* is in SEEDS with the same bytes, and no other", () => {
    const expected = idlSeeds();
    const snake = (name: string) => `SEED_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    const renamed = new Map(Object.entries(SEEDS).map(([name, seed]) => [snake(name), seed]));
    expect(new Map([...renamed].sort())).toEqual(new Map([...expected].sort()));
  });

  it("GIVEN a campaign id THEN it is seeded as 8 little-endian bytes (not big-endian, not text)", () => {
    const researcher = new PublicKey(new Uint8Array(32).fill(7));
    const le = Buffer.alloc(8);
    le.writeBigUInt64LE(258n);
    const [expected] = PublicKey.findProgramAddressSync([Buffer.from("campaign"), researcher.toBytes(), le], PROGRAM_ID);
    expect(campaignPda(researcher, 258n).equals(expected)).toBe(true);
    const be = Buffer.alloc(8);
    be.writeBigUInt64BE(258n);
    const [wrong] = PublicKey.findProgramAddressSync([Buffer.from("campaign"), researcher.toBytes(), be], PROGRAM_ID);
    expect(campaignPda(researcher, 258n).equals(wrong)).toBe(false);
  });

  it("GIVEN two attempts or two rounds THEN flag and stale-vote records are distinct accounts", () => {
    const campaign = new PublicKey(new Uint8Array(32).fill(1));
    const owner = new PublicKey(new Uint8Array(32).fill(2));
    expect(flagPda(campaign, 0, 1, owner).equals(flagPda(campaign, 0, 2, owner))).toBe(false);
    expect(flagPda(campaign, 0, 1, owner).equals(flagPda(campaign, 1, 1, owner))).toBe(false);
    expect(staleVotePda(campaign, 1, owner).equals(staleVotePda(campaign, 2, owner))).toBe(false);
  });

  it("GIVEN addresses derived again (remembered) THEN each is still the derivation of its own seeds", () => {
    const campaign = new PublicKey(new Uint8Array(32).fill(3));
    const owners = [new PublicKey(new Uint8Array(32).fill(4)), new PublicKey(new Uint8Array(32).fill(5))];
    const fresh = (owner: PublicKey, attempt: number) => {
      const le = Buffer.alloc(4);
      le.writeUInt32LE(attempt);
      return PublicKey.findProgramAddressSync([Buffer.from("flag"), campaign.toBytes(), Buffer.from([0]), le, owner.toBytes()], PROGRAM_ID)[0];
    };
    for (let round = 0; round < 2; round += 1) {
      for (const owner of owners) {
        for (const attempt of [1, 2, 256]) expect(flagPda(campaign, 0, attempt, owner).toBase58()).toBe(fresh(owner, attempt).toBase58());
      }
    }
  });
});
