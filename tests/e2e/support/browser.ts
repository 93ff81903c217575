/**
 * The signing page as a backer sees it: Debian's Chromium at a phone or desktop viewport, with
 * a Wallet Standard wallet in the page (tests/bot/web/test-wallet.ts) that signs in Node with
 * the backer's key. The e2e tests hand it the URL the chat reply carried.
 */
import { existsSync } from "node:fs";
import { type Keypair, Transaction } from "@solana/web3.js";
import { chromium, type Browser, type BrowserContextOptions } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS as ARGS, VIEWPORTS } from "../../bot/web/chromium.js";
import { injectWallet } from "../../bot/web/test-wallet.js";



export { VIEWPORTS };
export type Viewport = keyof typeof VIEWPORTS;

let browser: Promise<Browser> | null = null;

/** The one Chromium of this test file (closed by {@link closeBrowser}). */
function shared(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return (browser ??= chromium.launch({ executablePath: CHROMIUM, args: ARGS }));
}

export async function closeBrowser(): Promise<void> {
  const running = browser;
  browser = null;
  await (await running)?.close();
}

/**
 * Opens `pageUrl` (served at `origin`), taps or clicks "Sign with Test Wallet" for `wallet`,
 * and waits for the page to say the transaction confirmed. Returns the page's title and
 * status; throws with the page's words when it does not confirm.
 */
export async function signInBrowser(pageUrl: string, origin: string, wallet: Keypair, viewport: Viewport): Promise<{ title: string; status: string }> {
  const options: BrowserContextOptions = VIEWPORTS[viewport];
  const context = await (await shared()).newContext(options);
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.exposeFunction("__signTxInNode", (bytes: number[]) => {
      const tx = Transaction.from(Buffer.from(bytes));
      tx.partialSign(wallet);
      return [...tx.serialize({ requireAllSignatures: false })];
    });
    await page.addInitScript(injectWallet, { address: wallet.publicKey.toBase58(), publicKey: [...wallet.publicKey.toBytes()] });
    await page.goto(`${origin}${new URL(pageUrl).pathname}`);
    const sign = page.locator("text=Sign with Test Wallet");
    await sign.waitFor({ state: "visible", timeout: 20_000 });
    if (options.hasTouch === true) await sign.tap();
    else await sign.click();
    const deadline = Date.now() + 60_000;
    let status = "";
    while (Date.now() < deadline) {
      status = (await page.textContent("#status")) ?? "";
      if (status.includes("Confirmed on Solana")) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!status.includes("Confirmed on Solana")) throw new Error(`the signing page did not confirm: "${status}" ${errors.join("; ")}`);
    if (errors.length > 0) throw new Error(`the signing page threw: ${errors.join("; ")}`);
    return { title: (await page.textContent("#title")) ?? "", status };
  } finally {
    await context.close();
  }
}
