/**
 * A Wallet Standard wallet for the signing page in Chromium: registered by the page's own
 * handshake, connecting one account on the localnet, and signing transactions in Node (the
 * test exposes `__signTxInNode` with the key). The chains the page asked for are kept in
 * `window.__chains`.
 */

/** Runs in the page before its scripts: a Wallet Standard wallet that signs transactions in Node. */
export function injectWallet({ address, publicKey }: { address: string; publicKey: number[] }): void {
  const account = { address, publicKey: new Uint8Array(publicKey), chains: ["solana:localnet"], features: ["solana:signTransaction"] };
  const w = window as unknown as { __signTxInNode: (tx: number[]) => Promise<number[]>; __chains: string[] };
  w.__chains = [];
  const wallet = {
    version: "1.0.0",
    name: "Test Wallet",
    icon: "data:image/svg+xml;base64,PHN2Zy8+",
    chains: ["solana:localnet"],
    accounts: [] as (typeof account)[],
    features: {
      "standard:connect": {
        version: "1.0.0",
        connect: () => {
          wallet.accounts = [account];
          return Promise.resolve({ accounts: wallet.accounts });
        },
      },
      "solana:signTransaction": {
        version: "1.0.0",
        supportedTransactionVersions: ["legacy", 0],
        signTransaction: async (...inputs: { account: { address: string }; transaction: Uint8Array; chain?: string }[]) =>
          Promise.all(
            inputs.map(async ({ transaction, chain }) => {
              w.__chains.push(chain ?? "");
              return { signedTransaction: new Uint8Array(await w.__signTxInNode([...transaction])) };
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
  window.addEventListener("wallet-standard:app-ready", (event) => callback((event as CustomEvent<{ register: (w: unknown) => void }>).detail));
}

