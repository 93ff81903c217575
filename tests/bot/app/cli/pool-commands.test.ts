/**
 * `pool create|fund|submit|resolve|show` as child processes against the localnet and arlocal:
 * a sponsor creates a KPI pool from a pool.json (its texts on Arweave, hashed as bound
 * on-chain), funds it in two deposits (the second opens it), submits KPI evidence from a file,
 * and after a staker's flag carries the quorum the admin approves the disputed KPI: its tranche
 * goes into the stakers' accumulator. Every refusal (a broken file, a wrong signer, the wrong
 * state or KPI) exits 1 with the program's code, storing nothing on Arweave and sending nothing.
 */
import { Keypair, PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolVaultPdas } from "../../../../bot/chain/pdas.js";
import { poolFinalize, poolFlag, poolStake, type PoolRef } from "../../../../bot/chain/pool-instructions.js";
import { AnchorPoolReader } from "../../../../bot/chain/pool-reader.js";
import { BN, pepfundProgram } from "../../../../bot/chain/program.js";
import { TOKEN_PROGRAM_ID } from "../../../../bot/chain/token.js";
import { arweaveIdFromBytes } from "../../../../bot/core/evidence-ids.js";
import { sha256Hex } from "../../../../bot/core/campaign-texts.js";
import { bytes32, DAY } from "../../chain/support/campaign.js";
import type { TestChain } from "../../chain/support/localnet.js";
import type { Protocol } from "../../chain/support/protocol.js";
import type { RunningArlocal } from "../../support/arlocal.js";
import { type CliStack, type Files, field, iso, runPepfund, startCliStack } from "./support.js";

let stack: CliStack | undefined;
let chain: TestChain;
let protocol: Protocol;
let arlocal: RunningArlocal;
let files: Files;
let env: Record<string, string>;
let pools: AnchorPoolReader;
let sponsor: Keypair;
let sponsorFile: string;
let adminFile: string;
let staker: Keypair;
let rewardMint: PublicKey;
let stakeMint: PublicKey;
let poolFile: string;
/** The pool the tests create (set by the first case that succeeds). */
let pool: PublicKey;

/** 300,000 reward tokens of 6 decimals. */
const REWARD = 300_000_000_000n;

function poolJson(now: number, overrides: Record<string, unknown> = {}, kpiOverrides: Record<string, unknown>[] = []): string {
  const kpi = (i: number, share: string) => ({
    title: `KPI ${i + 1}`,
    statement: `The network reaches target ${i + 1}, read from the public dashboard on the day of submission.`,
    metric: "tvl_usd",
    target: String(10_000_000 * (i + 1)),
    dataSource: "https://defillama.example/protocol/pepfund",
    evidenceType: "computational-results",
    share,
    estimatedCompletion: iso(now + 30 * DAY * (i + 1)),
    ...kpiOverrides[i],
  });
  return JSON.stringify({
    title: "Growth rewards",
    summary: "Tranches for stakers as the network reaches its KPIs.",
    rewardMint: rewardMint.toBase58(),
    stakeMint: stakeMint.toBase58(),
    rewardTotal: "300000",
    expiresAt: iso(now + 400 * DAY),
    kpis: [kpi(0, "30%"), kpi(1, "30%"), kpi(2, "40%")],
    ...overrides,
  });
}

async function arweaveBalance(): Promise<string> {
  return arlocal.arweave.wallets.getBalance(arlocal.walletAddress);
}

/** Runs `pool <args>` and checks it was refused with `code` before anything was stored or sent. */
async function refused(args: readonly string[], code: string, signer: Keypair) {
  const [balance, lamports] = await Promise.all([arweaveBalance(), chain.connection.getBalance(signer.publicKey)]);
  const run = await runPepfund(["pool", ...args], env);
  expect(run.stderr).toMatch(new RegExp(`\\(${code}\\)$`, "m"));
  expect(run.code).toBe(1);
  expect(run.stderr).not.toContain("Uploading");
  expect(await arweaveBalance()).toBe(balance);
  expect(await chain.connection.getBalance(signer.publicKey)).toBe(lamports);
}

async function view() {
  const found = await pools.getPool(pool.toBase58());
  if (found === null) throw new Error("no pool");
  return found;
}

beforeAll(async () => {
  stack = await startCliStack();
  ({ chain, protocol, arlocal, files, env } = stack);
  pools = new AnchorPoolReader(pepfundProgram(chain.connection, Keypair.generate()));
  [sponsor, staker, rewardMint, stakeMint] = await Promise.all([chain.fundedKeypair(), chain.fundedKeypair(), chain.createMint(6), chain.createMint(6)]);
  await chain.mintTo(rewardMint, sponsor.publicKey, REWARD);
  await chain.mintTo(stakeMint, staker.publicKey, 1_000_000n);
  sponsorFile = await files.keypair("sponsor", sponsor);
  adminFile = await files.keypair("admin", protocol.admin);
  poolFile = await files.write("pool.json", poolJson(await chain.now()));
});

afterAll(async () => {
  await stack?.stop();
});

describe("npm run pepfund -- pool", () => {
  it("GIVEN a pool.json with broken rules THEN every problem beside its field, exit 1, nothing uploaded or sent", async () => {
    const now = await chain.now();
    const broken = await files.write(
      "broken.json",
      poolJson(now, { stakeMint: "not-an-address" }, [{ share: "20%" }, { metric: "m".repeat(33) }, { target: "0" }]),
    );
    const balance = await arweaveBalance();
    const run = await runPepfund(["pool", "create", broken, "--keypair", sponsorFile], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("nothing was uploaded or sent");
    expect(run.stderr).toContain("stakeMint:");
    expect(run.stderr).toMatch(/kpis\[1\]\.metric: .*\(code InvalidKpi\)/);
    expect(run.stderr).toMatch(/kpis\[2\]\.target: .*\(code InvalidKpi\)/);
    expect(run.stderr).toMatch(/kpis: .*\(code SharesNotFull\)/);
    expect(await arweaveBalance()).toBe(balance);
  });

  it("GIVEN a valid pool.json THEN the pool is created in Funding with its KPIs, and its texts on Arweave match the bound hashes", async () => {
    const run = await runPepfund(["pool", "create", poolFile, "--keypair", sponsorFile], env);
    expect(run.stderr).toContain("Uploading the pool's texts to Arweave");
    expect(run.code).toBe(0);
    pool = new PublicKey(field(run.stdout, "Pool"));
    expect(field(run.stdout, "Status")).toBe("Funding");
    const created = await view();
    expect([created.sponsor, created.rewardTotal, created.funded, created.milestones.length]).toEqual([sponsor.publicKey.toBase58(), REWARD, 0n, 3]);
    expect(created.milestones.map((m) => [m.shareBps, m.kpi.metric, m.kpi.target])).toEqual([
      [3_000, "tvl_usd", 10_000_000n],
      [3_000, "tvl_usd", 20_000_000n],
      [4_000, "tvl_usd", 30_000_000n],
    ]);
    // The texts document the pool names, with each KPI's statement hashed as bound on-chain.
    const account = await protocol.as(protocol.admin).account.pool.fetch(pool);
    await arlocal.mine();
    const texts = Buffer.from(await (await fetch(`${arlocal.url}/${arweaveIdFromBytes(Uint8Array.from(account.metadata))}`)).arrayBuffer());
    expect(sha256Hex(texts)).toBe(Buffer.from(account.metadataHash).toString("hex"));
    const document = JSON.parse(texts.toString("utf8")) as { kpis: { statement: string }[] };
    expect(document.kpis.map((k) => sha256Hex(Buffer.from(k.statement)))).toEqual(created.milestones.map((m) => m.descriptionSha256));
  });

  it("GIVEN a pool in Funding THEN submit is InvalidPoolState, another wallet's fund is NotSponsor, and two deposits open it with the whole reward in the vault", async () => {
    await refused(["submit", pool.toBase58(), "1", "--evidence-id", "A".repeat(43), "--sha256", "ab".repeat(32), "--keypair", sponsorFile], "InvalidPoolState", sponsor);
    await refused(["fund", pool.toBase58(), "--amount", "10", "--keypair", await files.keypair("staker", staker)], "NotSponsor", staker);
    const first = await runPepfund(["pool", "fund", pool.toBase58(), "--amount", "100000", "--keypair", sponsorFile], env);
    expect(first.code).toBe(0);
    expect(field(first.stdout, "Status")).toBe("Funding");
    const rest = await runPepfund(["pool", "fund", pool.toBase58(), "--keypair", sponsorFile], env);
    expect(rest.code).toBe(0);
    expect(field(rest.stdout, "Status")).toBe("Active");
    expect(await chain.tokenBalance(poolVaultPdas(pool).reward)).toBe(REWARD);
    await refused(["fund", pool.toBase58(), "--amount", "1", "--keypair", sponsorFile], "InvalidPoolState", sponsor);
  });

  it("GIVEN an active pool THEN submit of KPI 2 is MilestoneOutOfOrder; KPI 1 with --evidence uploads the file and opens its window with its id and hash", async () => {
    // Staked before the submission: the quorum base is the stake at submission.
    const ref: PoolRef = { address: pool, account: { rewardMint, stakeMint, rewardTokenProgram: TOKEN_PROGRAM_ID, stakeTokenProgram: TOKEN_PROGRAM_ID } };
    await poolStake(protocol.as(staker), ref, { owner: staker.publicKey, amount: new BN(1_000_000), delegate: null }).rpc();
    const evidenceFile = await files.write("tvl.csv", "date,tvl_usd\n2027-01-31,10250000\n");
    await refused(["submit", pool.toBase58(), "2", "--evidence", evidenceFile, "--keypair", sponsorFile], "MilestoneOutOfOrder", sponsor);
    const run = await runPepfund(["pool", "submit", pool.toBase58(), "1", "--evidence", evidenceFile, "--keypair", sponsorFile], env);
    expect(run.code).toBe(0);
    const [id, hash] = field(run.stdout, "Evidence").split(" (SHA-256 ");
    const kpi = (await view()).milestones[0]!;
    expect([kpi.status, kpi.attempts, kpi.evidenceId, kpi.evidenceHash, kpi.supplySnapshot]).toEqual(["InReview", 1, id, hash?.replace(")", ""), 1_000_000n]);
    await arlocal.mine();
    expect(await (await fetch(`${arlocal.url}/${id}`)).text()).toBe("date,tvl_usd\n2027-01-31,10250000\n");
  });

  it("GIVEN a KPI disputed by a flag at quorum THEN the sponsor cannot resolve it (NotAdmin), KPI 2 has no dispute, and the admin's approval releases the tranche to the stakers", async () => {
    const kpi = (await view()).milestones[0]!;
    await poolFlag(protocol.as(staker), pool, { owner: staker.publicKey, authority: staker.publicKey, payer: staker.publicKey, milestoneIndex: 0, attempt: kpi.attempts, rationale: bytes32(9) }).rpc();
    await chain.advanceClock(kpi.windowEnd - (await chain.now()));
    await poolFinalize(protocol.as(protocol.relay), pool, 0).rpc();
    expect((await view()).milestones[0]?.status).toBe("Disputed");

    await refused(["resolve", pool.toBase58(), "1", "approve", "--reason", "The source shows the target.", "--keypair", sponsorFile], "NotAdmin", sponsor);
    await refused(["resolve", pool.toBase58(), "2", "approve", "--reason", "The source shows the target.", "--keypair", adminFile], "NoOpenDispute", protocol.admin);
    const reason = "The dashboard's 31 January figure is 10.25 M, above the 10 M target; the flag read another day.";
    const run = await runPepfund(["pool", "resolve", pool.toBase58(), "1", "approve", "--reason", reason, "--keypair", adminFile], env);
    expect(run.code).toBe(0);
    await arlocal.mine();
    expect(await (await fetch(`${arlocal.url}/${field(run.stdout, "Reasons")}`)).text()).toBe(reason);
    const after = await view();
    expect(after.milestones[0]?.status).toBe("Released");
    expect(after.rewards.released).toBe((REWARD * 3_000n) / 10_000n);
    expect((await pools.getStaker(pool.toBase58(), staker.publicKey.toBase58()))?.claimable).toBe((REWARD * 3_000n) / 10_000n);

    const shown = await runPepfund(["pool", "show", pool.toBase58()], env);
    expect(shown.stdout).toContain("KPI 1: KPI 1 (30%: tvl_usd >= 10000000");
    expect(shown.stdout).toMatch(/KPI 1: .* Released/);
  });
});
