/**
 * The demo world `npm start` opens on a local chain: PepFund's config, a USDC mint, funded
 * demo wallets and three campaigns in different states, built through the product's own
 * code paths (the CLI's config init, campaign create --submit and admin approve; the
 * wallet actions' instructions for contributions and evidence; texts and evidence on
 * Arweave). Recorded in `${dataDir}/demo-world.json`; a second start on the same chain
 * reuses it without sending anything.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Connection, Keypair, PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { PollingConnection } from "../chain/polling-connection.js";
import { CAMPAIGN_COMMANDS } from "../app/cli/campaign-commands.js";
import { ADMIN_COMMANDS } from "../app/cli/admin-commands.js";
import { CONFIG_COMMANDS } from "../app/cli/config-commands.js";
import type { CliEnv } from "../app/cli/env.js";
import { signAndSend } from "../app/cli/send.js";
import { airdropAtLeast, demoKeypair } from "../app/keys.js";
import type { Logger } from "../app/logger.js";
import { fundraisingClose } from "../chain/instructions.js";
import { allocationMintPda, configPda } from "../chain/pdas.js";
import { pepfundProgram } from "../chain/program.js";
import { AnchorChainReader } from "../chain/reader.js";
import { actionInstructions } from "../chain/relayer/action-instructions.js";
import { createAssociatedTokenAccountIdempotent } from "../chain/token.js";
import type { EvidenceStore } from "../core/ports.js";
import type { WalletAction } from "../core/wallet-actions.js";
import { localnetRpc } from "../../localnet/launch.js";
import { DemoCliContext, cliField, runCliCommand } from "./cli-runner.js";
import { type DemoRoadmap, FAILED, IN_REVIEW, RAISING, roadmapJson } from "./roadmaps.js";

export interface DemoCampaign {
  readonly address: string;
  readonly title: string;
  readonly state: string;
}

export interface DemoWorld {
  readonly usdcMint: string;
  /** PepFund admin (demo: the upgrade authority's key). */
  readonly admin: Keypair;
  readonly researcher: Keypair;
  readonly backers: readonly Keypair[];
  /**
   * The console user's development wallet (CONSOLE_WALLET_KEYPAIR = `${dataDir}/keys/you.json`):
   * holds SOL, USDC, and backer tokens of the campaign under review so /flag works.
   */
  readonly you: Keypair;
  readonly campaigns: readonly DemoCampaign[];
}

export interface DemoWorldOptions {
  readonly rpcUrl: string;
  readonly wsUrl: string;
  readonly dataDir: string;
  readonly evidence: EvidenceStore;
  readonly gatewayUrl: string;
  readonly log: Logger;
}

/** USDC base units per USDC. */
export const USDC = 1_000_000n;
/** What each demo wallet is given. */
export const DEMO_WALLET_USDC = 10_000n * USDC;
const DEMO_WALLET_SOL = 10;
const DAY = 86_400;
/** The recorded world (public facts only: keys stay in their own files). */
const WORLD_FILE = "demo-world.json";
const BACKER_COUNT = 3;

interface WorldRecord {
  readonly usdcMint: string;
  readonly campaigns: readonly { readonly address: string; readonly title: string }[];
}

/** The demo's wallets, kept in `${dataDir}/keys/` (the upgrade authority is the one `npm start` gives the localnet). */
export async function demoWallets(dataDir: string) {
  const [admin, treasury, researcher, you, ...backers] = await Promise.all(
    ["upgrade-authority", "treasury", "researcher", "you", ...Array.from({ length: BACKER_COUNT }, (_, i) => `backer-${i + 1}`)].map((name) =>
      demoKeypair(dataDir, name),
    ),
  );
  if (admin === undefined || treasury === undefined || researcher === undefined || you === undefined) throw new Error("demo keys missing");
  return { admin, treasury, researcher, you, backers };
}

/** Builds the demo world, or returns the recorded one when the chain still holds it. */
export async function ensureDemoWorld(options: DemoWorldOptions): Promise<DemoWorld> {
  const connection = new PollingConnection(options.rpcUrl, { commitment: "confirmed", wsEndpoint: options.wsUrl });
  const wallets = await demoWallets(options.dataDir);
  const recorded = await recordedWorld(options.dataDir, connection);
  if (recorded !== null) {
    options.log.info(`demo: reusing the demo world in ${join(options.dataDir, WORLD_FILE)}`);
    return withStates(connection, { ...wallets, usdcMint: recorded.usdcMint }, recorded.campaigns);
  }
  if ((await connection.getAccountInfo(configPda(), "confirmed")) !== null) {
    // A chain configured by someone else (or a lost record): config init would be refused.
    throw new Error(`the local chain already has a PepFund config but no demo world is recorded in ${join(options.dataDir, WORLD_FILE)}: start over with npm start -- --reset`);
  }
  const builder = new WorldBuilder(options, connection, wallets);
  const started = Date.now();
  const record = await builder.build();
  await writeFile(join(options.dataDir, WORLD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  options.log.info(`demo: world ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return withStates(connection, { ...wallets, usdcMint: record.usdcMint }, record.campaigns);
}

/** The record, when the chain holds its config with the recorded mint (a fresh chain does not). */
async function recordedWorld(dataDir: string, connection: Connection): Promise<WorldRecord | null> {
  const file = join(dataDir, WORLD_FILE);
  if (!existsSync(file)) return null;
  const record = JSON.parse(await readFile(file, "utf8")) as WorldRecord;
  const config = await connection.getAccountInfo(configPda(), "confirmed");
  if (config === null) return null;
  const mint = await connection.getAccountInfo(new PublicKey(record.usdcMint), "confirmed");
  return mint === null ? null : record;
}

async function withStates(
  connection: Connection,
  world: Omit<DemoWorld, "campaigns" | "backers"> & { backers: readonly Keypair[] },
  campaigns: WorldRecord["campaigns"],
): Promise<DemoWorld> {
  const reader = new AnchorChainReader(pepfundProgram(connection, Keypair.generate()));
  const states = await Promise.all(campaigns.map(async (c) => (await reader.getCampaign(c.address))?.status ?? "missing"));
  return {
    usdcMint: world.usdcMint,
    admin: world.admin,
    researcher: world.researcher,
    backers: world.backers,
    you: world.you,
    campaigns: campaigns.map((c, i) => ({ ...c, state: states[i] ?? "missing" })),
  };
}

type Wallets = Awaited<ReturnType<typeof demoWallets>>;

/** The steps of one build, each through the product's own code. */
export class WorldBuilder {
  private readonly env: CliEnv;
  private readonly roadmapDir: string;

  constructor(
    private readonly options: DemoWorldOptions,
    readonly connection: Connection,
    readonly wallets: Wallets,
  ) {
    this.env = { rpcUrl: options.rpcUrl, wsUrl: options.wsUrl, cluster: "localnet", gateways: [options.gatewayUrl], arweaveWallet: null };
    this.roadmapDir = join(options.dataDir, "demo-roadmaps");
  }

  private say(line: string): void {
    this.options.log.info(`demo: ${line}`);
  }

  keyFile(name: string): string {
    return join(this.options.dataDir, "keys", `${name}.json`);
  }

  /** Runs a CLI command of `group`; progress lines go to the debug log. */
  cli(group: Parameters<typeof runCliCommand>[1], name: string, argv: readonly string[]) {
    return runCliCommand({ env: this.env, evidence: this.options.evidence, progress: (l) => this.options.log.debug(`demo: ${l}`) }, group, name, argv);
  }

  /** Signs `action`'s instructions with `signer` (who pays the fee), as a wallet would. */
  async act(signer: Keypair, action: WalletAction, label: string): Promise<string> {
    const ctx = new DemoCliContext(this.env, { out: () => undefined, progress: (l) => this.options.log.debug(`demo: ${l}`) }, this.options.evidence);
    const { instructions } = await actionInstructions(ctx.program, action);
    return this.send(signer, instructions, label);
  }

  async send(signer: Keypair, instructions: TransactionInstruction[], label: string): Promise<string> {
    const ctx = new DemoCliContext(this.env, { out: () => undefined, progress: (l) => this.options.log.debug(`demo: ${l}`) }, this.options.evidence);
    return signAndSend(ctx, signer, instructions, label);
  }

  /** The chain's clock (seconds). */
  async chainNow(): Promise<number> {
    const slot = await this.connection.getSlot("confirmed");
    const time = await this.connection.getBlockTime(slot);
    if (time === null) throw new Error("the chain gave no block time");
    return time;
  }

  /** Moves the localnet's clock and waits until confirmed slots carry it. */
  async advanceClock(seconds: number): Promise<void> {
    const target = await localnetRpc<number>(this.options.rpcUrl, "localnet_advanceClock", [seconds]);
    while ((await this.chainNow()) < target) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** SOL for fees and rent, `usdc` base units of the demo USDC. */
  async fund(owner: PublicKey, usdcMint: PublicKey, usdc: bigint): Promise<void> {
    await airdropAtLeast(this.connection, owner, DEMO_WALLET_SOL);
    if (usdc > 0n) await localnetRpc(this.options.rpcUrl, "localnet_mintTo", [usdcMint.toBase58(), owner.toBase58(), Number(usdc)]);
  }

  /** The operator's post-deploy step (CLI `config init`, signed by the upgrade authority) and the mint. */
  async configure(): Promise<PublicKey> {
    const { admin, treasury } = this.wallets;
    await airdropAtLeast(this.connection, admin.publicKey, DEMO_WALLET_SOL);
    const usdcMint = new PublicKey(await localnetRpc<string>(this.options.rpcUrl, "localnet_createMint", [{ decimals: 6 }]));
    this.say(`USDC mint ${usdcMint.toBase58()}; config init (admin ${admin.publicKey.toBase58()})`);
    await this.cli(CONFIG_COMMANDS, "init", [
      "--keypair", this.keyFile("upgrade-authority"),
      "--usdc-mint", usdcMint.toBase58(),
      "--admin", admin.publicKey.toBase58(),
      "--treasury", treasury.publicKey.toBase58(),
    ]);
    return usdcMint;
  }

  /** The researcher's `campaign create roadmap.json --submit` (texts to Arweave): the campaign waits for review. */
  async create(roadmap: DemoRoadmap): Promise<string> {
    await mkdir(this.roadmapDir, { recursive: true });
    const file = join(this.roadmapDir, `${roadmap.title.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}.json`);
    await writeFile(file, roadmapJson(roadmap, await this.chainNow()));
    const created = await this.cli(CAMPAIGN_COMMANDS, "create", [file, "--keypair", this.keyFile("researcher"), "--submit"]);
    return cliField(created, "Campaign");
  }

  /** {@link create}, then the admin's `admin approve`. */
  async createApproved(roadmap: DemoRoadmap): Promise<string> {
    const campaign = await this.create(roadmap);
    this.say(`"${roadmap.title}" created (${campaign}), in review; the admin approves it`);
    await this.cli(ADMIN_COMMANDS, "approve", [campaign, "--keypair", this.keyFile("upgrade-authority")]);
    return campaign;
  }

  contribute(backer: Keypair, campaign: string, amount: bigint): Promise<string> {
    return this.act(backer, { kind: "contribute", campaign, backer: backer.publicKey.toBase58(), amount }, "contribute");
  }

  /** Closes the raise: the researcher early once the goal is met, anyone after the deadline. */
  async closeRaise(campaign: string, authority: Keypair): Promise<string> {
    const ctx = new DemoCliContext(this.env, { out: () => undefined, progress: () => undefined }, this.options.evidence);
    const instruction = await fundraisingClose(ctx.program, { campaign: new PublicKey(campaign), authority: authority.publicKey }).instruction();
    return this.send(authority, [instruction], "fundraising_close");
  }

  /** The researcher uploads milestone evidence to Arweave and submits it on-chain. */
  async submitEvidence(campaign: string, milestoneIndex: number, text: string): Promise<string> {
    const stored = await this.options.evidence.upload(new TextEncoder().encode(text), "text/plain; charset=utf-8", {
      Type: "milestone-evidence",
      Campaign: campaign,
      Milestone: String(milestoneIndex),
      "File-Name": `milestone-${milestoneIndex + 1}.txt`,
      "Evidence-Type": "Dataset",
    });
    const researcher = this.wallets.researcher.publicKey.toBase58();
    await this.act(this.wallets.researcher, { kind: "milestoneSubmit", campaign, researcher, milestoneIndex, evidenceId: stored.id, evidenceSha256: stored.sha256 }, "milestone_submit");
    return stored.id;
  }

  /** The whole world: ended, in review and raising campaigns, in the order the clock allows. */
  async build(): Promise<WorldRecord> {
    const { researcher, you, backers } = this.wallets;
    const [b1, b2, b3] = backers;
    if (b1 === undefined || b2 === undefined || b3 === undefined) throw new Error("demo backers missing");
    this.say("building the demo world on the local chain (a few seconds)");
    const usdcMint = await this.configure();
    this.say("funding the demo wallets (SOL and USDC)");
    await Promise.all([researcher, you, ...backers].map((w) => this.fund(w.publicKey, usdcMint, w === researcher ? 0n : DEMO_WALLET_USDC)));

    const failed = await this.createApproved(FAILED);
    const inReview = await this.createApproved(IN_REVIEW);
    this.say("backers contribute; the serum stability raise meets its goal and closes");
    await this.contribute(b1, failed, 300n * USDC);
    await this.contribute(b1, inReview, 400n * USDC);
    await this.contribute(b2, inReview, 300n * USDC);
    await this.contribute(you, inReview, 300n * USDC);
    await this.closeRaise(inReview, researcher);
    // The researcher's and the treasury's allocation tokens are claimed by the scheduler's crank
    // into accounts their owners open (the relayer never pays rent): open both, as owners would.
    const allocationMint = allocationMintPda(new PublicKey(inReview));
    await this.send(
      researcher,
      [researcher.publicKey, this.wallets.treasury.publicKey].map((owner) => createAssociatedTokenAccountIdempotent(researcher.publicKey, owner, allocationMint)),
      "open allocation accounts",
    );

    this.say(`the clock moves past "${FAILED.title}"'s deadline: it closes short of its goal, refunds open`);
    await this.advanceClock((FAILED.raiseDays + 1) * DAY);
    await this.closeRaise(failed, b1);
    await this.submitEvidence(inReview, 0, `${IN_REVIEW.title}, milestone 1: assay protocol and pilot run (raw traces attached in the dataset).`);
    this.say("milestone 1 of the serum stability campaign is submitted: its review window is open");

    const raising = await this.createApproved(RAISING);
    await this.contribute(b2, raising, 500n * USDC);
    await this.contribute(b3, raising, 250n * USDC);
    this.say(`"${RAISING.title}" is raising: 750 of 2000 USDC`);
    return {
      usdcMint: usdcMint.toBase58(),
      campaigns: [
        { address: raising, title: RAISING.title },
        { address: inReview, title: IN_REVIEW.title },
        { address: failed, title: FAILED.title },
      ],
    };
  }
}
