// Wallet Standard, the app side of the registration handshake: collects the browser wallets
// that register themselves and calls `onChange` with the current set whenever it changes.
class AppReadyEvent extends Event {
  #detail;
  constructor(api) {
    super("wallet-standard:app-ready", { bubbles: false, cancelable: false, composed: false });
    this.#detail = api;
  }
  get detail() {
    return this.#detail;
  }
}

export function watchWallets(onChange) {
  const wallets = new Set();
  const registry = Object.freeze({
    register(...added) {
      for (const wallet of added) wallets.add(wallet);
      onChange([...wallets]);
      return () => {
        for (const wallet of added) wallets.delete(wallet);
        onChange([...wallets]);
      };
    },
  });
  window.addEventListener("wallet-standard:register-wallet", (event) => event.detail(registry));
  window.dispatchEvent(new AppReadyEvent(registry));
  return () => [...wallets];
}

// Writes the page's one status line (server text only ever as textContent).
export function say(text, kind) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = kind || "";
}

// One "Sign with <wallet>" button per wallet offering one of `features` (a name or a list),
// or `emptyText` when none does, followed by the server's "Open in <wallet>" links: a phone's
// own browser has no wallet, the wallet apps' in-app browsers do.
export function renderWalletButtons(wallets, features, emptyText, onPick, openIn) {
  const box = document.getElementById("wallets");
  box.replaceChildren();
  const wanted = [].concat(features);
  const usable = wallets.filter((w) => {
    const f = w.features || {};
    return Boolean(f["standard:connect"] && wanted.some((name) => f[name]));
  });
  if (usable.length === 0) {
    const p = document.createElement("p");
    p.textContent = emptyText;
    box.append(p);
    renderOpenIn(box, openIn || []);
    return;
  }
  for (const wallet of usable) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `Sign with ${wallet.name}`;
    button.addEventListener("click", () => onPick(wallet));
    box.append(button);
  }
}

// "On a phone?" and one link per wallet app (URLs from the server, https only).
function renderOpenIn(box, links) {
  const safe = links.filter((l) => typeof l.url === "string" && l.url.startsWith("https://"));
  if (safe.length === 0) return;
  const intro = document.createElement("p");
  intro.textContent = "On a phone? Open this page in your wallet app, then sign there:";
  const list = document.createElement("p");
  list.className = "open-in";
  for (const l of safe) {
    const a = document.createElement("a");
    a.href = l.url;
    a.rel = "noopener noreferrer";
    a.dataset.wallet = l.wallet;
    a.textContent = l.label;
    list.append(a);
  }
  box.append(intro, list);
}

// Connects `wallet` and returns its account for `address`, or null when it offers none.
export async function accountFor(wallet, address) {
  const { accounts } = await wallet.features["standard:connect"].connect();
  return (accounts.length ? accounts : wallet.accounts).find((a) => a.address === address) || null;
}

export function toBase64(bytes) {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
