/**
 * The demo's people and channels: console chats (bot/console, the chat layer Discord and
 * Telegram use) on streams of their own, one per person and one per subscribed channel, all
 * in the app's process. The outbox delivers each notice to the console chat it names, as it
 * would to a Discord channel or a Telegram group; the stage keeps what each channel showed,
 * in delivery order, so the demo can print it and the test can check it.
 */
import { PassThrough, Writable } from "node:stream";
import nacl from "tweetnacl";
import type { Keypair } from "@solana/web3.js";
import { ConsoleChat, type LocalSigner } from "../console/chat.js";
import type { ChatDeps } from "../chat/deps.js";
import { DeliveryRefusedError } from "../core/delivery-errors.js";
import type { ChatNotifier, ChatTarget, EvidenceStore, Notice } from "../core/ports.js";
import type { ConsoleHost } from "../app/compose.js";

/** One delivered notice: to whom, and the text their chat printed. */
export interface Delivery {
  readonly to: string;
  readonly channel: boolean;
  readonly text: string;
}

/** One console chat: a person at a keyboard, or a channel (a group chat that subscribed). */
export class ChatSeat {
  private readonly input = new PassThrough();
  private printed = "";
  readonly chat: ConsoleChat;

  constructor(
    readonly name: string,
    readonly userId: string,
    readonly channel: boolean,
    deps: ChatDeps,
    signLocally: LocalSigner | null,
  ) {
    // Written synchronously, so a notice's text is known the moment it is shown.
    const output = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.printed += chunk.toString("utf8");
        done();
      },
    });
    this.chat = new ConsoleChat(deps, { input: this.input, output, userId, place: channel ? "group" : "private", color: false, signLocally });
  }

  /** Types one line; returns what the chat printed in answer. */
  async type(text: string): Promise<string> {
    const before = this.printed.length;
    this.input.write(`${text}\n`);
    // readline hands the line over on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    await this.chat.idle();
    return this.printed.slice(before).trim();
  }

  /** Shows a notice as the console does; returns its text. */
  show(notice: Notice): string {
    const before = this.printed.length;
    this.chat.showNotice(notice);
    return this.printed.slice(before).trim();
  }

  close(): void {
    this.chat.close();
  }
}

/** The console chats of the demo, hosted by the app (compose.ts `consoleHost`). */
export class ChatStage implements ConsoleHost {
  private deps: ChatDeps | null = null;
  private signer: ((keypair: Keypair) => LocalSigner) | null = null;
  private readonly seats = new Map<string, ChatSeat>();
  readonly deliveries: Delivery[] = [];
  private lastDelivery = Date.now();
  private nextId = 100;

  constructor(readonly team: readonly string[]) {}

  attach(deps: ChatDeps, signer: (keypair: Keypair) => LocalSigner): ChatNotifier {
    this.deps = deps;
    this.signer = signer;
    return {
      send: (target: ChatTarget, notice: Notice) => {
        const seat = this.seats.get(target.chatId);
        if (seat === undefined) return Promise.reject(new DeliveryRefusedError(`no demo console chat ${target.chatId}`));
        this.deliveries.push({ to: seat.name, channel: seat.channel, text: seat.show(notice) });
        this.lastDelivery = Date.now();
        return Promise.resolve();
      },
    };
  }

  private chatDeps(): ChatDeps {
    if (this.deps === null) throw new Error("the app has not attached the demo's console chats yet");
    return this.deps;
  }

  /** The app's evidence store (the researcher's uploads go there as with any Arweave wallet), or null without one. */
  evidence(): EvidenceStore | null {
    return this.chatDeps().evidence;
  }

  /** The campaign's title as the chat names it: the directory's verified one, null until verified. */
  async title(campaign: string): Promise<string | null> {
    return (await this.chatDeps().chain.getCampaign(campaign))?.title ?? null;
  }

  /** A person's chat; with a wallet, `/sign` signs with it (the development-wallet signer of `npm start`). */
  person(name: string, wallet: Keypair | null, userId = String((this.nextId += 1))): ChatSeat {
    const signer = wallet === null || this.signer === null ? null : this.signer(wallet);
    const seat = new ChatSeat(name, userId, false, this.chatDeps(), signer);
    this.seats.set(userId, seat);
    return seat;
  }

  /** A channel: a group chat whose admin subscribes it to campaigns. */
  channel(name: string): ChatSeat {
    const userId = String((this.nextId += 1));
    const seat = new ChatSeat(name, userId, true, this.chatDeps(), null);
    this.seats.set(userId, seat);
    return seat;
  }

  /** What a channel showed so far, in delivery order. */
  shown(channel: ChatSeat): string[] {
    return this.deliveries.filter((d) => d.to === channel.name).map((d) => d.text);
  }

  /**
   * Waits until `channel` shows an announcement matching `pattern` after its first `from`
   * ones (the indexer announces a chain event once the event is final, the outbox delivers a
   * moment later); false when none came within `maxMs`.
   */
  async until(channel: ChatSeat, pattern: RegExp, from: number, maxMs: number): Promise<boolean> {
    const until = Date.now() + maxMs;
    while (!this.shown(channel).slice(from).some((text) => pattern.test(text))) {
      if (Date.now() > until) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }

  /**
   * Waits until the outbox is empty and nothing was delivered for `quietMs` (the indexer and
   * the scheduler queue notices a moment after the chain changes), at most `maxMs`.
   */
  async settle(quietMs: number, maxMs: number): Promise<void> {
    const deps = this.chatDeps();
    const until = Date.now() + maxMs;
    const started = Date.now();
    for (;;) {
      const pending = await deps.store.outbox.pending(new Date(Date.now() + 3_600_000), 1);
      const quietSince = Math.max(this.lastDelivery, started);
      if (pending.length === 0 && Date.now() - quietSince >= quietMs) return;
      if (Date.now() > until) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    for (const seat of this.seats.values()) seat.close();
  }
}

/**
 * Links `seat`'s chat account to `wallet` by the real flow: /link, then the wallet signs the
 * page's message and the page posts it (what the link page's wallet adapter does).
 */
export async function linkWallet(seat: ChatSeat, wallet: Keypair, webUrl: string): Promise<string> {
  const reply = await seat.type(`/link ${wallet.publicKey.toBase58()}`);
  const nonce = /\/link\/([1-9A-HJ-NP-Za-km-z]{16,44})/.exec(reply)?.[1];
  if (nonce === undefined) throw new Error(`${seat.name}: /link gave no signing page:\n${reply}`);
  const body = await signLinkPage(webUrl, nonce, wallet);
  if (body.ok !== true) throw new Error(`${seat.name}: the link page refused the signature: ${JSON.stringify(body)}`);
  return wallet.publicKey.toBase58();
}

/**
 * What the link page's wallet adapter does: reads the sign-in message of challenge `nonce`,
 * signs its bytes with `wallet` and posts the signature. Returns the page's answer.
 */
export async function signLinkPage(webUrl: string, nonce: string, wallet: Keypair): Promise<{ ok?: boolean; error?: string } & Record<string, unknown>> {
  const challenge = (await (await fetch(`${webUrl}/api/link/${nonce}`)).json()) as { message: string };
  const signature = nacl.sign.detached(new TextEncoder().encode(challenge.message), wallet.secretKey);
  const linked = await fetch(`${webUrl}/api/link/${nonce}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ signature: Buffer.from(signature).toString("base64"), publicKey: wallet.publicKey.toBase58() }),
  });
  return (await linked.json()) as { ok?: boolean; error?: string } & Record<string, unknown>;
}
