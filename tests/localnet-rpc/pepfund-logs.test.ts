import { AnchorError, AnchorProvider, BorshCoder, EventParser, Program, Wallet, type Idl } from "@coral-xyz/anchor";
import { Keypair, PublicKey } from "@solana/web3.js";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { programDataPda } from "../../bot/chain/pdas.js";
import { useLocalnet } from "./support.js";

const localnet = useLocalnet();
const idl = JSON.parse(readFileSync(new URL("../../programs/pepfund/idl/pepfund.json", import.meta.url), "utf8")) as Idl;
const programId = new PublicKey(idl.address);

/** Every `invoke` has one `success`/`failed` at the same depth, innermost first. */
function expectBalanced(logs: string[]): void {
  const stack: string[] = [];
  for (const line of logs) {
    const invoke = /^Program (\w+) invoke \[(\d+)\]$/.exec(line);
    if (invoke) {
      expect(Number(invoke[2]), line).toBe(stack.length + 1);
      stack.push(invoke[1]!);
      continue;
    }
    const outcome = /^Program (\w+) (success|failed: .*)$/.exec(line);
    if (outcome) expect(stack.pop(), line).toBe(outcome[1]);
  }
  expect(stack).toEqual([]);
}

describe("pepfund logs through the localnet, as a validator prints them", () => {
  it("GIVEN config_init (which creates an account by CPI) THEN the logs are balanced and carry its event", async () => {
    const connection = localnet.connection();
    // Only the upgrade authority may initialise the config.
    const admin = localnet.deployer;
    await localnet.airdrop(admin.publicKey, 2);
    const provider = new AnchorProvider(connection, new Wallet(admin), { commitment: "confirmed" });
    const program = new Program(idl, provider);
    const method = (name: string) => {
      const build = program.methods[name];
      if (!build) throw new Error(`no instruction ${name} in the IDL`);
      return build;
    };
    const usdc = await localnet.rpc<string>("localnet_createMint", [{ decimals: 6 }]);
    const signature = await method("configInit")({ admin: admin.publicKey, treasury: Keypair.generate().publicKey, researcherAllocationBps: 500, protocolAllocationBps: 200 })
      .accounts({ usdcMint: new PublicKey(usdc), programData: programDataPda(), payer: admin.publicKey })
      .rpc();
    const tx = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const logs = tx?.meta?.logMessages ?? [];
    expectBalanced(logs);
    expect(logs.filter((l) => l === `Program ${programId.toBase58()} invoke [1]`)).toHaveLength(1);
    expect(logs).toContain("Program 11111111111111111111111111111111 invoke [2]");
    const events = [...new EventParser(programId, new BorshCoder(idl)).parseLogs(logs)];
    expect(events.map((e) => e.name)).toEqual(["ConfigInitialized"]);
    expect(tx?.meta?.innerInstructions?.[0]?.instructions.length).toBeGreaterThan(0);

    // A refused update: Anchor TS parses the AnchorError from the logs, which hold it once.
    const refused = await method("configUpdate")({ treasury: admin.publicKey, researcherAllocationBps: 9_999, protocolAllocationBps: 0, pendingAdmin: PublicKey.default })
      .accounts({ admin: admin.publicKey })
      .rpc()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AnchorError);
    const anchorError = refused as AnchorError;
    expect(anchorError.error.errorCode).toEqual({ code: "AllocationTooLarge", number: 6002 });
    expect(anchorError.logs.filter((l) => l.startsWith("Program log: AnchorError thrown in "))).toHaveLength(1);
    expectBalanced(anchorError.logs);
    expect(anchorError.logs.filter((l) => l.startsWith(`Program ${programId.toBase58()} failed: `))).toEqual([
      `Program ${programId.toBase58()} failed: custom program error: 0x1772`,
    ]);

    // A has_one refusal: Anchor logs the two keys with Pubkey::log (the sol_log_pubkey
    // syscall), which a validator prints as "Program log: <key>" after "Left:" and "Right:".
    const stranger = await localnet.wallet(1);
    const strangerProgram = new Program(idl, new AnchorProvider(connection, new Wallet(stranger), { commitment: "confirmed" }));
    const notAdmin = await strangerProgram.methods["configUpdate"]!({ treasury: stranger.publicKey, researcherAllocationBps: 500, protocolAllocationBps: 200, pendingAdmin: PublicKey.default })
      .accounts({ admin: stranger.publicKey })
      .rpc()
      .catch((e: unknown) => e);
    expect(notAdmin).toBeInstanceOf(AnchorError);
    const constraint = notAdmin as AnchorError;
    expect(constraint.error.errorCode).toEqual({ code: "NotAdmin", number: 6000 });
    expect(constraint.error.comparedValues?.map((key) => key.toString())).toEqual([admin.publicKey.toBase58(), stranger.publicKey.toBase58()]);
    const left = constraint.logs.indexOf("Program log: Left:");
    expect(left).toBeGreaterThan(0);
    expect(constraint.logs.slice(left, left + 4)).toEqual([
      "Program log: Left:",
      `Program log: ${admin.publicKey.toBase58()}`,
      "Program log: Right:",
      `Program log: ${stranger.publicKey.toBase58()}`,
    ]);
    expectBalanced(constraint.logs);
  });
});
