/**
 * What a command answers with, as a small model every adapter renders its own way: Discord
 * as an embed with buttons or a modal, Telegram as HTML with an inline keyboard or a
 * conversation step, the console as lines of text and a prompt. Nothing here is platform
 * markup; the words come from the chat layer, once.
 */
import type { RefusalCode } from "../core/codes.js";
import type { HeldNotice } from "../core/usecases/notify.js";
import { openInWalletLinks } from "../core/wallet-apps.js";
import type { Line } from "./text.js";

/** How the message reads at a glance (Discord's embed colour, an emoji elsewhere). */
export type Tone = "info" | "good" | "warn" | "bad";

/** Who sees the answer: only the caller, or everyone in the chat. */
export type Visibility = "private" | "public";

/** A labelled value ("Raised": "1,200 USDC of 5,000 USDC"). */
export interface Fact {
  readonly label: string;
  readonly value: Line;
}

/** Progress of `part` toward `whole`: money raised toward the goal, flag weight toward quorum. */
export interface Bar {
  readonly label: string;
  readonly part: bigint;
  readonly whole: bigint;
  /** The numbers in words, shown beside the bar. */
  readonly caption: Line;
}

/** What a link opens: lets adapters pick a button style and tests check meaning. */
export type LinkKind = "explorer" | "evidence" | "signing" | "link" | "rationale" | "page" | "wallet";

/**
 * A link the user may open (a button where the platform has link buttons). Kind `wallet` is an
 * "Open in <wallet>" universal link carrying a page (bot/core/wallet-apps.ts), for phones.
 */
export interface LinkRef {
  readonly kind: LinkKind;
  readonly label: string;
  readonly url: string;
}

/** A command and its parameter values, carried by a button or a form. */
export interface Invocation {
  readonly command: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

/** A button that runs a command with the given parameters. */
export interface CommandButton {
  readonly label: string;
  readonly run: Invocation;
  readonly style?: "primary" | "secondary" | "danger";
}

/**
 * A request for text the command needs next (a flag's rationale): a Discord modal, a Telegram
 * conversation step (the next message or a reply), a console prompt. Once the user has typed
 * it, the adapter runs `submit` with the text as parameter `field.name`.
 */
export interface FormRequest {
  readonly title: string;
  readonly field: {
    readonly name: string;
    readonly label: string;
    readonly placeholder: string;
    readonly minLength: number;
    readonly maxLength: number;
  };
  readonly submit: Invocation;
  /**
   * What to read while typing (a flag's form: the milestone description the evidence is
   * judged against, with its check). Also the first lines of the reply that carries the form,
   * which Telegram and the console print above their prompt; Discord's modal hides the
   * message, so it shows these in the modal itself.
   */
  readonly context?: readonly Line[];
}

/** A titled part of a longer answer (one milestone, one review). */
export interface Section {
  readonly title: Line;
  readonly lines: readonly Line[];
}

/** An answer to a command, or an announcement. */
export interface Reply {
  readonly visibility: Visibility;
  readonly tone: Tone;
  readonly title?: Line;
  readonly lines: readonly Line[];
  readonly facts: readonly Fact[];
  readonly bars: readonly Bar[];
  readonly sections: readonly Section[];
  readonly links: readonly LinkRef[];
  readonly buttons: readonly CommandButton[];
  /** Buttons are choices to pick one from (a list, one per row) rather than actions. */
  readonly pick?: boolean;
  readonly form?: FormRequest;
  /** Set when the answer is a refusal: the core's code and its facts (the words are in `lines`). */
  readonly refusal?: { readonly code: RefusalCode | "Outage"; readonly details?: Readonly<Record<string, string>> };
  readonly footer?: Line;
  /**
   * The queued notice this answer stands in for (a flag's outcome): the adapter calls
   * `answerDelivered` once the platform took the answer, and the notice is not sent.
   */
  readonly standsInFor?: HeldNotice;
}

/** The parts of a reply a command sets; the rest default to empty, public and informational. */
export type ReplyParts = Partial<Reply>;

/** A reply with defaults filled in. */
export function reply(parts: ReplyParts): Reply {
  return { visibility: "public", tone: "info", lines: [], facts: [], bars: [], sections: [], links: [], buttons: [], ...parts };
}

/** A link to a signing page, followed by its "Open in <wallet>" links for phones. */
export function pageLinks(kind: LinkKind, label: string, pageUrl: string): LinkRef[] {
  return [{ kind, label, url: pageUrl }, ...openInWalletLinks(pageUrl).map((l): LinkRef => ({ kind: "wallet", label: l.label, url: l.url }))];
}

/** A reply only the caller sees. */
export function privateReply(parts: ReplyParts): Reply {
  return reply({ ...parts, visibility: "private" });
}

/** Every URL a reply carries, in its links and in its lines (tests compare replies by these). */
export function urlsOf(r: Reply): string[] {
  const fromLines = [...r.lines, ...r.facts.map((f) => f.value), ...r.sections.flatMap((s) => [s.title, ...s.lines])]
    .flat()
    .flatMap((s) => (s.kind === "link" ? [s.url] : []));
  return [...new Set([...r.links.map((l) => l.url), ...fromLines])];
}
