/**
 * Contributing through the /sign/<id> page in a real headless Chromium over the localnet, at a
 * desktop and at a phone viewport (touch, 390 px wide): the Wallet Standard test wallet signs in
 * Node with the backer's key, the page says what is signed in words (USDC, backer tokens, who
 * pays the account's rent), and the USDC and backer tokens are read back from the chain.
 */
import { existsSync } from "node:fs";
import { type Keypair, Transaction } from "@solana/web3.js";
import { chromium, type Browser, type BrowserContextOptions } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignFixture } from "../chain/support/campaign.js";
import { type SigningWeb, USDC, startSigningWeb } from "./signing-harness.js";
import { CHROMIUM, CHROMIUM_ARGS as ARGS, VIEWPORTS } from "./chromium.js";
import { injectWallet } from "./test-wallet.js";



describe("contributing on the /sign page in Chromium", () => {
  let browser: Browser;
  let web: SigningWeb;
  let campaign: CampaignFixture;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    web = await startSigningWeb();
    campaign = await CampaignFixture.fundraising(web.protocol, [3_000, 3_500, 3_500], 1_000n * USDC);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  async function backer(usdc: bigint): Promise<Keypair> {
    const k = await web.chain.fundedKeypair(1);
    await web.chain.mintTo(web.protocol.usdcMint, k.publicKey, usdc);
    return k;
  }

  for (const [name, options] of Object.entries(VIEWPORTS) as [string, BrowserContextOptions][]) {
    it(`GIVEN a contribution request at a ${name} viewport WHEN the backer signs in the wallet THEN the USDC lands in escrow`, async () => {
      const who = await backer(80n * USDC);
      const raisedBefore = BigInt((await campaign.fetch()).raised.toString());
      const id = await web.request({ kind: "contribute", campaign: campaign.address.toBase58(), backer: who.publicKey.toBase58(), amount: 42_500_000n });
      const context = await browser.newContext(options);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.exposeFunction("__signTxInNode", (bytes: number[]) => {
        const tx = Transaction.from(Buffer.from(bytes));
        tx.partialSign(who);
        return [...tx.serialize({ requireAllSignatures: false })];
      });
      await page.addInitScript(injectWallet, { address: who.publicKey.toBase58(), publicKey: [...who.publicKey.toBytes()] });
      await page.goto(`${web.base}/sign/${id}`);

      await expect.poll(() => page.textContent("#title")).toBe("Contribute USDC to the campaign");
      const facts = (await page.textContent("#facts")) ?? "";
      expect(facts).toContain("Amount: 42.5 USDC, moved from your wallet's USDC account into the campaign's escrow");
      expect(facts).toContain("You receive 42.5 backer tokens (1:1)");
      expect(facts).toContain("your wallet pays its rent");
      expect(await page.textContent("#signer")).toBe(who.publicKey.toBase58());
      // Nothing wider than the screen: the page reads without sideways scrolling.
      const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
      expect(widths.content).toBeLessThanOrEqual(widths.screen);
      const sign = page.locator("text=Sign with Test Wallet");
      await expect.poll(() => sign.isVisible()).toBe(true);
      if (options.hasTouch === true) await sign.tap();
      else await sign.click();
      await expect.poll(() => page.textContent("#status"), { timeout: 30_000 }).toContain("Confirmed on Solana");

      expect(await web.chain.tokenBalance(campaign.backerUsdc(who))).toBe(80n * USDC - 42_500_000n);
      expect(await web.chain.tokenBalance(campaign.backerTokens(who))).toBe(42_500_000n);
      expect(BigInt((await campaign.fetch()).raised.toString())).toBe(raisedBefore + 42_500_000n);
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
