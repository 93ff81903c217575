/**
 * The console chat: one local person types commands into a terminal (or any stream pair, as
 * the tests do). A typed `/name args` is split by the declaration and dispatched like a
 * Telegram message; the reply is printed as text. A reply's buttons are numbered (typing the
 * number runs one), a form asks for its text on the next line, and announcements of the
 * campaigns this console follows print as they arrive (ConsoleNotifier). `/sign` signs a
 * signing request with a local development wallet when the composition root provides one.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Notice, Platform } from "../core/ports.js";
import type { RefusalCode } from "../core/codes.js";
import type { Result } from "../core/result.js";
import type { AnyCommand, Caller, ParamSpecs } from "../chat/command.js";
import { commandForButton } from "../chat/commands/button-command.js";
import { COMMANDS, findCommand } from "../chat/commands/index.js";
import type { ChatDeps } from "../chat/deps.js";
import { answerDelivered, dispatch } from "../chat/dispatch.js";
import { noticeReply } from "../chat/notices.js";
import { splitTyped, usage, type RawValue } from "../chat/params.js";
import { outage, refusal } from "../chat/replies.js";
import { privateReply, type FormRequest, type Invocation, type Reply } from "../chat/reply.js";
import { command as commandSpan, line } from "../chat/text.js";
import { completeLine } from "./complete.js";
import { consolePlatform } from "./platform.js";
import { renderReply } from "./render.js";
import { withLogContext } from "../observability/log-context.js";

/**
 * Signs and submits a signing request with the configured development wallet; the outcome
 * as the notice the requester would get (words from the chat layer), or why not.
 */
export type LocalSigner = (requestId: string) => Promise<Result<Notice, RefusalCode>>;

/** Who sits at the keyboard, and how the console talks to them. */
export interface ConsoleOptions {
  readonly input: Readable;
  readonly output: Writable;
  /** The local user's id (default "1"); the console's chat has the same id. */
  readonly userId?: string;
  /** Where commands run: the user's private chat (default) or a group; group-only commands always run here as the console's own group. */
  readonly place?: "private" | "group";
  /** File keeping typed lines between runs (in DATA_DIR); none: no history. */
  readonly historyFile?: string;
  /** ANSI styling; default: when the output is a TTY. */
  readonly color?: boolean;
  /** `/sign` with a local development wallet; null: not offered. */
  readonly signLocally?: LocalSigner | null;
}

/** Console-only commands, besides the chat layer's. */
const OWN_COMMANDS = ["sign", "cancel", "quit"] as const;
/** Typed lines kept between runs. */
const HISTORY_SIZE = 500;
const SIGNING_ID = /\/sign\/([0-9a-f-]{36})$/;

/** A running console chat. */
export class ConsoleChat {
  private readonly rl: Interface;
  private readonly userId: string;
  private readonly color: boolean;
  /** A person at a terminal: prompt, line editing and completion; otherwise plain lines in and out. */
  private readonly tty: boolean;
  private queue: Promise<void> = Promise.resolve();
  private pending: FormRequest | null = null;
  private actions: readonly Invocation[] = [];
  private lastSigning: string | null = null;
  private readonly closed: Promise<void>;
  /** Input ended: notices still print, but there is no prompt to redraw. */
  private ended = false;
  /** Typed lines, newest first, as readline keeps them; saved after each line. */
  private readonly history: string[];

  constructor(
    private readonly deps: ChatDeps,
    private readonly options: ConsoleOptions,
  ) {
    this.userId = options.userId ?? "1";
    const tty = (options.output as Writable & { isTTY?: boolean }).isTTY === true;
    this.tty = tty;
    this.color = options.color ?? tty;
    this.history = readHistory(options.historyFile);
    this.rl = createInterface({
      input: options.input,
      output: options.output,
      terminal: tty,
      history: [...this.history],
      historySize: HISTORY_SIZE,
      completer: (text: string, done: (error: Error | null, result: [string[], string]) => void) => {
        this.complete(text).then((r) => done(null, r), (e: unknown) => done(e as Error, [[], text]));
      },
    });
    this.rl.setPrompt("pepfund> ");
    let lineNumber = 0;
    this.rl.on("line", (text) => {
      this.remember(text);
      // Every line logged while this input line is answered names it (docs/OBSERVABILITY.md).
      const fields = { console_line: (lineNumber += 1) };
      this.queue = this.queue.then(() => withLogContext(fields, () => this.handle(text))).catch((e: unknown) => deps.log.error(`console: ${(e as Error).message}`));
    });
    // Closed once the lines typed before the end (or /quit) are answered: a piped script's
    // last command must not meet a bot that is already stopping.
    this.closed = new Promise((resolve) => this.rl.once("close", () => {
      this.ended = true;
      void this.idle().then(resolve);
    }));
  }

  /** Keeps `text` in the history file (readline's own history lives only in terminal mode and in memory). */
  private remember(text: string): void {
    const entry = text.trim();
    if (entry === "" || this.history[0] === entry) return;
    this.history.unshift(entry);
    this.history.length = Math.min(this.history.length, HISTORY_SIZE);
    writeHistory(this.options.historyFile, this.history);
  }

  /** Greets and shows the prompt. */
  start(): void {
    this.print(privateReply({ lines: [line`PepFund console. ${commandSpan("help")} lists the commands; Tab completes names and campaigns; /quit leaves.`] }));
  }

  /** Resolves once every line typed so far has been answered. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }

  /** Whether the next line typed answers a form (a flag's rationale) rather than being a command. */
  waitingForForm(): boolean {
    return this.pending !== null;
  }

  /** Resolves when the input ends or /quit is typed. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  close(): void {
    this.rl.close();
  }

  /** Tab completion: command names, then campaign names, addresses and milestones (`choicesFor`). */
  complete(text: string): Promise<[string[], string]> {
    return completeLine(this.deps, [...OWN_COMMANDS], text);
  }

  /** Prints a notice delivered by the outbox (an announcement, a personal outcome). */
  showNotice(notice: Notice): void {
    this.print(noticeReply(notice, { explorer: this.deps.explorer, publicBaseUrl: this.deps.link.baseUrl }));
  }

  /** Answers one typed line. */
  async handle(input: string): Promise<void> {
    const text = input.trim();
    if (text === "") return;
    if (this.pending !== null && !text.startsWith("/")) {
      const form = this.pending;
      this.pending = null;
      return this.run(form.submit.command, { ...form.submit.params, [form.field.name]: text }, false);
    }
    if (/^[0-9]{1,2}$/.test(text) && this.actions[Number(text) - 1] !== undefined) {
      const action = this.actions[Number(text) - 1] as Invocation;
      return this.run(action.command, action.params, false);
    }
    const match = /^\/([a-z]+)(?:\s+([^]*))?$/.exec(text);
    if (match === null) {
      this.print(privateReply({ tone: "warn", lines: [line`Commands start with /. ${commandSpan("help")} lists them.`] }));
      return;
    }
    this.pending = null;
    const [, name = "", rest = ""] = match;
    if (name === "quit") return this.close();
    if (name === "cancel") return this.print(privateReply({ lines: [line`Cancelled. Nothing was sent.`] }));
    if (name === "sign") return this.sign(rest.trim());
    const found = resolve(name, rest);
    if (found === null) return this.print(privateReply({ tone: "warn", lines: [line`There is no /${name}. ${commandSpan("help")} lists the commands.`] }));
    if ("usage" in found) return this.print(refusal("ParameterInvalid", { param: "subcommand", usage: found.usage }, "private"));
    await this.dispatch(found.command, splitTyped(found.command.params as ParamSpecs, found.text), true);
  }

  /** Runs a button or a form's submission; a command this deployment lacks still answers (button-command.ts). */
  private async run(name: string, params: Invocation["params"], typed: boolean): Promise<void> {
    await this.dispatch(commandForButton(name), params, typed);
  }

  private async dispatch(command: AnyCommand, raw: Readonly<Record<string, RawValue>>, typed: boolean): Promise<void> {
    const answer = await dispatch(this.deps, this.caller(command), { command, raw, typed });
    this.print(answer);
    await answerDelivered(this.deps, answer);
  }

  private caller(command: AnyCommand): Caller {
    const chat = { platform: "CONSOLE" as Platform, userId: this.userId, chatId: this.userId };
    return {
      chat,
      platform: consolePlatform,
      // The console is the user's own chat and also the one channel that follows campaigns here.
      place: command.place === "group" ? "group" : (this.options.place ?? "private"),
      channel: { scopeId: this.userId, channelId: "" },
      // Whoever holds the keyboard owns this chat.
      isChatAdmin: () => Promise.resolve(true),
      isTeamMember: () => Promise.resolve((this.deps.team.CONSOLE ?? []).includes(this.userId)),
      progress: (update) => Promise.resolve(this.print(update)),
    };
  }

  private async sign(argument: string): Promise<void> {
    const signer = this.options.signLocally ?? null;
    if (signer === null) {
      this.print(privateReply({ tone: "warn", lines: [line`Signing here needs a development wallet on a local cluster (CONSOLE_WALLET_KEYPAIR). Open the signing link instead.`] }));
      return;
    }
    const id = argument === "" || argument === "last" ? this.lastSigning : argument;
    if (id === null) return this.print(refusal("SigningRequestNotFound", undefined, "private"));
    this.print(privateReply({ lines: [line`Signing ${id} with the development wallet…`] }));
    const outcome = await signer(id).catch((error: unknown) => {
      this.deps.log.error(`console: /sign ${id} failed: ${(error as Error).message}`);
      return null;
    });
    if (outcome === null) return this.print(outage());
    this.print(outcome.ok ? noticeReply(outcome.value, { explorer: this.deps.explorer, publicBaseUrl: this.deps.link.baseUrl }) : refusal(outcome.code, undefined, "private"));
  }

  private print(reply: Reply): void {
    const rendered = renderReply(reply, Math.floor(this.deps.clock.now().getTime() / 1000), this.color);
    if (reply.buttons.length > 0) this.actions = rendered.actions;
    if (reply.form !== undefined) this.pending = reply.form;
    const signing = reply.links.find((l) => l.kind === "signing");
    const id = signing === undefined ? undefined : SIGNING_ID.exec(signing.url)?.[1];
    if (id !== undefined) this.lastSigning = id;
    const hint = id !== undefined && this.options.signLocally ? "\nOr type /sign to sign it here with the development wallet." : "";
    this.options.output.write(`${rendered.text}${hint}\n\n`);
    if (this.tty && !this.ended) this.rl.prompt(true);
  }
}

/** The command a typed `/name rest` means, the text after it, or the usages of a group's subcommands. */
function resolve(name: string, rest: string): { command: AnyCommand; text: string } | { usage: string } | null {
  const whole = findCommand(name);
  if (whole !== undefined) return { command: whole, text: rest };
  const [sub = "", ...more] = rest.trim().split(/\s+/);
  const found = findCommand(`${name} ${sub.toLowerCase()}`);
  if (found !== undefined) return { command: found, text: more.join(" ") };
  const subs = COMMANDS.filter((c) => c.name.startsWith(`${name} `));
  return subs.length === 0 ? null : { usage: subs.map((c) => usage(c)).join(" or ") };
}

function readHistory(file: string | undefined): string[] {
  if (file === undefined) return [];
  try {
    return readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
  } catch {
    return [];
  }
}

function writeHistory(file: string | undefined, history: readonly string[]): void {
  if (file === undefined) return;
  try {
    writeFileSync(file, `${history.join("\n")}\n`, { mode: 0o600 });
  } catch {
    // History is a convenience: a read-only data directory must not stop the console.
  }
}
