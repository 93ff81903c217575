/**
 * The demo world `npm start` opens: built once on a fresh localnet through the product's own
 * paths (CLI config init, campaign create, admin approve; wallet actions), with campaigns in
 * the promised states; a second call on the same chain returns the same world and sends nothing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../bot/app/logger.js";
import { demoKeypair } from "../../../bot/app/keys.js";
import { PROGRAM_ID, pepfundProgram } from "../../../bot/chain/program.js";
import { AnchorChainReader } from "../../../bot/chain/reader.js";
import { allocationMintPda, backerMintPda } from "../../../bot/chain/pdas.js";
import { associatedTokenAddress } from "../../../bot/chain/token.js";
import { arweaveEvidenceStore } from "../../../bot/evidence/arweave-store.js";
import { ensureDemoWorld, type DemoWorldOptions } from "../../../bot/demo/world.js";
import { startLocalnet, type Localnet } from "../../../localnet/launch.js";
import { startArlocal, type RunningArlocal } from "../support/arlocal.js";

let localnet: Localnet;
let arlocal: RunningArlocal;
let dataDir: string;
let options: DemoWorldOptions;
const logLines: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "pepfund-demo-world-"));
  const upgradeAuthority = await demoKeypair(dataDir, "upgrade-authority");
  [localnet, arlocal] = await Promise.all([startLocalnet({ upgradeAuthority: upgradeAuthority.publicKey.toBase58() }), startArlocal()]);
  options = {
    rpcUrl: localnet.rpcUrl,
    wsUrl: localnet.wsUrl,
    dataDir,
    evidence: arweaveEvidenceStore({ gateways: [arlocal.url], wallet: arlocal.wallet, rounds: 2, backoffMs: 50 }),
    gatewayUrl: arlocal.url,
    log: createLogger("info", (line) => logLines.push(line)),
  };
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([localnet.stop(), arlocal.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

async function programSignatures(connection: Connection): Promise<number> {
  return (await connection.getSignaturesForAddress(PROGRAM_ID, { limit: 1000 }, "confirmed")).length;
}

describe("ensureDemoWorld", () => {
  it("builds campaigns in three states, then reuses them without a transaction", async () => {
    const started = Date.now();
    const world = await ensureDemoWorld(options);
    const buildMs = Date.now() - started;
    const connection = new Connection(localnet.rpcUrl, "confirmed");
    const reader = new AnchorChainReader(pepfundProgram(connection, Keypair.generate()));

    expect(world.campaigns.map((c) => c.state)).toEqual(["Fundraising", "Active", "Failed"]);
    const [raising, inReview, failed] = await Promise.all(world.campaigns.map((c) => reader.getCampaign(c.address)));
    expect(raising?.raised).toBe(750_000_000n);
    expect(inReview?.milestones[0]?.status).toBe("InReview");
    expect(failed?.raised).toBe(300_000_000n);
    // The console user's wallet holds backer tokens of the campaign under review, SOL and USDC.
    const inReviewAddress = world.campaigns[1]?.address ?? "";
    const yourTokens = await connection.getTokenAccountBalance(associatedTokenAddress(world.you.publicKey, backerMintPda(new PublicKey(inReviewAddress))));
    expect(BigInt(yourTokens.value.amount)).toBeGreaterThan(0n);
    expect(await connection.getBalance(world.you.publicKey)).toBeGreaterThan(0);
    // The scheduler's allocation crank has accounts to pay into (else it fails every pass).
    const allocationMint = allocationMintPda(new PublicKey(inReviewAddress));
    const treasury = await demoKeypair(dataDir, "treasury");
    for (const owner of [world.researcher.publicKey, treasury.publicKey]) {
      expect(await connection.getAccountInfo(associatedTokenAddress(owner, allocationMint))).not.toBeNull();
    }
    expect(world.admin.publicKey.equals((await demoKeypair(dataDir, "upgrade-authority")).publicKey)).toBe(true);
    expect(logLines.some((l) => l.includes("demo: world ready"))).toBe(true);
    expect(buildMs).toBeLessThan(60_000);

    const before = await programSignatures(connection);
    const again = await ensureDemoWorld(options);
    expect(await programSignatures(connection)).toBe(before);
    expect(again.campaigns).toEqual(world.campaigns);
    expect(again.usdcMint).toBe(world.usdcMint);
    expect(again.you.publicKey.equals(world.you.publicKey)).toBe(true);

    // Without the record, a configured chain is not silently rebuilt over: the error says how to start over.
    await rm(join(dataDir, "demo-world.json"));
    await expect(ensureDemoWorld(options)).rejects.toThrow(/npm start -- --reset/);
  }, 180_000);
});
