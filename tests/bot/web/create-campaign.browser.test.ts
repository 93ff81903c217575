/**
 * A researcher creates and edits a campaign through the product, end to end: the form in
 * Chromium, the texts on a real Arweave gateway (arlocal), the signing page with a Wallet
 * Standard wallet holding the researcher's key, and the real program on the localnet. What
 * must hold on-chain: the campaign exists in the state asked for, with the terms typed, and
 * its hashes bind exactly the texts Arweave serves.
 */
import { existsSync } from "node:fs";
import { type Keypair, Transaction } from "@solana/web3.js";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignAddress } from "../../../bot/chain/pdas.js";
import { decodeCampaignTexts, descriptionSha256, MAX_CAMPAIGN_TEXTS_BYTES } from "../../../bot/core/campaign-texts.js";
import type { CampaignView } from "../../../bot/core/ports.js";
import { type CreateWeb, startCreateWeb } from "./create-harness.js";
import { injectWallet } from "./test-wallet.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const DAY = 86_400_000;

let browser: Browser;
let web: CreateWeb;
let researcher: Keypair;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  web = await startCreateWeb({ localnet: true });
  // Pays the rent of the campaign's accounts; the relayer pays the fee.
  researcher = await web.localnet!.chain.fundedKeypair(5);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await web?.stop();
  // Nothing the researcher did made the server fail.
  expect(web?.failures ?? []).toEqual([]);
});

/** A day `days` from now, as the form writes it. */
function day(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

/** Opens `url` with the researcher's wallet injected. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.exposeFunction("__signTxInNode", (bytes: number[]) => {
    const tx = Transaction.from(Buffer.from(bytes));
    tx.partialSign(researcher);
    return [...tx.serialize({ requireAllSignatures: false })];
  });
  await page.addInitScript(injectWallet, { address: researcher.publicKey.toBase58(), publicKey: [...researcher.publicKey.toBytes()] });
  await page.goto(url);
  return { page, errors };
}

/** From the form, through the signing page, to a confirmed transaction. */
async function sendAndSign(page: Page, button: string, title: string): Promise<void> {
  await page.click(button);
  await page.waitForURL(/\/sign\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect.poll(() => page.textContent("#title")).toBe(title);
  await page.click("text=Sign with Test Wallet");
  await expect.poll(() => page.textContent("#status"), { timeout: 30_000 }).toContain("Confirmed on Solana");
}

async function onChain(): Promise<CampaignView> {
  const view = await web.chain.getCampaign(campaignAddress(researcher.publicKey.toBase58(), 0n));
  if (view === null) throw new Error("no campaign on-chain");
  return view;
}

/** The texts Arweave serves for the campaign, checked against what it binds on-chain. */
async function servedTexts(view: CampaignView) {
  await web.arlocal.mine();
  const served = await web.evidence.store.read(view.metadataId ?? "", MAX_CAMPAIGN_TEXTS_BYTES);
  expect(served.sha256).toBe(view.metadataSha256);
  const texts = decodeCampaignTexts(served.bytes);
  if (!texts.ok) throw new Error(texts.code);
  expect(view.milestones.map((m) => m.descriptionSha256)).toEqual(texts.value.milestones.map((m) => descriptionSha256(m.description)));
  return texts.value;
}

describe("a researcher's campaign from the form to the chain", () => {
  it("GIVEN a /create link WHEN the researcher fills the form, submits for review and signs THEN the campaign is PendingReview with the typed terms and texts bound by their hashes", async () => {
    const { url } = await web.issue(researcher.publicKey.toBase58());
    const { page, errors } = await open(url);
    await page.waitForSelector("#form:not([hidden])");
    expect(await page.textContent("#researcher")).toBe(researcher.publicKey.toBase58());
    await page.fill("#title", "Sleep & memory in <zebrafish>");
    await page.fill("#summary", "Does sleep consolidate memory in larval zebrafish? «Ünïcode» too.");
    await page.fill("#goal", "25,000.5");
    await page.fill("#deadline", day(30));
    const rows = [
      { title: "Pilot", description: "Raw recordings of 20 fish, as CSV.", type: "dataset", share: "40%", date: day(60) },
      { title: "Main study", description: "200 fish, with the protocol log.", type: "protocol-log", share: "35%", date: day(120) },
      { title: "Preprint", description: "A preprint on bioRxiv.", type: "paper", share: "25%", date: day(180) },
    ];
    await page.click("#add-milestone");
    for (const [i, m] of rows.entries()) {
      const row = `#milestones > li:nth-child(${i + 1})`;
      await page.fill(`${row} [data-field="title"]`, m.title);
      await page.fill(`${row} [data-field="description"]`, m.description);
      await page.selectOption(`${row} [data-field="evidenceType"]`, m.type);
      await page.fill(`${row} [data-field="share"]`, m.share);
      await page.fill(`${row} [data-field="estimatedCompletion"]`, m.date);
    }
    await expect.poll(() => page.textContent("#status")).toBe("Everything is in order.");
    await sendAndSign(page, "#save-submit", "Create your campaign and submit it for review");

    const view = await onChain();
    expect(view).toMatchObject({ status: "PendingReview", researcher: researcher.publicKey.toBase58(), id: 0n, goal: 25_000_500_000n, deadline: Date.parse(`${day(30)}T00:00:00Z`) / 1000 });
    expect(view.milestones.map((m) => [m.title, m.shareBps, m.evidenceType])).toEqual([["Pilot", 4_000, "Dataset"], ["Main study", 3_500, "ProtocolLog"], ["Preprint", 2_500, "Paper"]]);
    const texts = await servedTexts(view);
    expect(texts).toEqual({
      title: "Sleep & memory in <zebrafish>",
      summary: "Does sleep consolidate memory in larval zebrafish? «Ünïcode» too.",
      milestones: rows.map(({ title, description }) => ({ title, description })),
    });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("GIVEN an edit link THEN the form is prefilled from the chain and the verified texts; a signed edit makes it a Draft with the new terms; submitting it unchanged makes it PendingReview", async () => {
    const address = campaignAddress(researcher.publicKey.toBase58(), 0n);
    const { url } = await web.issue(researcher.publicKey.toBase58(), address);
    const { page, errors } = await open(url);
    await page.waitForSelector("#form:not([hidden])");
    expect(await page.textContent("#heading")).toBe("Edit your campaign");
    expect(await page.textContent("#texts-note")).toContain("checked against their SHA-256");
    expect(await page.inputValue("#title")).toBe("Sleep & memory in <zebrafish>");
    expect(await page.inputValue("#goal")).toBe("25000.5");
    expect(await page.inputValue('#milestones > li:nth-child(2) [data-field="description"]')).toBe("200 fish, with the protocol log.");
    expect(await page.inputValue('#milestones > li:nth-child(2) [data-field="share"]')).toBe("35%");
    expect(await page.inputValue('#milestones > li:nth-child(3) [data-field="evidenceType"]')).toBe("paper");
    // Only a Draft may be submitted as it stands; this one is pending review.
    expect(await page.isHidden("#review")).toBe(true);

    await page.fill("#goal", "30000");
    await page.fill('#milestones > li:nth-child(2) [data-field="description"]', "300 fish, with the protocol log.");
    await expect.poll(() => page.textContent("#status")).toBe("Everything is in order.");
    await sendAndSign(page, "#save", "Replace your draft's roadmap");
    const edited = await onChain();
    expect(edited).toMatchObject({ status: "Draft", goal: 30_000_000_000n });
    expect((await servedTexts(edited)).milestones[1]?.description).toBe("300 fish, with the protocol log.");
    await page.close();

    const again = await open((await web.issue(researcher.publicKey.toBase58(), address)).url);
    await again.page.waitForSelector("#review:not([hidden])");
    await sendAndSign(again.page, "#review", "Submit your campaign for review");
    expect(await onChain()).toMatchObject({ status: "PendingReview", goal: 30_000_000_000n, metadataSha256: edited.metadataSha256 });
    expect([...errors, ...again.errors]).toEqual([]);
    await again.page.close();
  }, 150_000);
});
