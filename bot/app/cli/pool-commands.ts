/**
 * A reward pool's sponsor and admin commands (docs/POOLS.md): create a KPI pool from a
 * pool.json, fund it, submit KPI evidence, and the admin's decision on a disputed KPI; plus
 * show and an example file. Every rule is checked first in the program's order
 * (core/rules/pool-actions.ts, pool-file.ts) and nothing is uploaded or sent while one fails.
 */
import { readFile } from "node:fs/promises";
import { PublicKey } from "@solana/web3.js";
import { rpcCall } from "../../chain/errors.js";
import { poolPda } from "../../chain/pdas.js";
import { poolCreate, poolDisputeResolve, poolFund, poolSubmit, type PoolRef } from "../../chain/pool-instructions.js";
import { AnchorPoolReader } from "../../chain/pool-reader.js";
import { BN, PROGRAM_ID } from "../../chain/program.js";
import { associatedTokenAddress, tokenAmount } from "../../chain/token.js";
import { explorerAddressUrl, share, units } from "../../chat/format.js";
import { arweaveIdToBytes, isArweaveId, isSha256Hex, sha256HexToBytes } from "../../core/evidence-ids.js";
import type { PoolView } from "../../core/pools.js";
import { poolFundRefusal, poolResolveRefusal, poolSubmitRefusal } from "../../core/rules/pool-actions.js";
import { parseUnits } from "../../core/usecases/pool-actions.js";
import { DECISION_OPTIONS, decisionOf, storeReasons } from "./admin-commands.js";
import { readChainTime, readConfig } from "./chain-state.js";
import { CliError, type CliCommand, type CliGroup, UsageError } from "./command.js";
import { type CliContext, loadKeypair, parseAddress } from "./context.js";
import { checkedPoolFile, examplePool, poolTexts, rewardUnits, statementSha256 } from "./pool-file.js";
import { readRoadmapFile } from "./roadmap-file.js";
import { deliver, dryRun, refusal, requireFeeFunds, signAndSend, signerAddress, signerOf } from "./send.js";

const KEYPAIR = { type: "string", value: "file", required: true, description: "The sponsor's keypair file (signs and pays)." } as const;
/** Largest evidence file read into memory for upload. */
const MAX_EVIDENCE_BYTES = 100 * 1024 * 1024;

const bytes32 = (hex: string) => [...Buffer.from(hex, "hex")];
const date = (unix: number) => new Date(unix * 1000).toISOString().replace(".000Z", "Z");

function poolReader(ctx: CliContext): AnchorPoolReader {
  return new AnchorPoolReader(ctx.program);
}

/** The pool at `address`, or `InvalidPoolState` (the program's answer for an account that is no pool). */
async function readPool(ctx: CliContext, text: string | undefined): Promise<PoolView> {
  const address = parseAddress(text, "<pool>").toBase58();
  const pool = await poolReader(ctx).getPool(address);
  if (pool === null) throw new CliError(`${address} is not a PepFund reward pool on ${new URL(ctx.rpcUrl).origin}.`);
  return pool;
}

function poolRef(pool: PoolView, programs: { reward: PublicKey; stake: PublicKey }): PoolRef {
  return {
    address: new PublicKey(pool.address),
    account: { rewardMint: new PublicKey(pool.rewardMint), stakeMint: new PublicKey(pool.stakeMint), rewardTokenProgram: programs.reward, stakeTokenProgram: programs.stake },
  };
}

/** A mint's token program (its owner: SPL Token or Token-2022) and decimals; an error when it is no mint. */
async function readMint(ctx: CliContext, mint: PublicKey, what: string): Promise<{ program: PublicKey; decimals: number }> {
  const info = await rpcCall(`getAccountInfo ${what}`, () => ctx.program.provider.connection.getAccountInfo(mint, "confirmed"));
  // A mint is 82 bytes (more with Token-2022 extensions); decimals at offset 44, initialized at 45.
  if (info === null || info.data.length < 82 || info.data[45] !== 1) throw new CliError(`${what} ${mint.toBase58()} is not a token mint on this cluster.`);
  return { program: info.owner, decimals: info.data[44] ?? 0 };
}

/** The pool's token programs, read from its mints' owners. */
async function tokenPrograms(ctx: CliContext, pool: PoolView): Promise<{ reward: PublicKey; stake: PublicKey }> {
  const [reward, stake] = await Promise.all([readMint(ctx, new PublicKey(pool.rewardMint), "rewardMint"), readMint(ctx, new PublicKey(pool.stakeMint), "stakeMint")]);
  return { reward: reward.program, stake: stake.program };
}

/** The sponsor's first unused pool id. */
async function freePoolId(ctx: CliContext, sponsor: PublicKey): Promise<bigint> {
  const { connection } = ctx.program.provider;
  for (let id = 0n; ; id++) {
    const taken = await rpcCall("getAccountInfo pool", () => connection.getAccountInfo(poolPda(sponsor, id), "confirmed"));
    if (taken === null || !taken.owner.equals(PROGRAM_ID)) return id;
  }
}

/** A KPI number as users count them (from 1) -> its index. */
function kpiIndex(text: string | undefined): number {
  if (!/^\d{1,3}$/.test(text ?? "") || Number(text) < 1) throw new UsageError(`<kpi> is a KPI number from 1, not "${text}"`);
  return Number(text) - 1;
}

function printPool(ctx: CliContext, pool: PoolView): void {
  const { io } = ctx;
  io.out(`Pool: ${pool.address}`);
  io.out(`Id: ${pool.id}`);
  io.out(`Account: ${explorerAddressUrl(pool.address, ctx.explorer)}`);
  io.out(`Sponsor: ${pool.sponsor}`);
  io.out(`Status: ${pool.status}`);
  io.out(`Reward: ${units(pool.funded, pool.rewardDecimals)} of ${units(pool.rewardTotal, pool.rewardDecimals)} funded; ${units(pool.rewards.released, pool.rewardDecimals)} released; mint ${pool.rewardMint}`);
  io.out(`Staked: ${units(pool.rewards.totalStaked, pool.stakeDecimals)}; stake mint ${pool.stakeMint}`);
  io.out(`Expires: ${date(pool.expiresAt)}`);
  for (const m of pool.milestones) {
    io.out(`KPI ${m.index + 1}: ${m.title} (${share(m.shareBps)}: ${m.kpi.metric} >= ${m.kpi.target}, source ${m.kpi.dataSource}, estimated ${date(m.estimatedCompletion)}) ${m.status}`);
    if (m.status === "InReview") io.out(`  submission ${m.attempts}: window ends ${date(m.windowEnd)}; flags ${units(m.flagWeight, pool.stakeDecimals)} (${m.flagCount})`);
    if (m.status === "Disputed") io.out(`  disputed: decide by ${date(m.disputeDeadline)}`);
  }
}

const create: CliCommand = {
  name: "create",
  summary: "Create a KPI reward pool from a pool.json (checked first; texts stored on Arweave).",
  args: [{ name: "pool.json", description: "The pool: see pool example and docs/CLI.md." }],
  options: { keypair: KEYPAIR },
  details: ["Every problem in the file is listed beside its field, and nothing is uploaded or sent while there is one. The pool then waits for pool fund."],
  async run(ctx, { args, options }) {
    const sponsor = await loadKeypair(options.keypair);
    const path = args["pool.json"] ?? "";
    const draft = checkedPoolFile(path, await readRoadmapFile(path), await readChainTime(ctx));
    const [reward, stake] = await Promise.all([readMint(ctx, draft.rewardMint, "rewardMint"), readMint(ctx, draft.stakeMint, "stakeMint")]);
    const rewardTotal = rewardUnits(draft, reward.decimals);
    const id = await freePoolId(ctx, sponsor.publicKey);
    const pool = poolPda(sponsor.publicKey, id);
    const texts = poolTexts(draft);
    const build = (metadata: number[], metadataHash: number[]) =>
      poolCreate(ctx.program, {
        sponsor: sponsor.publicKey,
        pool,
        rewardMint: draft.rewardMint,
        stakeMint: draft.stakeMint,
        rewardTokenProgram: reward.program,
        stakeTokenProgram: stake.program,
        args: {
          id: new BN(id.toString()),
          metadata,
          metadataHash,
          rewardTotal: new BN(rewardTotal.toString()),
          expiresAt: new BN(draft.expiresAt),
          milestones: draft.kpis.map((k) => ({
            title: k.title,
            statementHash: bytes32(statementSha256(k.statement)),
            kpi: { metric: k.metric, target: new BN(k.target.toString()), dataSource: k.dataSource },
            evidenceType: { [k.evidenceType.charAt(0).toLowerCase() + k.evidenceType.slice(1)]: {} } as never,
            shareBps: k.shareBps,
            estimatedCompletion: new BN(k.estimatedCompletion),
          })),
          vesting: null,
        },
      }).instruction();
    // A mint the program refuses (a transfer fee or hook), or rent the sponsor cannot pay, is said before the texts are paid for.
    await dryRun(ctx, sponsor, [await build(Array(32).fill(1) as number[], Array(32).fill(1) as number[])], "pool_create");
    const evidence = await ctx.evidence();
    ctx.io.progress("Uploading the pool's texts to Arweave...");
    const stored = await evidence.upload(texts, "application/json", { Type: "pool-texts", Sponsor: sponsor.publicKey.toBase58() });
    ctx.io.progress(`Texts stored: ${stored.id} (SHA-256 ${stored.sha256})`);
    const metadata = arweaveIdToBytes(stored.id);
    if (metadata === null) throw new CliError(`Arweave answered an id that is not 32 bytes: ${stored.id}`);
    await signAndSend(ctx, sponsor, [await build([...metadata], bytes32(stored.sha256))], "pool_create");
    printPool(ctx, await readPool(ctx, pool.toBase58()));
    ctx.io.out(`Next: fund it with npm run pepfund -- pool fund ${pool.toBase58()} --keypair <file> (submissions open once it holds all ${units(rewardTotal, reward.decimals)}).`);
  },
};

const fund: CliCommand = {
  name: "fund",
  summary: "Deposit reward tokens into a pool; the deposit that completes it opens submissions.",
  args: [{ name: "pool", description: "The pool's address." }],
  options: { keypair: KEYPAIR, amount: { type: "string", value: "tokens", description: "Reward tokens, e.g. 1250.5 (default: all that is still missing)." } },
  async run(ctx, { args, options }) {
    const sponsor = await loadKeypair(options.keypair);
    const pool = await readPool(ctx, args.pool);
    const amount = options.amount === undefined ? pool.rewardTotal - pool.funded : parseUnits(String(options.amount), pool.rewardDecimals);
    if (amount === null) throw new UsageError(`--amount is a token amount with at most ${pool.rewardDecimals} decimals, not "${String(options.amount)}"`);
    const refused = poolFundRefusal(pool, sponsor.publicKey.toBase58(), amount);
    if (refused !== null) throw refusal(refused);
    const programs = await tokenPrograms(ctx, pool);
    const from = associatedTokenAddress(sponsor.publicKey, new PublicKey(pool.rewardMint), programs.reward);
    const account = await rpcCall("getAccountInfo sponsor tokens", () => ctx.program.provider.connection.getAccountInfo(from, "confirmed"));
    const held = account === null ? 0n : tokenAmount(account.data);
    if (held < amount) throw new CliError(`The sponsor's reward-token account ${from.toBase58()} holds ${units(held, pool.rewardDecimals)}, less than ${units(amount, pool.rewardDecimals)}; nothing was sent.`);
    await signAndSend(ctx, sponsor, [await poolFund(ctx.program, poolRef(pool, programs), { sponsor: sponsor.publicKey, amount: new BN(amount.toString()) }).instruction()], "pool_fund");
    printPool(ctx, await readPool(ctx, pool.address));
  },
};

/** The evidence's Arweave id and SHA-256: the file uploaded now, or an upload named by its id and hash. */
async function evidenceOf(ctx: CliContext, options: Readonly<Record<string, string | boolean | undefined>>, tags: Readonly<Record<string, string>>): Promise<{ id: string; sha256: string }> {
  const { evidence: file, "evidence-id": id, sha256 } = options;
  if (typeof file === "string") {
    if (id !== undefined || sha256 !== undefined) throw new UsageError("give --evidence <file>, or --evidence-id with --sha256, not both");
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch (error) {
      throw new CliError(`Cannot read the evidence file ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    if (content.length === 0 || content.length > MAX_EVIDENCE_BYTES) throw new CliError(`The evidence file ${file} is empty or larger than 100 MB.`);
    const store = await ctx.evidence();
    ctx.io.progress(`Uploading ${file} (${content.length} bytes) to Arweave...`);
    const stored = await store.upload(content, "application/octet-stream", tags);
    ctx.io.out(`Evidence: ${stored.id} (SHA-256 ${stored.sha256})`);
    return stored;
  }
  if (typeof id !== "string" || typeof sha256 !== "string") throw new UsageError("the evidence is required: --evidence <file>, or --evidence-id <arweave id> --sha256 <hex>");
  if (!isArweaveId(id)) throw new UsageError(`--evidence-id: "${id}" is not an Arweave id (43 base64url characters)`);
  if (!isSha256Hex(sha256)) throw new UsageError(`--sha256: "${sha256}" is not a SHA-256 (64 hex digits)`);
  return { id, sha256: sha256.toLowerCase() };
}

const submit: CliCommand = {
  name: "submit",
  summary: "Submit evidence that the current KPI is met; its review window opens.",
  args: [
    { name: "pool", description: "The pool's address." },
    { name: "kpi", description: "The KPI's number, from 1 as pool show prints it." },
  ],
  options: {
    keypair: KEYPAIR,
    evidence: { type: "string", value: "file", description: "The evidence file, stored on Arweave now." },
    "evidence-id": { type: "string", value: "id", description: "Or: evidence already on Arweave (with --sha256)." },
    sha256: { type: "string", value: "hex", description: "The SHA-256 of that evidence." },
  },
  async run(ctx, { args, options }) {
    const sponsor = await loadKeypair(options.keypair);
    const pool = await readPool(ctx, args.pool);
    const index = kpiIndex(args.kpi);
    const refused = poolSubmitRefusal(pool, sponsor.publicKey.toBase58(), index);
    if (refused !== null) throw refusal(refused);
    await requireFeeFunds(ctx, sponsor.publicKey);
    const attempt = (pool.milestones[index]?.attempts ?? 0) + 1;
    const evidence = await evidenceOf(ctx, options, { Type: "kpi-evidence", Pool: pool.address, Milestone: String(index), Attempt: String(attempt) });
    const evidenceId = arweaveIdToBytes(evidence.id);
    const evidenceHash = sha256HexToBytes(evidence.sha256);
    if (evidenceId === null || evidenceHash === null) throw new CliError("The evidence id or hash could not be read as 32 bytes.");
    const instruction = await poolSubmit(ctx.program, new PublicKey(pool.address), { sponsor: sponsor.publicKey, milestoneIndex: index, evidenceId: [...evidenceId], evidenceHash: [...evidenceHash] }).instruction();
    await signAndSend(ctx, sponsor, [instruction], "pool_submit");
    printPool(ctx, await readPool(ctx, pool.address));
  },
};

const resolve: CliCommand = {
  name: "resolve",
  summary: "The admin decides a disputed KPI: approve releases its tranche to the stakers, reject lets the sponsor re-submit.",
  args: [
    { name: "pool", description: "The pool's address." },
    { name: "kpi", description: "The KPI's number, from 1." },
    { name: "decision", description: "approve or reject." },
  ],
  options: DECISION_OPTIONS,
  async run(ctx, invocation) {
    const { args } = invocation;
    const { decision, reason } = await decisionOf(invocation);
    const index = kpiIndex(args.kpi);
    const signer = await signerOf(invocation);
    const [config, pool, now] = await Promise.all([readConfig(ctx), readPool(ctx, args.pool), readChainTime(ctx)]);
    const admin = signerAddress(signer);
    const refused = poolResolveRefusal(pool, index, admin.toBase58(), config.admin.toBase58(), now);
    if (refused !== null) throw refusal(refused);
    const reasonId = await storeReasons(ctx, signer, reason, {
      Pool: pool.address,
      Milestone: String(index),
      Attempt: String(pool.milestones[index]?.attempts ?? 0),
      Decision: decision,
    });
    const reasonBytes = arweaveIdToBytes(reasonId);
    if (reasonBytes === null) throw new CliError(`Arweave answered an id that is not 32 bytes: ${reasonId}`);
    const instruction = await poolDisputeResolve(ctx.program, new PublicKey(pool.address), { admin, milestoneIndex: index, approve: decision === "approve", reason: [...reasonBytes] }).instruction();
    await deliver(ctx, signer, [instruction], "pool_dispute_resolve");
  },
};

const show: CliCommand = {
  name: "show",
  summary: "Print a pool: status, funding, stake, and each KPI with its review.",
  args: [{ name: "pool", description: "The pool's address." }],
  options: {},
  async run(ctx, { args }) {
    printPool(ctx, await readPool(ctx, args.pool));
  },
};

const example: CliCommand = {
  name: "example",
  summary: "Print a valid pool.json to start from (put your mints in).",
  args: [],
  options: {},
  details: ["Save it (npm run -s pepfund -- pool example > pool.json), edit it, then pool create."],
  run(ctx) {
    ctx.io.out(examplePool(new Date()));
    return Promise.resolve();
  },
};

export const POOL_COMMANDS: CliGroup = {
  name: "pool",
  summary: "A sponsor's KPI reward pool: create it from a pool.json, fund it, submit KPI evidence; the admin decides disputes.",
  commands: [create, fund, submit, resolve, show, example],
};
