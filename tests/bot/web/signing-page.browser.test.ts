/**
 * The signing page in a real headless Chromium: a test wallet implementing the Wallet
 * Standard (registration handshake, standard:connect, solana:signMessage) is injected into
 * the page; the user clicks it, the wallet signs, and the link ends up stored.
 */
import { existsSync } from "node:fs";
import nacl from "tweetnacl";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkedWallet, requestLink } from "../../../bot/core/usecases/link-wallet.js";
import { TestWallet } from "../support/fakes.js";
import { startTestWeb } from "../support/web.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Runs in the page before its scripts: a Wallet Standard wallet whose signing is done in Node. */
function injectWallet({ address, publicKey }: { address: string; publicKey: number[] }): void {
  const account = {
    address,
    publicKey: new Uint8Array(publicKey),
    chains: ["solana:devnet"],
    features: ["solana:signMessage"],
  };
  const w = window as unknown as { __signInNode: (m: number[]) => Promise<number[]>; __signedMessages: number[][] };
  w.__signedMessages = [];
  const wallet = {
    version: "1.0.0",
    name: "Test Wallet",
    icon: "data:image/svg+xml;base64,PHN2Zy8+",
    chains: ["solana:devnet"],
    accounts: [] as (typeof account)[],
    features: {
      "standard:connect": {
        version: "1.0.0",
        connect: () => {
          wallet.accounts = [account];
          return Promise.resolve({ accounts: wallet.accounts });
        },
      },
      "solana:signMessage": {
        version: "1.0.0",
        signMessage: async (...inputs: { account: { address: string }; message: Uint8Array }[]) =>
          Promise.all(
            inputs.map(async ({ message }) => {
              w.__signedMessages.push([...message]);
              return { signedMessage: message, signature: new Uint8Array(await w.__signInNode([...message])) };
            }),
          ),
      },
    },
  };
  const callback = ({ register }: { register: (w: unknown) => void }) => register(wallet);
  class RegisterWalletEvent extends Event {
    constructor() {
      super("wallet-standard:register-wallet");
    }
    get detail() {
      return callback;
    }
  }
  window.dispatchEvent(new RegisterWalletEvent());
  window.addEventListener("wallet-standard:app-ready", (event) =>
    callback((event as CustomEvent<{ register: (w: unknown) => void }>).detail),
  );
}

describe("signing page in Chromium", () => {
  let browser: Browser;
  let web: Awaited<ReturnType<typeof startTestWeb>>;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    web = await startTestWeb();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
  });

  it("GIVEN a /link page and a Wallet Standard wallet WHEN the user signs THEN the wallet is linked and stored", async () => {
    const wallet = new TestWallet();
    const issued = await requestLink(web.deps, { platform: "DISCORD", userId: "4242", chatId: "777", address: wallet.address });
    if (!issued.ok) throw new Error(issued.code);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.exposeFunction("__signInNode", (message: number[]) => [
      ...nacl.sign.detached(Uint8Array.from(message), wallet.keys.secretKey),
    ]);
    await page.addInitScript(injectWallet, { address: wallet.address, publicKey: [...wallet.keys.publicKey] });
    await page.goto(issued.value.pageUrl);
    await expect.poll(() => page.textContent("#message")).toBe(issued.value.message);
    expect(await page.textContent("#cli")).toBe(
      `solana sign-offchain-message -k <KEYPAIR or usb://ledger> '${issued.value.oneLine}'`,
    );
    await page.click("text=Sign with Test Wallet");
    await expect.poll(() => page.textContent("#status"), { timeout: 10_000 }).toContain(`Linked: ${wallet.address}`);
    const signed = await page.evaluate(() => (window as unknown as { __signedMessages: number[][] }).__signedMessages);
    expect(new TextDecoder().decode(Uint8Array.from(signed[0] ?? []))).toBe(issued.value.message);
    expect(await linkedWallet(web.deps, { platform: "DISCORD", userId: "4242" })).toMatchObject({
      ok: true,
      value: { address: wallet.address, chatId: "777" },
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("GIVEN the wallet offers another account THEN the page says so and nothing is linked", async () => {
    const named = new TestWallet();
    const other = new TestWallet();
    const issued = await requestLink(web.deps, { platform: "DISCORD", userId: "4343", chatId: "777", address: named.address });
    if (!issued.ok) throw new Error(issued.code);
    const page = await browser.newPage();
    await page.exposeFunction("__signInNode", (message: number[]) => [
      ...nacl.sign.detached(Uint8Array.from(message), other.keys.secretKey),
    ]);
    await page.addInitScript(injectWallet, { address: other.address, publicKey: [...other.keys.publicKey] });
    await page.goto(issued.value.pageUrl);
    await page.click("text=Sign with Test Wallet");
    await expect.poll(() => page.textContent("#status")).toContain("did not offer");
    expect(await linkedWallet(web.deps, { platform: "DISCORD", userId: "4343" })).toMatchObject({ ok: false, code: "NotLinked" });
    await page.close();
  });
});
