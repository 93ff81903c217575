/**
 * What people do in Telegram in the end-to-end tests, as they would: type the command, press
 * the button, reply to the prompt, sign on the page. Each takes the person (their Telegram
 * user and wallet) and asserts the answer names what they asked for.
 */
import type { Keypair } from "@solana/web3.js";
import type { User } from "grammy/types";
import { expect } from "vitest";
import { tokens, usdc } from "../../../bot/chat/format.js";
import type { CampaignFixture } from "../../bot/chain/support/campaign.js";
import { signInBrowser, type Viewport } from "./browser.js";
import { type Life, signingUrl, text, until } from "./life.js";

/** A person in the tests: their Telegram account and their wallet. */
export interface Person {
  readonly user: User;
  readonly wallet: Keypair;
}

/** The bot's first message in `who`'s private chat after `count` messages that contains `marker`. */
export async function nextPrivate(life: Life, who: User, count: number, marker: string) {
  const found = () => life.telegram.sentMessages(who.id).slice(count).find((m) => (m.text ?? "").includes(marker));
  await until(`"${marker}" for ${who.first_name}`, () => found() !== undefined);
  return found()!;
}

/**
 * /deposit <campaign> (all backer tokens; by default the same signature names the relayer
 * delegate), or with consent `off` and then /consent <campaign> on; each signed on the page.
 */
export async function depositOnTelegram(life: Life, who: Person, c: CampaignFixture, amount: bigint, consent: "with-deposit" | "separately" = "with-deposit"): Promise<void> {
  const relay = life.protocol.relay.publicKey.toBase58();
  const address = c.address.toBase58();
  const answer = text(await life.say(who.user, consent === "with-deposit" ? `/deposit ${address}` : `/deposit ${address} all off`));
  expect(answer).toContain(`Deposit ${tokens(amount)} backer tokens`);
  expect(answer.includes(`The PepFund relayer ${relay} becomes your delegate`)).toBe(consent === "with-deposit");
  await life.sign(signingUrl(answer), who.wallet);
  if (consent === "with-deposit") return;
  const consented = text(await life.say(who.user, `/consent ${address} on`));
  expect(consented).toContain(`The PepFund relayer ${relay} becomes your delegate`);
  await life.sign(signingUrl(consented), who.wallet);
}

/**
 * /contribute <campaign> <amount>, signed on the page (by its endpoints, or in Chromium at a
 * phone or desktop viewport when `browser` is given): the USDC leaves the backer's wallet and
 * the backer tokens arrive (asserted on-chain).
 */
export async function contributeOnTelegram(life: Life, who: Person, c: CampaignFixture, amount: bigint, browser?: Viewport): Promise<void> {
  const usdcBefore = await life.chain.tokenBalance(c.backerUsdc(who.wallet));
  const tokensBefore = await backerTokens(life, c, who.wallet);
  const answer = text(await life.say(who.user, `/contribute ${c.address.toBase58()} ${tokens(amount).replaceAll(",", "")}`));
  expect(answer).toContain(`Contribute ${usdc(amount)} from your wallet and receive ${tokens(amount)} backer tokens`);
  const signed = browser === undefined ? await life.sign(signingUrl(answer), who.wallet) : await signInBrowser(signingUrl(answer), life.app.webUrl, who.wallet, browser);
  expect(signed.title).toBe("Contribute USDC to the campaign");
  expect(usdcBefore - (await life.chain.tokenBalance(c.backerUsdc(who.wallet)))).toBe(amount);
  expect((await backerTokens(life, c, who.wallet)) - tokensBefore).toBe(amount);
}

/** The wallet's backer tokens of `c` (0 before its backer-token account exists). */
export async function backerTokens(life: Life, c: CampaignFixture, wallet: Keypair): Promise<bigint> {
  const account = await life.chain.connection.getAccountInfo(c.backerTokens(wallet));
  return account === null ? 0n : life.chain.tokenBalance(c.backerTokens(wallet));
}

/** /refund <campaign> (the deposit is withdrawn in the same signature), signed on the page. */
export async function refundOnTelegram(life: Life, who: Person, c: CampaignFixture, expected: bigint): Promise<void> {
  const answer = text(await life.say(who.user, `/refund ${c.address.toBase58()}`));
  expect(answer).toContain(`for ${tokens(expected)} USDC back to your wallet`);
  await life.sign(signingUrl(answer), who.wallet);
}

/** /flag <campaign>, the milestone's button, the rationale as a reply; the bot's answer once relayed. */
export async function flagOnTelegram(life: Life, who: User, c: CampaignFixture, index: number, rationale: string): Promise<string> {
  let seen = life.telegram.sentMessages(who.id).length;
  await life.say(who, `/flag ${c.address.toBase58()}`);
  const menu = await nextPrivate(life, who, seen, "Which milestone?");
  seen = life.telegram.sentMessages(who.id).length;
  await life.press(who, menu, `flag|${c.address.toBase58()}|${index}`);
  const prompt = await nextPrivate(life, who, seen, "Send it as your next message");
  seen = life.telegram.sentMessages(who.id).length;
  await life.say(who, rationale, { replyTo: prompt });
  return (await nextPrivate(life, who, seen, "is on-chain")).text ?? "";
}

/** An evidence file with unique bytes. */
export function evidenceFile(name: string): { bytes: Uint8Array; name: string; mime: string } {
  return { bytes: new TextEncoder().encode(`${name}: ${Math.random()}`), name: `${name}.csv`, mime: "text/csv" };
}

/** /submit <campaign> <milestone> with the file as a captioned document, signed by the researcher. */
export async function submitOnTelegram(life: Life, researcher: Person, c: CampaignFixture, number: number, name: string): Promise<void> {
  const answer = text(await life.say(researcher.user, `/submit ${c.address.toBase58()} ${number}`, { document: evidenceFile(name) }));
  expect(answer).toContain(`Sign the submission of milestone ${number}`);
  const signed = await life.sign(signingUrl(answer), researcher.wallet);
  expect(signed.title).toBe(`Submit evidence for milestone ${number}`);
}
