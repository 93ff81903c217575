/**
 * The /sign/<id> page in a real headless Chromium over the localnet: a test wallet
 * implementing the Wallet Standard (standard:connect, solana:signTransaction, signing done in
 * Node with the holder's key) is injected; the page shows the request in words, the user
 * clicks the wallet, and the deposit lands on-chain with an explorer link on the page.
 */
import { existsSync } from "node:fs";
import { Keypair, Transaction } from "@solana/web3.js";
import bs58 from "bs58";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SigningWeb, USDC, startSigningWeb } from "./signing-harness.js";
import { expectedOpenIn, openInLinks, phoneContext } from "./phone-wallet.js";
import { injectWallet } from "./test-wallet.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe("the /sign page in Chromium", () => {
  let browser: Browser;
  let web: SigningWeb;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    web = await startSigningWeb();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  async function open(signer: Keypair, id: string) {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.exposeFunction("__signTxInNode", (bytes: number[]) => {
      const tx = Transaction.from(Buffer.from(bytes));
      tx.partialSign(signer);
      return [...tx.serialize({ requireAllSignatures: false })];
    });
    await page.addInitScript(injectWallet, { address: signer.publicKey.toBase58(), publicKey: [...signer.publicKey.toBytes()] });
    await page.goto(`${web.base}/sign/${id}`);
    return { page, errors };
  }

  it("GIVEN a deposit request WHEN the holder signs in the wallet THEN it lands and the page links the explorer", async () => {
    const [alice] = web.campaign.backers;
    const before = await web.deposited(alice!);
    const amount = 4n * USDC + 250_000n;
    const id = await web.request(web.deposit(alice!, amount));
    const { page, errors } = await open(alice!, id);
    await expect.poll(() => page.textContent("#title")).toBe("Deposit backer tokens");
    // Tokens as decimals (6 decimals), and the campaign by its label beside its address.
    expect(await page.textContent("#facts")).toContain("Amount: 4.25 backer tokens");
    expect(await page.textContent("#facts")).toContain(`Campaign: ${web.label} (${web.campaign.address.toBase58()})`);
    expect(await page.textContent("#signer")).toBe(alice!.publicKey.toBase58());
    await page.click("text=Sign with Test Wallet");
    await expect.poll(() => page.textContent("#status"), { timeout: 30_000 }).toContain("Confirmed on Solana");
    const href = await page.getAttribute("#explorer", "href");
    expect(href).toMatch(/^https:\/\/explorer\.solana\.com\/tx\/[1-9A-HJ-NP-Za-km-z]{64,88}\?cluster=custom&customUrl=/);
    expect(new URL(href ?? "").searchParams.get("customUrl")).toBe(web.chain.rpcUrl);
    expect(await page.evaluate(() => (window as unknown as { __chains: string[] }).__chains)).toEqual(["solana:localnet"]);
    expect(await web.deposited(alice!)).toBe(before + amount);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("GIVEN the wallet offers another account THEN the page says so and nothing is sent", async () => {
    const [, bob] = web.campaign.backers;
    const before = await web.deposited(bob!);
    const id = await web.request(web.deposit(bob!, 1n * USDC));
    const { page } = await open(Keypair.generate(), id);
    await page.click("text=Sign with Test Wallet");
    await expect.poll(() => page.textContent("#status")).toContain("did not offer");
    expect(await web.deposited(bob!)).toBe(before);
    await page.close();
  }, 60_000);

  it("GIVEN an admin's approval request THEN 'Signing with a multisig?' shows the unsigned transaction, the same bytes in base58 and base64", async () => {
    const admin = web.protocol.admin;
    const id = await web.request({ kind: "campaignApprove", campaign: web.campaign.address.toBase58(), admin: admin.publicKey.toBase58() });
    const { page, errors } = await open(admin, id);
    await expect.poll(() => page.isVisible("#multisig")).toBe(true);
    await page.click("#multisig summary");
    await expect.poll(() => page.textContent("#multisig-status")).toBe("Ready to copy.");
    const base58 = await page.inputValue("#multisig-base58");
    const base64 = await page.inputValue("#multisig-base64");
    expect(Buffer.from(bs58.decode(base58)).equals(Buffer.from(base64, "base64"))).toBe(true);
    expect(Transaction.from(Buffer.from(base64, "base64")).feePayer?.equals(admin.publicKey)).toBe(true);
    expect(await page.textContent("#multisig-signer")).toBe(admin.publicKey.toBase58());
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("GIVEN a phone with no wallet THEN the page offers Open in Phantom, Solflare and Backpack, each carrying this page; with a wallet, none", async () => {
    const [alice] = web.campaign.backers;
    const id = await web.request(web.deposit(alice!, USDC));
    const phone = await phoneContext(browser);
    const page = await phone.newPage();
    await page.goto(`${web.base}/sign/${id}`);
    await expect.poll(() => page.textContent("#wallets")).toContain("No browser wallet that signs transactions was found");
    expect(await openInLinks(page)).toEqual(expectedOpenIn(`${web.base}/sign/${id}`));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.close();
    const { page: withWallet } = await open(alice!, id);
    await expect.poll(() => withWallet.textContent("#wallets")).toContain("Sign with Test Wallet");
    expect(await openInLinks(withWallet)).toEqual([]);
    await withWallet.close();
  }, 60_000);

  it("GIVEN a holder's deposit request THEN the page offers no multisig section", async () => {
    const [alice] = web.campaign.backers;
    const { page } = await open(alice!, await web.request(web.deposit(alice!, USDC)));
    await expect.poll(() => page.textContent("#title")).toBe("Deposit backer tokens");
    expect(await page.isVisible("#multisig")).toBe(false);
    await page.close();
  }, 60_000);
});
