/**
 * Campaigns from nothing through the product's own interfaces, for the end-to-end tests: the
 * operator's `config init` and the researcher's `campaign create` run `npm run pepfund` as a
 * child process (docs/CLI.md); the PepFund team approves in chat and signs on the admin's
 * signing page; the scheduler's crank closes the raise at its deadline. Backers contribute in
 * chat (support/telegram-actions.ts, campaign-life's Discord helper) or, with no chat account,
 * through the campaign's Solana Action with a spec-written client ({@link contributeByAction}).
 */
import { ComputeBudgetProgram, type Keypair } from "@solana/web3.js";
import type { User } from "grammy/types";
import { expect } from "vitest";
import { type Files, field, runPepfund } from "../../bot/app/cli/support.js";
import { CampaignFixture, DAY } from "../../bot/chain/support/campaign.js";
import { PROTOCOL_ALLOCATION_BPS, RESEARCHER_ALLOCATION_BPS, type Protocol } from "../../bot/chain/support/protocol.js";
import { campaignShareLinks } from "../../../bot/core/share-links.js";
import { PROGRAM_ID } from "../../../bot/chain/program.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID } from "../../../bot/chain/token.js";
import { checkedTransaction, getAction, linkedHref, postAction, resolveActionUrl, signAndSend } from "../../bot/support/action-client.js";
import { type Life, signingUrl, text, until } from "./life.js";

let nextFile = 0;

/** The operator's post-deploy step: `config init`, signed by the program's upgrade authority. */
export async function configInitByCli(protocol: Protocol, files: Files): Promise<void> {
  const keypair = await files.keypair(`deployer-${nextFile++}`, protocol.admin);
  const run = await runPepfund(
    [
      "config", "init",
      "--keypair", keypair,
      "--usdc-mint", protocol.usdcMint.toBase58(),
      "--admin", protocol.admin.publicKey.toBase58(),
      "--treasury", protocol.treasury.publicKey.toBase58(),
      "--researcher-allocation-bps", String(RESEARCHER_ALLOCATION_BPS),
      "--protocol-allocation-bps", String(PROTOCOL_ALLOCATION_BPS),
    ],
    { SOLANA_RPC_URL: protocol.chain.rpcUrl, SOLANA_CLUSTER: "localnet" },
  );
  if (run.code !== 0) throw new Error(`config init failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

/** Base units as the decimal USDC a researcher writes ("1000.5"). */
function usdcText(baseUnits: bigint): string {
  const whole = baseUnits / 1_000_000n;
  const fraction = (baseUnits % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return fraction === "" ? String(whole) : `${whole}.${fraction}`;
}

const iso = (unix: number): string => new Date(unix * 1000).toISOString();

/**
 * A roadmap.json: milestones "Deliverable N" with `shares` (bps), one every 30 days after the
 * deadline (none due the moment the raise closes); the raise ends 30 days from the chain's `now`.
 */
export function roadmapJson(now: number, goal: bigint, shares: readonly number[], title = "Peptide serum stability"): string {
  const deadline = now + 30 * DAY;
  return JSON.stringify({
    title,
    summary: `${title}: every raw trace published.`,
    goal: usdcText(goal),
    deadline: iso(deadline),
    milestones: shares.map((bps, i) => ({
      title: `Deliverable ${i + 1}`,
      description: `Deliverable ${i + 1} of ${title}: the data and its protocol.`,
      evidenceType: "dataset",
      share: `${bps / 100}%`,
      estimatedCompletion: iso(deadline + 30 * DAY * (i + 1)),
    })),
  });
}

/** The researcher's `campaign create roadmap.json --submit`: the campaign, PendingReview (titled "Peptide serum stability" unless `title`). */
export async function createByCli(life: Life, researcher: Keypair, goal: bigint, shares: readonly number[], title?: string): Promise<CampaignFixture> {
  const n = nextFile++;
  const roadmap = await life.cli.files.write(`roadmap-${n}.json`, roadmapJson(await life.chain.now(), goal, shares, title));
  const keypair = await life.cli.files.keypair(`researcher-${n}`, researcher);
  const run = await runPepfund(["campaign", "create", roadmap, "--keypair", keypair, "--submit"], life.cli.env);
  if (run.code !== 0) throw new Error(`campaign create failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  expect(run.stdout).toContain("Status: PendingReview");
  const campaign = await CampaignFixture.adopt(life.protocol, researcher, BigInt(field(run.stdout, "Id")));
  expect(field(run.stdout, "Campaign")).toBe(campaign.address.toBase58());
  return campaign;
}

/** The team's /approve on Telegram, signed on the admin's signing page: fundraising opens. */
export async function approveOnTelegram(life: Life, admin: User, adminWallet: Keypair, c: CampaignFixture): Promise<void> {
  const answer = text(await life.say(admin, `/approve ${c.address.toBase58()}`));
  expect(answer).toContain("Sign the approval of");
  expect((await life.sign(signingUrl(answer), adminWallet)).title).toBe("Approve the campaign");
  await until("fundraising to open", async () => Object.keys((await c.fetch()).status)[0] === "fundraising");
}

/** Moves the chain's clock to the raise's deadline; the scheduler's crank closes it. */
export async function closedByCrank(life: Life, c: CampaignFixture, expected: "active" | "failed"): Promise<void> {
  const deadline = (await c.fetch()).deadline.toNumber();
  const now = await life.chain.now();
  if (deadline > now) await life.chain.advanceClock(deadline - now);
  await until(`the crank to close the raise (${expected})`, async () => Object.keys((await c.fetch()).status)[0] === expected);
}

/**
 * A backer with no chat account funds `c` from its share link, as an Action-aware wallet does:
 * the page link resolved through the web server's `/actions.json`, the metadata's amount field,
 * the POSTed account's transaction checked as untrusted, signed with the backer's key, sent.
 * The link is on the app's own origin (the public one, pepfund.test, is not served here).
 */
export async function contributeByAction(life: Life, backer: Keypair, c: CampaignFixture, amount: bigint): Promise<void> {
  const actionUrl = await resolveActionUrl(campaignShareLinks(life.app.webUrl, c.address.toBase58()).page, true);
  const metadata = await getAction(actionUrl);
  expect(metadata.disabled).not.toBe(true);
  const custom = metadata.links?.actions.find((a) => a.parameters?.some((p) => p.name === "amount"));
  if (custom === undefined) throw new Error(`no amount field in ${JSON.stringify(metadata)}`);
  const { transaction } = await postAction(linkedHref(actionUrl, custom, { amount: usdcText(amount) }), backer.publicKey);
  const tx = await checkedTransaction(life.chain.connection, transaction, backer.publicKey, [ComputeBudgetProgram.programId, PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID]);
  await signAndSend(life.chain.connection, tx, backer);
}
