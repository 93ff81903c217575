/**
 * The /link page on a phone in Chromium (390x844, touch, mobile user agent): with no wallet,
 * the three "Open in" links into the wallets' in-app browsers; with a wallet offering
 * `solana:signIn`, the link completes through it (the server checks the bytes the wallet
 * signed); with a wallet offering only `solana:signMessage`, the old path still links.
 */
import { existsSync } from "node:fs";
import nacl from "tweetnacl";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS as ARGS } from "./chromium.js";
import { linkedWallet, requestLink } from "../../../bot/core/usecases/link-wallet.js";
import { TestWallet } from "../support/fakes.js";
import { startTestWeb } from "../support/web.js";
import { expectedOpenIn, injectSignInWallet, openInLinks, phoneContext } from "./phone-wallet.js";


describe("the /link page on a phone in Chromium", () => {
  let browser: Browser;
  let phone: BrowserContext;
  let web: Awaited<ReturnType<typeof startTestWeb>>;
  let nextUser = 9100;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    phone = await phoneContext(browser);
    web = await startTestWeb();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  async function issue(wallet: TestWallet) {
    nextUser += 1;
    const userId = String(nextUser);
    const issued = await requestLink(web.deps, { platform: "TELEGRAM", userId, chatId: "-100777", address: wallet.address });
    if (!issued.ok) throw new Error(issued.code);
    return { userId, ...issued.value };
  }

  async function open(url: string, wallet?: { wallet: TestWallet; signIn: boolean }) {
    const page = await phone.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    if (wallet !== undefined) {
      await page.exposeFunction("__signInNode", (m: number[]) => [...nacl.sign.detached(Uint8Array.from(m), wallet.wallet.keys.secretKey)]);
      await page.addInitScript(injectSignInWallet, { address: wallet.wallet.address, publicKey: [...wallet.wallet.keys.publicKey], signIn: wallet.signIn });
    }
    await page.goto(url);
    return { page, errors };
  }

  it("GIVEN no wallet in the phone's browser THEN the page offers Open in Phantom, Solflare and Backpack, each carrying this page", async () => {
    const issued = await issue(new TestWallet());
    const { page, errors } = await open(issued.pageUrl);
    await expect.poll(() => page.textContent("#wallets")).toContain("No browser wallet found");
    expect(await openInLinks(page)).toEqual(expectedOpenIn(issued.pageUrl));
    // Nothing runs sideways on the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("GIVEN a wallet offering solana:signIn WHEN the user taps it THEN it signs in with the challenge's fields and the link is stored", async () => {
    const wallet = new TestWallet();
    const issued = await issue(wallet);
    const { page, errors } = await open(issued.pageUrl, { wallet, signIn: true });
    await page.tap("text=Sign with SignIn Wallet");
    await expect.poll(() => page.textContent("#status"), { timeout: 10_000 }).toContain(`Linked: ${wallet.address}`);
    const [input] = await page.evaluate(() => (window as unknown as { __signInInputs: Record<string, unknown>[] }).__signInInputs);
    expect(input).toMatchObject({
      domain: new URL(issued.pageUrl).host,
      address: wallet.address,
      uri: new URL(issued.pageUrl).origin,
      version: "1",
      chainId: "devnet",
      nonce: issued.nonce,
      expirationTime: issued.expiresAt.toISOString(),
      resources: [`pepfund:telegram:user:${issued.userId}`, "pepfund:telegram:chat:-100777"],
    });
    expect(String(input?.statement)).toContain(`Telegram user ${issued.userId}`);
    expect(await linkedWallet(web.deps, { platform: "TELEGRAM", userId: issued.userId })).toMatchObject({ ok: true, value: { address: wallet.address } });
    expect(await openInLinks(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("GIVEN a wallet offering only solana:signMessage THEN the exact issued text is signed and the link is stored, as before", async () => {
    const wallet = new TestWallet();
    const issued = await issue(wallet);
    const { page, errors } = await open(issued.pageUrl, { wallet, signIn: false });
    await page.tap("text=Sign with SignIn Wallet");
    await expect.poll(() => page.textContent("#status"), { timeout: 10_000 }).toContain(`Linked: ${wallet.address}`);
    expect(await linkedWallet(web.deps, { platform: "TELEGRAM", userId: issued.userId })).toMatchObject({ ok: true, value: { address: wallet.address } });
    expect(errors).toEqual([]);
    await page.close();
  });
});
