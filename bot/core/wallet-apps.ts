/**
 * "Open in <wallet>" links: the mobile wallets' documented "browse" universal links, which open
 * a web page inside the wallet's in-app browser, where the wallet registers itself through the
 * Wallet Standard and the page can ask it to sign. A phone's own browser has no wallet; these
 * links are how a phone user reaches one. Pure string code (no SDK), shared by the chat replies
 * and the web pages (docs/LINKING.md lists the sources).
 *
 * Each is `<base>/<url>?ref=<ref>`, both parameters URL-encoded (`encodeURIComponent`), `url` the
 * page to open and `ref` the requesting app's origin:
 * - Phantom: https://phantom.app/ul/browse/<url>?ref=<ref> (docs.phantom.com, deeplinks, Browse)
 * - Solflare: https://solflare.com/ul/v1/browse/<url>?ref=<ref> (docs.solflare.com, deeplinks, Browse)
 * - Backpack: https://backpack.app/ul/v1/browse/<url>?ref=<ref> (docs.backpack.app, deeplinks, Browse)
 */

/** The wallets offered, in the order they are shown. */
export const WALLET_APPS = [
  { id: "phantom", name: "Phantom", base: "https://phantom.app/ul/browse/" },
  { id: "solflare", name: "Solflare", base: "https://solflare.com/ul/v1/browse/" },
  { id: "backpack", name: "Backpack", base: "https://backpack.app/ul/v1/browse/" },
] as const;

/** A wallet app's id. */
export type WalletAppId = (typeof WALLET_APPS)[number]["id"];

/** One "Open in" link. */
export interface OpenInLink {
  readonly wallet: WalletAppId;
  readonly label: string;
  readonly url: string;
}

/**
 * The "Open in" links for `pageUrl`, one per wallet app; empty when `pageUrl` is not an
 * absolute http(s) URL (a wallet's browser could not open anything else).
 */
export function openInWalletLinks(pageUrl: string): OpenInLink[] {
  let page: URL;
  try {
    page = new URL(pageUrl);
  } catch {
    return [];
  }
  if (page.protocol !== "https:" && page.protocol !== "http:") return [];
  const url = encodeURIComponent(pageUrl);
  const ref = encodeURIComponent(page.origin);
  return WALLET_APPS.map((app) => ({ wallet: app.id, label: `Open in ${app.name}`, url: `${app.base}${url}?ref=${ref}` }));
}
