/**
 * The admin's commands: approve a campaign, resolve a dispute, update the config, hand the
 * admin role over. Each signs with --keypair and sends, or with --unsigned --admin <vault>
 * prints the unsigned transaction for a multisig (docs/MULTISIG.md). Every rule is checked
 * before anything is uploaded or printed, as the program would check it.
 */
import { readFile } from "node:fs/promises";
import { PublicKey, type TransactionInstruction } from "@solana/web3.js";
import { rpcCall } from "../../chain/errors.js";
import { configAcceptAdmin, configUpdate } from "../../chain/instructions.js";
import { actionInstructions } from "../../chain/relayer/action-instructions.js";
import { associatedTokenAddress, createAssociatedTokenAccountIdempotent } from "../../chain/token.js";
import {
  acceptAdminRefusal,
  approveRefusal,
  configUpdateRefusal,
  resolveRefusal,
} from "../../core/rules/campaign-actions.js";
import { MAX_ALLOCATION_BPS } from "../../core/rules/constants.js";
import { MAX_REASON_CHARS } from "../../core/usecases/disputes.js";
import { CliError, type CliCommand, type CliGroup, type Invocation, type OptionSpec, UsageError } from "./command.js";
import { type CliContext, parseAddress } from "./context.js";
import { intOption, readCampaign, readChainTime, readConfig } from "./chain-state.js";
import { SIGNER_OPTIONS, type Signer, deliver, refusal, requireFeeFunds, signerAddress, signerOf } from "./send.js";

const approve: CliCommand = {
  name: "approve",
  summary: "Approve a campaign waiting for review: its roadmap locks and fundraising opens.",
  args: [{ name: "campaign", description: "The campaign's address." }],
  options: SIGNER_OPTIONS,
  async run(ctx, invocation) {
    const signer = await signerOf(invocation);
    const address = parseAddress(invocation.args.campaign, "<campaign>").toBase58();
    const [config, campaign, now] = await Promise.all([readConfig(ctx), readCampaign(ctx, address), readChainTime(ctx)]);
    const admin = signerAddress(signer).toBase58();
    const refused = approveRefusal(campaign, admin, config.admin.toBase58(), now);
    if (refused !== null) throw refusal(refused);
    const { instructions } = await actionInstructions(ctx.program, { kind: "campaignApprove", campaign: address, admin });
    await deliver(ctx, signer, instructions, "campaign_approve");
  },
};

/** `--reason` as text, or `@path` for a file's contents. */
async function reasonText(value: string | boolean | undefined): Promise<string> {
  if (typeof value !== "string") throw new UsageError("--reason <text or @file> is required: the written reasons, stored on Arweave");
  if (!value.startsWith("@")) return value.trim();
  try {
    return (await readFile(value.slice(1), "utf8")).trim();
  } catch (error) {
    throw new CliError(`Cannot read the reason file ${value.slice(1)} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
}

/** The options of a dispute decision: the written reasons, and who signs. */
export const DECISION_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  reason: { type: "string", value: "text|@file", required: true, description: "Why (1-2,000 characters; public, stored on Arweave)." },
  ...SIGNER_OPTIONS,
};

/** `<decision>` and `--reason` of a dispute decision, checked before anything is read from the chain. */
export async function decisionOf(invocation: Invocation): Promise<{ readonly decision: "approve" | "reject"; readonly reason: string }> {
  const decision = invocation.args.decision;
  if (decision !== "approve" && decision !== "reject") throw new UsageError(`<decision> is approve or reject, not "${decision}"`);
  const reason = await reasonText(invocation.options.reason);
  if (reason.length === 0 || reason.length > MAX_REASON_CHARS) throw refusal("ReasonRequired");
  return { decision, reason };
}

/**
 * After every check: the signer's fee funds, then the written reasons stored on Arweave with
 * the tags of a resolution asked for in chat (core/usecases/disputes.ts); returns their id.
 */
export async function storeReasons(ctx: CliContext, signer: Signer, reason: string, tags: Readonly<Record<string, string>>): Promise<string> {
  // A multisig's vault pays when it executes, maybe after a top-up: only a keypair is checked now.
  if (signer.kind === "keypair") await requireFeeFunds(ctx, signer.keypair.publicKey);
  const evidence = await ctx.evidence();
  ctx.io.progress("Uploading the reasons to Arweave...");
  const { id } = await evidence.upload(new TextEncoder().encode(reason), "text/plain; charset=utf-8", { Type: "dispute-reason", ...tags });
  ctx.io.out(`Reasons: ${id}`);
  return id;
}

/**
 * `dispute_resolve` names the researcher's USDC account even to reject, and a researcher
 * whose wallet never held USDC has none: without it the admin could not decide at all. The
 * admin opens it (idempotently, paying its rent) in the same transaction.
 */
async function researcherUsdcOpening(ctx: CliContext, researcher: PublicKey, usdcMint: PublicKey, admin: PublicKey): Promise<TransactionInstruction[]> {
  const account = associatedTokenAddress(researcher, usdcMint);
  const existing = await rpcCall("getAccountInfo researcher USDC", () => ctx.program.provider.connection.getAccountInfo(account, "confirmed"));
  if (existing !== null) return [];
  ctx.io.progress(`The researcher has no USDC account yet: the transaction opens ${account.toBase58()} (the admin pays its rent).`);
  return [createAssociatedTokenAccountIdempotent(admin, researcher, usdcMint)];
}

const resolve: CliCommand = {
  name: "resolve",
  summary: "Resolve a disputed milestone: approve releases its tranche, reject keeps it in escrow.",
  args: [
    { name: "campaign", description: "The campaign's address." },
    { name: "milestone", description: "The milestone's number, from 1 as /campaign shows it." },
    { name: "decision", description: "approve or reject." },
  ],
  options: DECISION_OPTIONS,
  async run(ctx, invocation) {
    const { args } = invocation;
    const { decision, reason } = await decisionOf(invocation);
    const number = Number(args.milestone);
    if (!/^\d{1,2}$/.test(args.milestone ?? "") || number < 1) throw new UsageError(`<milestone> is a milestone number from 1, not "${args.milestone}"`);
    const signer = await signerOf(invocation);
    const address = parseAddress(args.campaign, "<campaign>").toBase58();
    const [config, campaign, now] = await Promise.all([readConfig(ctx), readCampaign(ctx, address), readChainTime(ctx)]);
    const admin = signerAddress(signer).toBase58();
    const milestoneIndex = number - 1;
    // At the chain's clock, as the program decides: a lapsed dispute is refused before the reasons are paid for.
    const refused = resolveRefusal(campaign, milestoneIndex, admin, config.admin.toBase58(), now);
    if (refused !== null) throw refusal(refused);
    const reasonId = await storeReasons(ctx, signer, reason, {
      Campaign: address,
      Milestone: String(milestoneIndex),
      Attempt: String(campaign.milestones[milestoneIndex]?.attempts ?? 0),
      Decision: decision,
    });
    const { instructions } = await actionInstructions(ctx.program, {
      kind: "disputeResolve",
      campaign: address,
      admin,
      milestoneIndex,
      approve: decision === "approve",
      reasonId,
    });
    const opening = await researcherUsdcOpening(ctx, new PublicKey(campaign.researcher), config.usdcMint, signerAddress(signer));
    await deliver(ctx, signer, [...opening, ...instructions], "dispute_resolve");
  },
};

const configUpdateCommand: CliCommand = {
  name: "config-update",
  summary: "Change the treasury or the allocations (the others keep their current values).",
  args: [],
  options: {
    treasury: { type: "string", value: "address", description: "New owner of the protocol's allocation tokens." },
    "researcher-allocation-bps": { type: "string", value: "bps", description: `Researcher allocation, bps of the raise (at most ${MAX_ALLOCATION_BPS}).` },
    "protocol-allocation-bps": { type: "string", value: "bps", description: `Protocol allocation, bps of the raise (at most ${MAX_ALLOCATION_BPS}).` },
    ...SIGNER_OPTIONS,
  },
  details: ["config_update writes every field: the current values are read first and kept, a proposed admin too."],
  async run(ctx, invocation) {
    const { options } = invocation;
    if (options.treasury === undefined && options["researcher-allocation-bps"] === undefined && options["protocol-allocation-bps"] === undefined) {
      throw new UsageError("nothing to change: give --treasury, --researcher-allocation-bps or --protocol-allocation-bps");
    }
    const treasury = options.treasury === undefined ? undefined : parseAddress(options.treasury, "--treasury");
    // Bounded by u16 here; the program's own bound (AllocationTooLarge) is checked below, in its words.
    const researcherBps = intOption(options["researcher-allocation-bps"], "researcher-allocation-bps", 0, 65_535);
    const protocolBps = intOption(options["protocol-allocation-bps"], "protocol-allocation-bps", 0, 65_535);
    const signer = await signerOf(invocation);
    await updateConfig(ctx, signer, (c) => ({
      treasury: treasury ?? c.treasury,
      researcherAllocationBps: researcherBps ?? c.researcherAllocationBps,
      protocolAllocationBps: protocolBps ?? c.protocolAllocationBps,
      pendingAdmin: c.pendingAdmin ?? PublicKey.default,
    }));
  },
};

type ConfigArgs = { treasury: PublicKey; researcherAllocationBps: number; protocolAllocationBps: number; pendingAdmin: PublicKey };

/** `config_update` with the current config changed by `change`, after the program's checks. */
async function updateConfig(
  ctx: Parameters<CliCommand["run"]>[0],
  signer: Awaited<ReturnType<typeof signerOf>>,
  change: (current: Awaited<ReturnType<typeof readConfig>>) => ConfigArgs,
): Promise<void> {
  const config = await readConfig(ctx);
  const args = change(config);
  const admin = signerAddress(signer);
  const refused = configUpdateRefusal(admin.toBase58(), config.admin.toBase58(), {
    researcherBps: args.researcherAllocationBps,
    protocolBps: args.protocolAllocationBps,
  });
  if (refused !== null) throw refusal(refused);
  const instruction = await configUpdate(ctx.program, { admin, args }).instruction();
  await deliver(ctx, signer, [instruction], "config_update");
}

const proposeAdmin: CliCommand = {
  name: "propose-admin",
  summary: "Name the next admin (step 1 of 2); it takes the role when it runs accept-admin.",
  args: [{ name: "new-admin", description: "The next admin's address (a multisig's vault, not the multisig account)." }],
  options: SIGNER_OPTIONS,
  details: ["Two steps, so a typo cannot hand the protocol to a key nobody holds. Proposing the default address (11111111111111111111111111111111) cancels a proposal."],
  async run(ctx, invocation) {
    const next = parseAddress(invocation.args["new-admin"], "<new-admin>");
    const signer = await signerOf(invocation);
    await updateConfig(ctx, signer, (c) => ({
      treasury: c.treasury,
      researcherAllocationBps: c.researcherAllocationBps,
      protocolAllocationBps: c.protocolAllocationBps,
      pendingAdmin: next,
    }));
  },
};

const acceptAdmin: CliCommand = {
  name: "accept-admin",
  summary: "Take the admin role as the proposed admin (step 2 of 2).",
  args: [],
  options: { ...SIGNER_OPTIONS, admin: { ...SIGNER_OPTIONS.admin!, description: "With --unsigned: the proposed admin (the multisig's vault), signer and fee payer." } },
  async run(ctx, invocation) {
    const signer = await signerOf(invocation);
    const config = await readConfig(ctx);
    const newAdmin = signerAddress(signer);
    const refused = acceptAdminRefusal(newAdmin.toBase58(), config.pendingAdmin?.toBase58() ?? null);
    if (refused !== null) throw refusal(refused);
    const instruction = await configAcceptAdmin(ctx.program, { newAdmin }).instruction();
    await deliver(ctx, signer, [instruction], "config_accept_admin");
  },
};

export const ADMIN_COMMANDS: CliGroup = {
  name: "admin",
  summary: "The PepFund admin's actions; each signs with --keypair, or prints an unsigned transaction for a multisig with --unsigned --admin <vault>.",
  commands: [approve, resolve, configUpdateCommand, proposeAdmin, acceptAdmin],
};
