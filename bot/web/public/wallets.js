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

// One "Sign with <wallet>" button per wallet offering `feature`, or `emptyText` when none does.
export function renderWalletButtons(wallets, feature, emptyText, onPick) {
  const box = document.getElementById("wallets");
  box.replaceChildren();
  const usable = wallets.filter((w) => {
    const f = w.features || {};
    return Boolean(f["standard:connect"] && f[feature]);
  });
  if (usable.length === 0) {
    const p = document.createElement("p");
    p.textContent = emptyText;
    box.append(p);
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
