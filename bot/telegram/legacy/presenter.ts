/**
 * Linking messages in Telegram HTML. Everything that is not this file's own words is
 * escaped; the message to sign is shown in a code block so it can be copied exactly.
 */
import type { IssuedChallenge, LinkOutcome } from "../../core/usecases/link-wallet.js";
import { code, escapeHtml, link } from "./html.js";

/** `text` as one POSIX shell word. */
function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Instructions after /link. The CLI line signs the one-line form, which a Ledger shows in
 * clear (the multi-line text is not "restricted ASCII" and would need blind signing).
 */
export function challengeIssued(issued: IssuedChallenge, now: Date): string {
  const minutes = Math.max(1, Math.round((issued.expiresAt.getTime() - now.getTime()) / 60000));
  return [
    `Open this page to sign with your wallet (valid ${minutes} min): ${link(issued.pageUrl, issued.pageUrl)}`,
    "",
    "No browser wallet, or a hardware wallet? Run:",
    `<pre>solana sign-offchain-message -k &lt;KEYPAIR or usb://ledger&gt; ${escapeHtml(shellWord(issued.oneLine))}</pre>`,
    "then send:",
    code(`/verify ${issued.nonce} <signature>`),
    "",
    "What you are signing:",
    `<pre>${escapeHtml(issued.message)}</pre>`,
  ].join("\n");
}

/** Confirmation after a link. */
export function linked(outcome: LinkOutcome): string {
  const lines = [`Linked wallet ${code(outcome.address)}.`];
  if (outcome.replacedAddress !== null) lines.push(`Your previous wallet ${code(outcome.replacedAddress)} is no longer linked.`);
  if (outcome.movedFromUserId !== null) lines.push("This wallet was linked to another Telegram account; that link is revoked.");
  return lines.join("\n");
}
