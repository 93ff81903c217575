// Signing page for wallet-signed transactions: shows what the request does, has the chosen
// Wallet Standard wallet sign the prepared transaction (solana:signTransaction), posts it
// back and shows the outcome. Server text is only ever set as textContent.
import { accountFor, fromBase64, renderWalletButtons, say, toBase64, watchWallets } from "./wallets.js";

const WORDS = {
  SigningRequestNotFound: "This signing link is unknown. Ask the bot again.",
  SigningRequestUsed: "This request was already signed and sent.",
  SigningRequestExpired: "This signing link has expired. Ask the bot for a new one.",
  TransactionExpired: "The transaction expired before it landed. Ask the bot for a new link and sign again.",
  ChainUnavailable: "Solana could not be reached. Nothing was sent; try again in a moment.",
  TransactionFailed: "The transaction was refused before sending. Nothing was sent.",
};

const id = location.pathname.split("/").pop();
let request = null;
let listWallets = () => [];

function renderWallets() {
  if (!request) return;
  renderWalletButtons(
    listWallets(),
    "solana:signTransaction",
    "No browser wallet that signs transactions was found. Install one (Phantom, Solflare, Backpack…).",
    signWith,
    request.openIn,
  );
}

async function post(path, body) {
  const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { ok: response.ok, data: await response.json() };
}

function showOutcome(data) {
  if (data.explorerUrl) {
    const link = document.getElementById("explorer");
    link.href = data.explorerUrl;
    document.getElementById("outcome").hidden = false;
  }
  if (data.ok) {
    say(`Confirmed on Solana: ${data.signature}. You can close this page and go back to the chat.`, "done");
    document.getElementById("request").hidden = true;
  } else {
    say(`${WORDS[data.error] || `The transaction failed (${data.error}).`} ${data.message || ""}`.trim(), "error");
  }
}

async function signWith(wallet) {
  try {
    say(`Waiting for ${wallet.name}…`);
    const account = await accountFor(wallet, request.signer);
    if (!account) {
      say(`${wallet.name} did not offer ${request.signer}. Switch to that account in the wallet and try again.`, "error");
      return;
    }
    const prepared = await post(`/api/sign/${id}/prepare`, {});
    if (!prepared.ok) return say(WORDS[prepared.data.error] || `Cannot prepare (${prepared.data.error}).`, "error");
    const [output] = await wallet.features["solana:signTransaction"].signTransaction({
      account,
      transaction: fromBase64(prepared.data.transaction),
      chain: `solana:${request.cluster}`,
    });
    say("Sending the signed transaction…");
    const sent = await post(`/api/sign/${id}`, { transaction: toBase64(output.signedTransaction) });
    if (sent.data.error && sent.data.ok === undefined) return say(WORDS[sent.data.error] || `Refused (${sent.data.error}).`, "error");
    showOutcome(sent.data);
  } catch (error) {
    say(`The wallet did not sign: ${error && error.message ? error.message : error}`, "error");
  }
}

// Admin actions may be signed by a multisig (the server says which: `multisig`): the page offers
// the same transaction unsigned, paid by the admin address itself, fetched fresh each time the
// section is opened.

async function showUnsigned() {
  const status = document.getElementById("multisig-status");
  status.textContent = "Preparing the unsigned transaction…";
  const response = await fetch(`/api/sign/${id}/unsigned`);
  const data = await response.json();
  if (!response.ok) {
    status.textContent = WORDS[data.error] || `Cannot prepare it (${data.error}).`;
    return;
  }
  document.getElementById("multisig-signer").textContent = data.feePayer;
  document.getElementById("multisig-base58").value = data.base58;
  document.getElementById("multisig-base64").value = data.base64;
  status.textContent = "Ready to copy.";
}

function offerMultisig() {
  const section = document.getElementById("multisig");
  section.hidden = false;
  document.getElementById("multisig-signer").textContent = request.signer;
  section.addEventListener("toggle", () => {
    if (section.open) showUnsigned().catch((error) => (document.getElementById("multisig-status").textContent = `Could not prepare it: ${error}`));
  });
  for (const button of section.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      const area = document.getElementById(button.dataset.copy);
      area.select();
      try {
        await navigator.clipboard.writeText(area.value);
        document.getElementById("multisig-status").textContent = "Copied.";
      } catch {
        document.getElementById("multisig-status").textContent = "Selected: copy it with Ctrl+C.";
      }
    });
  }
}

async function load() {
  const response = await fetch(`/api/sign/${id}`);
  const data = await response.json();
  if (!response.ok) return say(WORDS[data.error] || `This request cannot be used (${data.error}).`, "error");
  request = data;
  document.getElementById("title").textContent = data.title;
  document.getElementById("signer").textContent = data.signer;
  const facts = document.getElementById("facts");
  for (const line of data.lines) {
    const li = document.createElement("li");
    li.textContent = line;
    facts.append(li);
  }
  document.getElementById("request").hidden = false;
  if (data.multisig) offerMultisig();
  say(`Sign before ${new Date(data.expiresAt).toLocaleTimeString()}.`);
  renderWallets();
}

listWallets = watchWallets(() => renderWallets());
load().catch((error) => say(`Could not load the request: ${error}`, "error"));
