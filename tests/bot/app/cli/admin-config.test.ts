/**
 * `config show`, `admin config-update`, `admin propose-admin` and `admin accept-admin` as a
 * child process against the localnet: what the config holds after each (read from the chain,
 * not from the CLI's output), the refusals with nothing sent (no fee paid, config
 * unchanged), and each command's `--unsigned` transaction signed and sent as a multisig would.
 */
import { type Keypair, PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configPda } from "../../../../bot/chain/pdas.js";
import { TestChain } from "../../chain/support/localnet.js";
import { PROTOCOL_ALLOCATION_BPS, Protocol, RESEARCHER_ALLOCATION_BPS } from "../../chain/support/protocol.js";
import { Files, field, runPepfund, signAndSendPrinted, unsignedOutput } from "./support.js";

let chain: TestChain;
let protocol: Protocol;
let files: Files;
let env: Record<string, string>;
/** The admin's keypair file (the deployer names itself admin in Protocol.init). */
let adminFile: string;
let stranger: Keypair;
let strangerFile: string;

/** The config as the program stores it. */
async function config() {
  const c = await protocol.as(protocol.admin).account.config.fetch(configPda());
  return {
    admin: c.admin.toBase58(),
    pendingAdmin: c.pendingAdmin.toBase58(),
    treasury: c.treasury.toBase58(),
    researcherAllocationBps: c.researcherAllocationBps,
    protocolAllocationBps: c.protocolAllocationBps,
  };
}

const NONE = PublicKey.default.toBase58();

beforeAll(async () => {
  [chain, files] = await Promise.all([TestChain.start(), Files.create()]);
  protocol = await Protocol.init(chain);
  stranger = await chain.fundedKeypair();
  [adminFile, strangerFile] = await Promise.all([files.keypair("admin", protocol.admin), files.keypair("stranger", stranger)]);
  env = { SOLANA_RPC_URL: chain.rpcUrl, SOLANA_CLUSTER: "localnet" };
});

afterAll(async () => {
  await Promise.all([chain?.stop(), files?.remove()]);
});

describe("npm run pepfund -- config show / admin config-update / propose-admin / accept-admin", () => {
  it("GIVEN the initialised config THEN config show prints the admin, no pending admin, the mint, the treasury and the allocations", async () => {
    const run = await runPepfund(["config", "show"], env);
    expect(run.code).toBe(0);
    expect(field(run.stdout, "Config")).toBe(configPda().toBase58());
    expect(field(run.stdout, "Admin")).toBe(protocol.admin.publicKey.toBase58());
    expect(field(run.stdout, "Pending admin")).toBe("none");
    expect(field(run.stdout, "USDC mint")).toBe(protocol.usdcMint.toBase58());
    expect(field(run.stdout, "Treasury")).toBe(protocol.treasury.publicKey.toBase58());
    expect(field(run.stdout, "Researcher allocation")).toBe(`${RESEARCHER_ALLOCATION_BPS} bps`);
    expect(field(run.stdout, "Protocol allocation")).toBe(`${PROTOCOL_ALLOCATION_BPS} bps`);
  });

  it("GIVEN a keypair that is not the admin THEN config-update is refused with NotAdmin, exit 1, no fee paid", async () => {
    const before = await config();
    const lamports = await chain.connection.getBalance(stranger.publicKey);
    const run = await runPepfund(["admin", "config-update", "--protocol-allocation-bps", "0", "--keypair", strangerFile], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Only the PepFund admin wallet may do this. (NotAdmin)");
    expect(run.stdout).not.toContain("Signature:");
    expect(await config()).toEqual(before);
    expect(await chain.connection.getBalance(stranger.publicKey)).toBe(lamports);
  });

  it("GIVEN an allocation above 2,000 bps THEN config-update is refused with AllocationTooLarge, exit 1, nothing sent", async () => {
    const before = await config();
    const lamports = await chain.connection.getBalance(protocol.admin.publicKey);
    const run = await runPepfund(["admin", "config-update", "--researcher-allocation-bps", "2001", "--keypair", adminFile], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\(AllocationTooLarge\)$/m);
    expect(await config()).toEqual(before);
    expect(await chain.connection.getBalance(protocol.admin.publicKey)).toBe(lamports);
  });

  it("GIVEN config-update with nothing to change THEN a usage error, exit 2", async () => {
    const run = await runPepfund(["admin", "config-update", "--keypair", adminFile], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("nothing to change");
  });

  const newTreasury = PublicKey.unique().toBase58();

  it("GIVEN the admin's keypair THEN config-update changes the named fields on-chain, keeps the others, and prints the signature and explorer link", async () => {
    const run = await runPepfund(["admin", "config-update", "--treasury", newTreasury, "--protocol-allocation-bps", "300", "--keypair", adminFile], env);
    expect(run.code).toBe(0);
    const signature = field(run.stdout, "Signature");
    expect(field(run.stdout, "Explorer")).toMatch(new RegExp(`^https://explorer\\.solana\\.com/tx/${signature}\\?cluster=custom&customUrl=`));
    expect((await chain.connection.getSignatureStatus(signature)).value?.err).toBeNull();
    expect(await config()).toEqual({
      admin: protocol.admin.publicKey.toBase58(),
      pendingAdmin: NONE,
      treasury: newTreasury,
      researcherAllocationBps: RESEARCHER_ALLOCATION_BPS,
      protocolAllocationBps: 300,
    });
  });

  it("GIVEN config-update --unsigned THEN base58 and base64 are one transaction paid by --admin; nothing changes until the admin signs and sends it", async () => {
    const admin = protocol.admin.publicKey.toBase58();
    const before = await config();
    const run = await runPepfund(["admin", "config-update", "--researcher-allocation-bps", "650", "--unsigned", "--admin", admin], env);
    expect(run.code).toBe(0);
    const { fromBase58, fromBase64, tx } = unsignedOutput(run.stdout);
    expect(fromBase58.equals(fromBase64)).toBe(true);
    expect(tx.feePayer?.toBase58()).toBe(admin);
    expect(tx.signatures.every((s) => s.signature === null)).toBe(true);
    expect(run.stdout).toContain("config_update on PepFund");
    expect(await config()).toEqual(before);

    await signAndSendPrinted(chain.connection, tx, protocol.admin);
    expect(await config()).toEqual({ ...before, researcherAllocationBps: 650 });
  });

  it("GIVEN propose-admin by a key that is not the admin THEN NotAdmin, exit 1, no fee paid, nobody pending", async () => {
    const lamports = await chain.connection.getBalance(stranger.publicKey);
    const run = await runPepfund(["admin", "propose-admin", stranger.publicKey.toBase58(), "--keypair", strangerFile], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("(NotAdmin)");
    expect((await config()).pendingAdmin).toBe(NONE);
    expect(await chain.connection.getBalance(stranger.publicKey)).toBe(lamports);
  });

  it("GIVEN a proposal THEN proposing the default address cancels it, and the proposed key can no longer accept", async () => {
    const proposed = await chain.fundedKeypair();
    expect((await runPepfund(["admin", "propose-admin", proposed.publicKey.toBase58(), "--keypair", adminFile], env)).code).toBe(0);
    expect((await config()).pendingAdmin).toBe(proposed.publicKey.toBase58());
    const cancel = await runPepfund(["admin", "propose-admin", NONE, "--keypair", adminFile], env);
    expect(cancel.code).toBe(0);
    expect((await config()).pendingAdmin).toBe(NONE);
    const late = await runPepfund(["admin", "accept-admin", "--keypair", await files.keypair("withdrawn", proposed)], env);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain("(NotPendingAdmin)");
    expect((await config()).admin).toBe(protocol.admin.publicKey.toBase58());
  });

  let next: Keypair;
  let nextFile: string;

  it("GIVEN propose-admin by the admin THEN the config names the pending admin, and the admin is unchanged", async () => {
    next = await chain.fundedKeypair();
    nextFile = await files.keypair("next-admin", next);
    const run = await runPepfund(["admin", "propose-admin", next.publicKey.toBase58(), "--keypair", adminFile], env);
    expect(run.code).toBe(0);
    expect(field(run.stdout, "Signature")).toMatch(/^\w{80,90}$/);
    const after = await config();
    expect(after.pendingAdmin).toBe(next.publicKey.toBase58());
    expect(after.admin).toBe(protocol.admin.publicKey.toBase58());
    const show = await runPepfund(["config", "show"], env);
    expect(field(show.stdout, "Pending admin")).toBe(next.publicKey.toBase58());
  });

  it("GIVEN a pending admin THEN a later config-update keeps the proposal", async () => {
    const run = await runPepfund(["admin", "config-update", "--protocol-allocation-bps", "250", "--keypair", adminFile], env);
    expect(run.code).toBe(0);
    const after = await config();
    expect(after.protocolAllocationBps).toBe(250);
    expect(after.pendingAdmin).toBe(next.publicKey.toBase58());
  });

  it("GIVEN accept-admin by a key that is not the pending admin THEN NotPendingAdmin, exit 1, no fee paid, admin unchanged", async () => {
    const before = await config();
    const lamports = await chain.connection.getBalance(stranger.publicKey);
    const run = await runPepfund(["admin", "accept-admin", "--keypair", strangerFile], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\(NotPendingAdmin\)$/m);
    expect(await config()).toEqual(before);
    expect(await chain.connection.getBalance(stranger.publicKey)).toBe(lamports);
  });

  it("GIVEN accept-admin by the pending admin THEN it is the admin, nobody is pending, and the old admin is refused", async () => {
    const run = await runPepfund(["admin", "accept-admin", "--keypair", nextFile], env);
    expect(run.code).toBe(0);
    expect(field(run.stdout, "Signature")).toMatch(/^\w{80,90}$/);
    const after = await config();
    expect(after.admin).toBe(next.publicKey.toBase58());
    expect(after.pendingAdmin).toBe(NONE);
    const show = await runPepfund(["config", "show"], env);
    expect(field(show.stdout, "Admin")).toBe(next.publicKey.toBase58());
    expect(field(show.stdout, "Pending admin")).toBe("none");

    const old = await runPepfund(["admin", "config-update", "--protocol-allocation-bps", "0", "--keypair", adminFile], env);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain("(NotAdmin)");
  });

  it("GIVEN propose-admin and accept-admin --unsigned THEN each printed transaction, signed by its --admin and sent, hands the role to a multisig's vault", async () => {
    const vault = await chain.fundedKeypair();
    const vaultAddress = vault.publicKey.toBase58();

    const propose = await runPepfund(["admin", "propose-admin", vaultAddress, "--unsigned", "--admin", next.publicKey.toBase58()], env);
    expect(propose.code).toBe(0);
    const proposal = unsignedOutput(propose.stdout);
    expect(proposal.fromBase58.equals(proposal.fromBase64)).toBe(true);
    expect(proposal.tx.feePayer?.equals(next.publicKey)).toBe(true);
    expect((await config()).pendingAdmin).toBe(NONE);
    await signAndSendPrinted(chain.connection, proposal.tx, next);
    expect((await config()).pendingAdmin).toBe(vaultAddress);

    const accept = await runPepfund(["admin", "accept-admin", "--unsigned", "--admin", vaultAddress], env);
    expect(accept.code).toBe(0);
    const acceptance = unsignedOutput(accept.stdout);
    expect(acceptance.fromBase58.equals(acceptance.fromBase64)).toBe(true);
    expect(acceptance.tx.feePayer?.toBase58()).toBe(vaultAddress);
    expect(accept.stdout).toContain("config_accept_admin on PepFund");
    expect((await config()).admin).toBe(next.publicKey.toBase58());
    await signAndSendPrinted(chain.connection, acceptance.tx, vault);
    expect(await config()).toMatchObject({ admin: vaultAddress, pendingAdmin: NONE });
  });

  it("GIVEN accept-admin --unsigned for an address nobody proposed THEN NotPendingAdmin, exit 1, nothing printed to sign", async () => {
    const run = await runPepfund(["admin", "accept-admin", "--unsigned", "--admin", stranger.publicKey.toBase58()], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\(NotPendingAdmin\)$/m);
    expect(run.stdout).not.toContain("base58:");
  });
});
