/**
 * One user per chat platform who types the same command lines, and what each answer MEANS,
 * read from what the platform's client received: the refusal code (each adapter shows it as
 * "code X"), the amounts (USDC, tokens, weights), and the links by kind (signing page, link
 * page, explorer transaction, Arweave). Lets one script run through every adapter and
 * compare the answers by meaning, not by text.
 */
import { PassThrough } from "node:stream";
import type { Keypair } from "@solana/web3.js";
import type { Message, User } from "grammy/types";
import nacl from "tweetnacl";
import type { ChatDeps } from "../../../bot/chat/deps.js";
import { linkDeps } from "../../../bot/chat/deps.js";
import { ConsoleChat } from "../../../bot/console/chat.js";
import { completeLink } from "../../../bot/core/usecases/link-wallet.js";
import { b58 } from "../../bot/support/fakes.js";
import { findCommand } from "../../../bot/chat/commands/index.js";
import type { ParamSpecs } from "../../../bot/chat/command.js";
import { splitTyped } from "../../../bot/chat/params.js";
import type { MemberRecord, OptionValue } from "../../discord-server/server.js";
import { finalAnswer, lastOf, press, say, type Chats } from "./chats.js";

/** What an answer says, platform aside. */
export interface Meaning {
  /** The refusal code, or `null` for an answer that is not a refusal. */
  readonly code: string | null;
  /** Amounts in the order they first appear, each once ("40", "1,071", "0.5"). */
  readonly amounts: readonly string[];
  /** Links by kind, in order, each once. */
  readonly links: readonly string[];
}

/** Amounts as the words put them: "40 USDC", "weight 40", "40 backer tokens", "Deposit 40". */
const AMOUNT = /(\d[\d,]*(?:\.\d+)?)(?= USDC| backer tokens| deposited)|(?<=weight |Deposit |Withdraw |becomes |It holds |\(flag weight\): |In wallet: )(\d[\d,]*(?:\.\d+)?)/g;
const URL_PATTERN = /https?:\/\/[^\s"'<>)\]\\]+/g;

/** A URL's kind: the same for every platform's answer to the same request. */
function linkKind(url: string): string {
  if (/\/sign\/[0-9a-f-]{36}/.test(url)) return "signing page";
  if (/\/link\/[1-9A-HJ-NP-Za-km-z]+/.test(url)) return "link page";
  if (url.startsWith("https://explorer.solana.com/tx/")) return "explorer transaction";
  if (url.startsWith("https://explorer.solana.com/address/")) return "explorer account";
  if (/^http:\/\/(127\.0\.0\.1|localhost):\d+\/[\w-]{43}$/.test(url)) return "arweave";
  return new URL(url).host;
}

/** The meaning of an answer's visible text and the URLs its buttons and links carry. */
export function meaningOf(text: string): Meaning {
  const code = /\bcode ([A-Z][A-Za-z]+)\b/.exec(text)?.[1] ?? null;
  // Markup around a number (Discord's **bold**) is not part of the amount.
  const withoutUrls = text.replace(URL_PATTERN, " ").replace(/[*_`]/g, "");
  // Each once: a progress line ("accepted with weight 40…") and the answer name the same amount.
  const amounts = [...new Set([...withoutUrls.matchAll(AMOUNT)].map((m) => m[1] ?? m[2] ?? ""))];
  const links = [...new Set((text.match(URL_PATTERN) ?? []).map(linkKind))];
  return { code, amounts, links };
}

/** One user on one platform who can type a command line and fill the form it asks for. */
export interface Speaker {
  readonly platform: string;
  /** Runs `/name args` (and fills the form the command asks for with `form`, if any); resolves with the final answer's text. */
  say(commandLine: string, form?: string): Promise<string>;
}

/** The Discord member: the line becomes the slash command's options, as the declaration types them. */
export function discordSpeaker(chats: Chats, member: MemberRecord): Speaker {
  return {
    platform: "Discord",
    async say(commandLine, form) {
      const [head = "", ...words] = commandLine.replace(/^\//, "").split(/\s+/);
      const sub = findCommand(`${head} ${words[0] ?? ""}`);
      const command = sub ?? findCommand(head);
      if (command === undefined) throw new Error(`no command in ${commandLine}`);
      const rest = (sub === undefined ? words : words.slice(1)).join(" ");
      const params = command.params as ParamSpecs;
      const options: Record<string, OptionValue> = {};
      for (const [name, value] of Object.entries(splitTyped(params, rest))) {
        const spec = params[name];
        if (spec?.form !== undefined) continue;
        // Discord's milestone option carries the index, as its autocomplete sets it.
        options[name] = spec?.kind === "milestone" ? Number(value) - 1 : spec?.kind === "integer" ? Number(value) : spec?.kind === "boolean" ? ["on", "yes", "true"].includes(value) : value;
      }
      const opened = chats.discord.slash(member, command.name, options);
      const first = await opened.firstResponse(30_000);
      if (first.type === 9) return finalAnswer(chats.discord.submitModal(member, opened, { [formField(params)]: form ?? "" }), 90_000);
      return finalAnswer(opened, 90_000);
    },
  };
}

function formField(params: ParamSpecs): string {
  return Object.entries(params).find(([, spec]) => spec.form !== undefined)?.[0] ?? "";
}

/** Everything a Telegram message shows or links to: its text, its entities' URLs, its buttons' URLs. */
function telegramText(messages: readonly Message[]): string {
  return messages
    .map((m) => [m.text ?? "", ...(m.entities ?? []).flatMap((e) => ("url" in e && typeof e.url === "string" ? [e.url] : [])), JSON.stringify(m.reply_markup ?? {})].join("\n"))
    .join("\n");
}

/** The Telegram user in a private chat with the bot: the line as typed; a form is answered as a reply to its prompt. */
export function telegramSpeaker(chats: Chats, user: User): Speaker {
  return {
    platform: "Telegram",
    async say(commandLine, form) {
      const answer = await say(chats, user, commandLine);
      // A Message never shows force_reply: the form's question is the answer that refuses nothing.
      if (form === undefined || meaningOf(telegramText(answer)).code !== null) return telegramText(answer);
      return telegramText(await say(chats, user, form, lastOf(answer)));
    },
  };
}

/** Presses a Telegram button by its data and returns the answer's text (for pickers). */
export async function pressOnTelegram(chats: Chats, user: User, messages: Message[], data: string): Promise<string> {
  return telegramText(await press(chats, user, lastOf(messages), data));
}

/** The console's user: a ConsoleChat on streams over the same dependencies, typing lines. */
export function consoleSpeaker(deps: ChatDeps): Speaker & { readonly chat: ConsoleChat; stop(): void } {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const chat = new ConsoleChat(deps, { input, output, color: false, signLocally: null });
  const type = async (text: string): Promise<string> => {
    const before = printed.length;
    input.write(`${text}\n`);
    // readline hands the line over on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    await chat.idle();
    return printed.slice(before);
  };
  return {
    platform: "Console",
    chat,
    async say(commandLine, form) {
      const answer = await type(commandLine);
      return form === undefined || !chat.waitingForForm() ? answer : `${answer}\n${await type(form)}`;
    },
    stop: () => chat.close(),
  };
}

/** /link on the console, then the signing page's completion with the wallet's signature, as the page posts it. */
export async function linkOnConsole(speaker: Speaker, deps: ChatDeps, wallet: Keypair): Promise<void> {
  const answer = await speaker.say(`/link ${wallet.publicKey.toBase58()}`);
  const nonce = /\/link\/([1-9A-HJ-NP-Za-km-z]+)/.exec(answer)?.[1];
  if (nonce === undefined) throw new Error(`no page link in ${answer}`);
  const challenge = await deps.store.challenges.find(nonce);
  if (challenge === null) throw new Error("challenge not stored");
  const signature = nacl.sign.detached(new TextEncoder().encode(challenge.message), wallet.secretKey);
  const done = await completeLink(linkDeps(deps), { nonce, signature: b58(signature), submitter: { via: "page" } });
  if (!done.ok) throw new Error(`not linked: ${done.code}`);
}
