/**
 * A phone in Chromium (viewport, touch, mobile user agent) and a Wallet Standard wallet that
 * offers `solana:signIn`: it writes the Sign In With Solana message from the page's input the
 * way wallets do (the SIWS text format), has Node sign it (`__signInNode`), and returns the
 * bytes it signed. The inputs it got are kept in `window.__signInInputs`.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";

/** An iPhone-sized phone. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  });
}

/**
 * Runs in the page before its scripts. With `signIn: false` the wallet offers only
 * `solana:signMessage` (most wallets before SIWS), signing the page's bytes as given.
 */
export function injectSignInWallet({ address, publicKey, signIn }: { address: string; publicKey: number[]; signIn: boolean }): void {
  const account = { address, publicKey: new Uint8Array(publicKey), chains: ["solana:devnet"], features: ["solana:signIn"] };
  const w = window as unknown as { __signInNode: (m: number[]) => Promise<number[]>; __signInInputs: unknown[] };
  w.__signInInputs = [];
  type Input = Record<string, string | string[] | undefined>;
  const text = (input: Input): string => {
    let message = `${String(input.domain)} wants you to sign in with your Solana account:\n${address}`;
    if (input.statement !== undefined) message += `\n\n${String(input.statement)}`;
    const tags: [string, string][] = [["uri", "URI"], ["version", "Version"], ["chainId", "Chain ID"], ["nonce", "Nonce"], ["issuedAt", "Issued At"], ["expirationTime", "Expiration Time"], ["notBefore", "Not Before"], ["requestId", "Request ID"]];
    const fields = tags.filter(([k]) => input[k] !== undefined).map(([k, tag]) => `${tag}: ${String(input[k])}`);
    const resources = (input.resources as string[] | undefined) ?? [];
    if (resources.length > 0) fields.push("Resources:", ...resources.map((r) => `- ${r}`));
    if (fields.length > 0) message += `\n\n${fields.join("\n")}`;
    return message;
  };
  const wallet = {
    version: "1.0.0",
    name: "SignIn Wallet",
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
        signMessage: async (...inputs: { message: Uint8Array }[]) =>
          Promise.all(inputs.map(async ({ message }) => ({ signedMessage: message, signature: new Uint8Array(await w.__signInNode([...message])) }))),
      },
      "solana:signIn": {
        version: "1.0.0",
        signIn: async (...inputs: Input[]) =>
          Promise.all(
            inputs.map(async (input) => {
              w.__signInInputs.push(JSON.parse(JSON.stringify(input)));
              wallet.accounts = [account];
              const signedMessage = new TextEncoder().encode(text(input));
              return { account, signedMessage, signature: new Uint8Array(await w.__signInNode([...signedMessage])), signatureType: "ed25519" };
            }),
          ),
      },
    },
  };
  if (signIn) delete (wallet.features as Record<string, unknown>)["solana:signMessage"];
  else delete (wallet.features as Record<string, unknown>)["solana:signIn"];
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
  window.addEventListener("wallet-standard:app-ready", (event) => callback((event as CustomEvent<{ register: (w: unknown) => void }>).detail));
}

/** The "Open in" links the page shows: label, href and whether it is on screen. */
export async function openInLinks(page: Page) {
  return page.$$eval(".open-in a", (links) =>
    links.map((a) => {
      const box = a.getBoundingClientRect();
      return { label: a.textContent, href: a.getAttribute("href"), visible: box.width > 0 && box.height > 0 && box.right <= window.innerWidth };
    }),
  );
}

/** The three links for `pageUrl`, as the server builds them (bot/core/wallet-apps.ts). */
export function expectedOpenIn(pageUrl: string) {
  const tail = `${encodeURIComponent(pageUrl)}?ref=${encodeURIComponent(new URL(pageUrl).origin)}`;
  return [
    { label: "Open in Phantom", href: `https://phantom.app/ul/browse/${tail}`, visible: true },
    { label: "Open in Solflare", href: `https://solflare.com/ul/v1/browse/${tail}`, visible: true },
    { label: "Open in Backpack", href: `https://backpack.app/ul/v1/browse/${tail}`, visible: true },
  ];
}
