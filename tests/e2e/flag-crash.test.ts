/**
 * Crash safety of the flag pipeline: the relay worker (resumeFlags -> carryOutFlag, the real
 * relayer with its durable journal, the real evidence store) runs as a child process and is
 * killed with SIGKILL as soon as it has moved a request, again and again, then runs to the
 * end. Afterwards every accepted flag is on-chain exactly once, with the rationale that was uploaded, and
 * each requester has exactly one outcome notice queued.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flagPda } from "../../bot/chain/pdas.js";
import { requestFlag } from "../../bot/core/usecases/flag-request.js";
import { USDC, type CampaignFixture } from "../bot/chain/support/campaign.js";
import { NODE_WITH_TSX } from "./support/bot-process.js";
import type { WorkerConfig } from "./support/relay-worker.js";
import { campaignInReview, startWorld, wallClock, type World } from "./support/world.js";

const WORKER = join(process.cwd(), "tests/e2e/support/relay-worker.ts");
const HOLDERS = 12;
const KILLS = 10;

let world: World;
let dir: string;
let configPath: string;

beforeAll(async () => {
  world = await startWorld("postgres");
  dir = await mkdtemp(join(tmpdir(), "pepfund-crash-"));
  configPath = join(dir, "worker.json");
  const target = world.database.target;
  if (target === null) throw new Error("the crash test needs PostgreSQL (a database two processes share)");
  const config: WorkerConfig = {
    rpcUrl: world.chain.rpcUrl,
    wsUrl: world.chain.wsUrl,
    database: target,
    feePayer: [...world.feePayer.secretKey],
    authority: [...world.protocol.relay.secretKey],
    arweave: { url: world.arlocal.url, wallet: world.arlocal.wallet },
  };
  await writeFile(configPath, JSON.stringify(config), { mode: 0o600 });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await world.stop();
});

function startWorker(): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null>; output: string[] } {
  const [node, ...loader] = NODE_WITH_TSX;
  const child = spawn(node, [...loader, WORKER, configPath], { stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout?.on("data", (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.join("").includes("ready")) onReady();
  });
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, ready, exited, output };
}

/** Holders who deposited, named the relayer and are linked; each asks to flag through the core. */
async function acceptedFlags(campaign: CampaignFixture): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, backer] of campaign.backers.slice(1).entries()) {
    const chat = { platform: "TELEGRAM" as const, userId: String(9_000 + i), chatId: String(9_000 + i) };
    await world.store.links.insert({ ...chat, address: backer.publicKey.toBase58(), challengeNonce: `crash-${i}-${Keypair.generate().publicKey.toBase58()}`, linkedAt: new Date() });
    const accepted = await requestFlag(
      { store: world.store, chain: world.reader, clock: wallClock, relayer: world.relayer.authority },
      { chat, campaign: campaign.address.toBase58(), milestoneIndex: 0, rationale: `Holder ${i}: the raw data does not match figure ${i}.` },
    );
    if (!accepted.ok) throw new Error(accepted.code);
    ids.push(accepted.value.request.id);
  }
  return ids;
}

describe("GIVEN accepted flags and a relay worker killed at random points", () => {
  it(`THEN after ${KILLS} SIGKILLs and a restart every flag is on-chain exactly once with its uploaded rationale`, async () => {
    const contributions = [1000n * USDC, ...Array.from({ length: HOLDERS }, (_, i) => BigInt(5 + i) * USDC)];
    const campaign = await campaignInReview(world, contributions, Array.from({ length: HOLDERS }, (_, i) => i + 1));
    const ids = await acceptedFlags(campaign);

    const killedAt: string[] = [];
    const statuses = async () =>
      (await world.database.db.prisma.flagRequest.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" }, select: { status: true } }))
        .map((s) => s.status[0])
        .join("");
    for (let kill = 0; kill < KILLS; kill++) {
      const worker = startWorker();
      await Promise.race([worker.ready, worker.exited]);
      // Each kill comes once the worker has moved a request (then 0-300 ms more), before it is all
      // done: a fixed delay either missed the work or came after it, depending on the machine's load.
      const start = await statuses();
      for (let waited = 0, now = start; now === start && /[AUS]/.test(now) && waited < 10_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        now = await statuses();
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 300)));
      worker.child.kill("SIGKILL");
      await worker.exited;
      killedAt.push(await statuses());
    }
    const last = startWorker();
    expect(await last.exited, last.output.join("")).toBe(0);

    process.stdout.write(`flag-crash: request states (A/U/S/C) at each kill: ${killedAt.join(" ")}\n`);
    // The kills did land mid-way (not all before or after the work).
    expect(killedAt.some((s) => /[US]/.test(s) || (/A/.test(s) && /C/.test(s))), killedAt.join(" ")).toBe(true);

    const requests = await world.database.db.prisma.flagRequest.findMany({ where: { id: { in: ids } } });
    expect(requests.map((r) => r.status)).toEqual(ids.map(() => "CONFIRMED"));
    const program = world.protocol.as(world.protocol.relay);
    let weight = 0n;
    for (const request of requests) {
      const record = await program.account.flagRecord.fetch(flagPda(campaign.address, 0, 1, new PublicKey(request.wallet)));
      const id = Buffer.from(record.rationale).toString("base64url");
      expect(id).toBe(request.rationaleId);
      const { bytes } = await world.evidence.read(id, 10_000);
      expect(new TextDecoder().decode(bytes)).toBe(request.rationale);
      weight += BigInt(record.weight.toString());
    }
    const milestone = (await world.reader.getCampaign(campaign.address.toBase58()))?.milestones[0];
    expect(milestone?.flagCount).toBe(HOLDERS);
    expect(milestone?.flagWeight).toBe(weight);
    expect(weight).toBe(contributions.slice(1).reduce((a, b) => a + b, 0n));

    // Exactly HOLDERS successful transactions since the submission: no flag paid twice.
    const signatures = await world.chain.connection.getSignaturesForAddress(campaign.address, { limit: 1000 }, "confirmed");
    const flags: string[] = [];
    for (const s of signatures) {
      const tx = await world.chain.connection.getTransaction(s.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      if (tx?.meta?.err === null && (tx.meta.logMessages ?? []).some((l) => l.includes("Instruction: FlagSubmit"))) flags.push(s.signature);
    }
    expect(flags).toHaveLength(HOLDERS);
    expect(new Set(requests.map((r) => r.txSignature))).toEqual(new Set(flags));

    // One outcome notice per requester, none twice.
    const notices = await world.database.db.prisma.outboxMessage.findMany({ where: { dedupeKey: { startsWith: "flag-outcome:" } } });
    expect(notices.map((n) => n.dedupeKey.split("|")[0]).sort()).toEqual(ids.map((id) => `flag-outcome:${id}`).sort());
  }, 150_000);
});
