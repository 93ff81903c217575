/**
 * /link, /verify and /unlink: a chat account proves it holds a wallet by signing a message
 * (docs/LINKING.md). /link answers with the signing page, the exact message and, for the
 * Solana CLI or a hardware wallet, the one-line form and the `/verify <nonce> <signature>`
 * line that finishes the link from chat on every platform.
 */
import type { IssuedChallenge, LinkOutcome } from "../../core/usecases/link-wallet.js";
import { completeLink, requestLink, unlink } from "../../core/usecases/link-wallet.js";
import { defineCommand } from "../command.js";
import { linkDeps } from "../deps.js";
import { refusal } from "../replies.js";
import { pageLinks, privateReply, type Reply } from "../reply.js";
import { code, command, line, link, time, type Line } from "../text.js";

/** `text` as one POSIX shell word, so the CLI line can be pasted as is. */
function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The instructions after /link. The CLI signs the one-line form, which a Ledger shows in
 * clear (the multi-line text is not "restricted ASCII" and would need blind signing). The
 * message comes last, line by line, so it can be copied exactly.
 */
export function challengeReply(issued: IssuedChallenge): Reply {
  const expires = Math.floor(issued.expiresAt.getTime() / 1000);
  const message: Line[] = issued.message.split("\n").map((l) => (l === "" ? [] : [code(l)]));
  return privateReply({
    title: line`Link your wallet`,
    lines: [
      line`Open the signing page and sign with your wallet before ${time(expires)}: ${link(issued.pageUrl)}`,
      line`Signing moves no funds and costs nothing. Check that the message names your wallet, your account and this site.`,
      [],
      line`No browser wallet, or a hardware wallet? Sign the one-line form with the Solana CLI:`,
      [code(`solana sign-offchain-message -k <KEYPAIR or usb://ledger> ${shellWord(issued.oneLine)}`)],
      line`then paste the signature on the page, or send ${code(`/verify ${issued.nonce} <signature>`)} here.`,
      [],
      line`What you are signing:`,
      ...message,
    ],
    links: pageLinks("link", "Open the signing page", issued.pageUrl),
  });
}

/** The confirmation of a link, with what it replaced. */
export function linkedReply(outcome: LinkOutcome): Reply {
  return privateReply({
    tone: "good",
    lines: [
      line`Linked wallet ${code(outcome.address)}.`,
      ...(outcome.replacedAddress === null ? [] : [line`Your previous wallet ${code(outcome.replacedAddress)} is no longer linked.`]),
      ...(outcome.movedFromUserId === null ? [] : [line`This wallet was linked to another account on this platform; that link is revoked.`]),
      line`${command("wallet")} shows what it holds.`,
    ],
  });
}

export const linkCommand = defineCommand({
  name: "link",
  description: "Link your Solana wallet: get the signing page and the message to sign",
  params: { address: { kind: "address", description: "Your Solana wallet address", required: true, placeholder: "wallet address" } },
  audience: "everyone",
  place: "both",
  private: true,
  async run(deps, caller, p) {
    const result = await requestLink(linkDeps(deps), { ...caller.chat, address: p.address });
    return result.ok ? challengeReply(result.value) : refusal(result.code, result.details);
  },
});

export const verifyCommand = defineCommand({
  name: "verify",
  description: "Finish a link with a signature made outside the page (Solana CLI, hardware wallet)",
  params: {
    nonce: { kind: "text", description: "The nonce from the /link answer", required: true, minLength: 1, maxLength: 64 },
    signature: { kind: "text", description: "The signature of the message, base58 or base64", required: true, minLength: 1, maxLength: 200 },
  },
  audience: "everyone",
  place: "both",
  private: true,
  async run(deps, caller, p) {
    const result = await completeLink(linkDeps(deps), { nonce: p.nonce, signature: p.signature, submitter: { via: "chat", chat: caller.chat } });
    return result.ok ? linkedReply(result.value) : refusal(result.code, result.details);
  },
});

export const unlinkCommand = defineCommand({
  name: "unlink",
  description: "Unlink your wallet from your chat account",
  params: {},
  audience: "everyone",
  place: "both",
  private: true,
  async run(deps, caller) {
    const result = await unlink(linkDeps(deps), caller.chat);
    return result.ok ? privateReply({ lines: [line`Unlinked wallet ${code(result.value.address)}.`] }) : refusal(result.code, result.details);
  },
});
