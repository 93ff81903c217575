/**
 * Words for Telegram users, keyed by the core's codes. Replies are sent as plain text (no
 * parse mode), so nothing a user typed can become markup.
 */
import type { LinkErrorCode } from "../core/codes.js";
import type { IssuedChallenge, LinkOutcome } from "../core/usecases/link-wallet.js";

const LINK_WORDS: Record<LinkErrorCode, string> = {
  MalformedInput: "That does not look right. Use /link <wallet address>, then /verify <nonce> <signature>.",
  ChallengeNotFound: "I never issued that nonce. Start again with /link <wallet address>.",
  ChallengeConsumed: "That sign-in message was already used. Start again with /link <wallet address>.",
  ChallengeCancelled: "A newer /link request replaced that message. Sign the latest one.",
  ChallengeExpired: "That sign-in message expired. Start again with /link <wallet address>.",
  ChallengeNotYetValid: "That sign-in message is not valid yet. Try again in a moment.",
  WrongDomain: "That sign-in message was issued for another PepFund site.",
  WrongPlatform: "That sign-in message was issued on another chat platform.",
  WrongUser: "That sign-in message was issued to someone else. Ask for your own with /link.",
  WrongChat: "Send /verify in the chat where you asked for the link.",
  AddressMismatch: "The signature comes from another wallet than the one in the message.",
  SignatureInvalid: "The signature does not match the message and wallet. Sign the exact text I sent.",
  LinkConflict: "Another request changed this link at the same moment. Try again.",
  NotLinked: "No wallet is linked to your account. Link one with /link <wallet address>.",
};

/** The sentence for a linking refusal. */
export function linkRefusal(code: LinkErrorCode): string {
  return LINK_WORDS[code];
}

/** `text` as one POSIX shell word. */
function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Instructions after /link. The CLI line signs the one-line form, which a Ledger shows in
 * clear (the multi-line text is not "restricted ASCII" and would need blind signing).
 */
export function challengeIssued(issued: IssuedChallenge): string {
  const minutes = Math.max(1, Math.round((issued.expiresAt.getTime() - Date.now()) / 60000));
  return [
    `Open this page to sign with your wallet (valid ${minutes} min): ${issued.pageUrl}`,
    "",
    "No browser wallet, or a hardware wallet? Run:",
    `solana sign-offchain-message -k <KEYPAIR or usb://ledger> ${shellWord(issued.oneLine)}`,
    "then send:",
    `/verify ${issued.nonce} <signature>`,
    "",
    "What you are signing:",
    issued.message,
  ].join("\n");
}

/** Confirmation after a link. */
export function linked(outcome: LinkOutcome): string {
  const lines = [`Linked wallet ${outcome.address}.`];
  if (outcome.replacedAddress !== null) lines.push(`Your previous wallet ${outcome.replacedAddress} is no longer linked.`);
  if (outcome.movedFromUserId !== null) lines.push("This wallet was linked to another Telegram account; that link is revoked.");
  return lines.join("\n");
}
