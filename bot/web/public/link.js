// Signing page: finds browser wallets through the Wallet Standard, asks the chosen one to
// sign the exact message the server issued, and posts the signature back. It also accepts a
// signature pasted from `solana sign-offchain-message`. Text from the server is only ever
// set as textContent, never as HTML.
import { accountFor, renderWalletButtons, say, toBase64, watchWallets } from "./wallets.js";

const WORDS = {
  ChallengeNotFound: "This link is unknown. Ask the bot for a new one with /link.",
  ChallengeConsumed: "This link was already used. Ask the bot for a new one with /link.",
  ChallengeCancelled: "A newer link replaced this one. Use the latest link the bot sent you.",
  ChallengeExpired: "This link has expired. Ask the bot for a new one with /link.",
  ChallengeNotYetValid: "This link is not valid yet. Check your computer's clock and try again.",
  WrongDomain: "This link was issued for another PepFund site.",
  AddressMismatch: "The wallet signed with another account than the one you asked to link. Switch accounts and try again.",
  SignatureInvalid: "The signature does not match the message and wallet. Sign the exact text shown above.",
  SignedMessageMalformed: "The wallet signed something other than the sign-in message. Try another wallet, or the CLI below.",
  SignedMessageMismatch: "The wallet changed the sign-in message before signing it. Try another wallet, or the CLI below.",
  MalformedInput: "That signature is not valid base58 or base64 of 64 bytes.",
  LinkConflict: "Another request changed this link at the same moment. Try again.",
};

const nonce = location.pathname.split("/").pop();
let challenge = null;
let listWallets = () => [];

function renderWallets() {
  if (!challenge) return;
  renderWalletButtons(
    listWallets(),
    ["solana:signIn", "solana:signMessage"],
    "No browser wallet found. Install one (Phantom, Solflare, Backpack…) or use the CLI below.",
    signWith,
    challenge.openIn,
  );
}

async function submit(signature, publicKey, signedMessage) {
  say("Checking the signature…");
  const body = publicKey ? { signature, publicKey } : { signature };
  if (signedMessage) body.signedMessage = signedMessage;
  const response = await fetch(`/api/link/${nonce}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const result = await response.json();
  if (result.ok) {
    say(`Linked: ${result.address}. You can close this page and go back to the chat.`, "done");
    document.getElementById("challenge").hidden = true;
  } else {
    say(WORDS[result.error] || `Linking failed (${result.error}).`, "error");
  }
}

// Sign In With Solana: the wallet writes the message from the issued fields and says which
// bytes it signed; the server checks the signature over those bytes and every field in them.
async function signInWith(wallet) {
  const [output] = await wallet.features["solana:signIn"].signIn({ ...challenge.signIn });
  if (!output || output.account.address !== challenge.address) {
    say(`${wallet.name} signed in with another account than ${challenge.address}. Switch to that account in the wallet and try again.`, "error");
    return;
  }
  await submit(toBase64(output.signature), output.account.address, toBase64(output.signedMessage));
}

async function signWith(wallet) {
  try {
    say(`Waiting for ${wallet.name}…`);
    if (wallet.features["solana:signIn"]) {
      await signInWith(wallet);
      return;
    }
    const account = await accountFor(wallet, challenge.address);
    if (!account) {
      say(`${wallet.name} did not offer ${challenge.address}. Switch to that account in the wallet and try again.`, "error");
      return;
    }
    const message = new TextEncoder().encode(challenge.message);
    const [output] = await wallet.features["solana:signMessage"].signMessage({ account, message });
    await submit(toBase64(output.signature), account.address);
  } catch (error) {
    say(`The wallet did not sign: ${error && error.message ? error.message : error}`, "error");
  }
}

async function load() {
  const response = await fetch(`/api/link/${nonce}`);
  const data = await response.json();
  if (!response.ok) {
    say(WORDS[data.error] || `This link cannot be used (${data.error}).`, "error");
    return;
  }
  challenge = data;
  document.getElementById("address").textContent = data.address;
  document.getElementById("message").textContent = data.message;
  // The one-line form: a Ledger shows it in clear (newlines would need blind signing).
  document.getElementById("cli").textContent =
    `solana sign-offchain-message -k <KEYPAIR or usb://ledger> '${data.oneLine.replaceAll("'", "'\\''")}'`;
  document.getElementById("verify").textContent = `/verify ${data.nonce} <signature>`;
  document.getElementById("challenge").hidden = false;
  say(`Sign before ${new Date(data.expiresAt).toLocaleTimeString()}.`);
  renderWallets();
}

document.getElementById("paste").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = document.getElementById("signature").value.trim();
  if (value) submit(value).catch((error) => say(String(error), "error"));
});

listWallets = watchWallets(() => renderWallets());
load().catch((error) => say(`Could not load the message: ${error}`, "error"));
