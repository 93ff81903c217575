/** The researcher's commands: create, edit, submit for review, show, and an example roadmap. */
import type { PublicKey } from "@solana/web3.js";
import { rpcCall } from "../../chain/errors.js";
import { campaignPda } from "../../chain/pdas.js";
import { actionInstructions } from "../../chain/relayer/action-instructions.js";
import { explorerAddressUrl, share, usdc } from "../../chat/format.js";
import type { CampaignDraft } from "../../core/campaign-draft.js";
import { descriptionSha256 } from "../../core/campaign-texts.js";
import { editRefusal, submitForReviewRefusal } from "../../core/rules/campaign-actions.js";
import { campaignTerms, storeCampaignTerms } from "../../core/usecases/campaign-terms.js";
import type { CampaignTerms } from "../../core/wallet-actions.js";
import { type CliCommand, type CliGroup } from "./command.js";
import { type CliContext, loadKeypair, parseAddress } from "./context.js";
import { readCampaign, readChainTime, readConfig } from "./chain-state.js";
import { fetchCampaignTexts } from "./campaign-texts-fetch.js";
import { checkedDraft, exampleRoadmap, readRoadmapFile } from "./roadmap-file.js";
import { dryRun, refusal, signAndSend } from "./send.js";

const KEYPAIR = { type: "string", value: "file", required: true, description: "The researcher's keypair file (signs and pays)." } as const;
const SUBMIT = { type: "boolean", description: "Also submit it for PepFund's review, in the same transaction." } as const;

/** The roadmap file, checked at the chain's time, or every problem and nothing uploaded. */
async function draftFrom(ctx: CliContext, path: string): Promise<CampaignDraft> {
  const json = await readRoadmapFile(path);
  return checkedDraft(path, json, await readChainTime(ctx));
}

/**
 * Stand-in terms for a dry run before the upload: the real ones differ only in the texts'
 * Arweave id and SHA-256, which the program stores without judging.
 */
const PLACEHOLDER_TEXTS = { id: Buffer.alloc(32, 1).toString("base64url"), sha256: "01".repeat(32) };

async function storeTexts(ctx: CliContext, draft: CampaignDraft, researcher: PublicKey): Promise<CampaignTerms> {
  const evidence = await ctx.evidence();
  ctx.io.progress("Uploading the campaign's texts to Arweave...");
  const terms = await storeCampaignTerms({ evidence }, draft, { Researcher: researcher.toBase58() });
  ctx.io.progress(`Texts stored: ${terms.metadataId} (SHA-256 ${terms.metadataSha256})`);
  return terms;
}

/** The researcher's first unused campaign id: their record's count, or the next free one after it. */
async function freeCampaignId(ctx: CliContext, researcher: PublicKey): Promise<bigint> {
  const record = await ctx.reader.getResearcher(researcher.toBase58());
  const { connection } = ctx.program.provider;
  for (let id = BigInt(record?.campaignsCreated ?? 0); ; id++) {
    const taken = await rpcCall("getAccountInfo campaign", () => connection.getAccountInfo(campaignPda(researcher, id), "confirmed"));
    if (taken === null) return id;
  }
}

function printCampaign(ctx: CliContext, address: string, id: bigint): void {
  ctx.io.out(`Campaign: ${address}`);
  ctx.io.out(`Id: ${id}`);
  ctx.io.out(`Account: ${explorerAddressUrl(address, ctx.explorer)}`);
}

const create: CliCommand = {
  name: "create",
  summary: "Create a campaign from a roadmap.json (checked first; texts stored on Arweave).",
  args: [{ name: "roadmap.json", description: "The campaign: see campaign example and docs/CLI.md." }],
  options: { keypair: KEYPAIR, submit: SUBMIT, id: { type: "string", value: "n", description: "Campaign id (default: your next free one)." } },
  details: ["Every problem in the file is listed beside its field, and nothing is uploaded or sent while there is one."],
  async run(ctx, { args, options }) {
    const keypair = await loadKeypair(options.keypair);
    await readConfig(ctx);
    const draft = await draftFrom(ctx, args["roadmap.json"] ?? "");
    const researcher = keypair.publicKey;
    const id = options.id === undefined ? await freeCampaignId(ctx, researcher) : parseId(options.id);
    const campaign = campaignPda(researcher, id).toBase58();
    const submit = options.submit === true;
    const build = (terms: CampaignTerms) => actionInstructions(ctx.program, { kind: "campaignCreate", campaign, researcher: researcher.toBase58(), id, terms, submit });
    // The researcher pays the new accounts' rent: a wallet short of it hears so before the texts are paid for.
    await dryRun(ctx, keypair, (await build(campaignTerms(draft, PLACEHOLDER_TEXTS))).instructions, "campaign_create");
    const { instructions } = await build(await storeTexts(ctx, draft, researcher));
    await signAndSend(ctx, keypair, instructions, "campaign_create");
    printCampaign(ctx, campaign, id);
    ctx.io.out(`Status: ${submit ? "PendingReview (waiting for PepFund's review)" : "Draft (submit it with campaign submit)"}`);
  },
};

function parseId(text: string | boolean): bigint {
  const value = String(text).trim();
  if (!/^\d{1,20}$/.test(value) || BigInt(value) >= 1n << 64n) throw refusal("ParameterInvalid", { param: "--id", usage: "a whole number (u64)" });
  return BigInt(value);
}

const edit: CliCommand = {
  name: "edit",
  summary: "Replace a draft's (or a pending review's) roadmap and texts; it goes back to draft.",
  args: [
    { name: "campaign", description: "The campaign's address." },
    { name: "roadmap.json", description: "The new campaign file." },
  ],
  options: { keypair: KEYPAIR, submit: SUBMIT },
  async run(ctx, { args, options }) {
    const keypair = await loadKeypair(options.keypair);
    const address = parseAddress(args.campaign, "<campaign>").toBase58();
    const campaign = await readCampaign(ctx, address);
    const refused = editRefusal(campaign, keypair.publicKey.toBase58());
    if (refused !== null) throw refusal(refused);
    const draft = await draftFrom(ctx, args["roadmap.json"] ?? "");
    const submit = options.submit === true;
    const build = (terms: CampaignTerms) => actionInstructions(ctx.program, { kind: "campaignEdit", campaign: address, researcher: keypair.publicKey.toBase58(), terms, submit });
    await dryRun(ctx, keypair, (await build(campaignTerms(draft, PLACEHOLDER_TEXTS))).instructions, "campaign_edit");
    const { instructions } = await build(await storeTexts(ctx, draft, keypair.publicKey));
    await signAndSend(ctx, keypair, instructions, "campaign_edit");
    printCampaign(ctx, address, campaign.id);
    ctx.io.out(`Status: ${submit ? "PendingReview" : "Draft"}`);
  },
};

const submit: CliCommand = {
  name: "submit",
  summary: "Submit a draft for PepFund's review.",
  args: [{ name: "campaign", description: "The campaign's address." }],
  options: { keypair: KEYPAIR },
  async run(ctx, { args, options }) {
    const keypair = await loadKeypair(options.keypair);
    const address = parseAddress(args.campaign, "<campaign>").toBase58();
    const campaign = await readCampaign(ctx, address);
    const refused = submitForReviewRefusal(campaign, keypair.publicKey.toBase58());
    if (refused !== null) throw refusal(refused);
    const { instructions } = await actionInstructions(ctx.program, { kind: "campaignSubmitForReview", campaign: address, researcher: keypair.publicKey.toBase58() });
    await signAndSend(ctx, keypair, instructions, "campaign_submit_for_review");
    printCampaign(ctx, address, campaign.id);
    ctx.io.out("Status: PendingReview");
  },
};

const date = (unix: number) => new Date(unix * 1000).toISOString().replace(".000Z", "Z");

const show: CliCommand = {
  name: "show",
  summary: "Print a campaign: status, terms, milestones, and its texts checked against their on-chain hashes.",
  args: [{ name: "campaign", description: "The campaign's address." }],
  options: {},
  async run(ctx, { args }) {
    const address = parseAddress(args.campaign, "<campaign>").toBase58();
    const c = await readCampaign(ctx, address);
    const { io } = ctx;
    printCampaign(ctx, address, c.id);
    io.out(`Researcher: ${c.researcher}`);
    io.out(`Status: ${c.status}`);
    io.out(`Goal: ${usdc(c.goal)}; raised ${usdc(c.raised)}; deadline ${date(c.deadline)}`);
    const texts = c.metadataId === null ? null : await fetchCampaignTexts(ctx.env.gateways, c.metadataId, c.metadataSha256);
    if (texts?.kind === "ok") {
      io.out(`Title: ${texts.texts.title}`);
      io.out(`Summary: ${texts.texts.summary}`);
    } else if (texts?.kind === "mismatch") {
      io.out(`Texts: ${c.metadataId} does NOT match the SHA-256 bound on-chain (${c.metadataSha256}); not shown.`);
    } else {
      io.out(`Texts: ${c.metadataId ?? "none"} (not shown: ${texts?.why ?? "no texts bound"})`);
    }
    for (const m of c.milestones) {
      io.out(`Milestone ${m.index + 1}: ${m.title} (${share(m.shareBps)}, ${m.evidenceType}, estimated ${date(m.estimatedCompletion)}) ${m.status}`);
      const description = texts?.kind === "ok" ? texts.texts.milestones[m.index]?.description : undefined;
      if (description === undefined) continue;
      io.out(descriptionSha256(description) === m.descriptionSha256 ? `  ${description}` : "  (description does NOT match its on-chain hash; not shown)");
    }
  },
};

const example: CliCommand = {
  name: "example",
  summary: "Print a valid roadmap.json to start from.",
  args: [],
  options: {},
  details: ["Save it (npm run -s pepfund -- campaign example > roadmap.json), edit it, then campaign create."],
  run(ctx) {
    ctx.io.out(exampleRoadmap(new Date()));
    return Promise.resolve();
  },
};

export const CAMPAIGN_COMMANDS: CliGroup = {
  name: "campaign",
  summary: "A researcher's campaign: create it from a roadmap.json, edit it, submit it for review, show it.",
  commands: [create, edit, submit, show, example],
};
